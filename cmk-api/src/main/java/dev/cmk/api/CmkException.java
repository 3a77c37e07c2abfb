package dev.cmk.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The root of cmk's runtime errors: every failure that reaches a caller after input was accepted is a
 * {@code CmkException} with a stable {@link #code()}.
 *
 * <p>Bad input is the one exception to that rule: it is refused with {@link InvalidInputException}, which extends
 * {@link IllegalArgumentException} as Java callers expect of a parser, and carries the same {@link ErrorCode}.
 * Azure failures are wrapped, never swallowed: {@link #azureErrorCode()} and {@link #httpStatus()} keep what Azure
 * said.
 */
public class CmkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The code of this error (serialized form). */
    private final ErrorCode code;
    /** The azureErrorCode of this error (serialized form). */
    private final String azureErrorCode;
    /** The httpStatus of this error (serialized form). */
    private final int httpStatus;
    /** The retryAfter of this error (serialized form). */
    private final Duration retryAfter;
    /** Azure's request id, or null (serialized form). */
    private final String requestId;

    /**
     * Creates an error with a code and message.
     *
     * @param code the stable error code; never null
     * @param message what went wrong, naming the resource and the fix
     */
    public CmkException(ErrorCode code, String message) {
        this(code, message, null, 0, null, null);
    }

    /**
     * Creates an error that wraps what Azure (or a provider) reported.
     *
     * @param code the stable error code; never null
     * @param message what went wrong, naming the resource and the fix
     * @param azureErrorCode Azure's own error code (for example {@code KeyVaultPolicyError}), or null
     * @param httpStatus the HTTP status Azure answered, or 0 when there was none
     * @param retryAfter how long Azure asked the caller to wait, or null
     * @param cause the underlying exception, or null
     */
    public CmkException(ErrorCode code, String message, String azureErrorCode, int httpStatus,
                        Duration retryAfter, Throwable cause) {
        this(code, message, AzureErrorDetails.of(azureErrorCode, httpStatus, retryAfter, null), cause);
    }

    /**
     * Creates an error that carries what Azure reported.
     *
     * @param code the stable error code; never null
     * @param message what went wrong, naming the resource and the fix
     * @param details what Azure said ({@link AzureErrorDetails#NONE} when the failure did not come from Azure)
     * @param cause the underlying exception, or null
     */
    public CmkException(ErrorCode code, String message, AzureErrorDetails details, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        Objects.requireNonNull(details, "details");
        this.azureErrorCode = details.code().orElse(null);
        this.httpStatus = details.httpStatus().orElse(0);
        this.retryAfter = details.retryAfter().orElse(null);
        this.requestId = details.requestId().orElse(null);
    }

    /**
     * Everything Azure said about this failure, in one value.
     *
     * @return the details; {@link AzureErrorDetails#NONE} when the failure did not come from Azure
     */
    public AzureErrorDetails azureDetails() {
        return AzureErrorDetails.of(azureErrorCode, httpStatus, retryAfter, requestId);
    }

    /**
     * The stable code of this error.
     *
     * @return the code; never null
     */
    public ErrorCode code() {
        return code;
    }

    /**
     * Azure's own error code, when the error came from Azure.
     *
     * @return Azure's code, such as {@code StorageAccountOperationInProgress}, or empty
     */
    public Optional<String> azureErrorCode() {
        return Optional.ofNullable(azureErrorCode);
    }

    /**
     * The HTTP status Azure answered with.
     *
     * @return the status, or 0 when the error did not come from an HTTP response
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * How long Azure asked the caller to wait before retrying.
     *
     * @return the wait from {@code Retry-After}, or empty when Azure gave none
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Whether retrying the same call later may succeed (throttling, operation in progress, transient failures).
     *
     * @return true for {@link ErrorCode#THROTTLED}, {@link ErrorCode#OPERATION_IN_PROGRESS} and
     *     {@link ErrorCode#TRANSIENT}
     */
    public boolean isRetryable() {
        return code == ErrorCode.THROTTLED || code == ErrorCode.OPERATION_IN_PROGRESS || code == ErrorCode.TRANSIENT;
    }
}
