package dev.cmk.core.rotation;

/**
 * Receives {@link RotationEvent}s: transitions and drift ({@link RotationEvent#kind()}). A listener that throws is
 * logged at warn level and never stops the rotation or other listeners. Register one per handle with
 * {@link KeyRotation#onTransition}, or for every rotation with {@code CustomerManagedKeys.builder().rotationListener}.
 */
@FunctionalInterface
public interface RotationListener {
    /**
     * Called after a transition, or when drift was observed.
     *
     * @param event the event
     */
    void onTransition(RotationEvent event);
}
