package dev.cmk.api;

import java.util.List;

/**
 * An apply did not reach its goal: a step failed part-way ({@link ErrorCode#PARTIALLY_APPLIED}) or Azure accepted
 * a write that the verifying re-read shows did not take effect ({@link ErrorCode#VERIFICATION_FAILED}).
 * {@link #completedSteps()} says exactly which steps happened; re-running the same plan resumes from there.
 */
public class ApplyFailedException extends CmkException {
    private static final long serialVersionUID = 1L;

    /** The completedSteps of this error (serialized form). */
    private final List<String> completedSteps;

    /**
     * Creates the error.
     *
     * @param code {@link ErrorCode#PARTIALLY_APPLIED} or {@link ErrorCode#VERIFICATION_FAILED}
     * @param message what went wrong and what to do
     * @param completedSteps the steps that were performed before the failure, in order
     * @param cause the underlying failure, or null
     */
    public ApplyFailedException(ErrorCode code, String message, List<String> completedSteps, Throwable cause) {
        super(code, message + (completedSteps.isEmpty() ? "\nNo step was performed; the account is unchanged."
                : "\nSteps performed: " + completedSteps), cause instanceof CmkException c
                ? c.azureErrorCode().orElse(null) : null, 0, null, cause);
        this.completedSteps = List.copyOf(completedSteps);
    }

    /**
     * The steps performed before the failure.
     *
     * @return the steps in order; empty when nothing was changed
     */
    public List<String> completedSteps() {
        return completedSteps;
    }
}
