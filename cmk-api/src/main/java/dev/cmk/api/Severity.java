package dev.cmk.api;

/** How serious a {@link Violation} is. */
public enum Severity {
    /** The operation cannot work or is unsafe; a plan with an error cannot be applied. */
    ERROR,
    /** Worth knowing (a check that could not be made, a key that expires soon); does not block. */
    WARNING
}
