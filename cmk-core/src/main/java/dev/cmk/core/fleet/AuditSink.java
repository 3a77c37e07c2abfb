package dev.cmk.core.fleet;

import java.time.Instant;
import java.util.List;

/**
 * Where a fleet audit streams its rows: one call per account, as the list pages arrive, so the audit never holds
 * the fleet in memory. {@link FleetAuditTable} prints them; {@code dev.cmk.azure.FleetAuditJson} writes the JSON
 * document. Called from one thread.
 */
public interface AuditSink {
    /**
     * Called once before the first row.
     *
     * @param scope the scope audited
     * @param policy the fleet policy
     * @param requirements the vault requirements
     * @param at the audit's time (expiry is measured against it)
     */
    default void begin(FleetScope scope, FleetPolicy policy, dev.cmk.api.VaultRequirements requirements,
                       Instant at) {
    }

    /**
     * Called once per account the scope's filter matched, in listing order.
     *
     * @param row the account's row
     */
    void row(AuditRow row);

    /**
     * Called once per account a list page carried but cmk could not read, in listing order among the rows (never
     * filtered). Does nothing by default.
     *
     * @param row the account as listed, with its finding
     */
    default void unreadable(UnreadableRow row) {
    }

    /**
     * Called once after the last row.
     *
     * @param summary the counts
     */
    default void end(FleetAuditSummary summary) {
    }

    /**
     * A sink that adds every row to a list (for tests and small fleets: it holds every row). Unreadable accounts
     * are not added (they are no {@link AuditRow}); the summary counts them.
     *
     * @param rows the list to add to
     * @return the sink
     */
    static AuditSink collectInto(List<AuditRow> rows) {
        return rows::add;
    }

    /**
     * A sink that passes every call to each of the sinks, in order.
     *
     * @param sinks the sinks
     * @return the sink
     */
    static AuditSink all(AuditSink... sinks) {
        List<AuditSink> list = List.of(sinks);
        return new AuditSink() {
            @Override
            public void begin(FleetScope scope, FleetPolicy policy, dev.cmk.api.VaultRequirements requirements,
                              Instant at) {
                list.forEach(s -> s.begin(scope, policy, requirements, at));
            }

            @Override
            public void row(AuditRow row) {
                list.forEach(s -> s.row(row));
            }

            @Override
            public void unreadable(UnreadableRow row) {
                list.forEach(s -> s.unreadable(row));
            }

            @Override
            public void end(FleetAuditSummary summary) {
                list.forEach(s -> s.end(summary));
            }
        };
    }
}
