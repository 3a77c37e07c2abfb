package dev.cmk.core.fleet;

import dev.cmk.api.spi.StorageAccountPage;
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
 * @param unreadable the accounts the plan's list pages carried but cmk could not read: not written
 */
public record FleetApplyReport(List<AccountOutcome> outcomes, boolean cancelled, boolean stoppedOnFailure,
                               Duration elapsed, List<StorageAccountPage.UnreadableAccount> unreadable) {
    /**
     * Copies the list.
     *
     * @param outcomes every matched account's outcome
     * @param cancelled whether the run was cancelled
     * @param stoppedOnFailure whether the run stopped after a failure
     * @param elapsed the run's duration
     * @param unreadable the accounts listed but not readable, not written
     */
    public FleetApplyReport {
        outcomes = List.copyOf(outcomes);
        Objects.requireNonNull(elapsed, "elapsed");
        unreadable = List.copyOf(unreadable);
    }

    /**
     * A report without unreadable accounts (the form before {@code unreadable} was added).
     *
     * @param outcomes every matched account's outcome
     * @param cancelled whether the run was cancelled
     * @param stoppedOnFailure whether the run stopped after a failure
     * @param elapsed the run's duration
     */
    public FleetApplyReport(List<AccountOutcome> outcomes, boolean cancelled, boolean stoppedOnFailure,
                            Duration elapsed) {
        this(outcomes, cancelled, stoppedOnFailure, elapsed, List.of());
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
     * Whether every account is as desired: nothing failed, blocked or left unattempted, and no listed account was
     * unreadable.
     *
     * @return true when the fleet converged
     */
    public boolean converged() {
        return unreadable.isEmpty() && outcomes.stream().allMatch(o -> o.status() == AccountOutcome.Status.WRITTEN
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
        if (!unreadable.isEmpty()) {
            sb.append("  not written (unreadable): ").append(unreadable.size()).append('\n');
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
        for (StorageAccountPage.UnreadableAccount u : unreadable) {
            sb.append("  ").append(u.resourceId()).append(" NOT WRITTEN: cmk cannot read it (").append(u.reason())
                    .append("); fix: move the account to a resource group cmk can read, then plan again\n");
        }
        return sb.toString();
    }
}
