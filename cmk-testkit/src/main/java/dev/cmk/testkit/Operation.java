package dev.cmk.testkit;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every call the in-memory Azure serves, by port. {@link Faults} and {@link CallCounter} take these instead of
 * strings, so a mistyped operation is a compile error instead of a fault that never fires.
 */
public enum Operation {
    /** Read one storage account ({@code storage.get}). */
    STORAGE_GET("storage.get", true),
    /** List storage accounts in a scope ({@code storage.list}). */
    STORAGE_LIST("storage.list", true),
    /** List one page of accounts with their encryption ({@code storage.listAccounts}). */
    STORAGE_LIST_ACCOUNTS("storage.listAccounts", true),
    /** Change an account's encryption ({@code storage.updateEncryption}). */
    STORAGE_UPDATE_ENCRYPTION("storage.updateEncryption", false),
    /** Enable a managed identity on an account ({@code storage.enableIdentity}). */
    STORAGE_ENABLE_IDENTITY("storage.enableIdentity", false),
    /** Create an account with its identity and customer-managed key ({@code storage.create}). */
    STORAGE_CREATE("storage.create", false),
    /** Read a user-assigned identity ({@code identity.get}). */
    IDENTITY_GET("identity.get", true),
    /** Read a key or one of its versions ({@code keyVault.getKey}). */
    KEYVAULT_GET_KEY("keyVault.getKey", true),
    /** List a key's versions ({@code keyVault.listVersions}). */
    KEYVAULT_LIST_VERSIONS("keyVault.listVersions", true),
    /** Create a new key version ({@code keyVault.createVersion}): not idempotent. */
    KEYVAULT_CREATE_VERSION("keyVault.createVersion", false),
    /** Enable, disable or re-tag a version ({@code keyVault.updateVersion}). */
    KEYVAULT_UPDATE_VERSION("keyVault.updateVersion", false),
    /** Read a key's rotation policy ({@code keyVault.getRotationPolicy}). */
    KEYVAULT_GET_ROTATION_POLICY("keyVault.getRotationPolicy", true),
    /** Set a key's rotation policy ({@code keyVault.setRotationPolicy}). */
    KEYVAULT_SET_ROTATION_POLICY("keyVault.setRotationPolicy", false),
    /** Read a vault's properties ({@code keyVault.describeVault}). */
    KEYVAULT_DESCRIBE_VAULT("keyVault.describeVault", true),
    /** Read a principal's permissions on a key ({@code keyAccess.permissions}). */
    KEYACCESS_PERMISSIONS("keyAccess.permissions", true),
    /** List the principals holding get, wrapKey and unwrapKey on a key ({@code keyAccess.principalsWithAccess}). */
    KEYACCESS_PRINCIPALS_WITH_ACCESS("keyAccess.principalsWithAccess", true),
    /** Grant a principal access to one key ({@code keyAccess.grant}). */
    KEYACCESS_GRANT("keyAccess.grant", false),
    /** Grant a principal vault-wide access ({@code keyAccess.grantVault}). */
    KEYACCESS_GRANT_VAULT("keyAccess.grantVault", false),
    /** Revoke a principal's access to one key ({@code keyAccess.revoke}). */
    KEYACCESS_REVOKE("keyAccess.revoke", false),
    /** Revoke a principal's vault-wide access ({@code keyAccess.revokeVault}). */
    KEYACCESS_REVOKE_VAULT("keyAccess.revokeVault", false),
    /** A data-plane read of an account ({@code data.read}); never faulted at random. */
    DATA_READ("data.read", true);

    private final String wireName;
    private final boolean read;

    Operation(String wireName, boolean read) {
        this.wireName = wireName;
        this.read = read;
    }

    /**
     * The name the call counters and history use, for example {@code storage.updateEncryption}.
     *
     * @return the name
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Whether the operation only reads (a fault after its effect is meaningless for it).
     *
     * @return true for reads
     */
    public boolean isRead() {
        return read;
    }

    /**
     * Whether the operation writes.
     *
     * @return true for writes
     */
    public boolean isWrite() {
        return !read;
    }

    /**
     * The operation with the given name.
     *
     * @param wireName for example {@code keyVault.createVersion}
     * @return the operation, or empty when no operation has that name
     */
    public static Optional<Operation> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(o -> o.wireName.equals(wireName)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
