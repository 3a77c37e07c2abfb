package dev.cmk.api;

/** How serious a {@link Violation} is. */
public enum Severity {
    /** The operation cannot work or is unsafe; a plan with an error cannot be applied. */
    ERROR,
    /**
     * Worth knowing; does not block. For example a check that could not be made, or a key version that expires
     * within the minimum validity but is already in use by an account that the plan does not write
     * ({@link ViolationCode#KEY_EXPIRES_SOON} is an error only when a write would configure that version).
     */
    WARNING
}
