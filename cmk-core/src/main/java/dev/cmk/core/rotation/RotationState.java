package dev.cmk.core.rotation;

/**
 * The states of a key rotation, derived from what Azure reports (the key's versions and tags, each dependent
 * account's configured version and the version it reports in use). Order of a normal rotation:
 * {@code PLANNED -> VERSION_CREATED -> PROPAGATING -> PROPAGATED -> RETIRING -> COMPLETED}.
 */
public enum RotationState {
    /** No version of this rotation exists yet; the next step creates it. */
    PLANNED,
    /** The new version exists; no dependent uses it yet. */
    VERSION_CREATED,
    /** Some dependents use the new version; pinned ones are being moved, auto-updating ones are awaited. */
    PROPAGATING,
    /** Every dependent uses the new version; retirement (if asked for) waits for the pickup window to pass. */
    PROPAGATED,
    /** Old versions that no dependent uses are being disabled. */
    RETIRING,
    /** Every dependent uses the new version and, if asked for, old versions are retired. Terminal. */
    COMPLETED,
    /**
     * An auto-updating dependent has not picked up the new version within the pickup window plus margin, or the new
     * version cannot be used; the status says which accounts and why. Resumes when the cause is gone.
     */
    STALLED,
    /** Pinned dependents were moved back to the old version; the rotation will not continue. Terminal. */
    ABORTED;

    /**
     * Whether no further transition is possible.
     *
     * @return true for {@link #COMPLETED} and {@link #ABORTED}
     */
    public boolean isTerminal() {
        return this == COMPLETED || this == ABORTED;
    }
}
