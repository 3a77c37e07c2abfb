package dev.cmk.testkit;

import dev.cmk.api.CmkException;
import dev.cmk.api.internal.AzureErrors;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Faults the in-memory Azure injects into provider calls: Azure's own failure modes, one at a time or at random
 * with a seed, and simulated crashes of the calling process.
 *
 * <ul>
 *   <li>{@link #failNext(String, Kind)}: the next call of an operation fails with a fault of the given kind;</li>
 *   <li>{@link #random(double)}: every call fails with the given probability, with a kind chosen by the seed;</li>
 *   <li>{@link #crashAfter(int)}: after the given number of further successful calls, the next call's caller
 *       "crashes" ({@link SimulatedCrash}); the write of the call that crashes is <em>not</em> made.</li>
 * </ul>
 */
public final class Faults {
    /** The kinds of fault, each with Azure's status and error code. */
    public enum Kind {
        /** 429 {@code TooManyRequests} with {@code Retry-After: 30}. */
        THROTTLED,
        /** 409 {@code StorageAccountOperationInProgress}. */
        OPERATION_IN_PROGRESS,
        /** 503 {@code ServiceUnavailable}. */
        TRANSIENT,
        /** 408 {@code RequestTimeout}. */
        TIMEOUT
    }

    private final Random random;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private double rate;
    private int crashCountdown = -1;
    private long injected;

    Faults(long seed) {
        this.random = new Random(seed ^ 0x5DEECE66DL);
    }

    /**
     * Makes the next call whose operation name matches fail.
     *
     * @param operationPrefix an operation name or prefix, for example {@code storage.updateEncryption}
     * @param kind the fault
     * @return this
     */
    public synchronized Faults failNext(String operationPrefix, Kind kind) {
        pending.add(new Pending(op -> op.startsWith(operationPrefix), kind));
        return this;
    }

    /**
     * Makes every call fail with the given probability (0 disables), with fault kinds chosen by the seed.
     *
     * @param probability between 0 and 1
     * @return this
     */
    public synchronized Faults random(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        this.rate = probability;
        return this;
    }

    /**
     * Simulates a crash of the caller: after {@code calls} more calls succeed, the next call throws
     * {@link SimulatedCrash} before it takes effect. Negative disables.
     *
     * @param calls calls to let through first
     * @return this
     */
    public synchronized Faults crashAfter(int calls) {
        this.crashCountdown = calls;
        return this;
    }

    /** Clears every pending and random fault and any pending crash. */
    public synchronized void clear() {
        pending.clear();
        rate = 0;
        crashCountdown = -1;
    }

    /**
     * How many faults (not crashes) were injected so far.
     *
     * @return the count
     */
    public synchronized long injected() {
        return injected;
    }

    synchronized void before(String operation, String target) {
        if (crashCountdown == 0) {
            crashCountdown = -1;
            throw new SimulatedCrash(operation, target);
        }
        if (crashCountdown > 0) {
            crashCountdown--;
        }
        for (Pending p : pending) {
            if (p.matches.test(operation)) {
                pending.remove(p);
                throw fault(p.kind, operation);
            }
        }
        if (rate > 0 && !operation.startsWith("data.") && random.nextDouble() < rate) {
            throw fault(Kind.values()[random.nextInt(Kind.values().length)], operation);
        }
    }

    synchronized void after(String operation, String target) {
        // reserved for faults that strike after a write took effect
    }

    private CmkException fault(Kind kind, String operation) {
        injected++;
        return switch (kind) {
            case THROTTLED -> AzureErrors.toException(429, "TooManyRequests", "The request is being throttled ("
                    + operation + ").", Duration.ofSeconds(30), null);
            case OPERATION_IN_PROGRESS -> AzureErrors.toException(409, "StorageAccountOperationInProgress",
                    "An operation is currently performing on this storage account that requires exclusive access.",
                    null, null);
            case TRANSIENT -> AzureErrors.toException(503, "ServiceUnavailable", "The service is temporarily "
                    + "unavailable (" + operation + ").", null, null);
            case TIMEOUT -> AzureErrors.toException(408, "RequestTimeout", "The request timed out (" + operation
                    + ").", null, null);
        };
    }

    private record Pending(Predicate<String> matches, Kind kind) {
    }

    /** Thrown to simulate the caller's process stopping before a call took effect. Not a {@link CmkException}. */
    public static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String operation, String target) {
            super("simulated crash before " + operation + " on " + target);
        }
    }
}
