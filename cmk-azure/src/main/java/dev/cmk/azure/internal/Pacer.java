package dev.cmk.azure.internal;

import dev.cmk.azure.RateLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sliding windows by key (for example {@code storage-write:<subscription>:<region>}): under each {@link RateLimit}
 * of a key at most {@code permits} calls go out in any window of length {@code per}, the strictest reading of
 * Azure's "N per period" (a token bucket with a full burst would let up to twice as many through in the first
 * period). A caller reserves a send time in every window of its keys at once and is told how long to wait;
 * reservations are granted in order per window, so concurrent callers queue fairly and nobody sleeps while holding
 * the lock. Time comes from the injected clock only.
 *
 * <p>A key's windows are created on first use, optionally seeded with the reservations of another key (so a
 * region's bucket starts with the reads that went to the subscription-wide bucket before the region was known).
 */
final class Pacer {
    private final Clock clock;
    private final Map<String, Window[]> windows = new HashMap<>();

    Pacer(Clock clock) {
        this.clock = clock;
    }

    /**
     * Reserves one send time under every limit of every pace, unless the wait would exceed {@code maxWait}.
     *
     * @return how long the caller must wait before calling (zero when it may call now) and the key that set it
     * @throws TooLong (nothing reserved) when the wait would exceed {@code maxWait}
     */
    synchronized Reservation reserve(List<CallRunner.Pace> paces, Duration maxWait) {
        Instant now = clock.instant();
        long nowNanos = nanos(now);
        List<Window> all = new ArrayList<>();
        long at = nowNanos;
        String busiest = null;
        for (CallRunner.Pace p : paces) {
            if (p.limits().isEmpty()) {
                continue;
            }
            Window[] w = windows.computeIfAbsent(p.key(), k -> create(p));
            for (Window window : w) {
                long t = window.earliest(nowNanos);
                if (t > at) {
                    at = t;
                    busiest = p.key();
                }
                all.add(window);
            }
        }
        Duration wait = Duration.ofNanos(at - nowNanos);
        if (wait.compareTo(maxWait) > 0) {
            throw new TooLong(busiest, wait);
        }
        for (Window window : all) {
            window.grant(at);
        }
        return new Reservation(wait, busiest);
    }

    /** A granted reservation: how long to wait (delay), and the key whose window set the wait (null when zero). */
    record Reservation(Duration delay, String key) {
    }

    /** The keys that exist and start with the prefix (for example every region bucket of a subscription). */
    synchronized List<String> keysStartingWith(String prefix) {
        List<String> keys = new ArrayList<>();
        for (String k : windows.keySet()) {
            if (k.startsWith(prefix)) {
                keys.add(k);
            }
        }
        return keys;
    }

    private Window[] create(CallRunner.Pace p) {
        Window[] seed = p.seedFrom() == null ? null : windows.get(p.seedFrom());
        Window[] w = new Window[p.limits().size()];
        for (int i = 0; i < w.length; i++) {
            RateLimit limit = p.limits().get(i);
            w[i] = new Window(limit.permits(), limit.per().toNanos());
            if (seed != null) {
                for (Window s : seed) {
                    if (s.length == w[i].length) {
                        s.grants.forEach(w[i]::grant);
                    }
                }
            }
        }
        return w;
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** A reservation that would wait longer than allowed; nothing was reserved. */
    static final class TooLong extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String key;
        final transient Duration wait;

        TooLong(String key, Duration wait) {
            super(key + " would wait " + wait, null, false, false);
            this.key = key;
            this.wait = wait;
        }
    }

    /** One sliding window: the send times of the last {@code permits} reservations, in order. */
    private static final class Window {
        private final int permits;
        private final long length;
        private final ArrayDeque<Long> grants = new ArrayDeque<>();

        Window(int permits, long length) {
            this.permits = permits;
            this.length = length;
        }

        /** The earliest send time at or after {@code now} that keeps this window's limit and its order. */
        long earliest(long now) {
            long t = now;
            if (!grants.isEmpty()) {
                t = Math.max(t, grants.peekLast());
            }
            if (grants.size() >= permits) {
                // the oldest of the last `permits` sends must have left the window (open at its start)
                t = Math.max(t, grants.peekFirst() + length);
            }
            return t;
        }

        void grant(long at) {
            if (!grants.isEmpty() && at < grants.peekLast()) {
                at = grants.peekLast(); // seeding keeps order; reservations are already in order
            }
            grants.addLast(at);
            while (grants.size() > permits) {
                grants.removeFirst();
            }
        }
    }
}
