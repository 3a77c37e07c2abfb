package dev.cmk.api;

/** Stable codes of the rules cmk checks before any write. Codes never change meaning. */
public enum ViolationCode {
    /** The key does not exist in the vault. */
    KEY_NOT_FOUND,
    /** The vault (or Managed HSM) does not exist, or its name is mistyped. */
    VAULT_NOT_FOUND,
    /** The pinned or referenced key version does not exist. */
    KEY_VERSION_NOT_FOUND,
    /** The vault has no soft delete (Azure: "Keyvault policy recoverable is not set"). */
    VAULT_SOFT_DELETE_DISABLED,
    /** The vault has no purge protection (Azure: "Keyvault policy recoverable is not set"). */
    VAULT_PURGE_PROTECTION_DISABLED,
    /** The key type is not allowed (Azure Storage needs RSA or RSA-HSM). */
    KEY_TYPE_NOT_ALLOWED,
    /** The key size is not allowed (Azure Storage needs 2048, 3072 or 4096 bits). */
    KEY_SIZE_NOT_ALLOWED,
    /** The key version is disabled. */
    KEY_DISABLED,
    /** The key version's not-before date is in the future. */
    KEY_NOT_YET_VALID,
    /** The key version has expired (existing accounts keep working; it cannot be newly configured). */
    KEY_EXPIRED,
    /**
     * The key version expires within the required minimum validity: an {@link Severity#ERROR} when a write would
     * configure it (or a rotation would move accounts to it), a {@link Severity#WARNING} when the account already
     * uses it and nothing is written.
     */
    KEY_EXPIRES_SOON,
    /** The key version is older than the maximum key age the requirements allow. */
    KEY_TOO_OLD,
    /** The key's permitted operations lack wrapKey or unwrapKey. */
    KEY_OPERATIONS_MISSING,
    /** The account has no system-assigned identity, or it has no principal yet. */
    SYSTEM_IDENTITY_MISSING,
    /** The user-assigned identity is not attached to the account. */
    USER_IDENTITY_NOT_ATTACHED,
    /** The identity lacks get, wrapKey or unwrapKey on the key. */
    IDENTITY_LACKS_KEY_PERMISSIONS,
    /** No key access provider was configured, so the identity's permissions were not checked. */
    KEY_ACCESS_NOT_CHECKED,
    /** A federated client id was given without a user-assigned identity. */
    FEDERATED_CLIENT_ID_WITHOUT_USER_IDENTITY,
    /** The account kind does not support customer-managed keys (classic accounts). */
    ACCOUNT_KIND_UNSUPPORTED,
    /** Queue or table data stays under a service-scoped Microsoft-managed key (fixed at account creation). */
    SERVICE_NOT_COVERED,
    /** The vault and the account are in different regions and the requirements ask for the same region. */
    REGION_MISMATCH,
    /** The vault's firewall does not let trusted Microsoft services through. */
    VAULT_FIREWALL_BLOCKS_STORAGE,
    /** The user-assigned identity does not exist (or cannot be read), so an account cannot be created with it. */
    USER_IDENTITY_NOT_FOUND,
    /**
     * An existing account differs in a setting that is fixed when an account is created (region, kind,
     * account-scoped keys for queues and tables, infrastructure encryption) and can never change.
     */
    CREATION_ONLY_SETTING_DIFFERS
}
