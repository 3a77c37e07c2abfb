package dev.cmk.core.rotation;

/**
 * Receives {@link RotationEvent}s: transitions and drift ({@link RotationEvent#kind()}). A listener that throws is
 * logged at warn level and never stops the rotation or other listeners. Register one per handle with
 * {@link KeyRotation#onTransition}, or for every rotation with {@code CustomerManagedKeys.builder().rotationListener}.
 * Listeners run on the thread that made the step, after the step released the key's lock and before
 * {@link KeyRotation#advance()} returns, so a listener may write to the key (or wait for a thread that does).
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
