package dev.cmk.api;

import java.util.Objects;

/**
 * One broken rule: which rule ({@link #code()}), how serious, about what, what is wrong, and how to fix it.
 *
 * @param code the stable rule code
 * @param severity whether it blocks
 * @param subject the resource it is about (a key id, an account id, an identity id)
 * @param message what is wrong, naming the offending value
 * @param remediation how to fix it
 */
public record Violation(ViolationCode code, Severity severity, String subject, String message, String remediation) {
    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param code the rule
     * @param severity whether it blocks
     * @param subject the resource
     * @param message what is wrong
     * @param remediation how to fix it
     */
    public Violation {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(remediation, "remediation");
    }

    /**
     * An error-level violation.
     *
     * @param code the rule
     * @param subject the resource
     * @param message what is wrong
     * @param remediation how to fix it
     * @return the violation
     */
    public static Violation error(ViolationCode code, String subject, String message, String remediation) {
        return new Violation(code, Severity.ERROR, subject, message, remediation);
    }

    /**
     * A warning-level violation.
     *
     * @param code the rule
     * @param subject the resource
     * @param message what is wrong
     * @param remediation how to fix it
     * @return the violation
     */
    public static Violation warning(ViolationCode code, String subject, String message, String remediation) {
        return new Violation(code, Severity.WARNING, subject, message, remediation);
    }

    /**
     * One line for the violation and one for its fix.
     *
     * @return for example {@code ERROR KEY_DISABLED ...}
     */
    @Override
    public String toString() {
        return severity + " " + code + " [" + subject + "]: " + message + "\n    fix: " + remediation;
    }
}
