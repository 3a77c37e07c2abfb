package dev.cmk.testkit.contract;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.StorageAccountProvider;
import java.net.URI;

/**
 * What a contract kit needs from an Azure: set up vaults, keys and accounts, reach the providers under test, and
 * clean up. Implement it over whatever Azure the providers talk to: {@link InMemoryFixture} for the in-memory
 * Azure, a wire fake, or a live subscription (create real resources with a unique prefix, delete them in
 * {@link #close()}, and enable the fixture only behind an opt-in flag, as live tests cost money and time).
 *
 * <p>Setup goes around the providers under test (it is not what the kit checks) and needs, on a live subscription,
 * Key Vault Contributor and Key Vault Crypto Officer on the vaults, Storage Account Contributor on the accounts and
 * User Access Administrator for grants.
 */
public abstract class AzureFixture implements AutoCloseable {
    /** Creates a fixture. */
    protected AzureFixture() {
    }

    /**
     * Creates a vault (soft delete and purge protection on, Azure RBAC) with the given name (a live fixture may
     * add a unique suffix).
     *
     * @param name the name
     * @return the vault URI
     */
    public abstract URI newVault(String name);

    /**
     * Creates a vault with soft delete but without purge protection, which Azure Storage refuses for
     * customer-managed keys.
     *
     * @param name the name
     * @return the vault URI, or empty when this fixture cannot create one (the kit then skips the tests that need it)
     */
    public java.util.Optional<URI> newVaultWithoutPurgeProtection(String name) {
        return java.util.Optional.empty();
    }

    /**
     * Gives the principal get, wrapKey and unwrapKey on the key and waits until Storage can use the grant. By
     * default through {@link #keyAccess()}; a live fixture may also wait for the grant to propagate.
     *
     * @param key the key
     * @param principalId the principal
     */
    public void grantKeyAccess(KeyReference key, String principalId) {
        keyAccess().grant(key, principalId);
    }

    /**
     * Creates an RSA 2048 key with wrapKey and unwrapKey in a vault.
     *
     * @param vault the vault
     * @param name the key name
     * @return the key's first version (a versioned reference)
     */
    public abstract KeyReference newKey(URI vault, String name);

    /**
     * Creates a StorageV2 account with a system-assigned identity and Microsoft-managed keys.
     *
     * @param name the name (a live fixture may add a unique suffix)
     * @return the account
     */
    public abstract StorageAccountId newAccount(String name);

    /**
     * The object id of the account's system-assigned identity.
     *
     * @param account the account
     * @return the principal id
     */
    public abstract String principalOf(StorageAccountId account);

    /**
     * Gives the principal get, wrapKey and unwrapKey on the key through a grant above it (a role assignment at
     * vault scope, or a vault-wide grant), which a per-key revoke does not remove.
     *
     * @param key the key
     * @param principalId the principal
     * @return false when this fixture cannot make such a grant (the kit then skips the tests that need one)
     */
    public boolean grantAboveKey(KeyReference key, String principalId) {
        return false;
    }

    /**
     * The key vault provider under test.
     *
     * @return the provider
     */
    public abstract KeyVaultProvider keyVaults();

    /**
     * The storage account provider under test.
     *
     * @return the provider
     */
    public abstract StorageAccountProvider storageAccounts();

    /**
     * The key access provider under test.
     *
     * @return the provider
     */
    public abstract KeyAccessProvider keyAccess();

    /** An optional fixture operation, which some Azures cannot do (the kit then skips the tests that need it). */
    public enum Capability {
        /** {@link #newVaultWithoutPurgeProtection(String)}. */
        VAULT_WITHOUT_PURGE_PROTECTION,
        /** {@link #grantAboveKey(KeyReference, String)}. */
        GRANT_ABOVE_KEY
    }

    /**
     * Why this fixture cannot do an optional operation: the message of the skipped tests that need it. Override it to
     * name the missing right or setting (for example "needs User Access Administrator on the vault").
     *
     * @param capability the operation the fixture refused
     * @return a one-line reason
     */
    public String whyUnsupported(Capability capability) {
        return switch (capability) {
            case VAULT_WITHOUT_PURGE_PROTECTION -> "the fixture cannot create a vault without purge protection";
            case GRANT_ABOVE_KEY -> "the fixture cannot grant above a key";
        };
    }

    /** Deletes what the fixture created; nothing by default. */
    @Override
    public void close() {
    }
}
