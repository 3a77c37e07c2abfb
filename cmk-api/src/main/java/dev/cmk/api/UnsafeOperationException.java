package dev.cmk.api;

import java.time.Duration;

/**
 * The operation was refused because it would break a safety invariant (for example, disable a key version an account still uses) or lacks the confirmation it demands. Nothing was changed. Codes {@link ErrorCode#UNSAFE_OPERATION}, {@link ErrorCode#CONFIRMATION_REQUIRED}.
 */
public class UnsafeOperationException extends CmkException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param code the stable code, one of {@link ErrorCode#UNSAFE_OPERATION} or {@link ErrorCode#CONFIRMATION_REQUIRED}
     * @param message what went wrong, naming the resource and the fix
     */
    public UnsafeOperationException(ErrorCode code, String message) {
        super(code, message);
    }

    /**
     * Creates the error from what Azure reported.
     *
     * @param code the stable code, one of {@link ErrorCode#UNSAFE_OPERATION} or {@link ErrorCode#CONFIRMATION_REQUIRED}
     * @param message what went wrong, naming the resource and the fix
     * @param azureErrorCode Azure's error code, or null
     * @param httpStatus the HTTP status, or 0
     * @param retryAfter Azure's requested wait, or null
     * @param cause the underlying exception, or null
     */
    public UnsafeOperationException(ErrorCode code, String message, String azureErrorCode, int httpStatus, Duration retryAfter,
              Throwable cause) {
        super(code, message, azureErrorCode, httpStatus, retryAfter, cause);
    }
}
