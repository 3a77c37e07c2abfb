package dev.cmk.testkit;

import dev.cmk.api.CmkException;
import dev.cmk.api.internal.AzureErrors;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Faults the in-memory Azure injects into provider calls: Azure's own failure modes, one at a time or at random
 * with a seed, and simulated crashes of the calling process.
 *
 * <ul>
 *   <li>{@link #failNext(Operation, Kind)}: the next call of an operation fails with a fault of the given kind;</li>
 *   <li>{@link #random(double)}: every call fails with the given probability, with a kind chosen by the seed
 *       (re-seed per step with {@link #reseed(long)} so a step's faults do not depend on the steps before it);</li>
 *   <li>{@link #crashAfter(int)}: after the given number of further successful calls, the next call's caller
 *       "crashes" ({@link SimulatedCrash}); the write of the call that crashes is <em>not</em> made.</li>
 * </ul>
 *
 * <p>Most kinds strike <em>before</em> the call takes effect. The kinds whose {@link Kind#afterEffect()} is true
 * strike after it: a write is applied, then its answer is lost (503 or 408), the ambiguous outcome real clients
 * face. Such a fault on a read strikes before it, as a read has no effect to lose.
 */
public final class Faults {
    /** The kinds of fault, each with Azure's status and error code. */
    public enum Kind {
        /** 429 {@code TooManyRequests} with {@code Retry-After: 30}. */
        THROTTLED(false),
        /** 409 {@code StorageAccountOperationInProgress}. */
        OPERATION_IN_PROGRESS(false),
        /** 503 {@code ServiceUnavailable}. */
        TRANSIENT(false),
        /** 408 {@code RequestTimeout}. */
        TIMEOUT(false),
        /** 429 {@code TooManyRequests} without a {@code Retry-After} header. */
        THROTTLED_NO_RETRY_AFTER(false),
        /** The write is applied, then answered 503 {@code ServiceUnavailable}: the caller cannot know it happened. */
        APPLIED_THEN_TRANSIENT(true),
        /** The write is applied, then answered 408 {@code RequestTimeout}: the caller cannot know it happened. */
        APPLIED_THEN_TIMEOUT(true);

        private final boolean afterEffect;

        Kind(boolean afterEffect) {
            this.afterEffect = afterEffect;
        }

        /**
         * Whether a write this fault strikes is applied before the failure is answered.
         *
         * @return true for the {@code APPLIED_THEN_*} kinds
         */
        public boolean afterEffect() {
            return afterEffect;
        }
    }

    /** The history detail recorded for a write whose answer a fault discarded after it took effect. */
    public static final String LOST_RESPONSE = "response lost after the write took effect";

    private static final long SALT = 0x5DEECE66DL;

    private Random random;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private double rate;
    private int crashCountdown = -1;
    private long injected;
    private Kind armedAfter;

    Faults(long seed) {
        this.random = new Random(seed ^ SALT);
    }

    /**
     * Makes the next call of the given operation fail. For a kind that strikes after the effect on a write, the
     * write is applied first.
     *
     * @param operation the operation
     * @param kind the fault
     * @return this
     */
    public synchronized Faults failNext(Operation operation, Kind kind) {
        Objects.requireNonNull(operation, "operation");
        pending.add(new Pending(operation.wireName()::equals, Objects.requireNonNull(kind, "kind")));
        return this;
    }

    /**
     * Makes the next call whose operation name matches fail.
     *
     * @param operationPrefix an operation name or prefix, for example {@code storage.updateEncryption}
     * @param kind the fault
     * @return this
     * @throws IllegalArgumentException if the prefix matches no {@link Operation}: such a fault would never fire
     * @deprecated use {@link #failNext(Operation, Kind)}, which cannot be mistyped
     */
    @Deprecated
    public synchronized Faults failNext(String operationPrefix, Kind kind) {
        if (Arrays.stream(Operation.values()).noneMatch(o -> o.wireName().startsWith(operationPrefix))) {
            throw new IllegalArgumentException("no operation starts with '" + operationPrefix + "', so this fault "
                    + "would never fire; fix: use failNext(Operation, Kind), for example Operation.STORAGE_GET");
        }
        pending.add(new Pending(op -> op.startsWith(operationPrefix), Objects.requireNonNull(kind, "kind")));
        return this;
    }

    /**
     * Makes every call fail with the given probability (0 disables), with fault kinds chosen by the seed; faults
     * after the effect included.
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
     * Restarts the random fault stream from a seed, for example once per campaign step, so that the faults of a
     * step depend only on that step's seed and the calls it makes.
     *
     * @param seed the seed
     * @return this
     */
    public synchronized Faults reseed(long seed) {
        this.random = new Random(seed ^ SALT);
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
        armedAfter = null;
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
        armedAfter = null;
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
                strike(p.kind, operation);
                return;
            }
        }
        if (rate > 0 && !operation.startsWith("data.") && random.nextDouble() < rate) {
            strike(Kind.values()[random.nextInt(Kind.values().length)], operation);
        }
    }

    private void strike(Kind kind, String operation) {
        if (kind.afterEffect() && isWrite(operation)) {
            armedAfter = kind;
            return;
        }
        throw fault(kind, operation);
    }

    synchronized void after(String operation, String target) {
        Kind k = armedAfter;
        armedAfter = null;
        if (k != null) {
            throw fault(k, operation);
        }
    }

    private static boolean isWrite(String operation) {
        return Operation.fromWireName(operation).map(Operation::isWrite)
                .orElseGet(() -> !CallCounter.isRead(operation));
    }

    private CmkException fault(Kind kind, String operation) {
        injected++;
        return switch (kind) {
            case THROTTLED -> AzureErrors.toException(429, "TooManyRequests", "The request is being throttled ("
                    + operation + ").", Duration.ofSeconds(30), null);
            case THROTTLED_NO_RETRY_AFTER -> AzureErrors.toException(429, "TooManyRequests", "The request is being "
                    + "throttled (" + operation + ").", null, null);
            case OPERATION_IN_PROGRESS -> AzureErrors.toException(409, "StorageAccountOperationInProgress",
                    "An operation is currently performing on this storage account that requires exclusive access.",
                    null, null);
            case TRANSIENT, APPLIED_THEN_TRANSIENT -> AzureErrors.toException(503, "ServiceUnavailable", "The "
                    + "service is temporarily unavailable (" + operation + ").", null, null);
            case TIMEOUT, APPLIED_THEN_TIMEOUT -> AzureErrors.toException(408, "RequestTimeout", "The request timed "
                    + "out (" + operation + ").", null, null);
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
