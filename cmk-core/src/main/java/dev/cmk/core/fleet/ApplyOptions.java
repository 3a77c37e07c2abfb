package dev.cmk.core.fleet;

import dev.cmk.api.InvalidInputException;
import java.util.Objects;

/**
 * How a fleet plan is applied: the failure policy (required, so the choice is explicit), a progress listener, a
 * cancellation token and how many subscription-regions are written in parallel. Immutable.
 */
public final class ApplyOptions {
    private final FailurePolicy failurePolicy;
    private final FleetProgressListener listener;
    private final FleetCancellation cancellation;
    private final int parallelRegions;

    private ApplyOptions(FailurePolicy failurePolicy, FleetProgressListener listener, FleetCancellation cancellation,
                         int parallelRegions) {
        this.failurePolicy = failurePolicy;
        this.listener = listener;
        this.cancellation = cancellation;
        this.parallelRegions = parallelRegions;
    }

    /**
     * Options with the given failure policy, no listener, no cancellation and up to 8 subscription-regions in
     * parallel.
     *
     * @param failurePolicy stop on first failure, or continue
     * @return the options
     */
    public static ApplyOptions of(FailurePolicy failurePolicy) {
        return new ApplyOptions(Objects.requireNonNull(failurePolicy, "failurePolicy"), p -> { }, new FleetCancellation(),
                8);
    }

    /**
     * Sets the progress listener.
     *
     * @param listener the listener
     * @return new options
     */
    public ApplyOptions listener(FleetProgressListener listener) {
        return new ApplyOptions(failurePolicy, Objects.requireNonNull(listener, "listener"), cancellation,
                parallelRegions);
    }

    /**
     * Sets the cancellation token.
     *
     * @param cancellation the token
     * @return new options
     */
    public ApplyOptions cancellation(FleetCancellation cancellation) {
        return new ApplyOptions(failurePolicy, listener, Objects.requireNonNull(cancellation, "cancellation"),
                parallelRegions);
    }

    /**
     * Sets how many subscription-regions are written at once (one thread each; within one subscription-region
     * accounts are written one after the other). With 1, a single thread takes one account of each
     * subscription-region in turn.
     *
     * @param n 1 to 64
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public ApplyOptions parallelRegions(int n) {
        if (n < 1 || n > 64) {
            throw new InvalidInputException("parallel regions", "between 1 and 64", Integer.toString(n), "8");
        }
        return new ApplyOptions(failurePolicy, listener, cancellation, n);
    }

    /**
     * The failure policy.
     *
     * @return the policy
     */
    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /**
     * The listener.
     *
     * @return the listener
     */
    public FleetProgressListener listener() {
        return listener;
    }

    /**
     * The cancellation token.
     *
     * @return the token
     */
    public FleetCancellation cancellation() {
        return cancellation;
    }

    /**
     * The parallelism across subscription-regions.
     *
     * @return 1 to 64
     */
    public int parallelRegions() {
        return parallelRegions;
    }
}
