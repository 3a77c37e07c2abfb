package dev.cmk.core.rotation;

import dev.cmk.api.KeyReference;
import java.time.Instant;
import java.util.Objects;

/**
 * Published by a rotation: after each of its own transitions ({@link Kind#TRANSITION}, once the state it reports is
 * what Azure reports), or when it finds that Azure's state moved on its own ({@link Kind#DRIFT}, for example an
 * operator re-pinned an account to an old version). A drift is information, not an error: the rotation re-derives
 * its state and goes on from there.
 *
 * @param key the rotated key (versionless)
 * @param rotationId the rotation's id (the tag on its new version)
 * @param kind a transition the rotation made, or drift it observed
 * @param from the state before
 * @param to the state after
 * @param transition the legal transition made; {@code null} for {@link Kind#DRIFT}, which need not be one
 * @param at when it was observed
 * @param detail what happened, for logs and audits (resource ids and versions only)
 */
public record RotationEvent(KeyReference key, String rotationId, Kind kind, RotationState from, RotationState to,
                            RotationTransition transition, Instant at, String detail) {

    /** What an event reports. */
    public enum Kind {
        /** A legal transition the rotation made through its own step. */
        TRANSITION,
        /** Azure's state moved without the rotation (or against it); the status carries a warning too. */
        DRIFT
    }

    /**
     * Checks the components.
     *
     * @param key the rotated key
     * @param rotationId the rotation's id
     * @param kind the kind
     * @param from the state before
     * @param to the state after
     * @param transition the transition, required for {@link Kind#TRANSITION}
     * @param at when
     * @param detail what happened
     */
    public RotationEvent {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.TRANSITION) {
            Objects.requireNonNull(transition, "transition");
        }
    }

    /**
     * A transition event (the form of earlier releases).
     *
     * @param key the rotated key
     * @param rotationId the rotation's id
     * @param transition the transition made
     * @param at when it was observed
     * @param detail what happened
     */
    public RotationEvent(KeyReference key, String rotationId, RotationTransition transition, Instant at,
                         String detail) {
        this(key, rotationId, Kind.TRANSITION, transition.from(), transition.to(), transition, at, detail);
    }
}
