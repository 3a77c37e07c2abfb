package dev.cmk.api;

import java.time.Duration;

/**
 * A key, key version, vault, account or identity does not exist (HTTP 404). Code {@link ErrorCode#NOT_FOUND}.
 */
public class NotFoundException extends CmkException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param code the stable code, one of {@link ErrorCode#NOT_FOUND}
     * @param message what went wrong, naming the resource and the fix
     */
    public NotFoundException(ErrorCode code, String message) {
        super(code, message);
    }

    /**
     * Creates the error from what Azure reported.
     *
     * @param code the stable code, one of {@link ErrorCode#NOT_FOUND}
     * @param message what went wrong, naming the resource and the fix
     * @param azureErrorCode Azure's error code, or null
     * @param httpStatus the HTTP status, or 0
     * @param retryAfter Azure's requested wait, or null
     * @param cause the underlying exception, or null
     */
    public NotFoundException(ErrorCode code, String message, String azureErrorCode, int httpStatus, Duration retryAfter,
              Throwable cause) {
        super(code, message, azureErrorCode, httpStatus, retryAfter, cause);
    }

    /**
     * Creates the error from what Azure reported, in one value.
     *
     * @param code the stable code, {@link ErrorCode#NOT_FOUND}
     * @param message what went wrong, naming the resource and the fix
     * @param details what Azure said
     * @param cause the underlying exception, or null
     */
    public NotFoundException(ErrorCode code, String message, AzureErrorDetails details, Throwable cause) {
        super(code, message, details, cause);
    }
}
