package dev.cmk.core.fleet;

/** What an account's encryption is, as a fleet audit counts it. */
public enum EncryptionState {
    /** Microsoft-managed keys. */
    MICROSOFT_MANAGED,
    /** A customer-managed key whose version auto-updates. */
    CUSTOMER_MANAGED_AUTO_UPDATE,
    /** A customer-managed key pinned to one version. */
    CUSTOMER_MANAGED_PINNED,
    /** An account kind that cannot use customer-managed keys (classic). */
    UNSUPPORTED,
    /**
     * Listed, but cmk cannot read the account (its resource id cannot be parsed): see {@link UnreadableRow}. Not
     * one of the matched accounts, since no filter can be applied to it.
     */
    UNREADABLE
}
