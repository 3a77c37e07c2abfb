package dev.cmk.api;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What Azure said about a failure, in one value: its error code, the HTTP status, the {@code Retry-After} wait and
 * the request id to quote to Azure support. Every component is optional: a failure that never reached Azure (a
 * network error, a refusal by cmk) has none. Never contains tokens or key material.
 *
 * @param code Azure's error code, for example {@code KeyVaultPolicyError}
 * @param httpStatus the HTTP status Azure answered
 * @param retryAfter how long Azure asked the caller to wait
 * @param requestId Azure's request id ({@code x-ms-request-id}, or the correlation id)
 */
public record AzureErrorDetails(Optional<String> code, OptionalInt httpStatus, Optional<Duration> retryAfter,
                                Optional<String> requestId) {
    /** No details: the failure did not come from an Azure answer. */
    public static final AzureErrorDetails NONE = new AzureErrorDetails(Optional.empty(), OptionalInt.empty(),
            Optional.empty(), Optional.empty());

    /**
     * Checks that no component is null.
     *
     * @param code Azure's error code
     * @param httpStatus the HTTP status
     * @param retryAfter the requested wait
     * @param requestId the request id
     */
    public AzureErrorDetails {
        java.util.Objects.requireNonNull(code, "code");
        java.util.Objects.requireNonNull(httpStatus, "httpStatus");
        java.util.Objects.requireNonNull(retryAfter, "retryAfter");
        java.util.Objects.requireNonNull(requestId, "requestId");
    }

    /**
     * Details from nullable parts.
     *
     * @param code Azure's error code, or null
     * @param httpStatus the HTTP status, or 0 when there was none
     * @param retryAfter the requested wait, or null
     * @param requestId the request id, or null
     * @return the details
     */
    public static AzureErrorDetails of(String code, int httpStatus, Duration retryAfter, String requestId) {
        return new AzureErrorDetails(Optional.ofNullable(code), httpStatus > 0 ? OptionalInt.of(httpStatus)
                : OptionalInt.empty(), Optional.ofNullable(retryAfter), Optional.ofNullable(requestId));
    }
}
