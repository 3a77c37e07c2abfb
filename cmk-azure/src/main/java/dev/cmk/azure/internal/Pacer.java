package dev.cmk.azure.internal;

import dev.cmk.azure.RateLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token buckets by key (for example {@code storage-write:<subscription>:<region>}). A caller reserves a permit in
 * every bucket of its key at once and is told how long to wait; buckets may go into debt, so concurrent callers
 * queue fairly and nobody sleeps while holding the lock. Time comes from the injected clock only.
 */
final class Pacer {
    private final Clock clock;
    private final Map<String, List<Bucket>> buckets = new HashMap<>();

    Pacer(Clock clock) {
        this.clock = clock;
    }

    /**
     * Reserves one permit under each limit of the key.
     *
     * @return how long the caller must wait before calling; zero when a permit was free
     */
    synchronized Duration reserve(String key, List<RateLimit> limits) {
        if (limits.isEmpty()) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        List<Bucket> list = buckets.computeIfAbsent(key, k -> {
            List<Bucket> l = new ArrayList<>();
            limits.forEach(limit -> l.add(new Bucket(limit, now)));
            return l;
        });
        double waitSeconds = 0;
        for (Bucket b : list) {
            waitSeconds = Math.max(waitSeconds, b.take(now));
        }
        return Duration.ofNanos((long) Math.ceil(waitSeconds * 1e9));
    }

    /** One token bucket; tokens may go negative (reservations). */
    private static final class Bucket {
        private final double capacity;
        private final double rate;
        private double tokens;
        private Instant last;

        Bucket(RateLimit limit, Instant now) {
            this.capacity = limit.permits();
            this.rate = limit.permitsPerSecond();
            this.tokens = capacity;
            this.last = now;
        }

        /** Takes a token; returns the seconds until it is covered. */
        double take(Instant now) {
            if (now.isAfter(last)) {
                double elapsed = Duration.between(last, now).toNanos() / 1e9;
                tokens = Math.min(capacity, tokens + elapsed * rate);
                last = now;
            }
            tokens -= 1;
            return tokens >= 0 ? 0 : -tokens / rate;
        }
    }
}
