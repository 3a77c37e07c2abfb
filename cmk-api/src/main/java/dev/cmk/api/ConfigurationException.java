package dev.cmk.api;

/**
 * cmk was built without something the operation needs (for example a {@code KeyAccessProvider}). Nothing was sent to Azure; fix the builder. Code {@link ErrorCode#CONFIGURATION}; the type fixes the code.
 */
public class ConfigurationException extends CmkException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what went wrong, naming the resource and the fix
     * @param details what Azure said, or {@link AzureErrorDetails#NONE}
     * @param cause the underlying exception, or null
     */
    public ConfigurationException(String message, AzureErrorDetails details, Throwable cause) {
        super(ErrorCode.CONFIGURATION, message, details, cause);
    }

    /**
     * Creates the error when Azure said nothing.
     *
     * @param message what went wrong, naming the resource and the fix
     */
    public ConfigurationException(String message) {
        this(message, AzureErrorDetails.NONE, null);
    }
}
