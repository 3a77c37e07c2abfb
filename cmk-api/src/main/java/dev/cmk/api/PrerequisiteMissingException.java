package dev.cmk.api;

/**
 * Azure refused a write for want of a prerequisite (for example identity and key changed in one PATCH, or an identity that does not exist yet). Code {@link ErrorCode#MISSING_PREREQUISITE}; the type fixes the code.
 */
public class PrerequisiteMissingException extends CmkException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what went wrong, naming the resource and the fix
     * @param details what Azure said, or {@link AzureErrorDetails#NONE}
     * @param cause the underlying exception, or null
     */
    public PrerequisiteMissingException(String message, AzureErrorDetails details, Throwable cause) {
        super(ErrorCode.MISSING_PREREQUISITE, message, details, cause);
    }

    /**
     * Creates the error when Azure said nothing.
     *
     * @param message what went wrong, naming the resource and the fix
     */
    public PrerequisiteMissingException(String message) {
        this(message, AzureErrorDetails.NONE, null);
    }
}
