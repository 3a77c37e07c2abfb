package dev.cmk.core.fleet;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cancels a running fleet apply from any thread: accounts already being written finish (an account is never left
 * between its writes by a cancellation), accounts not started are reported as not attempted.
 */
public final class FleetCancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** Creates a token that is not cancelled. */
    public FleetCancellation() {
    }

    /** Requests cancellation. Idempotent. */
    public void cancel() {
        cancelled.set(true);
    }

    /**
     * Whether cancellation was requested.
     *
     * @return true after {@link #cancel()}
     */
    public boolean isCancelled() {
        return cancelled.get();
    }
}
