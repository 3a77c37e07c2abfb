package dev.cmk.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A mutable UTC clock for tests: time moves only when {@link #advance(Duration)} or {@link #set(Instant)} is
 * called. Thread-safe. Pass it to {@code CustomerManagedKeys.builder().clock(..)} and to the in-memory Azure so
 * both see the same time.
 */
public final class VirtualClock extends Clock {
    private volatile Instant now;
    /** Per-thread time ({@link #perThread(Instant)}), or null for one time shared by every thread. */
    private final InheritableThreadLocal<Lane> lanes;

    /**
     * A clock standing at the given instant.
     *
     * @param start the initial instant
     */
    public VirtualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
        this.lanes = null;
    }

    private VirtualClock(Instant start, boolean perThread) {
        this.now = Objects.requireNonNull(start, "start");
        Lane root = new Lane(null, start);
        this.lanes = new InheritableThreadLocal<>() {
            @Override
            protected Lane initialValue() {
                return new Lane(null, root.own);
            }

            @Override
            protected Lane childValue(Lane parent) {
                return new Lane(parent, parent.own);
            }
        };
        this.lanes.set(root);
    }

    /**
     * A clock whose time is kept per thread, so that threads sleeping on it in parallel (one sleeper
     * {@code clock::advance} shared by several threads) do not add their waits up, as they would on one shared
     * time. The time a run takes on it is the time a real run would take, with zero time for computing and HTTP:
     * <ul>
     *   <li>{@link #advance(Duration)} moves only the calling thread's time;</li>
     *   <li>a thread starts at the time of the thread that created it (the fork);</li>
     *   <li>a thread that created others reads, from its next {@link #instant()} or {@link #advance(Duration)} on,
     *       at least the latest time any of them (or their own children) reached: a thread that waited for its
     *       workers (the join) continues when the last of them finished;</li>
     *   <li>{@link #latest()} is the latest time any thread reached.</li>
     * </ul>
     * Threads that never created each other share no time. Valid for rate limits only when each limited bucket
     * is used by one thread at a time (for example one thread per subscription-region); a bucket shared by
     * threads would see their requests out of time order. A thread that did not descend from the creating thread
     * (it already existed) starts at the creating thread's time when it first reads the clock.
     *
     * @param start the initial instant of every thread
     * @return a new per-thread clock
     */
    public static VirtualClock perThread(Instant start) {
        return new VirtualClock(start, true);
    }

    /**
     * Whether time is kept per thread ({@link #perThread(Instant)}).
     *
     * @return true for a per-thread clock
     */
    public boolean isPerThread() {
        return lanes != null;
    }

    /**
     * The latest time any thread reached; on a clock shared by all threads, {@link #instant()}.
     *
     * @return the latest instant
     */
    public Instant latest() {
        return now;
    }

    /**
     * A task that runs on whatever thread executes it with the time of the thread that called this method (its
     * waits move that thread's time), then restores the executing thread's own time. Use it to decorate the tasks
     * of thread pools that a library shares between callers, for example Reactor's schedulers, which the Azure SDK
     * may use to run a caller's request: {@code Schedulers.onScheduleHook("virtual-time", clock::carrying)}. On a
     * shared clock the task is returned as it is.
     *
     * @param task the task
     * @return the task carrying the calling thread's time
     */
    public Runnable carrying(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (lanes == null) {
            return task;
        }
        Lane owner = lanes.get();
        return () -> {
            Lane own = lanes.get();
            lanes.set(owner);
            try {
                task.run();
            } finally {
                lanes.set(own);
            }
        };
    }

    /** One thread's time, and the latest time its children reached. */
    private static final class Lane {
        private final Lane parent;
        private volatile Instant own;
        private volatile Instant children;

        Lane(Lane parent, Instant start) {
            this.parent = parent;
            this.own = start;
            this.children = start;
        }

        /** The thread's time, raised to its children's latest: called only by the lane's own thread. */
        synchronized Instant collapse() {
            if (children.isAfter(own)) {
                own = children;
            }
            return own;
        }

        synchronized void raiseChildren(Instant t) {
            if (t.isAfter(children)) {
                children = t;
            }
        }
    }

    private synchronized void raiseLatest(Instant t) {
        if (t.isAfter(now)) {
            now = t;
        }
    }

    private Instant moveLane(Lane lane, Instant to) {
        synchronized (lane) {
            lane.own = to;
        }
        for (Lane p = lane.parent; p != null; p = p.parent) {
            p.raiseChildren(to);
        }
        raiseLatest(to);
        return to;
    }

    /**
     * Moves time forward.
     *
     * @param duration how far; must not be negative
     * @return the new instant
     * @throws IllegalArgumentException if the duration is negative
     */
    public Instant advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a virtual clock only moves forward, got " + duration);
        }
        if (lanes != null) {
            Lane lane = lanes.get();
            return moveLane(lane, lane.collapse().plus(duration));
        }
        synchronized (this) {
            now = now.plus(duration);
            return now;
        }
    }

    /**
     * Sets the time; it may not move backwards.
     *
     * @param instant the new instant
     * @throws IllegalArgumentException if the instant is before the current one
     */
    public void set(Instant instant) {
        if (lanes != null) {
            Lane lane = lanes.get();
            Instant at = lane.collapse();
            if (instant.isBefore(at)) {
                throw new IllegalArgumentException("a virtual clock only moves forward: " + instant + " < " + at);
            }
            moveLane(lane, instant);
            return;
        }
        synchronized (this) {
            if (instant.isBefore(now)) {
                throw new IllegalArgumentException("a virtual clock only moves forward: " + instant + " < " + now);
            }
            now = instant;
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("a virtual clock is UTC only");
        }
        return this;
    }

    @Override
    public Instant instant() {
        return lanes == null ? now : lanes.get().collapse();
    }

    @Override
    public String toString() {
        return "VirtualClock[" + now + "]";
    }
}
