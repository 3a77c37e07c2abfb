package dev.cmk.api.spi;

/**
 * What one grant or revoke of a {@link KeyAccessProvider} covers for a key.
 */
public enum AccessScope {
    /** Only the key (an Azure RBAC role assignment scoped to the key, or the in-memory per-key grant). */
    KEY,
    /**
     * Every key of the vault (Key Vault access policies are vault-wide): revoking a principal's access to one key
     * cuts it off from all of them.
     */
    VAULT
}
