package dev.cmk.core.fleet;

import dev.cmk.api.StorageAccountId;
import java.time.Duration;
import java.util.Optional;

/**
 * One progress event of a fleet apply, published after each account that needed a change.
 *
 * @param done accounts finished (written, failed, found in place, or not attempted)
 * @param total accounts the plan changes
 * @param written accounts written and verified
 * @param failed accounts that failed (their reasons are in the report)
 * @param throttled failures that were Azure throttling (429) after the adapter's own retries
 * @param notAttempted accounts skipped after a cancellation or a stop on failure
 * @param elapsed time since the apply started, on the configured clock
 * @param eta the estimated time left, from the pace so far; empty before the first account finished
 * @param account the account this event is about
 * @param status what happened to it
 */
public record FleetProgress(int done, int total, int written, int failed, int throttled, int notAttempted,
                            Duration elapsed, Optional<Duration> eta, StorageAccountId account,
                            AccountOutcome.Status status) {
    /**
     * The fraction done.
     *
     * @return between 0 and 1 (1 when there is nothing to do)
     */
    public double fraction() {
        return total == 0 ? 1.0 : (double) done / total;
    }
}
