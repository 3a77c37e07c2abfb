package dev.cmk.core.internal;

import dev.cmk.api.KeyReference;
import dev.cmk.core.rotation.RotationEvent;
import dev.cmk.core.rotation.RotationListener;
import dev.cmk.core.rotation.RotationState;
import dev.cmk.core.rotation.RotationTransition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one rotation's events to the listeners registered on the builder and on the handle (not API). A
 * listener that throws is logged at warn level and never stops the rotation or the other listeners.
 */
final class RotationEvents {
    private static final Logger LOG = LoggerFactory.getLogger(RotationStateMachine.class);
    private final KeyReference key;
    private final String id;
    private final List<RotationListener> global;

    RotationEvents(KeyReference key, String id, List<RotationListener> global) {
        this.key = key;
        this.id = id;
        this.global = global;
    }

    /** Whether {@link RotationTransition} lists the pair. */
    static boolean isLegal(RotationState from, RotationState to) {
        for (RotationTransition t : RotationTransition.values()) {
            if (t.from() == from && t.to() == to) {
                return true;
            }
        }
        return false;
    }

    /** A transition the rotation made; a pair the transition table does not list goes out as drift. */
    void publish(RotationState from, RotationState to, String detail, Instant at, List<RotationListener> local) {
        if (!isLegal(from, to)) {
            publishDrift(from, to, detail, at, local);
            return;
        }
        RotationTransition t = RotationTransition.check(key, from, to);
        LOG.debug("rotation {} of {}: {} -> {} {}", id, key, from, to, detail);
        deliver(new RotationEvent(key, id, RotationEvent.Kind.TRANSITION, from, to, t, at, detail), local);
    }

    /** State that moved without the rotation. */
    void publishDrift(RotationState from, RotationState to, String detail, Instant at, List<RotationListener> local) {
        LOG.info("rotation {} of {}: drift {} -> {}: {}", id, key, from, to, detail);
        deliver(new RotationEvent(key, id, RotationEvent.Kind.DRIFT, from, to, null, at, detail), local);
    }

    private void deliver(RotationEvent event, List<RotationListener> local) {
        List<RotationListener> all = new ArrayList<>(global);
        all.addAll(local);
        // never while the key is locked: a listener may write to the key, or wait for a thread that does
        KeyLocks.afterRelease(() -> notify(all, event));
    }

    private void notify(List<RotationListener> all, RotationEvent event) {
        for (RotationListener l : all) {
            try {
                l.onTransition(event);
            } catch (RuntimeException e) {
                LOG.warn("rotation listener failed on {} {} -> {} for {}; the rotation goes on", event.kind(),
                        event.from(), event.to(), key, e);
            }
        }
    }
}
