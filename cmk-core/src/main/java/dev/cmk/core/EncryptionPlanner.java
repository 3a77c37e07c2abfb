package dev.cmk.core;

import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.Severity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.Violation;
import dev.cmk.api.ViolationCode;
import dev.cmk.api.internal.AzureRules;
import dev.cmk.api.spi.AccountEncryption;
import dev.cmk.api.spi.AccountIdentity;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.VaultInfo;
import dev.cmk.core.internal.Statuses;
import dev.cmk.core.validation.AccountRules;
import dev.cmk.core.validation.KeyRules;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Builds {@link EncryptionPlan}s: reads the account once, the key version once, the vault's properties once,
 * the identity's access once per key, validates everything, and derives the ordered writes (package-private).
 */
final class EncryptionPlanner {
    private static final Set<KeyPermission> NEEDED = EnumSet.allOf(KeyPermission.class);

    private EncryptionPlanner() {
    }

    static EncryptionPlan customerManaged(Services s, StorageAccountId id, KeyReference key, VersionPolicy policy,
                                          ManagedIdentity identity, VaultRequirements req, boolean grantAccess) {
        long keyEpoch = dev.cmk.core.internal.KeyLocks.epoch(key); // before the key is read
        StorageAccount account = s.storage().get(id);
        if (identity == null) { // not chosen: keep the identity in use, so a policy-only change keeps it
            identity = Statuses.identity(account.encryption()).orElse(ManagedIdentity.systemAssigned());
        }
        // cross-tenant: the key is reached as the multi-tenant app's service principal in the vault's tenant (named
        // with keyAccessPrincipal, never sent to Azure), not as the user-assigned identity
        if (grantAccess) {
            // also when the identity is kept from the account (no .identity(..)): a grant must name its principal
            dev.cmk.core.internal.CrossTenant.requireNamedPrincipal(identity, "granting key access");
        }
        String crossTenantPrincipal = dev.cmk.core.internal.CrossTenant.principal(identity);
        boolean crossTenant = dev.cmk.core.internal.CrossTenant.is(identity);
        identity = dev.cmk.core.internal.CrossTenant.asSent(identity);
        Draft d = new Draft(s, id, account, key, policy, identity, req, grantAccess);
        d.violations.addAll(AccountRules.check(d.account));
        boolean vaultFound = checkKeyAndVault(d);
        String description = "customer-managed key " + key.versionless() + ", " + policy + ", " + identity;
        if (!vaultFound) {
            // a mistyped or deleted vault is a violation with its fix, like a missing key; nothing more to plan
            return new EncryptionPlan(s, d.account, description, new dev.cmk.api.ValidationReport(d.violations),
                    new ArrayList<>(), false, d.target);
        }
        if (isInPlace(d)) {
            // Nothing is written, so a version expiring within the minimum validity is not newly configured: warn.
            d.violations.replaceAll(x -> x.code() == ViolationCode.KEY_EXPIRES_SOON && x.severity() == Severity.ERROR
                    ? Violation.warning(x.code(), x.subject(), x.message() + "; the account already uses it, so "
                    + "nothing is written", x.remediation()) : x);
            return new EncryptionPlan(s, d.account, description, new dev.cmk.api.ValidationReport(d.violations),
                    d.steps, false, d.target);
        }
        String principal = principalOf(d.account.identity(), identity);
        boolean deferredCheck = identitySteps(d, principal);
        if (crossTenant) {
            deferredCheck = false; // the attached identity's principal is not the one that reaches the key
            if (crossTenantPrincipal == null) {
                d.violations.add(dev.cmk.core.internal.CrossTenant.notChecked(id.resourceId(), key.versionless(),
                        req.requireAccessCheck()));
            } else {
                accessSteps(d, crossTenantPrincipal, keysToReach(d));
            }
        } else {
            accessSteps(d, principal, keysToReach(d));
        }
        encryptionWrites(d);
        return new EncryptionPlan(s, d.account, description, new dev.cmk.api.ValidationReport(d.violations), d.steps,
                deferredCheck && !grantAccess, d.target).grantee(crossTenantPrincipal).readKeyAt(keyEpoch);
    }

    /** What one customer-managed plan is being built from, and the violations and steps found so far. */
    private static final class Draft {
        final Services s;
        final StorageAccountId id;
        final StorageAccount account;
        final AccountEncryption cur;
        final KeyReference key;
        final VersionPolicy policy;
        final ManagedIdentity identity;
        final VaultRequirements req;
        final boolean grantAccess;
        final EncryptionUpdate target;
        final List<Violation> violations = new ArrayList<>();
        final List<PlanStep> steps = new ArrayList<>();

        Draft(Services s, StorageAccountId id, StorageAccount account, KeyReference key, VersionPolicy policy,
              ManagedIdentity identity, VaultRequirements req, boolean grantAccess) {
            this.s = s;
            this.id = id;
            this.account = account;
            this.cur = account.encryption();
            this.key = key;
            this.policy = policy;
            this.identity = identity;
            this.req = req;
            this.grantAccess = grantAccess;
            this.target = EncryptionUpdate.customerManaged(key, policy, identity);
        }

        /** Whether the account's encryption identity differs from the requested one. */
        boolean identityChanges() {
            return Statuses.identityChanges(cur, identity);
        }

        /** Whether the account's key (vault, name or version policy) differs from the requested one. */
        boolean keyChanges() {
            return Statuses.keyChanges(cur, key, policy);
        }

        /**
         * Azure refuses a write that changes encryption.identity and any of encryption.keyvaultproperties (vault,
         * key name or key version) together, so such a change takes two writes.
         */
        boolean twoWrites() {
            return identityChanges() && keyChanges();
        }
    }

    /**
     * Validates the key version the account will use and the key's vault; returns false, with a VAULT_NOT_FOUND
     * violation, when the vault does not exist.
     */
    private static boolean checkKeyAndVault(Draft d) {
        KeyReference keyToCheck = d.policy instanceof VersionPolicy.Pinned p ? d.key.withVersion(p.version())
                : d.key.versionless();
        try {
            KeyVersionProperties props = d.s.keys().getKey(keyToCheck);
            for (Violation kv : KeyRules.check(props, d.req, d.s.clock().instant())) {
                d.violations.add(kv.code() == ViolationCode.KEY_DISABLED && d.policy.isAutoUpdate()
                        ? Violation.error(kv.code(), kv.subject(), kv.message() + "; an auto-updating account uses "
                        + "the key's newest version", "enable the newest version, or pin an enabled version with "
                        + "VersionPolicy.pinned(..)") : kv);
            }
        } catch (NotFoundException e) {
            d.violations.add(KeyRules.isVaultMissing(e) ? KeyRules.vaultNotFound(d.key, e)
                    : KeyRules.notFound(keyToCheck, e));
        }
        if (d.violations.stream().anyMatch(x -> x.code() == ViolationCode.VAULT_NOT_FOUND)) {
            return false;
        }
        Optional<VaultInfo> vault;
        try {
            vault = d.s.keys().describeVault(d.key);
        } catch (NotFoundException e) {
            d.violations.removeIf(x -> x.code() == ViolationCode.KEY_NOT_FOUND
                    || x.code() == ViolationCode.KEY_VERSION_NOT_FOUND);
            d.violations.add(KeyRules.vaultNotFound(d.key, e));
            return false;
        }
        d.violations.addAll(KeyRules.checkVault(d.key, vault, d.account.location(), d.req));
        return true;
    }

    private static boolean isInPlace(Draft d) {
        return Statuses.inPlace(d.cur, d.key, d.policy, d.identity);
    }

    /** Keys the identity must reach: the new key, and the current key when the identity is switched first. */
    private static List<KeyReference> keysToReach(Draft d) {
        List<KeyReference> keys = new ArrayList<>();
        keys.add(d.key.versionless());
        if (d.twoWrites() && !d.cur.key().orElseThrow().sameKeyAs(d.key)) {
            keys.add(0, d.cur.key().orElseThrow());
        }
        return keys;
    }

    /**
     * The steps that give the account the requested identity, or the violation when it cannot have it.
     *
     * @return whether the access check must wait until a user-assigned identity is attached
     */
    private static boolean identitySteps(Draft d, String principal) {
        if (principal != null) {
            return false;
        }
        AccountIdentity ids = d.account.identity();
        if (d.identity instanceof ManagedIdentity.UserAssigned u) {
            d.steps.add(new PlanStep.AttachUserIdentity(u, "Storage can only use an identity attached to the account",
                    List.of("identity.userAssignedIdentities: + " + u.resourceId(), "identity.type: "
                            + identityType(ids) + " -> " + identityTypeWith(ids, false, true))));
            return true;
        }
        if (d.grantAccess && d.s.access().isPresent()) {
            d.steps.add(new PlanStep.EnableSystemIdentity("Storage reaches the key with the account's "
                    + "system-assigned identity, which does not exist yet", List.of("identity.type: "
                    + identityType(ids) + " -> " + identityTypeWith(ids, true, false))));
        } else {
            StorageAccountId id = d.id;
            d.violations.add(Violation.error(ViolationCode.SYSTEM_IDENTITY_MISSING, id.resourceId(), "account "
                    + id.name() + " has no system-assigned identity, so nothing can hold access to the key yet",
                    "enable the account's system-assigned identity and grant it get, wrapKey and unwrapKey on "
                            + d.key.versionless() + ", then plan again; or configure a KeyAccessProvider and call "
                            + ".grantKeyAccess() so cmk does both; or use a user-assigned identity"));
        }
        return false;
    }

    /** Checks the identity's access to each key it must reach, and plans the grants it lacks when asked to. */
    private static void accessSteps(Draft d, String principal, List<KeyReference> keysToReach) {
        String subject = d.id.resourceId();
        if (d.s.access().isEmpty()) {
            String msg = "no KeyAccessProvider is configured, so the identity's get/wrapKey/unwrapKey permissions on "
                    + d.key.versionless() + " were not checked";
            String fix = "configure CustomerManagedKeys.builder().keyAccess(..), or make sure the identity holds the "
                    + "'Key Vault Crypto Service Encryption User' role (or get, wrapKey, unwrapKey access policies)";
            d.violations.add(d.req.requireAccessCheck()
                    ? Violation.error(ViolationCode.KEY_ACCESS_NOT_CHECKED, subject, msg, fix)
                    : Violation.warning(ViolationCode.KEY_ACCESS_NOT_CHECKED, subject, msg, fix));
        } else if (principal != null) {
            for (KeyReference k : keysToReach) {
                Set<KeyPermission> held = d.s.access().get().permissions(k, principal);
                if (held.containsAll(NEEDED)) {
                    continue;
                }
                if (d.grantAccess) {
                    d.steps.add(grantStep(k, principal));
                } else {
                    Set<KeyPermission> missing = EnumSet.copyOf(NEEDED);
                    missing.removeAll(held);
                    d.violations.add(Violation.error(ViolationCode.IDENTITY_LACKS_KEY_PERMISSIONS, k.keyId(),
                            d.identity + " (principal " + principal + ") lacks " + missing + " on " + k.keyId(),
                            "grant the identity the 'Key Vault Crypto Service Encryption User' role on the key "
                                    + "(or get, wrapKey, unwrapKey access policies), or call .grantKeyAccess()"));
                }
            }
        } else if (d.grantAccess) {
            for (KeyReference k : keysToReach) {
                d.steps.add(grantStep(k, null));
            }
        }
    }

    /** The encryption writes: the identity first when Azure refuses both in one write, then the key settings. */
    private static void encryptionWrites(Draft d) {
        boolean twoWrites = d.twoWrites();
        if (twoWrites) {
            EncryptionUpdate first = EncryptionUpdate.customerManaged(d.cur.key().orElseThrow(),
                    Statuses.versionPolicy(d.cur).orElseThrow(), d.identity);
            d.steps.add(new PlanStep.SetEncryption(PlanStep.Kind.SET_ENCRYPTION_IDENTITY, first, "Azure refuses to "
                    + "change the encryption identity and the key in one write, so the identity is switched first, "
                    + "on the current key", List.of("encryption.identity: " + Statuses.identity(d.cur)
                    .map(Object::toString).orElse("(none)") + " -> " + d.identity)));
        }
        d.steps.add(new PlanStep.SetEncryption(PlanStep.Kind.SET_CUSTOMER_MANAGED_KEY, d.target,
                d.cur.isCustomerManaged() ? "the account's key settings differ from the requested ones"
                        : "the account uses Microsoft-managed keys", encryptionDiff(d.cur, d.target, twoWrites)));
    }

    static EncryptionPlan microsoftManaged(Services s, StorageAccountId id) {
        StorageAccount account = s.storage().get(id);
        List<PlanStep> steps = new ArrayList<>();
        AccountEncryption cur = account.encryption();
        if (cur.isCustomerManaged()) {
            steps.add(new PlanStep.SetEncryption(PlanStep.Kind.SET_MICROSOFT_MANAGED_KEYS,
                    EncryptionUpdate.microsoftManaged(), "switch back to Microsoft-managed keys as requested; the key "
                    + "and its vault are left untouched", encryptionDiff(cur, EncryptionUpdate.microsoftManaged(),
                    false)));
        }
        return new EncryptionPlan(s, account, "Microsoft-managed keys", dev.cmk.api.ValidationReport.empty(), steps,
                false, EncryptionUpdate.microsoftManaged());
    }

    private static PlanStep grantStep(KeyReference key, String principal) {
        return new PlanStep.GrantKeyAccess(key, "the identity must hold get, wrapKey and unwrapKey before Storage is "
                + "pointed at the key", List.of("access[" + key.keyId() + "]: + "
                + (principal == null ? "(the new identity)" : principal) + " get, wrapKey, unwrapKey"));
    }

    static String principalOf(AccountIdentity ids, ManagedIdentity identity) {
        return dev.cmk.core.internal.Statuses.principalOf(ids, identity);
    }

    private static String identityType(AccountIdentity ids) {
        return identityTypeWith(ids, false, false);
    }

    private static String identityTypeWith(AccountIdentity ids, boolean addSystem, boolean addUser) {
        boolean sys = ids.systemAssignedPrincipalId().isPresent() || addSystem;
        boolean user = !ids.userAssigned().isEmpty() || addUser;
        return AzureRules.identityType(sys, user);
    }

    private static List<String> encryptionDiff(AccountEncryption cur, EncryptionUpdate t, boolean identityDone) {
        List<String> d = new ArrayList<>();
        diff(d, "encryption.keySource", cur.keySource().wireName(), t.keySource().wireName());
        diff(d, "encryption.keyvaultproperties.keyvaulturi", cur.key().map(k -> k.vaultUri().toString())
                .orElse(null), t.key().map(k -> k.vaultUri().toString()).orElse(null));
        diff(d, "encryption.keyvaultproperties.keyname", cur.key().map(KeyReference::name).orElse(null),
                t.key().map(KeyReference::name).orElse(null));
        String curVersion = cur.isCustomerManaged() ? "\"" + cur.keyVersion().orElse("") + "\"" : null;
        String newVersion = t.wireKeyVersion().map(w -> "\"" + w + "\"").orElse(null);
        diff(d, "encryption.keyvaultproperties.keyversion", curVersion == null ? null : curVersion
                        + (cur.keyVersion().isEmpty() ? " (auto-update)" : ""),
                newVersion == null ? null : newVersion + (t.wireKeyVersion().orElse("").isEmpty() ? " (auto-update)"
                        : " (pinned)"));
        if (!identityDone) {
            diff(d, "encryption.identity", Statuses.identity(cur).map(Object::toString).orElse(null),
                    t.identity().map(Object::toString).orElse(null));
        }
        return d;
    }

    private static void diff(List<String> out, String field, String from, String to) {
        if (!Objects.equals(from, to)) {
            out.add(field + ": " + (from == null ? "(none)" : from) + " -> " + (to == null ? "(none)" : to));
        }
    }
}
