package dev.cmk.api;

import java.util.List;
import java.util.Objects;

/**
 * All the violations found by one validation, collected together (never just the first).
 *
 * @param violations the violations in the order they were found
 */
public record ValidationReport(List<Violation> violations) {
    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param violations the violations in the order they were found
     */
    public ValidationReport {
        violations = List.copyOf(Objects.requireNonNull(violations, "violations"));
    }

    /**
     * A report with no violations.
     *
     * @return the empty report
     */
    public static ValidationReport empty() {
        return new ValidationReport(List.of());
    }

    /**
     * Whether there is no error-level violation (warnings allowed).
     *
     * @return true when nothing blocks
     */
    public boolean isValid() {
        return errors().isEmpty();
    }

    /**
     * The error-level violations.
     *
     * @return the errors
     */
    public List<Violation> errors() {
        return violations.stream().filter(v -> v.severity() == Severity.ERROR).toList();
    }

    /**
     * The warning-level violations.
     *
     * @return the warnings
     */
    public List<Violation> warnings() {
        return violations.stream().filter(v -> v.severity() == Severity.WARNING).toList();
    }

    /**
     * Whether a rule was broken.
     *
     * @param code the rule
     * @return true if any violation has this code
     */
    public boolean has(ViolationCode code) {
        return violations.stream().anyMatch(v -> v.code() == code);
    }

    /**
     * This report followed by another's violations.
     *
     * @param other another report
     * @return the combined report
     */
    public ValidationReport and(ValidationReport other) {
        List<Violation> all = new java.util.ArrayList<>(violations);
        all.addAll(other.violations);
        return new ValidationReport(all);
    }

    /**
     * Each violation with its fix, or a line saying all requirements are met.
     *
     * @return a printable report
     */
    @Override
    public String toString() {
        if (violations.isEmpty()) {
            return "Validation: all requirements met.";
        }
        StringBuilder sb = new StringBuilder("Validation: ").append(errors().size()).append(" error(s), ")
                .append(warnings().size()).append(" warning(s)");
        for (Violation v : violations) {
            sb.append("\n  - ").append(v);
        }
        return sb.toString();
    }
}
