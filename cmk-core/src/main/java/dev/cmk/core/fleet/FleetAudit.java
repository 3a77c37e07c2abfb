package dev.cmk.core.fleet;

import dev.cmk.api.CmkException;
import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.Severity;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.Violation;
import dev.cmk.api.ViolationCode;
import dev.cmk.api.spi.AccountEncryption;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.VaultInfo;
import dev.cmk.core.internal.Statuses;
import dev.cmk.core.validation.AccountRules;
import dev.cmk.core.validation.KeyRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A fleet audit, from {@link Fleet#audit(FleetScope)}: reads the scope's accounts from list pages (one request
 * per page, not per account), checks each against {@link VaultRequirements} and a {@link FleetPolicy}, and
 * streams one {@link AuditRow} per matched account to an {@link AuditSink}. Reads only; never writes.
 *
 * <p>Calls: one list request per page; one key read per distinct key version in use (cached for the audit, up
 * to {@value #KEY_CACHE_SIZE} entries); one vault description per vault; with {@link #checkKeyAccess()}, one
 * read of the principals holding each key's access (one access check per distinct identity and key where the
 * provider cannot list them). Memory: one list page, the caches and the summary counts; rows are
 * not kept. Needs {@code Microsoft.Storage/storageAccounts/read} on the scope, {@code get} on the keys and read
 * access to the vaults.
 */
public final class FleetAudit {
    /** Key versions (and vaults, and access checks) remembered per audit. */
    public static final int KEY_CACHE_SIZE = 4096;
    private static final Map<ViolationCode, Risk> RISK = riskTable();
    private final Ports ports;
    private final FleetScope scope;
    private FleetPolicy policy = FleetPolicy.none();
    private VaultRequirements requirements = VaultRequirements.azureStorageDefaults();
    private boolean checkAccess;

    FleetAudit(Ports ports, FleetScope scope) {
        this.ports = ports;
        this.scope = scope;
    }

    /**
     * Sets the fleet policy ({@link FleetPolicy#none()} by default).
     *
     * @param policy the policy
     * @return this
     */
    public FleetAudit policy(FleetPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Sets the vault requirements ({@link VaultRequirements#azureStorageDefaults()} by default); the minimum
     * validity is measured against the version in use.
     *
     * @param requirements the requirements
     * @return this
     */
    public FleetAudit requirements(VaultRequirements requirements) {
        this.requirements = Objects.requireNonNull(requirements, "requirements");
        return this;
    }

    /**
     * Also checks that each account's encryption identity holds get, wrapKey and unwrapKey on its key (one check
     * per distinct identity and key). Needs a {@code KeyAccessProvider}; off by default because it costs a call
     * per system-assigned identity.
     *
     * @return this
     * @throws dev.cmk.api.ConfigurationException if no KeyAccessProvider is configured
     */
    public FleetAudit checkKeyAccess() {
        if (ports.access().isEmpty()) {
            throw new dev.cmk.api.ConfigurationException("checking key access needs a KeyAccessProvider: "
                    + "CustomerManagedKeys.builder().keyAccess(..)");
        }
        this.checkAccess = true;
        return this;
    }

    /**
     * Runs the audit, streaming rows to the sink.
     *
     * @param sink where rows go ({@link AuditSink#begin} first, {@link AuditSink#end} last)
     * @return the summary (also given to the sink)
     * @throws dev.cmk.api.NotFoundException if a subscription or resource group of the scope does not exist
     */
    public FleetAuditSummary run(AuditSink sink) {
        Objects.requireNonNull(sink, "sink");
        Instant now = ports.clock().instant();
        sink.begin(scope, policy, requirements, now);
        Run run = new Run(now);
        Listing listing = new Listing();
        listing.run(ports.storage(), scope, a -> {
            AuditRow row = run.audit(a);
            run.count(row);
            sink.row(row);
        }, u -> {
            UnreadableRow row = UnreadableRow.of(u);
            run.byState.merge(EncryptionState.UNREADABLE, 1L, Long::sum);
            run.byRisk.merge(row.risk(), 1L, Long::sum);
            run.byFinding.merge(row.finding().code(), 1L, Long::sum);
            sink.unreadable(row);
        });
        FleetAuditSummary summary = new FleetAuditSummary(scope.toString(), now, listing.pages, listing.listed,
                listing.matched, run.byState, run.byRisk, run.byFinding, run.keyReads, listing.unreadable);
        sink.end(summary);
        return summary;
    }

    /**
     * Runs the audit and collects every row (holds the whole fleet: for small fleets and tests).
     *
     * @param rows the list to add the rows to
     * @return the summary
     */
    public FleetAuditSummary run(List<AuditRow> rows) {
        return run(AuditSink.collectInto(rows));
    }

    /** The state of one run: caches and counters. */
    private final class Run {
        final Instant now;
        final Map<EncryptionState, Long> byState = new EnumMap<>(EncryptionState.class);
        final Map<Risk, Long> byRisk = new EnumMap<>(Risk.class);
        final Map<String, Long> byFinding = new HashMap<>();
        final Map<String, Object> keyCache = lru();
        final Map<String, Optional<VaultInfo>> vaultCache = lru();
        final Map<String, Boolean> accessCache = lru();
        final Map<String, Optional<java.util.Set<String>>> holdersByKey = lru();
        long keyReads;

        Run(Instant now) {
            this.now = now;
        }

        void count(AuditRow row) {
            byState.merge(row.state(), 1L, Long::sum);
            byRisk.merge(row.risk(), 1L, Long::sum);
            row.findings().stream().map(AuditFinding::code).distinct().forEach(c -> byFinding.merge(c, 1L,
                    Long::sum));
        }

        AuditRow audit(StorageAccount a) {
            AccountEncryption e = a.encryption();
            List<AuditFinding> f = new ArrayList<>();
            String subject = a.id().resourceId();
            for (Violation v : AccountRules.check(a)) {
                if (v.code() == ViolationCode.SERVICE_NOT_COVERED && policy.requireQueueAndTableCoverage()) {
                    f.add(finding(FleetRule.QUEUE_TABLE_NOT_COVERED, Severity.ERROR, subject, v.message()
                            + "; the fleet policy requires queue and table coverage", v.remediation()));
                } else {
                    f.add(of(v));
                }
            }
            EncryptionState state = !a.kind().supportsCustomerManagedKeys() ? EncryptionState.UNSUPPORTED
                    : !e.isCustomerManaged() ? EncryptionState.MICROSOFT_MANAGED : e.keyVersion().isEmpty()
                    ? EncryptionState.CUSTOMER_MANAGED_AUTO_UPDATE : EncryptionState.CUSTOMER_MANAGED_PINNED;
            Optional<Instant> expiry = e.currentVersionExpiry().filter(x -> !x.equals(Instant.EPOCH));
            Optional<Long> days = expiry.map(x -> Math.floorDiv(Duration.between(now, x).toSeconds(), 86_400L));
            Optional<ManagedIdentity> identity = Statuses.identity(e);
            Optional<String> inUse = e.currentVersionedKey().flatMap(KeyReference::version);
            if (!e.isCustomerManaged()) {
                if (policy.requireCustomerManagedKey()) {
                    f.add(finding(FleetRule.CUSTOMER_MANAGED_KEY_REQUIRED, Severity.ERROR, subject, "account "
                            + a.id().name() + " uses Microsoft-managed keys; the fleet policy requires a "
                            + "customer-managed key", "plan and apply a customer-managed key: "
                            + "cmk.fleet().plan(scope, DesiredState.customerManagedKey(key))"));
                }
            } else {
                KeyReference key = e.key().orElseThrow();
                checkCustomerManaged(a, key, inUse, days, identity.orElseThrow(), f);
            }
            f.sort(Comparator.comparing(AuditFinding::risk).reversed());
            Risk risk = f.isEmpty() ? Risk.NONE : f.get(0).risk();
            return new AuditRow(a.id(), a.location(), a.kind(), state, e.keySource(), e.key().map(
                    KeyReference::versionless), Statuses.versionPolicy(e), inUse, expiry, days, identity, f, risk);
        }

        private void checkCustomerManaged(StorageAccount a, KeyReference key, Optional<String> inUse,
                                          Optional<Long> days, ManagedIdentity identity, List<AuditFinding> f) {
            String subject = a.id().resourceId();
            AccountEncryption e = a.encryption();
            if (!policy.allowsVault(key)) {
                f.add(finding(FleetRule.VAULT_NOT_ALLOWED, Severity.ERROR, key.vaultUri().toString(), "account "
                        + a.id().name() + " uses vault " + key.vaultUri().getHost() + ", which the fleet policy does "
                        + "not allow (allowed: " + policy.allowedVaultHosts().stream().sorted().toList() + ")",
                        "move the account to a key in an allowed vault with a fleet plan"));
            } else if (!policy.allowsKey(key)) {
                f.add(finding(FleetRule.KEY_NOT_ALLOWED, Severity.ERROR, key.versionless().keyId(), "account "
                        + a.id().name() + " uses key " + key.versionless() + ", which the fleet policy does not "
                        + "allow", "move the account to an allowed key with a fleet plan"));
            }
            if (policy.requireAutoUpdate() && e.keyVersion().isPresent()) {
                f.add(finding(FleetRule.AUTO_UPDATE_REQUIRED, Severity.ERROR, subject, "account " + a.id().name()
                        + " is pinned to version " + e.keyVersion().get() + "; the fleet policy requires "
                        + "auto-updating versions", "apply DesiredState.customerManagedKey(key).versionPolicy("
                        + "VersionPolicy.autoUpdate()) to the account"));
            }
            boolean policyExpiry = false;
            if (policy.minimumDaysToExpiry().isPresent() && days.isPresent()
                    && days.get() < policy.minimumDaysToExpiry().get()) {
                policyExpiry = true;
                f.add(finding(FleetRule.VERSION_IN_USE_EXPIRES_SOON, Severity.ERROR, subject, "the key version in "
                        + "use by " + a.id().name() + " " + (days.get() < 0 ? "expired " + -days.get() + " day(s) "
                        + "ago" : "expires in " + days.get() + " day(s)") + "; the fleet policy requires at least "
                        + policy.minimumDaysToExpiry().get(), "rotate the key (cmk.key(key).rotation(..)) or extend "
                        + "the version's expiry"));
            }
            if (inUse.isEmpty()) {
                f.add(finding(FleetRule.VERSION_IN_USE_UNKNOWN, Severity.WARNING, subject, "Azure reports no key "
                        + "version in use for " + a.id().name(), "read the account again later; if it stays "
                        + "empty, check the key and the identity's access"));
            }
            String principal = principalOf(a, identity);
            if (principal == null) {
                f.add(finding(FleetRule.ENCRYPTION_IDENTITY_MISSING, Severity.ERROR, subject, "account "
                        + a.id().name() + " reports no principal for its encryption identity " + identity
                        + ", so Storage cannot reach the key", "attach or enable that identity on the account, or "
                        + "switch the encryption identity with a fleet plan"));
            }
            KeyReference version = inUse.map(key::withVersion).orElse(e.keyVersion().map(key::withVersion)
                    .orElse(key.versionless()));
            Object cached = keyCache.get(version.keyId());
            if (cached == null) {
                try {
                    cached = ports.keys().getKey(version);
                } catch (NotFoundException nf) {
                    cached = KeyRules.notFound(version, nf);
                } catch (CmkException other) {
                    cached = other;
                }
                keyReads++;
                keyCache.put(version.keyId(), cached);
            }
            if (cached instanceof KeyVersionProperties props) {
                for (Violation v : KeyRules.check(props, requirements, now)) {
                    if (policyExpiry && (v.code() == ViolationCode.KEY_EXPIRES_SOON
                            || v.code() == ViolationCode.KEY_EXPIRED)) {
                        continue; // already reported by the fleet policy's expiry rule
                    }
                    f.add(of(v));
                }
            } else if (cached instanceof Violation v) {
                f.add(of(v));
            } else {
                CmkException ex = (CmkException) cached;
                f.add(finding(FleetRule.KEY_UNREADABLE, Severity.WARNING, version.keyId(), "key version "
                        + version.keyId() + " could not be read (" + ex.code() + ": " + ex.getMessage()
                        + "), so it was not checked", "grant the auditing principal 'get' on the key (role 'Key "
                        + "Vault Crypto User' or a get access policy)"));
            }
            String host = key.vaultUri().getHost().toLowerCase(Locale.ROOT);
            Optional<VaultInfo> vault = vaultCache.computeIfAbsent(host, h -> {
                try {
                    return ports.keys().describeVault(key);
                } catch (CmkException unreadable) {
                    return Optional.empty();
                }
            });
            KeyRules.checkVault(key, vault, a.location(), requirements).forEach(v -> f.add(of(v)));
            // cross-tenant: the key is held by the multi-tenant app's service principal in the vault's tenant,
            // which Azure Resource Manager does not report, so the user-assigned identity's principal proves nothing
            if (checkAccess && principal != null && !dev.cmk.core.internal.CrossTenant.is(identity)) {
                String ck = key.versionless().keyId().toLowerCase(Locale.ROOT) + "|" + principal;
                // one read of the key's holders serves every identity; per principal only where it cannot be listed
                Optional<java.util.Set<String>> holders = holdersByKey.computeIfAbsent(key.versionless().keyId()
                        .toLowerCase(Locale.ROOT), k -> ports.access().orElseThrow().principalsWithAccess(key
                        .versionless()));
                boolean ok = holders.isPresent() ? holders.get().contains(principal.toLowerCase(Locale.ROOT))
                        : accessCache.computeIfAbsent(ck, k -> ports.access().orElseThrow()
                        .permissions(key.versionless(), principal).containsAll(EnumSet.allOf(KeyPermission.class)));
                if (!ok) {
                    f.add(finding(ViolationCode.IDENTITY_LACKS_KEY_PERMISSIONS.name(), Severity.ERROR,
                            Risk.CRITICAL, key.versionless().keyId(), identity + " (principal " + principal
                                    + ") of " + a.id().name() + " lacks get, wrapKey or unwrapKey on "
                                    + key.versionless() + ": Storage cannot wrap or unwrap with it",
                            "grant the identity the 'Key Vault Crypto Service Encryption User' role on the key, or "
                                    + "cmk.storageAccount(id).restoreKeyAccess()"));
                }
            }
        }
    }

    static String principalOf(StorageAccount a, ManagedIdentity identity) {
        return dev.cmk.core.internal.Statuses.principalOf(a.identity(), identity);
    }

    private static AuditFinding finding(FleetRule rule, Severity severity, String subject, String message,
                                        String fix) {
        return new AuditFinding(rule.name(), severity, rule.risk(), subject, message, fix);
    }

    private static AuditFinding finding(String code, Severity severity, Risk risk, String subject, String message,
                                        String fix) {
        return new AuditFinding(code, severity, risk, subject, message, fix);
    }

    private static AuditFinding of(Violation v) {
        Risk r = v.severity() == Severity.WARNING ? Risk.LOW : RISK.getOrDefault(v.code(), Risk.MEDIUM);
        return new AuditFinding(v.code().name(), v.severity(), r, v.subject(), v.message(), v.remediation());
    }

    private static Map<ViolationCode, Risk> riskTable() {
        Map<ViolationCode, Risk> m = new EnumMap<>(ViolationCode.class);
        for (ViolationCode c : List.of(ViolationCode.KEY_NOT_FOUND, ViolationCode.KEY_VERSION_NOT_FOUND,
                ViolationCode.KEY_DISABLED, ViolationCode.VAULT_FIREWALL_BLOCKS_STORAGE,
                ViolationCode.IDENTITY_LACKS_KEY_PERMISSIONS, ViolationCode.KEY_NOT_YET_VALID)) {
            m.put(c, Risk.CRITICAL);
        }
        for (ViolationCode c : List.of(ViolationCode.VAULT_SOFT_DELETE_DISABLED,
                ViolationCode.VAULT_PURGE_PROTECTION_DISABLED, ViolationCode.KEY_EXPIRED,
                ViolationCode.KEY_EXPIRES_SOON)) {
            m.put(c, Risk.HIGH);
        }
        return m;
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > KEY_CACHE_SIZE;
            }
        };
    }
}
