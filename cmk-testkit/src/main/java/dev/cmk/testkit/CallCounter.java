package dev.cmk.testkit;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the calls made to the in-memory Azure, per {@link Operation} (for example {@link Operation#STORAGE_GET},
 * {@link Operation#STORAGE_UPDATE_ENCRYPTION}, {@link Operation#KEYVAULT_GET_KEY}). The basis of call-economy tests and benchmarks.
 * Failed calls (including injected faults) are counted too: they cost a request against Azure's limits.
 */
public final class CallCounter {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    void record(String operation) {
        counts.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
    }

    /**
     * Calls of one operation since the last reset.
     *
     * @param operation the operation
     * @return the count
     */
    public long count(Operation operation) {
        AtomicLong c = counts.get(operation.wireName());
        return c == null ? 0 : c.get();
    }

    /**
     * Calls of one operation since the last reset.
     *
     * @param operation for example {@code storage.updateEncryption}
     * @return the count
     * @deprecated use {@link #count(Operation)}: a mistyped name here silently counts 0
     */
    @Deprecated
    public long count(String operation) {
        AtomicLong c = counts.get(operation);
        return c == null ? 0 : c.get();
    }

    /**
     * All reads: every operation whose {@link Operation#isRead()} is true (an operation name outside
     * {@link Operation} counts as a read when its part after the dot starts with {@code get} or {@code list}, or
     * is {@code permissions} or {@code describeVault}).
     *
     * @return the number of read calls
     */
    public long reads() {
        return snapshot().entrySet().stream().filter(e -> isRead(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * All writes (every call that is not a read).
     *
     * @return the number of write calls
     */
    public long writes() {
        return snapshot().entrySet().stream().filter(e -> !isRead(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * Counts of every operation called at least once, sorted by name.
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

    static boolean isRead(String operation) {
        java.util.Optional<Operation> known = Operation.fromWireName(operation);
        if (known.isPresent()) {
            return known.get().isRead();
        }
        String op = operation.substring(operation.indexOf('.') + 1);
        return op.startsWith("get") || op.startsWith("list") || op.equals("permissions") || op.equals("describeVault");
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
