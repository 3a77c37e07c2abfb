package dev.cmk.azure;

import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket: at most {@code permits} calls at once, refilled evenly over {@code per}. Used to pace calls
 * below Azure's own limits, so that fleet work waits on our side instead of collecting 429s.
 *
 * @param permits the bucket size (burst), at least 1
 * @param per the time in which a full bucket refills, positive
 */
public record RateLimit(int permits, Duration per) {
    /**
     * Checks the bounds.
     *
     * @param permits the bucket size (burst), at least 1
     * @param per the time in which a full bucket refills, positive
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
     * @param permits the bucket size
     * @param per the refill period
     * @return the limit
     */
    public static RateLimit of(int permits, Duration per) {
        return new RateLimit(permits, per);
    }

    /**
     * Permits refilled per second.
     *
     * @return the refill rate
     */
    public double permitsPerSecond() {
        return permits / (per.toNanos() / 1e9);
    }
}
