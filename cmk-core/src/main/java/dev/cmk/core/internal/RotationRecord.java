package dev.cmk.core.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one codec for what a rotation records on its new key version's tags (not API). Schema 1 is the tag set cmk
 * has always written ({@code cmk-rotation}, {@code cmk-rotated-from}, {@code cmk-retire}, {@code cmk-aborted},
 * {@code cmk-completed}); from now on it is written with {@code cmk-schema=1}. Tags without {@code cmk-schema}
 * are read as schema 1, so rotations started by earlier releases resume. A record with a higher schema was written
 * by a newer cmk: it is read, but a rotation refuses to act on it.
 *
 * @param schema the schema version (1 when the tag is absent)
 * @param rotationId the rotation's id
 * @param rotatedFrom the version the rotation rotates away from, if recorded
 * @param retire whether old versions are to be retired
 * @param aborted whether the rotation was aborted
 * @param completed whether the rotation's completion was recorded
 */
public record RotationRecord(int schema, String rotationId, Optional<String> rotatedFrom, boolean retire,
                             boolean aborted, boolean completed) {
    /** The schema this release writes and fully understands. */
    public static final int SCHEMA = 1;

    /**
     * A new record, as written when a rotation creates its version.
     *
     * @param rotationId the rotation's id
     * @param rotatedFrom the current version
     * @param retire whether old versions are to be retired
     * @return the record
     */
    public static RotationRecord started(String rotationId, String rotatedFrom, boolean retire) {
        return new RotationRecord(SCHEMA, rotationId, Optional.of(rotatedFrom), retire, false, false);
    }

    /**
     * Reads a version's tags.
     *
     * @param tags the tags
     * @return the record, or empty when the version was not created by a rotation
     */
    public static Optional<RotationRecord> read(Map<String, String> tags) {
        String id = tags.get(RotationTags.ROTATION);
        if (id == null) {
            return Optional.empty();
        }
        int schema;
        try {
            schema = Integer.parseInt(tags.getOrDefault(RotationTags.SCHEMA, "1").trim());
        } catch (NumberFormatException e) {
            schema = Integer.MAX_VALUE; // not ours to interpret
        }
        return Optional.of(new RotationRecord(schema, id, Optional.ofNullable(tags.get(RotationTags.ROTATED_FROM)),
                "true".equals(tags.get(RotationTags.RETIRE)), "true".equals(tags.get(RotationTags.ABORTED)),
                "true".equals(tags.get(RotationTags.COMPLETED))));
    }

    /**
     * Whether this release may act on the record.
     *
     * @return false when a newer cmk wrote it
     */
    public boolean understood() {
        return schema <= SCHEMA;
    }

    /**
     * The tags to write: the version's other tags kept, this record's tags set, with the schema version.
     *
     * @param existing the version's current tags
     * @return the new tags
     */
    public Map<String, String> writeOnto(Map<String, String> existing) {
        Map<String, String> tags = new HashMap<>(existing);
        tags.put(RotationTags.SCHEMA, Integer.toString(SCHEMA));
        tags.put(RotationTags.ROTATION, rotationId);
        rotatedFrom.ifPresent(v -> tags.put(RotationTags.ROTATED_FROM, v));
        tags.put(RotationTags.RETIRE, Boolean.toString(retire));
        if (aborted) {
            tags.put(RotationTags.ABORTED, "true");
        }
        if (completed) {
            tags.put(RotationTags.COMPLETED, "true");
        }
        return tags;
    }

    /**
     * This record with another retirement choice.
     *
     * @param retire the choice
     * @return the record
     */
    public RotationRecord withRetire(boolean retire) {
        return new RotationRecord(schema, rotationId, rotatedFrom, retire, aborted, completed);
    }

    /**
     * This record marked aborted.
     *
     * @return the record
     */
    public RotationRecord markAborted() {
        return new RotationRecord(schema, rotationId, rotatedFrom, retire, true, completed);
    }

    /**
     * This record marked completed.
     *
     * @return the record
     */
    public RotationRecord markCompleted() {
        return new RotationRecord(schema, rotationId, rotatedFrom, retire, aborted, true);
    }

    /**
     * The tags of a version a rotation retires.
     *
     * @param existing the version's tags
     * @param rotationId the retiring rotation
     * @return the new tags
     */
    public static Map<String, String> retiredBy(Map<String, String> existing, String rotationId) {
        Map<String, String> tags = new HashMap<>(existing);
        tags.put(RotationTags.RETIRED_BY, rotationId);
        return tags;
    }

    /**
     * The tags of a version a key-wide revoke disables.
     *
     * @param existing the version's tags
     * @param revocationId the revocation id
     * @return the new tags
     */
    public static Map<String, String> revokedBy(Map<String, String> existing, String revocationId) {
        Map<String, String> tags = new HashMap<>(existing);
        tags.put(RotationTags.REVOKED_BY, revocationId);
        return tags;
    }

    /**
     * The tags of a version a restore re-enables.
     *
     * @param existing the version's tags
     * @return the tags without the revocation mark
     */
    public static Map<String, String> restored(Map<String, String> existing) {
        Map<String, String> tags = new HashMap<>(existing);
        tags.remove(RotationTags.REVOKED_BY);
        return tags;
    }

    /**
     * The revocation that disabled a version, if any.
     *
     * @param tags the version's tags
     * @return the revocation id
     */
    public static Optional<String> revocation(Map<String, String> tags) {
        return Optional.ofNullable(tags.get(RotationTags.REVOKED_BY));
    }
}
