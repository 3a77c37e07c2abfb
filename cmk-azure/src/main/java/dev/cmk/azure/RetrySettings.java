package dev.cmk.azure;

import java.time.Duration;
import java.util.Objects;

/**
 * How the adapter retries what Azure says is retryable: 429 (waiting what {@code Retry-After} says), 409
 * {@code StorageAccountOperationInProgress}, 408 and 5xx, and, for a bounded window after this adapter granted
 * access on a vault, 400 {@code KeyVaultAuthenticationFailure} on a storage write (role grants take minutes to
 * propagate). Waits back off exponentially from {@link #initialBackoff()} up to {@link #maxBackoff()}; a call is
 * given up after {@link #maxAttempts()} attempts or when the next wait would pass {@link #maxTotalWait()}, and the
 * last error is thrown with Azure's code.
 *
 * <p>A 429 whose {@code Retry-After} is missing or {@code 0} (Key Vault answers {@code Throttled} with
 * {@code retry-after: 0}, several times in a row) is not taken as "retry now": the wait is
 * {@link #throttledBackoff(int, double)}, exponential from at least {@link #MIN_THROTTLED_BACKOFF} and jittered,
 * within the same attempt and total-wait budget.
 *
 * <p>Key creation is not idempotent, so it is retried only after a 429 (the request was not executed), never
 * after a timeout or 5xx, whose outcome is unknown; a re-run of a rotation finds the version by its tag instead.
 *
 * @param maxAttempts attempts per call, including the first; at least 1
 * @param initialBackoff the first wait when Azure gives no {@code Retry-After}
 * @param maxBackoff the longest wait between two attempts when Azure gives no {@code Retry-After}
 * @param maxTotalWait the longest total wait for one call
 * @param grantPropagationWindow how long after a grant a {@code KeyVaultAuthenticationFailure} is retried
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotalWait,
                            Duration grantPropagationWindow) {
    /**
     * Checks the bounds.
     *
     * @param maxAttempts attempts per call, including the first; at least 1
     * @param initialBackoff the first wait when Azure gives no {@code Retry-After}
     * @param maxBackoff the longest wait between two attempts when Azure gives no {@code Retry-After}
     * @param maxTotalWait the longest total wait for one call
     * @param grantPropagationWindow how long after a grant a {@code KeyVaultAuthenticationFailure} is retried
     * @throws IllegalArgumentException naming the bad value
     */
    public RetrySettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts is at least 1, got " + maxAttempts);
        }
        for (Duration d : new Duration[] {initialBackoff, maxBackoff, maxTotalWait, grantPropagationWindow}) {
            if (Objects.requireNonNull(d, "durations of RetrySettings").isNegative()) {
                throw new IllegalArgumentException("retry durations cannot be negative, got " + d);
            }
        }
    }

    /** The shortest wait after a 429 that gave no usable {@code Retry-After} (none, or 0). */
    public static final Duration MIN_THROTTLED_BACKOFF = Duration.ofSeconds(1);

    /**
     * The defaults: 6 attempts, backoff from 2 s to 60 s, at most 5 minutes of waiting per call (enough for
     * Storage's {@code Retry-After: 30}), and a 10 minute window for grant propagation.
     *
     * @return the default settings
     */
    public static RetrySettings defaults() {
        return new RetrySettings(6, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMinutes(5),
                Duration.ofMinutes(10));
    }

    /**
     * No retries at all: every error reaches the caller at once.
     *
     * @return settings with a single attempt
     */
    public static RetrySettings none() {
        return new RetrySettings(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /**
     * The wait before attempt {@code attempt + 1} when Azure gave no {@code Retry-After}.
     *
     * @param attempt the attempt that failed, from 1
     * @return {@code initialBackoff * 2^(attempt-1)}, at most {@link #maxBackoff()}
     */
    public Duration backoff(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration d = initialBackoff.multipliedBy(factor);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /**
     * The wait before attempt {@code attempt + 1} after a 429 that gave no usable {@code Retry-After} (none, or
     * zero): {@link #backoff(int)}, but at least {@link #MIN_THROTTLED_BACKOFF}, stretched by a jitter factor
     * between 1 and 1.5 so that many callers throttled together do not retry together, and at most
     * {@link #maxBackoff()} (or the minimum, when {@code maxBackoff} is shorter).
     *
     * @param attempt the attempt that failed, from 1
     * @param jitter a number in [0, 1), typically random
     * @return the wait, at least one second
     * @throws IllegalArgumentException if {@code jitter} is outside [0, 1)
     */
    public Duration throttledBackoff(int attempt, double jitter) {
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter is in [0, 1), got " + jitter);
        }
        Duration base = backoff(attempt);
        if (base.compareTo(MIN_THROTTLED_BACKOFF) < 0) {
            base = MIN_THROTTLED_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 20));
        }
        Duration d = Duration.ofNanos((long) (base.toNanos() * (1 + jitter / 2)));
        Duration cap = maxBackoff.compareTo(MIN_THROTTLED_BACKOFF) < 0 ? MIN_THROTTLED_BACKOFF : maxBackoff;
        return d.compareTo(cap) > 0 ? cap : d;
    }
}
