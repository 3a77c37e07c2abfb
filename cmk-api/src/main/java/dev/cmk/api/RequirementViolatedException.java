package dev.cmk.api;

import java.util.Objects;

/**
 * A plan or operation was refused because its validation found error-level violations. Nothing was changed.
 * Code {@link ErrorCode#REQUIREMENT_VIOLATED}; {@link #report()} lists every violation with its fix.
 */
public class RequirementViolatedException extends CmkException {
    private static final long serialVersionUID = 1L;

    private final transient ValidationReport report;

    /**
     * Creates the error.
     *
     * @param what what was refused, for example {@code "apply of plan for account contosodata"}
     * @param report the validation report; must hold at least one error
     */
    public RequirementViolatedException(String what, ValidationReport report) {
        super(ErrorCode.REQUIREMENT_VIOLATED, what + " refused; nothing was changed.\n" + report);
        this.report = Objects.requireNonNull(report, "report");
    }

    /**
     * Every violation found, with its fix.
     *
     * @return the report
     */
    public ValidationReport report() {
        return report;
    }
}
