package dev.cmk.azure.internal;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.BinaryData;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.internal.AzureErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Turns whatever the Azure SDK throws into cmk's typed errors through the one shared mapping,
 * {@link AzureErrors#toException}, keeping Azure's HTTP status, error code, message and {@code Retry-After}.
 * Messages come from Azure's error body ({@code {"error":{"code":..,"message":..}}}), never from request headers,
 * so they cannot carry a token.
 */
final class AzureFailures {
    private AzureFailures() {
    }

    /**
     * Translates an exception thrown by an SDK call. Anything that is neither an Azure answer nor a network failure
     * (a bug, or a test's simulated crash) is not Azure's error and is not translated.
     *
     * @param e the exception
     * @param what the operation and resource, for the message when Azure gives none
     * @return the cmk exception to throw, or null to rethrow {@code e} unchanged
     */
    static CmkException translate(RuntimeException e, String what) {
        if (e instanceof CmkException c) {
            return c;
        }
        if (e instanceof HttpResponseException h) {
            return translateHttp(h, what);
        }
        java.net.UnknownHostException unknownHost = unknownHost(e);
        if (unknownHost != null) {
            // a mistyped or deleted vault or account name: retrying will not make it resolve
            return new NotFoundException(ErrorCode.NOT_FOUND, what + " failed: the host name does not resolve ("
                    + unknownHost.getMessage() + "); fix: check the vault or Managed HSM name in the key "
                    + "identifier, or whether the vault was deleted", null, 0, null, e);
        }
        if (isNetwork(e)) {
            return new dev.cmk.api.TransientException(what + " failed before Azure answered, or its answer was "
                    + "lost (a write may have taken effect; re-read before repeating it): "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    dev.cmk.api.AzureErrorDetails.NONE, e);
        }
        return null;
    }

    private static CmkException translateHttp(HttpResponseException h, String what) {
        HttpResponse response = h.getResponse();
        if (response == null) {
            // no HTTP exchange: the credential could not produce a token (its message names the credential, never
            // a token)
            int status = h instanceof ClientAuthenticationException ? 401 : 0;
            return AzureErrors.toException(status, null, what + ": " + h.getMessage(), null, h);
        }
        int status = response.getStatusCode();
        String code = null;
        String message = null;
        if (h instanceof ManagementException m && m.getValue() != null) {
            ManagementError err = m.getValue();
            code = err.getCode();
            message = err.getMessage();
        }
        if (code == null) {
            String[] parsed = parseErrorBody(bodyOf(h));
            code = parsed[0];
            message = parsed[1];
        }
        if (message == null || message.isBlank()) {
            message = what + " failed with HTTP " + status;
        }
        // Azure support asks for these ids; they are not secrets
        String requestId = firstHeader(response.getHeaders(), "x-ms-request-id");
        String correlationId = firstHeader(response.getHeaders(), "x-ms-correlation-request-id");
        if (requestId != null || correlationId != null) {
            message = message + " (" + (requestId == null ? "" : "request id " + requestId)
                    + (requestId != null && correlationId != null ? ", " : "")
                    + (correlationId == null ? "" : "correlation id " + correlationId) + ")";
        }
        return AzureErrors.toException(dev.cmk.api.AzureErrorDetails.of(code, status, retryAfter(response.getHeaders()),
                requestId != null ? requestId : correlationId), message, h);
    }

    private static String firstHeader(com.azure.core.http.HttpHeaders headers, String name) {
        String v = headers == null ? null : headers.getValue(com.azure.core.http.HttpHeaderName.fromString(name));
        return v == null || v.isBlank() ? null : v;
    }

    private static String bodyOf(HttpResponseException h) {
        Object value = h.getValue();
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BinaryData b) {
            return b.toString();
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        try {
            BinaryData body = h.getResponse().getBodyAsBinaryData();
            return body == null ? null : body.toString();
        } catch (RuntimeException ignored) {
            return null;
        }
    }

    /**
     * Reads Azure's error body. Key Vault puts the specific code in {@code innererror.code} (for example
     * {@code Forbidden} / {@code ForbiddenByFirewall}); the more specific one is kept.
     *
     * @param body the response body, or null
     * @return code and message, each possibly null
     */
    @SuppressWarnings("unchecked")
    static String[] parseErrorBody(String body) {
        if (body == null || body.isBlank()) {
            return new String[2];
        }
        try (JsonReader reader = JsonProviders.createReader(body)) {
            Object root = reader.readUntyped();
            if (!(root instanceof Map<?, ?> map)) {
                return new String[2];
            }
            Object error = map.get("error");
            Map<String, Object> e = error instanceof Map<?, ?> m ? (Map<String, Object>) m : (Map<String, Object>) map;
            String code = e.get("code") instanceof String s ? s : null;
            String message = e.get("message") instanceof String s ? s : null;
            if (e.get("innererror") instanceof Map<?, ?> inner && inner.get("code") instanceof String innerCode
                    && !innerCode.isBlank()) {
                code = innerCode;
            }
            return new String[] {code, message};
        } catch (IOException | RuntimeException notJson) {
            return new String[2];
        }
    }

    /**
     * Azure's wait hint: {@code retry-after-ms}, {@code x-ms-retry-after-ms}, or {@code Retry-After} in seconds or
     * as an HTTP date.
     *
     * @param headers the response headers
     * @return the wait, or null when none was given
     */
    static Duration retryAfter(HttpHeaders headers) {
        for (String name : new String[] {"retry-after-ms", "x-ms-retry-after-ms"}) {
            String v = headers.getValue(com.azure.core.http.HttpHeaderName.fromString(name));
            if (v != null) {
                try {
                    return Duration.ofMillis(Long.parseLong(v.trim()));
                } catch (NumberFormatException ignored) {
                    // fall through
                }
            }
        }
        String v = headers.getValue(com.azure.core.http.HttpHeaderName.RETRY_AFTER);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(v.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(java.time.Instant.now(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notDate) {
                return null;
            }
        }
    }

    private static java.net.UnknownHostException unknownHost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException u) {
                return u;
            }
        }
        return null;
    }

    private static boolean isNetwork(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UncheckedIOException || t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
