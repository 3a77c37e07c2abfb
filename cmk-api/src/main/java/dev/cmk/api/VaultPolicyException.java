package dev.cmk.api;

/**
 * The vault lacks soft delete or purge protection, so Azure Storage refuses its keys ({@code KeyVaultPolicyError}); fix the vault, then retry. Code {@link ErrorCode#VAULT_POLICY}; the type fixes the code.
 */
public class VaultPolicyException extends CmkException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what went wrong, naming the resource and the fix
     * @param details what Azure said, or {@link AzureErrorDetails#NONE}
     * @param cause the underlying exception, or null
     */
    public VaultPolicyException(String message, AzureErrorDetails details, Throwable cause) {
        super(ErrorCode.VAULT_POLICY, message, details, cause);
    }

    /**
     * Creates the error when Azure said nothing.
     *
     * @param message what went wrong, naming the resource and the fix
     */
    public VaultPolicyException(String message) {
        this(message, AzureErrorDetails.NONE, null);
    }
}
