package dev.cmk.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A mutable UTC clock for tests: time moves only when {@link #advance(Duration)} or {@link #set(Instant)} is
 * called. Thread-safe. Pass it to {@code CustomerManagedKeys.builder().clock(..)} and to the in-memory Azure so
 * both see the same time.
 */
public final class VirtualClock extends Clock {
    private volatile Instant now;

    /**
     * A clock standing at the given instant.
     *
     * @param start the initial instant
     */
    public VirtualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /**
     * Moves time forward.
     *
     * @param duration how far; must not be negative
     * @return the new instant
     * @throws IllegalArgumentException if the duration is negative
     */
    public synchronized Instant advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a virtual clock only moves forward, got " + duration);
        }
        now = now.plus(duration);
        return now;
    }

    /**
     * Sets the time; it may not move backwards.
     *
     * @param instant the new instant
     * @throws IllegalArgumentException if the instant is before the current one
     */
    public synchronized void set(Instant instant) {
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException("a virtual clock only moves forward: " + instant + " < " + now);
        }
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("a virtual clock is UTC only");
        }
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public String toString() {
        return "VirtualClock[" + now + "]";
    }
}
