package dev.cmk.azure;

import java.time.Duration;
import java.util.Objects;

/**
 * A sliding window: at most {@code permits} calls in any period of length {@code per} (the strictest reading of
 * Azure's "N per period"; a token bucket of the same size would let up to twice as many through in the first
 * period). Used to pace calls below Azure's own limits, so that fleet work waits on our side instead of collecting
 * 429s.
 *
 * @param permits the calls allowed in any window, at least 1
 * @param per the window, positive
 */
public record RateLimit(int permits, Duration per) {
    /**
     * Checks the bounds.
     *
     * @param permits the calls allowed in any window, at least 1
     * @param per the window, positive
     * @throws IllegalArgumentException naming the bad value
     */
    public RateLimit {
        Objects.requireNonNull(per, "per");
        if (permits < 1) {
            throw new IllegalArgumentException("a rate limit allows at least 1 permit, got " + permits);
        }
        if (per.isZero() || per.isNegative()) {
            throw new IllegalArgumentException("a rate limit's period must be positive, got " + per);
        }
    }

    /**
     * A limit of {@code permits} per period.
     *
     * @param permits the calls allowed in any window
     * @param per the window
     * @return the limit
     */
    public static RateLimit of(int permits, Duration per) {
        return new RateLimit(permits, per);
    }

    /**
     * The long-run rate this limit allows, in calls per second.
     *
     * @return the rate
     */
    public double permitsPerSecond() {
        return permits / (per.toNanos() / 1e9);
    }
}
