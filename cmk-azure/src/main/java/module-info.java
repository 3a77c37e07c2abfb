/**
 * The cmk ports implemented with the Azure SDK for Java; {@link dev.cmk.azure.AzureCustomerManagedKeys} is the
 * entry point. The implementation lives in {@code dev.cmk.azure.internal}, which is not exported.
 */
module dev.cmk.azure {
    requires transitive dev.cmk.core;
    requires transitive com.azure.core;
    requires transitive com.azure.core.management;
    requires com.azure.json;
    requires com.azure.security.keyvault.keys;
    requires com.azure.resourcemanager.storage;
    requires com.azure.resourcemanager.resources;
    requires com.azure.resourcemanager.keyvault;
    requires com.azure.resourcemanager.authorization;
    requires com.azure.resourcemanager.resourcegraph;
    requires org.slf4j;

    exports dev.cmk.azure;
}
