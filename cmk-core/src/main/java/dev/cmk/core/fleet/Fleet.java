package dev.cmk.core.fleet;

import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.RequirementViolatedException;
import dev.cmk.api.Severity;
import dev.cmk.api.ValidationReport;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.Violation;
import dev.cmk.api.ViolationCode;
import dev.cmk.api.spi.AccountEncryption;
import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.api.spi.VaultInfo;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.internal.Statuses;
import dev.cmk.core.validation.AccountRules;
import dev.cmk.core.validation.KeyRules;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Fleet operations over many storage accounts: {@link #audit(FleetScope)} and {@link #plan(FleetScope,
 * DesiredState)}. Accounts are read from list pages ({@link StorageAccountProvider#listAccounts}), one request per
 * page, never one read per account. Obtain it from {@link CustomerManagedKeys#fleet()}. Thread-safe.
 */
public final class Fleet {
    private final Ports ports;

    private Fleet(Ports ports) {
        this.ports = ports;
    }

    /**
     * A fleet over the given ports (what {@link CustomerManagedKeys#fleet()} returns).
     *
     * @param keyVaults the key vault port
     * @param storageAccounts the storage account port
     * @param keyAccess the key access port, or null for none
     * @param clock the clock for expiry and progress
     * @return the fleet
     */
    public static Fleet over(KeyVaultProvider keyVaults, StorageAccountProvider storageAccounts,
                             KeyAccessProvider keyAccess, Clock clock) {
        CustomerManagedKeys cmk = CustomerManagedKeys.builder().keyVaults(keyVaults).storageAccounts(storageAccounts)
                .keyAccess(keyAccess).clock(clock).build();
        return new Fleet(new Ports(keyVaults, storageAccounts, Optional.ofNullable(keyAccess), clock, cmk));
    }

    /**
     * Starts an audit of the scope. Nothing is called until {@link FleetAudit#run(AuditSink)}.
     *
     * @param scope the scope
     * @return the audit to configure and run
     */
    public FleetAudit audit(FleetScope scope) {
        return new FleetAudit(ports, Objects.requireNonNull(scope, "scope"));
    }

    /**
     * Plans the desired state for every matched account. Reads only: the desired key version and its vault once,
     * one list request per page, and, with a {@code KeyAccessProvider}, one read of the principals holding the
     * key's access ({@link KeyAccessProvider#principalsWithAccess}; one check per distinct identity principal with
     * providers that cannot list them). Needs {@code Microsoft.Storage/storageAccounts/read} on the scope, {@code get} on the key and read
     * access to the vault's permissions.
     *
     * <p>The desired state itself is checked first, before any account is listed: a key or vault that breaks the
     * requirements is refused with {@link RequirementViolatedException}, granting without a key access port with
     * {@link InvalidInputException}. Accounts that break a rule are planned as {@link AccountPlan.Action#BLOCKED}
     * with the violation and its fix.
     *
     * @param scope the scope
     * @param desired the desired state
     * @return the plan; print it to review it
     * @throws RequirementViolatedException if the desired key or vault breaks the requirements (nothing written)
     * @throws dev.cmk.api.ConfigurationException if granting is requested without a {@code KeyAccessProvider}, or
     *     for a cross-tenant identity (federated client id) that names no {@code keyAccessPrincipal} (nothing is
     *     called)
     */
    public FleetPlan plan(FleetScope scope, DesiredState desired) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(desired, "desired");
        if (desired.grantsKeyAccess() && ports.access().isEmpty()) {
            throw new dev.cmk.api.ConfigurationException("a fleet plan that grants key access needs a "
                    + "KeyAccessProvider; fix: CustomerManagedKeys.builder().keyAccess(..), or a desired state without "
                    + "grantKeyAccess(). Nothing was read or changed.");
        }
        if (desired.grantsKeyAccess()) {
            dev.cmk.core.internal.CrossTenant.requireNamedPrincipal(desired.identity(), "a fleet plan with "
                    + "grantKeyAccess()");
        }
        KeyReference key = desired.key();
        long keyEpoch = dev.cmk.core.internal.KeyLocks.epoch(key); // before the key is read
        KeyReference target = desired.versionPolicy() instanceof VersionPolicy.Pinned p ? key.withVersion(
                p.version()) : key;
        List<Violation> keyViolations = new ArrayList<>();
        try {
            keyViolations.addAll(KeyRules.check(ports.keys().getKey(target), desired.requirements(),
                    ports.clock().instant()));
        } catch (NotFoundException e) {
            keyViolations.add(KeyRules.notFound(target, e));
        }
        Optional<VaultInfo> vault = ports.keys().describeVault(key);
        keyViolations.addAll(KeyRules.checkVault(key, vault, null, desired.requirements()));
        ValidationReport keyReport = new ValidationReport(keyViolations);
        if (!keyReport.isValid()) {
            throw new RequirementViolatedException("fleet plan for " + desired, keyReport);
        }
        List<Violation> fleetWarnings = new ArrayList<>(keyReport.warnings());
        if (ports.access().isEmpty() && !desired.requirements().requireAccessCheck()) {
            fleetWarnings.add(Violation.warning(ViolationCode.KEY_ACCESS_NOT_CHECKED, key.keyId(), "no "
                    + "KeyAccessProvider is configured, so no identity's get/wrapKey/unwrapKey permissions on " + key
                    + " were checked", "configure CustomerManagedKeys.builder().keyAccess(..), or make sure each "
                    + "identity holds the 'Key Vault Crypto Service Encryption User' role"));
        }
        List<AccountPlan> plans = new ArrayList<>();
        Map<String, Boolean> accessByPrincipal = new HashMap<>();
        // one read for every identity: the principals holding the key's access (providers that cannot list them
        // answer empty, and each principal is then checked once)
        Optional<Set<String>> holders = ports.access().flatMap(a -> a.principalsWithAccess(key));
        holders.ifPresent(h -> h.forEach(p -> accessByPrincipal.put(p.toLowerCase(Locale.ROOT), true)));
        Listing listing = new Listing();
        List<dev.cmk.api.spi.StorageAccountPage.UnreadableAccount> unreadable = new ArrayList<>();
        listing.run(ports.storage(), scope, a -> plans.add(planOne(a, desired, vault, accessByPrincipal,
                holders.isPresent())), unreadable::add);
        return new FleetPlan(ports, scope, desired, plans, fleetWarnings, listing.pages, listing.listed,
                listing.matched, unreadable, keyEpoch);
    }

    private AccountPlan planOne(StorageAccount a, DesiredState d, Optional<VaultInfo> vault,
                                Map<String, Boolean> accessByPrincipal, boolean holdersListed) {
        KeyReference key = d.key();
        // cross-tenant: the key is reached as the named vault-tenant principal; Azure stores the identity without it
        ManagedIdentity identity = dev.cmk.core.internal.CrossTenant.asSent(d.identity());
        boolean crossTenant = dev.cmk.core.internal.CrossTenant.is(identity);
        VersionPolicy policy = d.versionPolicy();
        AccountEncryption cur = a.encryption();
        List<Violation> v = new ArrayList<>(AccountRules.check(a));
        v.addAll(KeyRules.checkVault(key, vault, a.location(), d.requirements()).stream()
                .filter(x -> x.code() == ViolationCode.REGION_MISMATCH).toList());
        boolean inPlace = Statuses.inPlace(cur, key, policy, identity);
        if (inPlace) {
            return new AccountPlan(a.id(), a.location(), AccountPlan.Action.NO_CHANGE, List.of(), List.of(), v, null,
                    false);
        }
        List<AccountPlan.Step> steps = new ArrayList<>();
        boolean direct = true;
        String attachedPrincipal = FleetAudit.principalOf(a, identity);
        if (attachedPrincipal == null) {
            if (identity instanceof ManagedIdentity.UserAssigned u) {
                steps.add(AccountPlan.Step.ATTACH_USER_IDENTITY);
                direct = false;
            } else if (d.grantsKeyAccess()) {
                steps.add(AccountPlan.Step.ENABLE_SYSTEM_IDENTITY);
                direct = false;
            } else {
                v.add(Violation.error(ViolationCode.SYSTEM_IDENTITY_MISSING, a.id().resourceId(), "account "
                        + a.id().name() + " has no system-assigned identity, so nothing can hold access to the key",
                        "enable the account's system-assigned identity and grant it get, wrapKey and unwrapKey on "
                                + key + "; or plan with DesiredState.grantKeyAccess() so cmk does both; or use a "
                                + "user-assigned identity"));
            }
        }
        if (crossTenant && dev.cmk.core.internal.CrossTenant.principal(d.identity()) == null) {
            v.add(dev.cmk.core.internal.CrossTenant.notChecked(a.id().resourceId(), key,
                    d.requirements().requireAccessCheck()));
        }
        final String principal = crossTenant ? dev.cmk.core.internal.CrossTenant.principal(d.identity())
                : attachedPrincipal;
        boolean identityChanges = Statuses.identityChanges(cur, identity);
        boolean keyChanges = Statuses.keyChanges(cur, key, policy);
        if (ports.access().isPresent() && principal != null) {
            boolean ok = accessByPrincipal.computeIfAbsent(principal.toLowerCase(Locale.ROOT), p -> !holdersListed
                    && ports.access().get().permissions(key, principal).containsAll(EnumSet.allOf(KeyPermission.class)));
            if (!ok) {
                if (d.grantsKeyAccess()) {
                    steps.add(AccountPlan.Step.GRANT_KEY_ACCESS);
                } else {
                    v.add(Violation.error(ViolationCode.IDENTITY_LACKS_KEY_PERMISSIONS, key.keyId(), identity
                            + " (principal " + principal + ") of " + a.id().name() + " lacks get, wrapKey or "
                            + "unwrapKey on " + key, "grant the identity the 'Key Vault Crypto Service Encryption "
                            + "User' role on the key, or plan with DesiredState.grantKeyAccess()"));
                }
            }
        } else if (ports.access().isEmpty() && d.requirements().requireAccessCheck()) {
            v.add(Violation.error(ViolationCode.KEY_ACCESS_NOT_CHECKED, a.id().resourceId(), "no KeyAccessProvider "
                    + "is configured, so the identity's permissions on " + key + " cannot be checked, and the "
                    + "requirements ask for the check", "configure CustomerManagedKeys.builder().keyAccess(..)"));
        }
        if (identityChanges && keyChanges) {
            steps.add(AccountPlan.Step.SET_ENCRYPTION_IDENTITY);
            direct = false;
        }
        steps.add(AccountPlan.Step.SET_CUSTOMER_MANAGED_KEY);
        if (v.stream().anyMatch(x -> x.severity() == Severity.ERROR)) {
            return new AccountPlan(a.id(), a.location(), AccountPlan.Action.BLOCKED, List.of(), List.of(), v, null,
                    false);
        }
        return new AccountPlan(a.id(), a.location(), AccountPlan.Action.CHANGE, steps, diff(cur, d), v, principal,
                direct);
    }

    private static List<String> diff(AccountEncryption cur, DesiredState d) {
        List<String> out = new ArrayList<>();
        field(out, "encryption.keySource", cur.keySource().wireName(), "Microsoft.Keyvault");
        field(out, "encryption.keyvaultproperties.keyvaulturi", cur.key().map(k -> k.vaultUri().toString())
                .orElse(null), d.key().vaultUri().toString());
        field(out, "encryption.keyvaultproperties.keyname", cur.key().map(KeyReference::name).orElse(null),
                d.key().name());
        field(out, "version policy", Statuses.versionPolicy(cur).map(Object::toString).orElse(null),
                d.versionPolicy().toString());
        field(out, "encryption.identity", Statuses.identity(cur).map(Object::toString).orElse(null),
                dev.cmk.core.internal.CrossTenant.asSent(d.identity()).toString());
        return out;
    }

    private static void field(List<String> out, String name, String from, String to) {
        if (!Objects.equals(from, to)) {
            out.add(name + ": " + (from == null ? "(none)" : from) + " -> " + to);
        }
    }
}
