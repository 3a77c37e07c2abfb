package dev.cmk.core.fleet;

import dev.cmk.api.StorageAccountId;
import dev.cmk.api.Violation;
import java.util.List;

/**
 * One account's part of a {@link FleetPlan}: what it will get, or why not.
 */
public final class AccountPlan {
    /** What the plan does to the account. */
    public enum Action {
        /** Already as desired: no write. */
        NO_CHANGE,
        /** Will be written (see {@link AccountPlan#steps()} and {@link AccountPlan#changes()}). */
        CHANGE,
        /** The rules are not met: not written; {@link AccountPlan#violations()} names the fix. */
        BLOCKED
    }

    /** One write of an account's change, in the order they are made. */
    public enum Step {
        /** Enable the account's system-assigned identity. */
        ENABLE_SYSTEM_IDENTITY,
        /** Attach the user-assigned identity to the account. */
        ATTACH_USER_IDENTITY,
        /** Grant the identity get, wrapKey and unwrapKey on the key. */
        GRANT_KEY_ACCESS,
        /** Switch the encryption identity on the current key first (Azure refuses identity and key together). */
        SET_ENCRYPTION_IDENTITY,
        /** Write the customer-managed key settings (one PATCH). */
        SET_CUSTOMER_MANAGED_KEY
    }

    private final StorageAccountId account;
    private final String location;
    private final Action action;
    private final List<Step> steps;
    private final List<String> changes;
    private final List<Violation> violations;
    /** The principal of the desired identity on the account, when it already has one. */
    final String principal;
    /** True when the change is one PATCH (after an optional grant) verified by its own response. */
    final boolean direct;

    AccountPlan(StorageAccountId account, String location, Action action, List<Step> steps, List<String> changes,
                List<Violation> violations, String principal, boolean direct) {
        this.account = account;
        this.location = location;
        this.action = action;
        this.steps = List.copyOf(steps);
        this.changes = List.copyOf(changes);
        this.violations = List.copyOf(violations);
        this.principal = principal;
        this.direct = direct;
    }

    /**
     * The account.
     *
     * @return the account id
     */
    public StorageAccountId account() {
        return account;
    }

    /**
     * The account's region (the pacing bucket is subscription and region).
     *
     * @return the region
     */
    public String location() {
        return location;
    }

    /**
     * What the plan does.
     *
     * @return the action
     */
    public Action action() {
        return action;
    }

    /**
     * The writes, in order; empty unless {@link Action#CHANGE}.
     *
     * @return the steps
     */
    public List<Step> steps() {
        return steps;
    }

    /**
     * The changed fields, as {@code field: old -> new}.
     *
     * @return the diff lines
     */
    public List<String> changes() {
        return changes;
    }

    /**
     * Every violation found for this account (errors block it; warnings do not).
     *
     * @return the violations
     */
    public List<Violation> violations() {
        return violations;
    }

    /**
     * The account's line, its changed fields, and every violation with its fix.
     *
     * @return the printable plan of this account
     */
    @Override
    public String toString() {
        return render(true);
    }

    String render(boolean withWarnings) {
        String mark = switch (action) {
            case NO_CHANGE -> "=";
            case CHANGE -> "~";
            case BLOCKED -> "!";
        };
        StringBuilder sb = new StringBuilder(mark).append(' ').append(account.name()).append(" (")
                .append(account.resourceGroup()).append(", ").append(location).append(")");
        switch (action) {
            case NO_CHANGE -> sb.append(": already as desired");
            case CHANGE -> {
                sb.append(": ").append(steps.size()).append(" write(s) ").append(steps);
                changes.forEach(c -> sb.append("\n    ").append(c));
            }
            case BLOCKED -> sb.append(": blocked");
            default -> throw new IllegalStateException();
        }
        for (Violation v : violations) {
            if (!withWarnings && v.severity() != dev.cmk.api.Severity.ERROR) {
                continue;
            }
            sb.append("\n    ").append(v.severity() == dev.cmk.api.Severity.ERROR ? "! " : "~ ").append(v.code())
                    .append(": ").append(v.message()).append("\n      fix: ").append(v.remediation());
        }
        return sb.toString();
    }
}
