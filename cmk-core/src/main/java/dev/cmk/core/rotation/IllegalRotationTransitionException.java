package dev.cmk.core.rotation;

import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;

/**
 * A rotation was asked to move between two states that {@link RotationTransition} does not connect, for example
 * to abort a completed rotation. It is raised only by a guard that runs before any write, so nothing was changed.
 * State that Azure reports moving on its own is never raised as this error: it is a
 * {@link RotationEvent.Kind#DRIFT} event.
 */
public class IllegalRotationTransitionException extends CmkException {
    private static final long serialVersionUID = 1L;

    /** The rotated key (serialized form). */
    private final String key;
    /** The current state (serialized form). */
    private final RotationState from;
    /** The refused target state (serialized form). */
    private final RotationState to;

    /**
     * Creates the error.
     *
     * @param key the rotated key
     * @param from the current state
     * @param to the refused target state
     */
    public IllegalRotationTransitionException(KeyReference key, RotationState from, RotationState to) {
        super(ErrorCode.ILLEGAL_ROTATION_TRANSITION, "rotation of " + key.versionless() + " cannot go from " + from
                + " to " + to + "; nothing was changed");
        this.key = key.versionless().keyId();
        this.from = from;
        this.to = to;
    }

    /**
     * The rotated key.
     *
     * @return the versionless key id
     */
    public String key() {
        return key;
    }

    /**
     * The state the rotation is in.
     *
     * @return the current state
     */
    public RotationState from() {
        return from;
    }

    /**
     * The state that was refused.
     *
     * @return the target state
     */
    public RotationState to() {
        return to;
    }
}
