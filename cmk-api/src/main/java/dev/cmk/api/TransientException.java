package dev.cmk.api;

/**
 * A transient failure: HTTP 408 or 5xx, a timeout or a reset connection. Retrying later may succeed; the outcome of a write may be unknown, so re-read before repeating it. Code {@link ErrorCode#TRANSIENT}; the type fixes the code.
 */
public class TransientException extends CmkException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what went wrong, naming the resource and the fix
     * @param details what Azure said, or {@link AzureErrorDetails#NONE}
     * @param cause the underlying exception, or null
     */
    public TransientException(String message, AzureErrorDetails details, Throwable cause) {
        super(ErrorCode.TRANSIENT, message, details, cause);
    }

    /**
     * Creates the error when Azure said nothing.
     *
     * @param message what went wrong, naming the resource and the fix
     */
    public TransientException(String message) {
        this(message, AzureErrorDetails.NONE, null);
    }
}
