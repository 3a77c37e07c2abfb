package dev.cmk.core.fleet;

import dev.cmk.api.Severity;
import java.util.Objects;

/**
 * One finding of a fleet audit on one account.
 *
 * @param code a {@link FleetRule} or {@link dev.cmk.api.ViolationCode} name; stable
 * @param severity {@link Severity#ERROR} breaks a rule; {@link Severity#WARNING} is worth knowing
 * @param risk the risk it carries
 * @param subject what it is about (account, key or vault id)
 * @param message what was found, with the values
 * @param fix how to fix it
 */
public record AuditFinding(String code, Severity severity, Risk risk, String subject, String message, String fix) {
    /**
     * Checks the components (none may be null).
     *
     * @param code a {@link FleetRule} or {@link dev.cmk.api.ViolationCode} name
     * @param severity error or warning
     * @param risk the risk
     * @param subject what it is about
     * @param message what was found
     * @param fix how to fix it
     */
    public AuditFinding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
    }
}
