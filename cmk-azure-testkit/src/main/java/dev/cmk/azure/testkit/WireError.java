package dev.cmk.azure.testkit;

import java.time.Duration;

/** An error the fake answers with Azure's error body {@code {"error":{"code":..,"message":..}}}. */
final class WireError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    final transient Duration retryAfter;

    WireError(int status, String code, String message) {
        this(status, code, message, null);
    }

    WireError(int status, String code, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    static WireError badRequest(String message) {
        return new WireError(400, "BadRequest", message);
    }

    static WireError notModelled(String what) {
        return new WireError(400, "BadRequest", "WireFake does not model " + what);
    }
}
