/**
 * The cmk domain: value types, errors and the provider ports.
 *
 * <p>This module depends on the JDK only. {@code dev.cmk.api} holds the values a caller builds and reads
 * ({@link dev.cmk.api.KeyReference}, {@link dev.cmk.api.StorageAccountId}, {@link dev.cmk.api.VersionPolicy},
 * {@link dev.cmk.api.ManagedIdentity}, {@link dev.cmk.api.VaultRequirements}, {@link dev.cmk.api.ValidationReport}
 * and the {@link dev.cmk.api.CmkException} family); {@code dev.cmk.api.spi} holds the ports that cloud adapters
 * and the in-memory testkit implement.
 */
module dev.cmk.api {
    exports dev.cmk.api;
    exports dev.cmk.api.spi;
    // Azure's error-code table and small shared Azure facts, for cmk's own modules only; not public API.
    exports dev.cmk.api.internal to dev.cmk.core, dev.cmk.testkit, dev.cmk.azure, dev.cmk.azure.testkit;
}
