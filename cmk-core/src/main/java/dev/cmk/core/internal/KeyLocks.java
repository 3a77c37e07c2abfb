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
    /** Per stripe: how many exclusive sections have ended (a plan made before may have been overtaken). */
    private static final java.util.concurrent.atomic.AtomicLongArray EPOCHS =
            new java.util.concurrent.atomic.AtomicLongArray(STRIPES);
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

    private static int stripe(KeyReference key) {
        String id = key.versionless().keyId().toLowerCase(Locale.ROOT);
        return Math.floorMod(id.hashCode(), STRIPES);
    }

    private static ReadWriteLock of(KeyReference key) {
        return LOCKS[stripe(key)];
    }

    /**
     * A counter that moves whenever an exclusive section on the key (or a key sharing its lock) has ended in this
     * JVM: a plan that read the key at one epoch and writes at the same epoch was not overtaken by a rotation,
     * revoke or restore of this process.
     *
     * @param key the key (its version is ignored)
     * @return the epoch
     */
    public static long epoch(KeyReference key) {
        return EPOCHS.get(stripe(key));
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
        try {
            return holding(of(key).writeLock(), key, action);
        } finally {
            EPOCHS.incrementAndGet(stripe(key));
        }
    }

    /**
     * Inside a shared section, before a write that pins an account to a version: when an exclusive section ended
     * since the plan was made (the epoch moved), reads the version again and refuses if it is no longer usable, so
     * a plan made before a rotation retired (or a revoke disabled) the version never points an account at it.
     *
     * @param keys the key vault port
     * @param key the key the write points the account at
     * @param policy the write's version policy (nothing is checked unless it is pinned)
     * @param planEpoch {@link #epoch} when the plan read the key
     * @param now the time
     * @throws dev.cmk.api.UnsafeOperationException if the pinned version is disabled, expired or not yet valid
     */
    public static void requirePinnedVersionStillUsable(dev.cmk.api.spi.KeyVaultProvider keys, KeyReference key,
                                                      dev.cmk.api.VersionPolicy policy, long planEpoch,
                                                      java.time.Instant now) {
        if (!(policy instanceof dev.cmk.api.VersionPolicy.Pinned p) || epoch(key) == planEpoch) {
            return;
        }
        KeyReference version = key.withVersion(p.version());
        if (!keys.getKey(version).isUsableAt(now)) {
            throw new dev.cmk.api.UnsafeOperationException(ErrorCode.UNSAFE_OPERATION, "version " + p.version()
                    + " of " + version.versionless() + " was disabled, or is expired or not yet valid, since the plan "
                    + "was made (a rotation, revoke or restore ran in between); no account is pointed at an unusable "
                    + "version, so nothing was written. Plan again.");
        }
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
