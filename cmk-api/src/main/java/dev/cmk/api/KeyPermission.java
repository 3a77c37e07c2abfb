package dev.cmk.api;

/**
 * Key permissions an account's identity needs on its key. With access policies these are the key permissions of
 * the same name; with Azure RBAC the role "Key Vault Crypto Service Encryption User" (or, on Managed HSM,
 * "Managed HSM Crypto Service Encryption User") grants all three.
 */
public enum KeyPermission {
    /** {@code get}: read the key's public part and properties. */
    GET,
    /** {@code wrapKey}: wrap the account encryption key. */
    WRAP_KEY,
    /** {@code unwrapKey}: unwrap the account encryption key. */
    UNWRAP_KEY
}
