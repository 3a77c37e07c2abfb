package dev.cmk.core.fleet;

import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a fleet audit expects of every account, on top of {@link dev.cmk.api.VaultRequirements}: customer-managed
 * keys, allowed vaults or keys, a minimum number of days before the version in use expires, queue and table
 * coverage, auto-updating versions. {@link #none()} expects nothing. Immutable.
 */
public final class FleetPolicy {
    private static final FleetPolicy NONE = new Builder().build();
    private final boolean requireCustomerManagedKey;
    private final Set<String> allowedVaultHosts;
    private final Set<String> allowedKeys;
    private final Optional<Integer> minimumDaysToExpiry;
    private final boolean requireQueueAndTableCoverage;
    private final boolean requireAutoUpdate;

    private FleetPolicy(Builder b) {
        this.requireCustomerManagedKey = b.requireCustomerManagedKey;
        this.allowedVaultHosts = Set.copyOf(b.allowedVaultHosts);
        this.allowedKeys = Set.copyOf(b.allowedKeys);
        this.minimumDaysToExpiry = b.minimumDaysToExpiry;
        this.requireQueueAndTableCoverage = b.requireQueueAndTableCoverage;
        this.requireAutoUpdate = b.requireAutoUpdate;
    }

    /**
     * A policy with no rules: the audit reports only {@link dev.cmk.api.VaultRequirements} findings.
     *
     * @return the empty policy
     */
    public static FleetPolicy none() {
        return NONE;
    }

    /**
     * Starts a policy.
     *
     * @return a builder with no rules
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether every account must use a customer-managed key.
     *
     * @return the rule
     */
    public boolean requireCustomerManagedKey() {
        return requireCustomerManagedKey;
    }

    /**
     * The allowed vault hosts, lower case; empty means any vault.
     *
     * @return the hosts
     */
    public Set<String> allowedVaultHosts() {
        return allowedVaultHosts;
    }

    /**
     * The allowed versionless key ids, lower case; empty means any key.
     *
     * @return the key ids
     */
    public Set<String> allowedKeys() {
        return allowedKeys;
    }

    /**
     * The minimum whole days before the version in use expires, if set.
     *
     * @return the days
     */
    public Optional<Integer> minimumDaysToExpiry() {
        return minimumDaysToExpiry;
    }

    /**
     * Whether queue and table data must be under the account key (so under the customer-managed key).
     *
     * @return the rule
     */
    public boolean requireQueueAndTableCoverage() {
        return requireQueueAndTableCoverage;
    }

    /**
     * Whether customer-managed accounts must auto-update their key version.
     *
     * @return the rule
     */
    public boolean requireAutoUpdate() {
        return requireAutoUpdate;
    }

    /**
     * Whether a vault is allowed.
     *
     * @param key a key of the vault
     * @return true if no vault list is set or the vault is on it
     */
    public boolean allowsVault(KeyReference key) {
        return allowedVaultHosts.isEmpty() || allowedVaultHosts.contains(key.vaultUri().getHost().toLowerCase(
                Locale.ROOT));
    }

    /**
     * Whether a key is allowed.
     *
     * @param key the key, any version
     * @return true if no key list is set or the key is on it
     */
    public boolean allowsKey(KeyReference key) {
        return allowedKeys.isEmpty() || allowedKeys.contains(key.versionless().keyId().toLowerCase(Locale.ROOT));
    }

    /**
     * The rules, for reports.
     *
     * @return for example {@code ["customer-managed key required", "minimum 30 days to expiry"]}
     */
    public List<String> describe() {
        List<String> d = new ArrayList<>();
        if (requireCustomerManagedKey) {
            d.add("customer-managed key required");
        }
        if (!allowedVaultHosts.isEmpty()) {
            d.add("vaults " + allowedVaultHosts.stream().sorted().toList());
        }
        if (!allowedKeys.isEmpty()) {
            d.add("keys " + allowedKeys.stream().sorted().toList());
        }
        minimumDaysToExpiry.ifPresent(m -> d.add("minimum " + m + " days to expiry"));
        if (requireQueueAndTableCoverage) {
            d.add("queue and table covered");
        }
        if (requireAutoUpdate) {
            d.add("auto-update required");
        }
        return d;
    }

    @Override
    public String toString() {
        List<String> d = describe();
        return d.isEmpty() ? "no fleet policy" : String.join(", ", d);
    }

    /** Builds a {@link FleetPolicy}. */
    public static final class Builder {
        private boolean requireCustomerManagedKey;
        private final Set<String> allowedVaultHosts = new LinkedHashSet<>();
        private final Set<String> allowedKeys = new LinkedHashSet<>();
        private Optional<Integer> minimumDaysToExpiry = Optional.empty();
        private boolean requireQueueAndTableCoverage;
        private boolean requireAutoUpdate;

        private Builder() {
        }

        /**
         * Every account must use a customer-managed key.
         *
         * @return this
         */
        public Builder requireCustomerManagedKey() {
            this.requireCustomerManagedKey = true;
            return this;
        }

        /**
         * Keys must be in one of these vaults.
         *
         * @param vaults vault URIs
         * @return this
         * @throws InvalidInputException if a URI has no host
         */
        public Builder allowedVaults(URI... vaults) {
            for (URI v : vaults) {
                if (v == null || v.getHost() == null) {
                    throw new InvalidInputException("allowed vault", "a vault URI has a host", String.valueOf(v),
                            "https://contoso.vault.azure.net");
                }
                allowedVaultHosts.add(v.getHost().toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /**
         * Accounts must use one of these keys (any version).
         *
         * @param keys the keys
         * @return this
         */
        public Builder allowedKeys(KeyReference... keys) {
            for (KeyReference k : keys) {
                allowedKeys.add(k.versionless().keyId().toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /**
         * The version in use must not expire within this many days.
         *
         * @param days 0 to 3650
         * @return this
         * @throws InvalidInputException if out of range
         */
        public Builder minimumDaysToExpiry(int days) {
            if (days < 0 || days > 3650) {
                throw new InvalidInputException("minimum days to expiry", "between 0 and 3650 days",
                        Integer.toString(days), "30");
            }
            this.minimumDaysToExpiry = Optional.of(days);
            return this;
        }

        /**
         * Queue and table data must be under the account key (fixed when an account is created).
         *
         * @return this
         */
        public Builder requireQueueAndTableCoverage() {
            this.requireQueueAndTableCoverage = true;
            return this;
        }

        /**
         * Customer-managed accounts must auto-update their key version.
         *
         * @return this
         */
        public Builder requireAutoUpdate() {
            this.requireAutoUpdate = true;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         */
        public FleetPolicy build() {
            return new FleetPolicy(this);
        }
    }
}
