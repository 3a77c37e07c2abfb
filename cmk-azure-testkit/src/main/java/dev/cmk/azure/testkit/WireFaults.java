package dev.cmk.azure.testkit;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * HTTP-level faults of a {@link WireFake} (see {@link WireFake#faults()}): throttling with and without
 * {@code Retry-After}, 409 operation in progress, 5xx, read timeouts and connection resets, each either
 * <em>before</em> the request takes effect or, for writes, <em>after</em> it: the write is applied to the in-memory
 * Azure, then its answer is replaced by a 5xx, a timeout or a reset, the ambiguous outcome real clients face.
 *
 * <p>Faults strike only authenticated requests (never Key Vault's authentication challenge). They are independent
 * of {@code InMemoryAzure.faults()}, which strike inside the in-memory providers; both can be used together.
 * Random faults come from a seed that {@link #reseed(long)} restarts, so a test step's faults depend only on its
 * seed and the requests it sends.
 */
public final class WireFaults {
    /** The kinds of HTTP fault. */
    public enum Kind {
        /** 429 {@code TooManyRequests} with {@code Retry-After: 7}. */
        THROTTLED(false),
        /** 429 {@code TooManyRequests} without {@code Retry-After}. */
        THROTTLED_NO_RETRY_AFTER(false),
        /** 409 {@code StorageAccountOperationInProgress}; strikes only requests to a storage account. */
        OPERATION_IN_PROGRESS(false),
        /** 500 {@code InternalServerError}. */
        SERVER_ERROR(false),
        /** 503 {@code ServiceUnavailable}. */
        UNAVAILABLE(false),
        /** The request is never answered: a read timeout. */
        TIMEOUT(false),
        /** The connection is reset before the request arrives. */
        RESET(false),
        /** A write is applied, then answered 500 {@code InternalServerError}. */
        APPLIED_THEN_SERVER_ERROR(true),
        /** A write is applied, then answered 503 {@code ServiceUnavailable}. */
        APPLIED_THEN_UNAVAILABLE(true),
        /** A write is applied, then its answer never arrives: a read timeout. */
        APPLIED_THEN_TIMEOUT(true),
        /** A write is applied, then the connection is reset before the answer arrives. */
        APPLIED_THEN_RESET(true);

        private final boolean afterEffect;

        Kind(boolean afterEffect) {
            this.afterEffect = afterEffect;
        }

        /**
         * Whether the request is applied before the fault strikes (only for writes: PUT, PATCH, POST, DELETE).
         *
         * @return true for the {@code APPLIED_THEN_*} kinds
         */
        public boolean afterEffect() {
            return afterEffect;
        }
    }

    /**
     * A write whose answer was lost after it took effect.
     *
     * @param method the HTTP method
     * @param url the request URL
     * @param kind the fault
     * @param historyIndex the in-memory Azure's history size right after the write was applied
     */
    public record LostResponse(String method, String url, Kind kind, int historyIndex) {
    }

    private static final long SALT = 0x2545F4914F6CDD1DL;

    private final WireFake fake;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final List<LostResponse> lost = new ArrayList<>();
    private Random random = new Random(SALT);
    private double rate;
    private long injected;

    WireFaults(WireFake fake) {
        this.fake = fake;
    }

    /**
     * Makes the next authenticated request the predicate accepts fail. A kind that strikes after the effect waits
     * for a write; {@link Kind#OPERATION_IN_PROGRESS} waits for a request to a storage account.
     *
     * @param matches which requests qualify, for example {@code r -> r.getHttpMethod() == HttpMethod.PUT}
     * @param kind the fault
     * @return this
     */
    public synchronized WireFaults failNext(Predicate<HttpRequest> matches, Kind kind) {
        pending.add(new Pending(Objects.requireNonNull(matches, "matches"), Objects.requireNonNull(kind, "kind")));
        return this;
    }

    /**
     * Makes the next authenticated request that can take the fault fail.
     *
     * @param kind the fault
     * @return this
     */
    public WireFaults failNext(Kind kind) {
        return failNext(r -> true, kind);
    }

    /**
     * Makes every authenticated request fail with the given probability (0 disables), with kinds chosen by the
     * seed among those that fit the request.
     *
     * @param probability between 0 and 1
     * @return this
     */
    public synchronized WireFaults random(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        this.rate = probability;
        return this;
    }

    /**
     * Restarts the random fault stream from a seed.
     *
     * @param seed the seed
     * @return this
     */
    public synchronized WireFaults reseed(long seed) {
        this.random = new Random(seed ^ SALT);
        return this;
    }

    /** Clears pending and random faults (the record of lost responses stays). */
    public synchronized void clear() {
        pending.clear();
        rate = 0;
    }

    /**
     * How many HTTP faults were injected so far.
     *
     * @return the count
     */
    public synchronized long injected() {
        return injected;
    }

    /**
     * The writes whose answers were lost after they took effect, oldest first.
     *
     * @return a copy of the record
     */
    public synchronized List<LostResponse> lostResponses() {
        return List.copyOf(lost);
    }

    /** Serves a request through {@code serve}, striking a fault before or after it as configured. */
    HttpResponse around(HttpRequest request, Supplier<HttpResponse> serve) {
        Kind kind;
        synchronized (this) {
            kind = request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION) == null ? null : choose(request);
            if (kind != null) {
                injected++;
            }
        }
        if (kind == null) {
            return serve.get();
        }
        if (!kind.afterEffect()) {
            return strike(request, kind);
        }
        HttpResponse applied = serve.get();
        if (applied.getStatusCode() >= 300) {
            return applied; // refused: nothing took effect, nothing to lose
        }
        synchronized (this) {
            lost.add(new LostResponse(request.getHttpMethod().name(), request.getUrl().toString(), kind,
                    fake.historySize()));
        }
        return strike(request, kind);
    }

    private Kind choose(HttpRequest request) {
        for (Pending p : pending) {
            if (fits(p.kind, request) && p.matches.test(request)) {
                pending.remove(p);
                return p.kind;
            }
        }
        if (rate > 0 && random.nextDouble() < rate) {
            Kind k = Kind.values()[random.nextInt(Kind.values().length)];
            if (fits(k, request)) {
                return k;
            }
            return k.afterEffect() ? Kind.UNAVAILABLE : Kind.SERVER_ERROR;
        }
        return null;
    }

    private static boolean fits(Kind kind, HttpRequest request) {
        if (kind.afterEffect()) {
            return request.getHttpMethod() != HttpMethod.GET && request.getHttpMethod() != HttpMethod.HEAD;
        }
        if (kind == Kind.OPERATION_IN_PROGRESS) {
            return request.getUrl().getPath().contains("/providers/Microsoft.Storage/storageAccounts/");
        }
        return true;
    }

    private static HttpResponse strike(HttpRequest request, Kind kind) {
        return switch (kind) {
            case THROTTLED -> error(request, 429, "TooManyRequests", "The request is being throttled.", "7");
            case THROTTLED_NO_RETRY_AFTER -> error(request, 429, "TooManyRequests", "The request is being throttled.",
                    null);
            case OPERATION_IN_PROGRESS -> error(request, 409, "StorageAccountOperationInProgress", "An operation is "
                    + "currently performing on this storage account that requires exclusive access.", null);
            case SERVER_ERROR, APPLIED_THEN_SERVER_ERROR -> error(request, 500, "InternalServerError",
                    "The server encountered an internal error.", null);
            case UNAVAILABLE, APPLIED_THEN_UNAVAILABLE -> error(request, 503, "ServiceUnavailable",
                    "The service is temporarily unavailable.", null);
            case TIMEOUT, APPLIED_THEN_TIMEOUT -> throw new UncheckedIOException(
                    new SocketTimeoutException("Read timed out (WireFaults " + kind + ")"));
            case RESET, APPLIED_THEN_RESET -> throw new UncheckedIOException(
                    new SocketException("Connection reset (WireFaults " + kind + ")"));
        };
    }

    private static HttpResponse error(HttpRequest request, int status, String code, String message,
                                      String retryAfter) {
        HttpHeaders headers = new HttpHeaders();
        if (retryAfter != null) {
            headers.set(HttpHeaderName.RETRY_AFTER, retryAfter);
        }
        headers.set(HttpHeaderName.fromString("x-ms-error-code"), code);
        Map<String, Object> body = Json.object("error", Json.object("code", code, "message", message));
        return new FakeResponse(request, status, headers, Json.write(body));
    }

    private record Pending(Predicate<HttpRequest> matches, Kind kind) {
    }
}
