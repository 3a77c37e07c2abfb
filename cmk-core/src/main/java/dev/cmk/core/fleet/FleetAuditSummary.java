package dev.cmk.core.fleet;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The counts of a fleet audit, aggregated as the rows stream by.
 *
 * @param scope the scope audited, as text
 * @param at the audit's time
 * @param pages list pages read
 * @param accountsListed accounts the scope's subscriptions and resource groups hold
 * @param accountsMatched accounts the filter matched (one row each)
 * @param byState matched accounts per encryption state (every state present, zero included)
 * @param byRisk matched accounts per risk (every risk present, zero included)
 * @param byFinding accounts per finding code, sorted by code
 * @param keyReads key version reads made (each key version is read at most once per audit)
 * @param accountsUnreadable accounts the list pages carried but cmk could not read ({@link UnreadableRow}); not
 *     among the listed or matched accounts, counted in {@code byState} as {@link EncryptionState#UNREADABLE}, in
 *     {@code byRisk} and in {@code byFinding}
 */
public record FleetAuditSummary(String scope, Instant at, long pages, long accountsListed, long accountsMatched,
                                Map<EncryptionState, Long> byState, Map<Risk, Long> byRisk,
                                Map<String, Long> byFinding, long keyReads,
                                long accountsUnreadable) {
    /**
     * Checks the components and copies the maps, so the value is immutable.
     *
     * @param scope the scope audited
     * @param at the audit's time
     * @param pages list pages read
     * @param accountsListed accounts listed
     * @param accountsMatched accounts matched
     * @param byState counts per state
     * @param byRisk counts per risk
     * @param byFinding counts per finding code
     * @param keyReads key version reads
     * @param accountsUnreadable accounts listed but not readable
     */
    public FleetAuditSummary {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(at, "at");
        EnumMap<EncryptionState, Long> s = new EnumMap<>(EncryptionState.class);
        for (EncryptionState e : EncryptionState.values()) {
            s.put(e, byState.getOrDefault(e, 0L));
        }
        byState = Collections.unmodifiableMap(s);
        EnumMap<Risk, Long> r = new EnumMap<>(Risk.class);
        for (Risk e : Risk.values()) {
            r.put(e, byRisk.getOrDefault(e, 0L));
        }
        byRisk = Collections.unmodifiableMap(r);
        byFinding = Collections.unmodifiableMap(new TreeMap<>(byFinding));
    }

    /**
     * The counts of an audit whose list pages carried no unreadable account (the form before
     * {@code accountsUnreadable} was added).
     *
     * @param scope the scope audited
     * @param at the audit's time
     * @param pages list pages read
     * @param accountsListed accounts listed
     * @param accountsMatched accounts matched
     * @param byState counts per state
     * @param byRisk counts per risk
     * @param byFinding counts per finding code
     * @param keyReads key version reads
     */
    public FleetAuditSummary(String scope, Instant at, long pages, long accountsListed, long accountsMatched,
                             Map<EncryptionState, Long> byState, Map<Risk, Long> byRisk,
                             Map<String, Long> byFinding, long keyReads) {
        this(scope, at, pages, accountsListed, accountsMatched, byState, byRisk, byFinding, keyReads, 0);
    }

    /**
     * Whether the scope holds no account at all.
     *
     * @return true when nothing was listed, readable or not
     */
    public boolean emptyScope() {
        return accountsListed == 0 && accountsUnreadable == 0;
    }

    /**
     * Whether accounts were listed but the filter matched none of them.
     *
     * @return true when the filter matched nothing
     */
    public boolean filterMatchedNothing() {
        return accountsListed > 0 && accountsMatched == 0;
    }

    /**
     * Matched accounts at or above a risk.
     *
     * @param risk the lowest risk counted
     * @return the count
     */
    public long atRisk(Risk risk) {
        return byRisk.entrySet().stream().filter(e -> e.getKey().compareTo(risk) >= 0).mapToLong(Map.Entry::getValue)
                .sum();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("Fleet audit of ").append(scope).append(" at ").append(at).append('\n');
        if (emptyScope()) {
            sb.append("  The scope holds no storage account (").append(pages).append(" list page(s) read).\n");
            return sb.toString();
        }
        if (accountsUnreadable > 0) {
            sb.append("  unreadable: ").append(accountsUnreadable).append(" account(s) listed that cmk cannot read "
                    + "(ACCOUNT_UNREADABLE; fix: move them to a resource group cmk can read)\n");
        }
        if (filterMatchedNothing()) {
            sb.append("  ").append(accountsListed).append(" account(s) listed, but the filter matched none of them.\n");
            return sb.toString();
        }
        sb.append("  accounts: ").append(accountsMatched).append(" audited of ").append(accountsListed)
                .append(" listed (").append(pages).append(" list page(s), ").append(keyReads)
                .append(" key read(s))\n");
        sb.append("  by state:");
        byState.forEach((k, v) -> sb.append(' ').append(k.name().toLowerCase(java.util.Locale.ROOT)).append('=')
                .append(v));
        sb.append("\n  by risk:");
        byRisk.forEach((k, v) -> sb.append(' ').append(k.name().toLowerCase(java.util.Locale.ROOT)).append('=')
                .append(v));
        sb.append('\n');
        if (!byFinding.isEmpty()) {
            sb.append("  by finding:");
            byFinding.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            sb.append('\n');
        }
        return sb.toString();
    }
}
