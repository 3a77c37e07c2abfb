package dev.cmk.core.internal;

/**
 * The key-version tag names through which rotations, retirements and revocations are recorded in Azure (not API).
 * Read and write them through {@link RotationRecord}, the one codec.
 */
public final class RotationTags {
    /** On a rotation's new version: the schema version of the record (absent before schema tags: read as 1). */
    public static final String SCHEMA = "cmk-schema";
    /** On a rotation's new version: the rotation id. */
    public static final String ROTATION = "cmk-rotation";
    /** On a rotation's new version: the version it rotates away from. */
    public static final String ROTATED_FROM = "cmk-rotated-from";
    /** On a rotation's new version: "true" when old versions are to be retired. */
    public static final String RETIRE = "cmk-retire";
    /** On a rotation's new version: "true" once the rotation was aborted. */
    public static final String ABORTED = "cmk-aborted";
    /** On a rotation's new version: "true" once the rotation completed (makes COMPLETED terminal). */
    public static final String COMPLETED = "cmk-completed";
    /** On a retired version: the rotation that retired it. */
    public static final String RETIRED_BY = "cmk-retired-by";
    /** On a version disabled by a key-wide revoke: the revocation id. */
    public static final String REVOKED_BY = "cmk-revoked-by";

    private RotationTags() {
    }
}
