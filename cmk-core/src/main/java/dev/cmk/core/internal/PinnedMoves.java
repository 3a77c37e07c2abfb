package dev.cmk.core.internal;

import dev.cmk.api.ApplyFailedException;
import dev.cmk.api.CmkException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a rotation step's pinned moves (or an abort's moves back) grouped by subscription-region, the groups in parallel: at most
 * {@code parallel} threads, each group on one thread (so each subscription-region is paced by one thread), a
 * thread with several groups taking one move of each in turn, the moves of one group one after another. Azure limits
 * Storage writes per subscription and region, so groups overlap their pacing and a rotation over several
 * subscription-regions takes about as long as its busiest one.
 *
 * <p>A move writes, verifies the account Azure returned and records it; it throws on any failure. After the first
 * failure no group starts another move; moves in flight finish. The failure is then reported as an
 * {@link ApplyFailedException} with the failing move's error code and cause, naming every account moved in the
 * step (each verified) and every account not moved. Errors and unchecked exceptions that are not
 * {@link CmkException}s are rethrown as they are, after every thread has stopped.
 */
final class PinnedMoves {
    private PinnedMoves() {
    }

    /**
     * Runs the moves.
     *
     * @param groups the moves per subscription-region, more than one group
     * @param parallel the most groups moved at the same time, at least 2
     * @param name the account name of a move, for the report
     * @param move the move: writes, verifies and records, or throws
     * @param what what the moves do, for the report ("pinning to version X")
     * @param step what one move did, for the completed steps ("pinned", "moved back")
     * @param then what the caller does next, for the report ("Advance the rotation again to move the rest")
     * @param <T> a move
     * @return the names of the accounts moved (all of them), in the order they were moved
     */
    static <T> List<String> run(Collection<List<T>> groups, int parallel, Function<T, String> name,
                                Consumer<T> move, String what, String step, String then) {
        List<String> moved = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<String> failedOn = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        int threads = Math.min(parallel, groups.size());
        List<List<List<T>>> perThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            perThread.add(new ArrayList<>());
        }
        int g = 0;
        for (List<T> group : groups) {
            perThread.get(g++ % threads).add(group);
        }
        List<Thread> started = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            List<T> order = interleave(perThread.get(t));
            Thread thread = new Thread(() -> {
                for (T m : order) {
                    if (stop.get()) {
                        return;
                    }
                    try {
                        move.accept(m);
                        moved.add(name.apply(m));
                    } catch (Throwable e) {
                        failedOn.add(name.apply(m));
                        failures.add(e);
                        stop.set(true);
                        return;
                    }
                }
            }, "cmk-rotation-moves-" + (t + 1));
            thread.setDaemon(true);
            started.add(thread);
            thread.start();
        }
        boolean interrupted = false;
        for (Thread thread : started) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop.set(true); // moves in flight finish; no other starts
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failures.isEmpty() && moved.size() == groups.stream().mapToInt(List::size).sum()) {
            return List.copyOf(moved);
        }
        List<String> notMoved = new ArrayList<>();
        java.util.Set<String> movedSet = new java.util.HashSet<>(moved);
        for (List<T> group : groups) {
            for (T m : group) {
                String n = name.apply(m);
                if (!movedSet.contains(n)) {
                    notMoved.add(n);
                }
            }
        }
        String report = " Moved in this step, each verified by the account Azure returned (" + moved.size() + "): "
                + moved + "; not moved (" + notMoved.size() + "): " + notMoved + (failedOn.isEmpty() ? ""
                : " (for " + String.join(", ", failedOn) + ", whose write failed, Azure's answer decides: a write "
                + "whose answer was lost may have taken effect; the next step reads it)")
                + ". " + then;
        if (failures.isEmpty()) {
            throw new ApplyFailedException(dev.cmk.api.ErrorCode.INTERRUPTED, what + " was interrupted." + report,
                    steps(step, moved), null);
        }
        Throwable first = failures.get(0);
        if (!(first instanceof CmkException c)) {
            for (Throwable other : failures.subList(1, failures.size())) {
                first.addSuppressed(other);
            }
            if (first instanceof Error err) {
                throw err;
            }
            throw (RuntimeException) first;
        }
        ApplyFailedException e = new ApplyFailedException(c.code(), what + " failed on " + failedOn.get(0) + ": "
                + c.getMessage() + "\n" + report, steps(step, moved), c);
        for (Throwable other : failures.subList(1, failures.size())) {
            e.addSuppressed(other);
        }
        throw e;
    }

    /** One move of each group in turn, so that a thread with several groups keeps each group's pacing busy. */
    static <T> List<T> interleave(List<List<T>> groups) {
        List<T> out = new ArrayList<>();
        int longest = groups.stream().mapToInt(List::size).max().orElse(0);
        for (int k = 0; k < longest; k++) {
            for (List<T> group : groups) {
                if (k < group.size()) {
                    out.add(group.get(k));
                }
            }
        }
        return out;
    }

    private static List<String> steps(String step, List<String> moved) {
        return moved.isEmpty() ? List.of() : List.of(step + " " + moved.size() + " account(s), named above");
    }
}
