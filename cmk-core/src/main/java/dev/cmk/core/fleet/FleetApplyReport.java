package dev.cmk.core.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a fleet apply wrote and what it did not: one {@link AccountOutcome} per matched account, in plan order.
 *
 * @param outcomes every matched account's outcome
 * @param cancelled whether the run was cancelled
 * @param stoppedOnFailure whether the run stopped after a failure ({@link FailurePolicy#STOP_ON_FIRST_FAILURE})
 * @param elapsed the run's duration on the configured clock
 */
public record FleetApplyReport(List<AccountOutcome> outcomes, boolean cancelled, boolean stoppedOnFailure,
                               Duration elapsed) {
    /**
     * Copies the list.
     *
     * @param outcomes every matched account's outcome
     * @param cancelled whether the run was cancelled
     * @param stoppedOnFailure whether the run stopped after a failure
     * @param elapsed the run's duration
     */
    public FleetApplyReport {
        outcomes = List.copyOf(outcomes);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * The accounts with a status.
     *
     * @param status the status
     * @return the outcomes, in plan order
     */
    public List<AccountOutcome> with(AccountOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).toList();
    }

    /**
     * How many accounts have a status.
     *
     * @param status the status
     * @return the count
     */
    public long count(AccountOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    /**
     * Every write Azure accepted, over all accounts (failed accounts included).
     *
     * @return the number of writes
     */
    public long writes() {
        return outcomes.stream().mapToLong(o -> o.writes().size()).sum();
    }

    /**
     * Whether every account is as desired: nothing failed, blocked or left unattempted.
     *
     * @return true when the fleet converged
     */
    public boolean converged() {
        return outcomes.stream().allMatch(o -> o.status() == AccountOutcome.Status.WRITTEN
                || o.status() == AccountOutcome.Status.UNCHANGED);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Fleet apply: ").append(outcomes.size()).append(" account(s)")
                .append(cancelled ? ", CANCELLED" : "").append(stoppedOnFailure ? ", STOPPED after a failure" : "")
                .append(", ").append(elapsed.toSeconds()).append(" s\n");
        for (AccountOutcome.Status s : AccountOutcome.Status.values()) {
            sb.append("  ").append(s.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append(": ")
                    .append(count(s)).append('\n');
        }
        sb.append("  writes accepted by Azure: ").append(writes()).append('\n');
        List<AccountOutcome> written = outcomes.stream().filter(o -> !o.writes().isEmpty()).toList();
        if (!written.isEmpty()) {
            sb.append("Written:\n");
            for (AccountOutcome o : written) {
                sb.append("  ").append(o.account().name()).append(o.status() == AccountOutcome.Status.WRITTEN ? ""
                        : " (" + o.status() + " after these writes)").append('\n');
                o.writes().forEach(w -> sb.append("    + ").append(w).append('\n'));
            }
        }
        List<AccountOutcome> notWritten = outcomes.stream().filter(o -> o.status() != AccountOutcome.Status.WRITTEN
                && o.status() != AccountOutcome.Status.UNCHANGED).toList();
        if (!notWritten.isEmpty()) {
            sb.append("Not done:\n");
            for (AccountOutcome o : notWritten) {
                sb.append("  ").append(o.account().name()).append(' ').append(o.status())
                        .append(o.errorCode().map(c -> " [" + c + "]").orElse("")).append(": ")
                        .append(o.reason().orElse("")).append('\n');
            }
        }
        return sb.toString();
    }
}
