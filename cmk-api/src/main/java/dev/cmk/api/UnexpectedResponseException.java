package dev.cmk.api;

/**
 * Azure or a provider answered with data cmk cannot read (for example a key identifier that does not parse). Nothing was written on the strength of it. Code {@link ErrorCode#UNEXPECTED_RESPONSE}; the type fixes the code.
 */
public class UnexpectedResponseException extends CmkException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what went wrong, naming the resource and the fix
     * @param details what Azure said, or {@link AzureErrorDetails#NONE}
     * @param cause the underlying exception, or null
     */
    public UnexpectedResponseException(String message, AzureErrorDetails details, Throwable cause) {
        super(ErrorCode.UNEXPECTED_RESPONSE, message, details, cause);
    }

    /**
     * Creates the error when Azure said nothing.
     *
     * @param message what went wrong, naming the resource and the fix
     */
    public UnexpectedResponseException(String message) {
        this(message, AzureErrorDetails.NONE, null);
    }
}
