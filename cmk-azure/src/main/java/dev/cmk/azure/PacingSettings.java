package dev.cmk.azure;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The pace the adapter keeps so that fleet work stays under Azure's limits instead of collecting 429s. Each list
 * is a set of {@link RateLimit}s (sliding windows) that must all have room before a call goes out; a call that
 * would have to wait longer than {@link #maxWait()} is refused with a {@link dev.cmk.api.ThrottledException}
 * before anything is sent. Waits of 5 seconds or more are logged at INFO.
 *
 * <p>Storage buckets are per subscription and region. The region of an account comes from the adapter's earlier
 * list or read of it; a read or write of an account whose region is not known yet goes to a subscription-wide
 * bucket and is also counted in every region bucket of the subscription, and a region bucket created later starts
 * with the subscription-wide bucket's calls, so no region bucket starts fuller than Azure's.
 *
 * @param storageWrites per subscription and region, for account writes (Storage's resource provider allows 10
 *     writes per second and 1,200 per hour)
 * @param storageReads per subscription and region, for account reads (800 reads per 5 minutes)
 * @param vaultCalls per vault or Managed HSM, for every data-plane call
 * @param keyCreations per vault or Managed HSM, for key version creation (20 per 10 seconds for software RSA-2048,
 *     fewer for larger and HSM keys)
 * @param storageLists per subscription, for each page of an account list (100 lists per 5 minutes)
 * @param armReads per subscription, for every ARM read: accounts, vault resources, role assignments, resource
 *     lists (ARM's token bucket: 250, refilled at 25 per second)
 * @param armWrites per subscription, for every ARM write: accounts, access policies, role assignments (ARM's
 *     token bucket: 200, refilled at 10 per second)
 * @param maxWait the longest a call may wait for pacing; positive
 */
public record PacingSettings(List<RateLimit> storageWrites, List<RateLimit> storageReads, List<RateLimit> vaultCalls,
                             List<RateLimit> keyCreations, List<RateLimit> storageLists, List<RateLimit> armReads,
                             List<RateLimit> armWrites, Duration maxWait) {
    /** The default {@link #maxWait()}: one hour, the longest of Azure's Storage windows. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofHours(1);

    /**
     * Copies the lists and checks the bound.
     *
     * @param storageWrites per subscription and region, for account writes
     * @param storageReads per subscription and region, for account reads
     * @param vaultCalls per vault, for every data-plane call
     * @param keyCreations per vault, for key version creation
     * @param storageLists per subscription, for each page of an account list
     * @param armReads per subscription, for every ARM read
     * @param armWrites per subscription, for every ARM write
     * @param maxWait the longest a call may wait for pacing
     * @throws IllegalArgumentException if {@code maxWait} is zero or negative
     */
    public PacingSettings {
        storageWrites = List.copyOf(Objects.requireNonNull(storageWrites, "storageWrites"));
        storageReads = List.copyOf(Objects.requireNonNull(storageReads, "storageReads"));
        vaultCalls = List.copyOf(Objects.requireNonNull(vaultCalls, "vaultCalls"));
        keyCreations = List.copyOf(Objects.requireNonNull(keyCreations, "keyCreations"));
        storageLists = List.copyOf(Objects.requireNonNull(storageLists, "storageLists"));
        armReads = List.copyOf(Objects.requireNonNull(armReads, "armReads"));
        armWrites = List.copyOf(Objects.requireNonNull(armWrites, "armWrites"));
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isZero() || maxWait.isNegative()) {
            throw new IllegalArgumentException("the pacing bound maxWait must be positive, got " + maxWait
                    + "; fix: pass e.g. Duration.ofMinutes(10)");
        }
    }

    /**
     * Settings with the four original lists, no list or ARM pacing, and the default bound (kept for source
     * compatibility; prefer {@link #defaults()} and the {@code with...} methods).
     *
     * @param storageWrites per subscription and region, for account writes
     * @param storageReads per subscription and region, for account reads
     * @param vaultCalls per vault, for every data-plane call
     * @param keyCreations per vault, for key version creation
     */
    public PacingSettings(List<RateLimit> storageWrites, List<RateLimit> storageReads, List<RateLimit> vaultCalls,
                          List<RateLimit> keyCreations) {
        this(storageWrites, storageReads, vaultCalls, keyCreations, List.of(), List.of(), List.of(),
                DEFAULT_MAX_WAIT);
    }

    /**
     * Azure's documented limits, with headroom on the vault (Storage's own wrap and unwrap calls count against it
     * too): storage writes 10 per second and 1,200 per hour, reads 800 and lists 100 per 5 minutes, 1,000 vault
     * calls and 10 key creations per 10 s, ARM reads 250 per 10 s and writes 200 per 20 s (which a full ARM
     * token bucket always covers); waits bounded by {@link #DEFAULT_MAX_WAIT}.
     *
     * @return the default pacing
     */
    public static PacingSettings defaults() {
        return new PacingSettings(
                List.of(RateLimit.of(10, Duration.ofSeconds(1)), RateLimit.of(1200, Duration.ofHours(1))),
                List.of(RateLimit.of(800, Duration.ofMinutes(5))),
                List.of(RateLimit.of(1000, Duration.ofSeconds(10))),
                List.of(RateLimit.of(10, Duration.ofSeconds(10))),
                List.of(RateLimit.of(100, Duration.ofMinutes(5))),
                List.of(RateLimit.of(250, Duration.ofSeconds(10))),
                List.of(RateLimit.of(200, Duration.ofSeconds(20))),
                DEFAULT_MAX_WAIT);
    }

    /**
     * No pacing at all (for tests, or when something else paces the calls).
     *
     * @return pacing with no limits
     */
    public static PacingSettings unlimited() {
        return new PacingSettings(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                DEFAULT_MAX_WAIT);
    }

    /**
     * These settings with other storage write limits.
     *
     * @param limits the limits per subscription and region
     * @return a copy
     */
    public PacingSettings withStorageWrites(RateLimit... limits) {
        return new PacingSettings(List.of(limits), storageReads, vaultCalls, keyCreations, storageLists, armReads,
                armWrites, maxWait);
    }

    /**
     * These settings with other storage read limits.
     *
     * @param limits the limits per subscription and region
     * @return a copy
     */
    public PacingSettings withStorageReads(RateLimit... limits) {
        return new PacingSettings(storageWrites, List.of(limits), vaultCalls, keyCreations, storageLists, armReads,
                armWrites, maxWait);
    }

    /**
     * These settings with other storage list limits.
     *
     * @param limits the limits per subscription, for each page
     * @return a copy
     */
    public PacingSettings withStorageLists(RateLimit... limits) {
        return new PacingSettings(storageWrites, storageReads, vaultCalls, keyCreations, List.of(limits), armReads,
                armWrites, maxWait);
    }

    /**
     * These settings with other vault call limits.
     *
     * @param limits the limits per vault
     * @return a copy
     */
    public PacingSettings withVaultCalls(RateLimit... limits) {
        return new PacingSettings(storageWrites, storageReads, List.of(limits), keyCreations, storageLists, armReads,
                armWrites, maxWait);
    }

    /**
     * These settings with other key creation limits.
     *
     * @param limits the limits per vault
     * @return a copy
     */
    public PacingSettings withKeyCreations(RateLimit... limits) {
        return new PacingSettings(storageWrites, storageReads, vaultCalls, List.of(limits), storageLists, armReads,
                armWrites, maxWait);
    }

    /**
     * These settings with other ARM limits.
     *
     * @param reads the read limits per subscription
     * @param writes the write limits per subscription
     * @return a copy
     */
    public PacingSettings withArm(List<RateLimit> reads, List<RateLimit> writes) {
        return new PacingSettings(storageWrites, storageReads, vaultCalls, keyCreations, storageLists, reads, writes,
                maxWait);
    }

    /**
     * These settings with another bound on a single pacing wait.
     *
     * @param maxWait the longest a call may wait, positive
     * @return a copy
     * @throws IllegalArgumentException if it is zero or negative
     */
    public PacingSettings withMaxWait(Duration maxWait) {
        return new PacingSettings(storageWrites, storageReads, vaultCalls, keyCreations, storageLists, armReads,
                armWrites, maxWait);
    }
}
