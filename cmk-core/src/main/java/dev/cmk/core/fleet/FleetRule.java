package dev.cmk.core.fleet;

/**
 * The rules of a {@link FleetPolicy} and the fleet audit's own checks, as stable finding codes. Findings from
 * {@link dev.cmk.api.VaultRequirements} use {@link dev.cmk.api.ViolationCode} names instead. Codes never change
 * meaning.
 */
public enum FleetRule {
    /** The policy requires a customer-managed key; the account uses Microsoft-managed keys. */
    CUSTOMER_MANAGED_KEY_REQUIRED(Risk.HIGH),
    /** The account's key is in a vault the policy does not allow. */
    VAULT_NOT_ALLOWED(Risk.HIGH),
    /** The account's key is not one the policy allows. */
    KEY_NOT_ALLOWED(Risk.HIGH),
    /** The key version in use expires (or expired) within the policy's minimum days. */
    VERSION_IN_USE_EXPIRES_SOON(Risk.HIGH),
    /** The policy requires queue and table data under the account key; it is under service-scoped keys. */
    QUEUE_TABLE_NOT_COVERED(Risk.MEDIUM),
    /** The policy requires auto-updating key versions; the account is pinned. */
    AUTO_UPDATE_REQUIRED(Risk.MEDIUM),
    /** The account reports no principal for its encryption identity: Storage cannot reach the key. */
    ENCRYPTION_IDENTITY_MISSING(Risk.CRITICAL),
    /** Azure reports no key version in use for a customer-managed account. */
    VERSION_IN_USE_UNKNOWN(Risk.MEDIUM),
    /** The key version in use could not be read (access denied or another error), so it was not checked. */
    KEY_UNREADABLE(Risk.MEDIUM),
    /**
     * A list page carried an account cmk cannot read (its resource id cannot be parsed). Its risk is
     * {@link Risk#HIGH} when its encryption names a key vault, otherwise {@link Risk#LOW}; fix: move the account to
     * a resource group cmk can read.
     */
    ACCOUNT_UNREADABLE(Risk.HIGH);

    private final Risk risk;

    FleetRule(Risk risk) {
        this.risk = risk;
    }

    /**
     * The risk a finding of this rule carries.
     *
     * @return the risk
     */
    public Risk risk() {
        return risk;
    }
}
