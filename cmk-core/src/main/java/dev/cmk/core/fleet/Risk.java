package dev.cmk.core.fleet;

/** How much an account's findings put its data at risk, from none to critical. Ordered: compare by ordinal. */
public enum Risk {
    /** No finding. */
    NONE,
    /** Worth knowing; nothing is at stake now. */
    LOW,
    /** Does not meet a rule (key type, version policy, coverage); no loss of access expected. */
    MEDIUM,
    /** Likely to break or already out of policy (Microsoft-managed where CMK is required, expiry close). */
    HIGH,
    /** Storage cannot reach its key, or will not be able to (key missing or disabled, identity or access gone). */
    CRITICAL
}
