package dev.cmk.api;

/**
 * Stable codes for every error cmk raises. Codes are part of the public contract: they never change meaning and
 * are safe to branch on, log and alert on.
 */
public enum ErrorCode {
    /** An input value broke a parsing or validation rule; nothing was sent to Azure. */
    INVALID_INPUT,
    /** A plan had error-level violations and was refused; nothing was changed. */
    REQUIREMENT_VIOLATED,
    /** The key, key version, vault, account or identity does not exist (HTTP 404). */
    NOT_FOUND,
    /** The caller or the account's identity lacks a permission (HTTP 401/403, {@code KeyVaultAuthenticationFailure}). */
    ACCESS_DENIED,
    /** The vault firewall refused the request ({@code ForbiddenByFirewall}). */
    FORBIDDEN_BY_FIREWALL,
    /** The vault lacks soft delete or purge protection ({@code KeyVaultPolicyError}). */
    VAULT_POLICY,
    /** Azure refused a write that changes identity and key together, or a prerequisite is missing. */
    MISSING_PREREQUISITE,
    /** Azure throttled the request (HTTP 429); {@link CmkException#retryAfter()} says when to retry. */
    THROTTLED,
    /** Another operation on the same resource is in progress (HTTP 409 {@code StorageAccountOperationInProgress}). */
    OPERATION_IN_PROGRESS,
    /** A conflicting state prevented the write (HTTP 409 other than operation-in-progress). */
    CONFLICT,
    /** A transient server failure or timeout (HTTP 5xx); retrying may succeed. */
    TRANSIENT,
    /** A rotation was asked to make a transition its state machine does not allow. */
    ILLEGAL_ROTATION_TRANSITION,
    /** A confirmed operation (revoke) was attempted without the confirmation it demands. */
    CONFIRMATION_REQUIRED,
    /** Azure accepted a write but the re-read shows the change did not take effect. */
    VERIFICATION_FAILED,
    /** An apply stopped part-way; the exception lists the steps that were performed. */
    PARTIALLY_APPLIED,
    /** The operation would break a safety invariant (for example, disable a version an account still uses). */
    UNSAFE_OPERATION,
    /** Any other error Azure reported; {@link CmkException#azureErrorCode()} holds Azure's code. */
    AZURE_ERROR,
    /**
     * Azure (or a provider) answered with data cmk cannot read, for example a key identifier that does not parse;
     * nothing was written on the strength of it ({@link UnexpectedResponseException}).
     */
    UNEXPECTED_RESPONSE,
    /**
     * cmk was built without something the operation needs, for example a {@code KeyAccessProvider} for a
     * per-account revoke; fix the builder ({@link ConfigurationException}). Nothing was sent to Azure.
     */
    CONFIGURATION,
    /** The calling thread was interrupted while cmk waited (a retry or pacing wait); the operation stopped. */
    INTERRUPTED
}
