/** The cmk ports implemented with the Azure SDK for Java. */
module dev.cmk.azure {
    requires transitive dev.cmk.core;
    requires transitive com.azure.core;
    requires com.azure.security.keyvault.keys;
    requires com.azure.resourcemanager.storage;
    requires com.azure.resourcemanager.resources;
    requires com.azure.identity;
    requires org.slf4j;

    exports dev.cmk.azure;
}
