/**
 * A wire-level fake of Azure for tests: {@link dev.cmk.azure.testkit.WireFake} is an azure-core
 * {@code HttpClient} that serves the ARM Storage, Key Vault keys, Key Vault ARM and role assignment REST APIs from a
 * {@code dev.cmk.testkit.InMemoryAzure}, so the real Azure SDK clients (and cmk's Azure adapter) can be tested
 * without a subscription.
 */
module dev.cmk.azure.testkit {
    requires transitive dev.cmk.azure;
    requires transitive dev.cmk.testkit;
    requires transitive com.azure.core;
    requires com.azure.core.management;
    requires com.azure.json;

    exports dev.cmk.azure.testkit;
}
