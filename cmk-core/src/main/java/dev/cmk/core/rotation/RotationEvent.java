package dev.cmk.core.rotation;

import dev.cmk.api.KeyReference;
import java.time.Instant;

/**
 * Published after each transition of a rotation, once the state it reports is what Azure reports.
 *
 * @param key the rotated key (versionless)
 * @param rotationId the rotation's id (the tag on its new version)
 * @param transition the transition made
 * @param at when it was observed
 * @param detail what happened, for logs and audits (resource ids and versions only)
 */
public record RotationEvent(KeyReference key, String rotationId, RotationTransition transition, Instant at,
                            String detail) {
}
