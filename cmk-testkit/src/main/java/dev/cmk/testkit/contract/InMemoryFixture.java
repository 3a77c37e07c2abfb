package dev.cmk.testkit.contract;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;

/**
 * An {@link AzureFixture} over an {@link InMemoryAzure}: setup writes its state directly; the providers are the
 * in-memory ones unless a subclass serves them otherwise (for example through a wire fake over the same Azure).
 */
public class InMemoryFixture extends AzureFixture {
    private final InMemoryAzure azure;

    /**
     * A fixture over a new in-memory Azure.
     */
    public InMemoryFixture() {
        this(InMemoryAzure.create());
    }

    /**
     * A fixture over the given in-memory Azure.
     *
     * @param azure the state
     */
    public InMemoryFixture(InMemoryAzure azure) {
        this.azure = azure;
    }

    /**
     * The in-memory Azure behind this fixture.
     *
     * @return the Azure
     */
    public InMemoryAzure azure() {
        return azure;
    }

    @Override
    public URI newVault(String name) {
        return azure.vault(name).create();
    }

    @Override
    public java.util.Optional<URI> newVaultWithoutPurgeProtection(String name) {
        return java.util.Optional.of(azure.vault(name).purgeProtection(false).create());
    }

    @Override
    public KeyReference newKey(URI vault, String name) {
        return azure.key(vault, name).create();
    }

    @Override
    public StorageAccountId newAccount(String name) {
        return azure.account(name).systemAssignedIdentity().create();
    }

    @Override
    public String principalOf(StorageAccountId account) {
        return azure.systemPrincipal(account);
    }

    /** A vault-wide grant ({@link InMemoryAzure#grantVaultAccess}). */
    @Override
    public boolean grantAboveKey(KeyReference key, String principalId) {
        azure.grantVaultAccess(key.vaultUri(), principalId);
        return true;
    }

    @Override
    public KeyVaultProvider keyVaults() {
        return azure.keyVaults();
    }

    @Override
    public StorageAccountProvider storageAccounts() {
        return azure.storageAccounts();
    }

    @Override
    public KeyAccessProvider keyAccess() {
        return azure.keyAccess();
    }
}
