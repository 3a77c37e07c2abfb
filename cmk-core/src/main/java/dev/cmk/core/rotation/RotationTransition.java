package dev.cmk.core.rotation;

import dev.cmk.api.KeyReference;

/**
 * Every legal transition of a {@link KeyRotation}: the rotation's own steps and what Azure may report on its own
 * (pickup by auto-updating accounts, time passing). A change between two derived states that this table does not
 * list is published as a {@link RotationEvent.Kind#DRIFT} event, never refused. Terminal states have no way out.
 */
public enum RotationTransition {
    /** The new version was created. */
    PLANNED_TO_VERSION_CREATED(RotationState.PLANNED, RotationState.VERSION_CREATED),
    /** The new version was created and no dependent uses the key, and no retirement was asked for. */
    PLANNED_TO_COMPLETED(RotationState.PLANNED, RotationState.COMPLETED),
    /** The new version was created, no dependent uses the key, and old versions wait for the window to retire. */
    PLANNED_TO_PROPAGATED(RotationState.PLANNED, RotationState.PROPAGATED),
    /** The new version was created but fails the requirements, so no account will be moved to it. */
    PLANNED_TO_STALLED(RotationState.PLANNED, RotationState.STALLED),
    /** A first dependent uses the new version. */
    VERSION_CREATED_TO_PROPAGATING(RotationState.VERSION_CREATED, RotationState.PROPAGATING),
    /** Every dependent uses the new version at once. */
    VERSION_CREATED_TO_PROPAGATED(RotationState.VERSION_CREATED, RotationState.PROPAGATED),
    /** Every dependent uses the new version and no retirement was asked for. */
    VERSION_CREATED_TO_COMPLETED(RotationState.VERSION_CREATED, RotationState.COMPLETED),
    /** Every dependent picked the version up after the window: retirement can start at once. */
    VERSION_CREATED_TO_RETIRING(RotationState.VERSION_CREATED, RotationState.RETIRING),
    /** The pickup window passed without pickup, or the new version is unusable. */
    VERSION_CREATED_TO_STALLED(RotationState.VERSION_CREATED, RotationState.STALLED),
    /** Abort before any dependent moved. */
    VERSION_CREATED_TO_ABORTED(RotationState.VERSION_CREATED, RotationState.ABORTED),
    /** Every dependent uses the new version. */
    PROPAGATING_TO_PROPAGATED(RotationState.PROPAGATING, RotationState.PROPAGATED),
    /** Every dependent uses the new version and no retirement was asked for. */
    PROPAGATING_TO_COMPLETED(RotationState.PROPAGATING, RotationState.COMPLETED),
    /** The pickup window plus margin passed without pickup. */
    PROPAGATING_TO_STALLED(RotationState.PROPAGATING, RotationState.STALLED),
    /** Every dependent picked the version up after the pickup window passed: retirement can start at once. */
    PROPAGATING_TO_RETIRING(RotationState.PROPAGATING, RotationState.RETIRING),
    /** Abort while moving dependents. */
    PROPAGATING_TO_ABORTED(RotationState.PROPAGATING, RotationState.ABORTED),
    /** The stalled cause is gone; propagation goes on. */
    STALLED_TO_PROPAGATING(RotationState.STALLED, RotationState.PROPAGATING),
    /** The stalled cause is gone and no dependent uses the new version yet. */
    STALLED_TO_VERSION_CREATED(RotationState.STALLED, RotationState.VERSION_CREATED),
    /** The late dependents picked the version up. */
    STALLED_TO_PROPAGATED(RotationState.STALLED, RotationState.PROPAGATED),
    /** The late dependents picked the version up and no retirement was asked for. */
    STALLED_TO_COMPLETED(RotationState.STALLED, RotationState.COMPLETED),
    /** The late dependents picked the version up after the window: retirement can start at once. */
    STALLED_TO_RETIRING(RotationState.STALLED, RotationState.RETIRING),
    /** Abort a stalled rotation. */
    STALLED_TO_ABORTED(RotationState.STALLED, RotationState.ABORTED),
    /** The pickup window has passed; old versions are being retired. */
    PROPAGATED_TO_RETIRING(RotationState.PROPAGATED, RotationState.RETIRING),
    /** Nothing to retire. */
    PROPAGATED_TO_COMPLETED(RotationState.PROPAGATED, RotationState.COMPLETED),
    /** Abort after propagation while the old version is still enabled. */
    PROPAGATED_TO_ABORTED(RotationState.PROPAGATED, RotationState.ABORTED),
    /** Old versions are retired. */
    RETIRING_TO_COMPLETED(RotationState.RETIRING, RotationState.COMPLETED);

    private final RotationState from;
    private final RotationState to;

    RotationTransition(RotationState from, RotationState to) {
        this.from = from;
        this.to = to;
    }

    /**
     * The state left.
     *
     * @return the source state
     */
    public RotationState from() {
        return from;
    }

    /**
     * The state entered.
     *
     * @return the target state
     */
    public RotationState to() {
        return to;
    }

    /**
     * Finds the transition between two states, or refuses. cmk uses it to name the transition of each event after
     * the change happened; it is not the guard of the rotation's steps: before any write, each step is checked
     * against the states it is legal from, and a refusal there is an {@link IllegalRotationTransitionException}
     * naming the current state and the state the step leads to.
     *
     * @param key the rotated key (for the error)
     * @param from the current state
     * @param to the requested state
     * @return the transition
     * @throws IllegalRotationTransitionException if the pair is not listed here
     */
    public static RotationTransition check(KeyReference key, RotationState from, RotationState to) {
        for (RotationTransition t : values()) {
            if (t.from == from && t.to == to) {
                return t;
            }
        }
        throw new IllegalRotationTransitionException(key, from, to);
    }
}
