package dev.cmk.api;

import java.time.Duration;

/**
 * Another operation on the resource is in progress, or its state conflicts with the write (HTTP 409). Codes {@link ErrorCode#OPERATION_IN_PROGRESS}, {@link ErrorCode#CONFLICT}.
 */
public class ConflictException extends CmkException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param code the stable code, one of {@link ErrorCode#OPERATION_IN_PROGRESS} or {@link ErrorCode#CONFLICT}
     * @param message what went wrong, naming the resource and the fix
     */
    public ConflictException(ErrorCode code, String message) {
        super(code, message);
    }

    /**
     * Creates the error from what Azure reported.
     *
     * @param code the stable code, one of {@link ErrorCode#OPERATION_IN_PROGRESS} or {@link ErrorCode#CONFLICT}
     * @param message what went wrong, naming the resource and the fix
     * @param azureErrorCode Azure's error code, or null
     * @param httpStatus the HTTP status, or 0
     * @param retryAfter Azure's requested wait, or null
     * @param cause the underlying exception, or null
     */
    public ConflictException(ErrorCode code, String message, String azureErrorCode, int httpStatus, Duration retryAfter,
              Throwable cause) {
        super(code, message, azureErrorCode, httpStatus, retryAfter, cause);
    }

    /**
     * Creates the error from what Azure reported, in one value.
     *
     * @param code the stable code, {@link ErrorCode#OPERATION_IN_PROGRESS} or {@link ErrorCode#CONFLICT}
     * @param message what went wrong, naming the resource and the fix
     * @param details what Azure said
     * @param cause the underlying exception, or null
     */
    public ConflictException(ErrorCode code, String message, AzureErrorDetails details, Throwable cause) {
        super(code, message, details, cause);
    }
}
