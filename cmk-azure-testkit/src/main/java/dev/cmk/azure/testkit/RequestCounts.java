package dev.cmk.azure.testkit;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP requests the {@link WireFake} received, per method and kind of path, for example
 * {@code "GET storageAccount"}, {@code "PATCH storageAccount"}, {@code "GET key"}, {@code "POST key/create"},
 * {@code "GET vault"}, {@code "PUT roleAssignment"}. The Key Vault authentication challenge (the SDK's first,
 * unauthenticated request to a host, answered 401) is counted apart as {@code "challenge"}: the SDK sends it once
 * per vault host per JVM, so it depends on test order. Failed requests count too: they cost against Azure's limits.
 */
public final class RequestCounts {
    /** The kind under which Key Vault authentication challenges are counted. */
    public static final String CHALLENGE = "challenge";
    /**
     * The kind under which requests refused by {@link WireFake#enforceLimits(WireLimits) enforced limits} are
     * counted (answered 429 before reaching their route, so not counted under it). {@link #total()} includes them.
     */
    public static final String THROTTLED = "throttled";
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    RequestCounts() {
    }

    void record(String kind) {
        counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    /**
     * Requests of one kind since the last reset.
     *
     * @param kind for example {@code "PATCH storageAccount"}
     * @return the count
     */
    public long count(String kind) {
        AtomicLong c = counts.get(kind);
        return c == null ? 0 : c.get();
    }

    /**
     * All requests except authentication challenges.
     *
     * @return the total
     */
    public long total() {
        return snapshot().entrySet().stream().filter(e -> !e.getKey().equals(CHALLENGE))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * Every kind requested at least once, sorted by name.
     *
     * @return a copy of the counts
     */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (v.get() > 0) {
                m.put(k, v.get());
            }
        });
        return m;
    }

    /** Sets every count back to zero. */
    public void reset() {
        counts.clear();
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
