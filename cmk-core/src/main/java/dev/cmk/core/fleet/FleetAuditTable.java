package dev.cmk.core.fleet;

import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.VaultRequirements;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * An {@link AuditSink} that prints a readable table as the rows stream by: a header, one line per account
 * (account, resource group, region, state, key, version policy, version in use, days to expiry, identity, risk),
 * each finding on an indented line below it with its fix, and the summary at the end. Columns have fixed widths
 * (longer values are cut with {@code ~}), so nothing has to be held to size them.
 */
public final class FleetAuditTable implements AuditSink {
    /** The column headers, in order. */
    public static final String HEADER = String.format(Locale.ROOT, "%-24s %-16s %-14s %-10s %-36s %-8s %-10s %6s "
            + "%-24s %-8s", "ACCOUNT", "RESOURCE GROUP", "REGION", "STATE", "KEY", "VERSION", "IN USE", "DAYS",
            "IDENTITY", "RISK").stripTrailing();
    private final Appendable out;

    /**
     * Prints to the given output.
     *
     * @param out for example {@code System.out} or a {@code StringBuilder}
     */
    public FleetAuditTable(Appendable out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void begin(FleetScope scope, FleetPolicy policy, VaultRequirements requirements, Instant at) {
        print("Fleet audit of " + scope + " at " + at + "\nPolicy: " + policy + "\n" + HEADER + "\n");
    }

    @Override
    public void row(AuditRow r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-24s %-16s %-14s %-10s %-36s %-8s %-10s %6s "
                        + "%-24s %-8s", cut(r.account().name(), 24), cut(r.account().resourceGroup(), 16),
                cut(r.location(), 14), state(r.state()), cut(r.key().map(k -> k.vaultUri().getHost() + "/" + k.name())
                        .orElse("-"), 36), r.versionPolicy().map(p -> p.isAutoUpdate() ? "auto" : "pinned").orElse("-"),
                cut(r.versionInUse().orElse("-"), 10), r.daysToExpiry().map(String::valueOf).orElse("-"),
                cut(r.identity().map(FleetAuditTable::identity).orElse("-"), 24), r.risk().name()).stripTrailing());
        sb.append('\n');
        for (AuditFinding f : r.findings()) {
            sb.append("    ").append(f.severity() == dev.cmk.api.Severity.ERROR ? "! " : "~ ").append(f.code())
                    .append(": ").append(f.message()).append("\n      fix: ").append(f.fix()).append('\n');
        }
        print(sb.toString());
    }

    /** Prints the account's full id (its name and resource group may be what cmk cannot read) and its finding. */
    @Override
    public void unreadable(UnreadableRow r) {
        AuditFinding f = r.finding();
        print(String.format(Locale.ROOT, "%-24s %-16s %-14s %-10s %-36s %-8s %-10s %6s %-24s %-8s", "?", "?", "-",
                state(EncryptionState.UNREADABLE), cut(r.account().keyVaultUri().orElse("-"), 36), "-", "-", "-", "-",
                r.risk().name()).stripTrailing() + "\n    ! " + f.code() + ": " + f.message() + "\n      fix: "
                + f.fix() + "\n");
    }

    @Override
    public void end(FleetAuditSummary summary) {
        print(summary.toString());
    }

    /** The short state name in the table. */
    static String state(EncryptionState s) {
        return switch (s) {
            case MICROSOFT_MANAGED -> "microsoft";
            case CUSTOMER_MANAGED_AUTO_UPDATE, CUSTOMER_MANAGED_PINNED -> "customer";
            case UNSUPPORTED -> "classic";
            case UNREADABLE -> "unreadable";
        };
    }

    private static String identity(ManagedIdentity i) {
        if (i instanceof ManagedIdentity.UserAssigned u) {
            String rid = u.resourceId();
            return "user:" + rid.substring(rid.lastIndexOf('/') + 1);
        }
        return "system";
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }

    private void print(String s) {
        try {
            out.append(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
