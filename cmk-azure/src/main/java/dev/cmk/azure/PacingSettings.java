package dev.cmk.azure;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The pace the adapter keeps so that fleet work stays under Azure's limits instead of collecting 429s. Each list
 * is a set of token buckets that must all have a permit before a call goes out.
 *
 * @param storageWrites per subscription and region, for account writes (Storage's resource provider allows 10
 *     writes per second and 1,200 per hour)
 * @param storageReads per subscription and region, for account reads and lists (800 reads per 5 minutes)
 * @param vaultCalls per vault or Managed HSM, for every data-plane call
 * @param keyCreations per vault or Managed HSM, for key version creation (20 per 10 seconds for software RSA-2048,
 *     fewer for larger and HSM keys)
 */
public record PacingSettings(List<RateLimit> storageWrites, List<RateLimit> storageReads, List<RateLimit> vaultCalls,
                             List<RateLimit> keyCreations) {
    /**
     * Copies the lists.
     *
     * @param storageWrites per subscription and region, for account writes
     * @param storageReads per subscription and region, for account reads and lists
     * @param vaultCalls per vault, for every data-plane call
     * @param keyCreations per vault, for key version creation
     */
    public PacingSettings {
        storageWrites = List.copyOf(Objects.requireNonNull(storageWrites, "storageWrites"));
        storageReads = List.copyOf(Objects.requireNonNull(storageReads, "storageReads"));
        vaultCalls = List.copyOf(Objects.requireNonNull(vaultCalls, "vaultCalls"));
        keyCreations = List.copyOf(Objects.requireNonNull(keyCreations, "keyCreations"));
    }

    /**
     * Azure's documented limits, with headroom on the vault (Storage's own wrap and unwrap calls count against it
     * too): writes 10/s and 1,200/hour, reads 800 per 5 minutes, 1,000 vault calls and 10 key creations per 10 s.
     *
     * @return the default pacing
     */
    public static PacingSettings defaults() {
        return new PacingSettings(
                List.of(RateLimit.of(10, Duration.ofSeconds(1)), RateLimit.of(1200, Duration.ofHours(1))),
                List.of(RateLimit.of(800, Duration.ofMinutes(5))),
                List.of(RateLimit.of(1000, Duration.ofSeconds(10))),
                List.of(RateLimit.of(10, Duration.ofSeconds(10))));
    }

    /**
     * No pacing at all (for tests, or when something else paces the calls).
     *
     * @return pacing with no limits
     */
    public static PacingSettings unlimited() {
        return new PacingSettings(List.of(), List.of(), List.of(), List.of());
    }

    /**
     * These settings with other storage write limits.
     *
     * @param limits the limits per subscription and region
     * @return a copy
     */
    public PacingSettings withStorageWrites(RateLimit... limits) {
        return new PacingSettings(List.of(limits), storageReads, vaultCalls, keyCreations);
    }

    /**
     * These settings with other vault call limits.
     *
     * @param limits the limits per vault
     * @return a copy
     */
    public PacingSettings withVaultCalls(RateLimit... limits) {
        return new PacingSettings(storageWrites, storageReads, List.of(limits), keyCreations);
    }
}
