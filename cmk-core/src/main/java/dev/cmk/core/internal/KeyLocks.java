package dev.cmk.core.internal;

import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The per-key lock of this JVM (not API) for every write that can disable a key version or point an account at
 * one. Writes that change which versions are enabled, and re-check the accounts right before (rotation steps,
 * key-wide revoke, restore), hold it exclusively; writes that point an account at a version (configure, a fleet's
 * direct apply) hold it shared, so they run in parallel with each other but never between a disabling writer's
 * re-check and its writes.
 *
 * <p>Bounded: a fixed array of locks, chosen by the key's versionless id (case-insensitive), so memory does not
 * grow with the keys seen. Two keys may share a lock; that only serialises them, it never lets two writers on one
 * key interleave. Reentrant: an exclusive holder may take the shared lock (never the other way round).
 *
 * <p>It cannot see other processes: Key Vault and Storage offer no compare-and-set that would let one process
 * exclude another, so a disabling writer re-reads before and, for a key-wide revoke, after its writes.
 */
public final class KeyLocks {
    private static final int STRIPES = 64;
    private static final ReadWriteLock[] LOCKS = new ReadWriteLock[STRIPES];
    /** How many key locks this thread holds, and what runs once it holds none. */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static final ThreadLocal<Deque<Runnable>> PENDING = ThreadLocal.withInitial(ArrayDeque::new);

    static {
        for (int i = 0; i < STRIPES; i++) {
            LOCKS[i] = new ReentrantReadWriteLock();
        }
    }

    private KeyLocks() {
    }

    private static ReadWriteLock of(KeyReference key) {
        String id = key.versionless().keyId().toLowerCase(Locale.ROOT);
        return LOCKS[Math.floorMod(id.hashCode(), STRIPES)];
    }

    /**
     * Runs an action that changes which versions of the key are enabled (and whatever it re-checks first) while no
     * other such action and no account write pointing at the key runs in this JVM.
     *
     * @param key the key (its version is ignored)
     * @param action the action
     * @param <T> its result type
     * @return its result
     */
    public static <T> T exclusive(KeyReference key, Supplier<T> action) {
        return holding(of(key).writeLock(), key, action);
    }

    /**
     * Runs an account write that points an account at the key (or one of its versions) while no action holding
     * the key {@link #exclusive} runs in this JVM; such writes may run in parallel with each other.
     *
     * @param key the key (its version is ignored)
     * @param action the write
     * @param <T> its result type
     * @return its result
     */
    public static <T> T shared(KeyReference key, Supplier<T> action) {
        return holding(of(key).readLock(), key, action);
    }

    /**
     * Runs an action now, or, when this thread holds a key lock, right after it releases its outermost one. Rotation
     * events go through here, so a listener never runs while a key is locked: a listener that writes to the same key,
     * or waits for another thread that does, cannot deadlock the rotation that told it.
     *
     * @param action the action
     */
    public static void afterRelease(Runnable action) {
        Deque<Runnable> pending = PENDING.get();
        if (DEPTH.get()[0] == 0) {
            action.run();
        } else {
            pending.add(action);
        }
    }

    private static <T> T holding(Lock lock, KeyReference key, Supplier<T> action) {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CmkException(ErrorCode.INTERRUPTED, "interrupted while waiting for another writer of "
                    + key.versionless() + " in this process to finish; nothing was changed");
        }
        int[] depth = DEPTH.get();
        depth[0]++;
        try {
            return action.get();
        } finally {
            lock.unlock();
            if (--depth[0] == 0) {
                Deque<Runnable> pending = PENDING.get();
                for (Runnable r = pending.poll(); r != null; r = pending.poll()) {
                    r.run();
                }
            }
        }
    }
}
