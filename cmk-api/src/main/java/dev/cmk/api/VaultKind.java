package dev.cmk.api;

/** The kind of key store a {@link KeyReference} points at. */
public enum VaultKind {
    /** Azure Key Vault ({@code <name>.vault.azure.net} and its sovereign-cloud twins). */
    KEY_VAULT,
    /** Azure Key Vault Managed HSM ({@code <name>.managedhsm.azure.net} and its sovereign-cloud twins). */
    MANAGED_HSM
}
