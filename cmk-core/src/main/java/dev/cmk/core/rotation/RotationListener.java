package dev.cmk.core.rotation;

/**
 * Receives {@link RotationEvent}s. A listener that throws is logged at warn level and never stops the rotation or
 * other listeners.
 */
@FunctionalInterface
public interface RotationListener {
    /**
     * Called after a transition.
     *
     * @param event the event
     */
    void onTransition(RotationEvent event);
}
