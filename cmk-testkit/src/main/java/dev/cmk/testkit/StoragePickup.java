package dev.cmk.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Storage's periodic pickup of a newer key version for auto-updating accounts, scheduled by time: a priority queue
 * of (due time, account), so bringing the state up to date costs O(log n) per due check instead of a scan of every
 * account on every call. Entries are invalidated lazily: an entry whose due time no longer matches the account's
 * {@link AccountState#pickupDue} (rescheduled or cancelled since) is dropped when it reaches the head.
 *
 * <p>Package-private; guarded by the owning {@link InMemoryAzure}'s monitor.
 */
final class StoragePickup {
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long sequence;
    private Duration interval = Duration.ofHours(24);

    Duration interval() {
        return interval;
    }

    void interval(Duration interval) {
        this.interval = interval;
    }

    /** Sets when Storage next checks the vault for the account ({@code null}: never, the account is not auto-updating). */
    void schedule(AccountState account, Instant due) {
        account.pickupDue = due;
        if (due != null) {
            queue.add(new Entry(due, sequence++, account));
        }
    }

    /** Schedules the account's next check one interval from now (auto-updating) or cancels it. */
    void reschedule(AccountState account, Instant now) {
        schedule(account, account.isAutoUpdating() ? now.plus(interval) : null);
    }

    /**
     * Runs every check due at or before {@code now}, in time order (ties in scheduling order). Each check that
     * still applies calls {@code check} with the account (its {@link AccountState#pickupDue} is the check's time)
     * and schedules the next one an interval later.
     */
    void runUntil(Instant now, Consumer<AccountState> check) {
        while (!queue.isEmpty() && !queue.peek().due.isAfter(now)) {
            Entry e = queue.poll();
            AccountState a = e.account;
            if (!e.due.equals(a.pickupDue) || !a.isAutoUpdating()) {
                continue; // rescheduled, cancelled, or no longer auto-updating since this entry was queued
            }
            check.accept(a);
            schedule(a, e.due.plus(interval));
        }
    }

    /** Queued entries, stale ones included (for tests of the queue's bound). */
    int queued() {
        return queue.size();
    }

    private record Entry(Instant due, long seq, AccountState account) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
