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
     * Creates a new version of an existing key, as described (type, size, operations, expiry, tags), enabled or
     * disabled. Setup for the kit, not the provider's {@code createVersion} under test.
     *
     * @param key the key (any version of it)
     * @param spec what the version is
     * @param enabled false for a disabled version
     * @return the new version (a versioned reference), or empty when this fixture cannot create one (the kit then
     *         skips the tests that need it)
     */
    public java.util.Optional<KeyReference> newKeyVersion(KeyReference key, dev.cmk.api.spi.NewKeyVersion spec,
            boolean enabled) {
        return java.util.Optional.empty();
    }

    /**
     * Lets time pass so that whatever is created next has a later creation time than everything created so far.
     * By default sleeps 1.1 seconds (Azure's creation times have whole seconds); a fixture with a virtual clock
     * advances it instead.
     */
    public void separateCreationTimes() {
        try {
            Thread.sleep(1100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while letting time pass", e);
        }
    }

    /**
     * The region {@link #newAccount(String)} creates accounts in.
     *
     * @return the region, {@code westeurope} by default
     */
    public String accountLocation() {
        return "westeurope";
    }

    /**
     * Creates a StorageV2 account with a system-assigned identity and Microsoft-managed keys in a resource group
     * of its own, which holds no other account.
     *
     * @param name the name (a live fixture may add a unique suffix)
     * @return the account, or empty when this fixture cannot create a resource group (the kit then skips the tests
     *         that need it)
     */
    public java.util.Optional<StorageAccountId> newAccountInNewResourceGroup(String name) {
        return java.util.Optional.empty();
    }

    /**
     * A scope that holds exactly the accounts this fixture created, so that a listing of it can be checked
     * completely.
     *
     * @return the scope, or empty when this fixture has none (for example in a shared subscription)
     */
    public java.util.Optional<dev.cmk.api.spi.Scope> scopeOfItsOwn() {
        return java.util.Optional.empty();
    }

    /**
     * Creates a user-assigned managed identity. Needs Managed Identity Contributor on a live subscription.
     *
     * @param name the name (a live fixture may add a unique suffix)
     * @return the identity's ARM resource id, or empty when this fixture cannot create one (the kit then skips the
     *         tests that need it)
     */
    public java.util.Optional<String> newUserAssignedIdentity(String name) {
        return java.util.Optional.empty();
    }

    /**
     * The object id of a user-assigned identity this fixture created.
     *
     * @param identityId the identity's ARM resource id, as {@link #newUserAssignedIdentity(String)} returned it
     * @return the principal id
     * @throws IllegalArgumentException when this fixture did not create the identity
     */
    public String principalOfIdentity(String identityId) {
        throw new IllegalArgumentException("this fixture did not create the identity " + identityId);
    }

    /**
     * An id, in an existing resource group, at which the storage account provider under test may create an
     * account; the fixture deletes that account in {@link #close()}. Nothing is created by this call.
     *
     * @param name the name (a live fixture may add a unique suffix)
     * @return the id, or empty when this fixture or its provider does not create accounts (the kit then skips the
     *         creation tests)
     */
    public java.util.Optional<StorageAccountId> idForNewAccount(String name) {
        return java.util.Optional.empty();
    }

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
        GRANT_ABOVE_KEY,
        /** {@link #newKeyVersion(KeyReference, dev.cmk.api.spi.NewKeyVersion, boolean)}. */
        KEY_VERSION,
        /** {@link #newAccountInNewResourceGroup(String)}. */
        ACCOUNT_IN_NEW_RESOURCE_GROUP,
        /** {@link #scopeOfItsOwn()}. */
        SCOPE_OF_ITS_OWN,
        /** {@link #newUserAssignedIdentity(String)}. */
        USER_ASSIGNED_IDENTITY,
        /** {@link #idForNewAccount(String)}. */
        ACCOUNT_CREATION
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
            case KEY_VERSION -> "the fixture cannot create a key version as specified";
            case ACCOUNT_IN_NEW_RESOURCE_GROUP -> "the fixture cannot create an account in a new resource group";
            case SCOPE_OF_ITS_OWN -> "the fixture has no scope that holds only the accounts it created";
            case USER_ASSIGNED_IDENTITY -> "the fixture cannot create a user-assigned identity";
            case ACCOUNT_CREATION -> "the fixture does not let the provider under test create accounts";
        };
    }

    /** Deletes what the fixture created; nothing by default. */
    @Override
    public void close() {
    }
}
