package dev.cmk.azure.internal;

import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.ThrottledException;
import dev.cmk.azure.PacingSettings;
import dev.cmk.azure.RateLimit;
import dev.cmk.azure.RetrySettings;
import dev.cmk.azure.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every SDK call of the adapter: paces it, translates what the SDK throws into cmk's errors, and retries
 * what is retryable within the budget of {@link RetrySettings}. All waiting goes through the injected
 * {@link Sleeper} and all time through the injected {@link Clock}, so tests run on a virtual clock.
 */
final class CallRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CallRunner.class);
    /** Pacing waits this long or longer are logged at INFO. */
    static final Duration LOG_WAITS_FROM = Duration.ofSeconds(5);

    /** How a call may be retried. */
    enum Kind {
        /** A read or an idempotent write: retried after 429, 409 in progress, 408 and 5xx. */
        IDEMPOTENT,
        /** A write whose repetition would duplicate work (key creation): retried only after 429. */
        NOT_IDEMPOTENT,
        /** A storage write that may hit a grant that has not propagated yet. */
        STORAGE_WRITE
    }

    private final Clock clock;
    private final Sleeper sleeper;
    private final RetrySettings retry;
    private final PacingSettings pacing;
    private final Pacer pacer;
    private final java.util.function.DoubleSupplier jitter;
    /** When this adapter last granted access on a vault, by lower-case vault host. */
    private final Map<String, Instant> grants = new ConcurrentHashMap<>();

    /**
     * Creates a runner.
     *
     * @param clock the time source
     * @param sleeper how to wait
     * @param retry the retry budget
     * @param pacing the pacing limits
     */
    CallRunner(Clock clock, Sleeper sleeper, RetrySettings retry, PacingSettings pacing) {
        this(clock, sleeper, retry, pacing, () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Creates a runner with a given jitter source (tests pin it).
     *
     * @param clock the time source
     * @param sleeper how to wait
     * @param retry the retry budget
     * @param pacing the pacing limits
     * @param jitter numbers in [0, 1) that spread the waits after a 429 without a usable {@code Retry-After}
     */
    CallRunner(Clock clock, Sleeper sleeper, RetrySettings retry, PacingSettings pacing,
               java.util.function.DoubleSupplier jitter) {
        this.jitter = java.util.Objects.requireNonNull(jitter, "jitter");
        this.clock = clock;
        this.sleeper = sleeper;
        this.retry = retry;
        this.pacing = pacing;
        this.pacer = new Pacer(clock);
    }

    PacingSettings pacing() {
        return pacing;
    }

    Clock clock() {
        return clock;
    }

    /** Notes that access was granted on a vault now, opening the propagation window for storage writes. */
    void grantedOn(String vaultHost) {
        grants.put(vaultHost, clock.instant());
    }

    /**
     * Runs a call.
     *
     * @param what the operation and resource, for messages and logs (never a token)
     * @param kind how it may be retried
     * @param paces the pacing buckets that must all grant a permit first
     * @param vaultHost for storage writes: the vault of the key being set, or null
     * @param body the SDK call
     * @return its result
     */
    <T> T run(String what, Kind kind, List<Pace> paces, String vaultHost, Supplier<T> body) {
        Instant deadline = clock.instant().plus(retry.maxTotalWait());
        Instant grantWindowEnd = null; // fixed at the first access failure, so later grants cannot extend it
        for (int attempt = 1; ; attempt++) {
            pace(what, paces);
            try {
                return body.get();
            } catch (RuntimeException raw) {
                CmkException e = AzureFailures.translate(raw, what);
                if (e == null) {
                    throw raw;
                }
                Instant now = clock.instant();
                if (grantWindowEnd == null) {
                    grantWindowEnd = grantWindowEnd(e, kind, vaultHost);
                }
                Duration wait;
                if (grantWindowEnd != null && now.isBefore(grantWindowEnd)) {
                    // the grant has not reached Storage yet: keep trying until the window closes
                    wait = retry.backoff(attempt);
                    if (now.plus(wait).isAfter(grantWindowEnd)) {
                        throw e;
                    }
                } else {
                    wait = retryWait(e, kind, attempt);
                    if (wait == null || attempt >= retry.maxAttempts() || now.plus(wait).isAfter(deadline)) {
                        throw e;
                    }
                }
                LOG.debug("{} failed with {} ({}), attempt {}; retrying in {}", what, e.code(),
                        e.azureErrorCode().orElse("-"), attempt, wait);
                sleep(wait, what);
            }
        }
    }

    /**
     * Waits until every pace has a free place, within {@link PacingSettings#maxWait()}; waits of
     * {@link #LOG_WAITS_FROM} or more are logged at INFO with the bucket that caused them.
     *
     * @throws ThrottledException (nothing sent, nothing reserved) when the wait would exceed the bound
     */
    void pace(String what, List<Pace> paces) {
        if (paces.isEmpty()) {
            return;
        }
        Pacer.Reservation r;
        try {
            r = pacer.reserve(paces, pacing.maxWait());
        } catch (Pacer.TooLong e) {
            throw new ThrottledException(ErrorCode.THROTTLED, what + " was not sent: pacing under Azure's limits ("
                    + e.key + ") would wait " + e.wait + ", more than the bound of " + pacing.maxWait()
                    + "; fix: raise it with PacingSettings.withMaxWait(..), or spread the work over more time or "
                    + "more subscriptions and regions", null, 0, e.wait, null);
        }
        if (r.delay().compareTo(LOG_WAITS_FROM) >= 0) {
            LOG.info("pacing {}: waiting {} for {} (Azure's limit for that bucket)", what, r.delay(), r.key());
        }
        sleep(r.delay(), what);
    }

    /** The wait before the next attempt, or null when the error is not retried. */
    private Duration retryWait(CmkException e, Kind kind, int attempt) {
        if (e.code() == ErrorCode.THROTTLED) {
            // Key Vault sends retry-after: 0 with 429 Throttled: zero (or nothing) is no hint, so back off
            return e.retryAfter().filter(d -> d.compareTo(RetrySettings.MIN_THROTTLED_BACKOFF) >= 0)
                    .orElseGet(() -> retry.throttledBackoff(attempt, jitter.getAsDouble()));
        }
        if (kind == Kind.NOT_IDEMPOTENT) {
            return null;
        }
        if (e.code() == ErrorCode.OPERATION_IN_PROGRESS || e.code() == ErrorCode.TRANSIENT) {
            return e.retryAfter().orElse(retry.backoff(attempt));
        }
        return null;
    }

    /** For a storage write refused for want of key access soon after a grant on its vault: when to stop trying. */
    private Instant grantWindowEnd(CmkException e, Kind kind, String vaultHost) {
        if (kind != Kind.STORAGE_WRITE || vaultHost == null
                || e.azureErrorCode().filter("KeyVaultAuthenticationFailure"::equals).isEmpty()) {
            return null;
        }
        Instant grantedAt = grants.get(vaultHost);
        return grantedAt == null ? null : grantedAt.plus(retry.grantPropagationWindow());
    }

    /** The pace of an ARM read (vault resources, role assignments, resource lists) in the subscription. */
    List<Pace> armRead(String subscription) {
        return List.of(new Pace("arm-read:" + subscription.toLowerCase(java.util.Locale.ROOT), pacing.armReads()));
    }

    /** The pace of an ARM write (access policies, role assignments) in the subscription. */
    List<Pace> armWrite(String subscription) {
        return List.of(new Pace("arm-write:" + subscription.toLowerCase(java.util.Locale.ROOT), pacing.armWrites()));
    }

    /** The pacer's existing bucket keys with the prefix. */
    List<String> paceKeys(String prefix) {
        return pacer.keysStartingWith(prefix);
    }

    /**
     * A pacing bucket: its key and limits.
     *
     * @param key for example {@code storage-write:<subscription>:<region>}
     * @param limits the limits of the bucket
     * @param seedFrom when the bucket is created: the key whose reservations it starts with, or null
     */
    record Pace(String key, List<RateLimit> limits, String seedFrom) {
        Pace(String key, List<RateLimit> limits) {
            this(key, limits, null);
        }
    }

    void sleep(Duration d, String what) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(d);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new CmkException(ErrorCode.INTERRUPTED, what + " was interrupted while waiting " + d + "; the "
                    + "operation stopped (re-run it: cmk's operations resume from Azure's state)",
                    dev.cmk.api.AzureErrorDetails.NONE, ie);
        }
    }
}
