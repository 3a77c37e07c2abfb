package dev.cmk.azure;

import java.time.Duration;

/**
 * How the adapter waits between retries and while pacing. The default, {@link #system()}, sleeps the calling
 * thread; tests pass one that advances a virtual clock instead, so nothing really sleeps.
 *
 * <pre>{@code
 * VirtualClock clock = azure.clock();
 * AzureCustomerManagedKeys.Builder builder = AzureCustomerManagedKeys.builder().clock(clock).sleeper(clock::advance);
 * }</pre>
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Waits for the given time.
     *
     * @param duration how long; zero or positive
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * The sleeper that blocks the calling thread with {@link Thread#sleep(long)}.
     *
     * @return the system sleeper
     */
    static Sleeper system() {
        return d -> Thread.sleep(d.toMillis());
    }
}
