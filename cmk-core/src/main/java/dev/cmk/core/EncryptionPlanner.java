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
        StorageAccount account = s.storage().get(id);
        if (identity == null) { // not chosen: keep the identity in use, so a policy-only change keeps it
            identity = Statuses.identity(account.encryption()).orElse(ManagedIdentity.systemAssigned());
        }
        List<Violation> v = new ArrayList<>(AccountRules.check(account));
        KeyReference keyToCheck = policy instanceof VersionPolicy.Pinned p ? key.withVersion(p.version())
                : key.versionless();
        Optional<KeyVersionProperties> props = Optional.empty();
        try {
            props = Optional.of(s.keys().getKey(keyToCheck));
            List<Violation> keyViolations = KeyRules.check(props.get(), req, s.clock().instant());
            for (Violation kv : keyViolations) {
                v.add(kv.code() == ViolationCode.KEY_DISABLED && policy.isAutoUpdate() ? Violation.error(kv.code(),
                        kv.subject(), kv.message() + "; an auto-updating account uses the key's newest version",
                        "enable the newest version, or pin an enabled version with VersionPolicy.pinned(..)") : kv);
            }
        } catch (NotFoundException e) {
            v.add(KeyRules.notFound(keyToCheck, e));
        }
        Optional<VaultInfo> vault = s.keys().describeVault(key);
        v.addAll(KeyRules.checkVault(key, vault, account.location(), req));

        List<PlanStep> steps = new ArrayList<>();
        AccountEncryption cur = account.encryption();
        EncryptionUpdate target = EncryptionUpdate.customerManaged(key, policy, identity);
        boolean inPlace = cur.isCustomerManaged() && cur.key().map(k -> k.sameKeyAs(key)).orElse(false)
                && Statuses.versionPolicy(cur).equals(Optional.of(policy))
                && Statuses.identity(cur).equals(Optional.of(identity));
        if (inPlace) {
            // Nothing is written, so a version expiring within the minimum validity is not newly configured: warn.
            v.replaceAll(x -> x.code() == ViolationCode.KEY_EXPIRES_SOON && x.severity() == Severity.ERROR
                    ? Violation.warning(x.code(), x.subject(), x.message() + "; the account already uses it, so "
                    + "nothing is written", x.remediation()) : x);
            return new EncryptionPlan(s, account, "customer-managed key " + key.versionless() + ", " + policy + ", "
                    + identity, new dev.cmk.api.ValidationReport(v), steps, false, target);
        }
        Optional<ManagedIdentity> curIdentity = Statuses.identity(cur);
        boolean identityChanges = cur.isCustomerManaged() && !curIdentity.equals(Optional.of(identity));
        // Azure refuses a write that changes encryption.identity and any of encryption.keyvaultproperties
        // (vault, key name or key version) together.
        boolean keyChanges = cur.isCustomerManaged() && (!cur.key().map(k -> k.sameKeyAs(key)).orElse(false)
                || !Statuses.versionPolicy(cur).equals(Optional.of(policy)));
        // Keys the identity must reach: the new key, and the current key when the identity is switched first.
        List<KeyReference> keysToReach = new ArrayList<>();
        keysToReach.add(key.versionless());
        if (identityChanges && keyChanges && !cur.key().orElseThrow().sameKeyAs(key)) {
            keysToReach.add(0, cur.key().orElseThrow());
        }

        String principal = principalOf(account.identity(), identity);
        boolean deferredCheck = false;
        if (principal == null) {
            if (identity instanceof ManagedIdentity.UserAssigned u) {
                steps.add(new PlanStep(PlanStep.Kind.ATTACH_USER_IDENTITY, "Storage can only use an identity "
                        + "attached to the account", List.of("identity.userAssignedIdentities: + " + u.resourceId(),
                        "identity.type: " + identityType(account.identity()) + " -> "
                                + identityTypeWith(account.identity(), false, true)), null, u, null));
                deferredCheck = true;
            } else if (grantAccess && s.access().isPresent()) {
                steps.add(new PlanStep(PlanStep.Kind.ENABLE_SYSTEM_IDENTITY, "Storage reaches the key with the "
                        + "account's system-assigned identity, which does not exist yet", List.of("identity.type: "
                        + identityType(account.identity()) + " -> " + identityTypeWith(account.identity(), true,
                        false)), null, identity, null));
            } else {
                v.add(Violation.error(ViolationCode.SYSTEM_IDENTITY_MISSING, id.resourceId(), "account " + id.name()
                        + " has no system-assigned identity, so nothing can hold access to the key yet",
                        "enable the account's system-assigned identity and grant it get, wrapKey and unwrapKey on "
                                + key.versionless() + ", then plan again; or configure a KeyAccessProvider and call "
                                + ".grantKeyAccess() so cmk does both; or use a user-assigned identity"));
            }
        }
        if (s.access().isEmpty()) {
            String msg = "no KeyAccessProvider is configured, so the identity's get/wrapKey/unwrapKey permissions on "
                    + key.versionless() + " were not checked";
            String fix = "configure CustomerManagedKeys.builder().keyAccess(..), or make sure the identity holds the "
                    + "'Key Vault Crypto Service Encryption User' role (or get, wrapKey, unwrapKey access policies)";
            v.add(req.requireAccessCheck() ? Violation.error(ViolationCode.KEY_ACCESS_NOT_CHECKED, id.resourceId(),
                    msg, fix) : Violation.warning(ViolationCode.KEY_ACCESS_NOT_CHECKED, id.resourceId(), msg, fix));
        } else if (principal != null) {
            for (KeyReference k : keysToReach) {
                Set<KeyPermission> held = s.access().get().permissions(k, principal);
                if (!held.containsAll(NEEDED)) {
                    if (grantAccess) {
                        steps.add(grantStep(k, principal));
                    } else {
                        Set<KeyPermission> missing = EnumSet.copyOf(NEEDED);
                        missing.removeAll(held);
                        v.add(Violation.error(ViolationCode.IDENTITY_LACKS_KEY_PERMISSIONS, k.keyId(), identity
                                + " (principal " + principal + ") lacks " + missing + " on " + k.keyId(),
                                "grant the identity the 'Key Vault Crypto Service Encryption User' role on the key "
                                        + "(or get, wrapKey, unwrapKey access policies), or call .grantKeyAccess()"));
                    }
                }
            }
        } else if (grantAccess) {
            for (KeyReference k : keysToReach) {
                steps.add(grantStep(k, null));
            }
        }

        if (identityChanges && keyChanges) {
            EncryptionUpdate first = EncryptionUpdate.customerManaged(cur.key().orElseThrow(),
                    Statuses.versionPolicy(cur).orElseThrow(), identity);
            steps.add(new PlanStep(PlanStep.Kind.SET_ENCRYPTION_IDENTITY, "Azure refuses to change the encryption "
                    + "identity and the key in one write, so the identity is switched first, on the current key",
                    List.of("encryption.identity: " + curIdentity.map(Object::toString).orElse("(none)") + " -> "
                            + identity), first, null, null));
        }
        steps.add(new PlanStep(PlanStep.Kind.SET_CUSTOMER_MANAGED_KEY, cur.isCustomerManaged()
                ? "the account's key settings differ from the requested ones" : "the account uses Microsoft-managed "
                + "keys", encryptionDiff(cur, target, identityChanges && keyChanges), target, null, null));
        return new EncryptionPlan(s, account, "customer-managed key " + key.versionless() + ", " + policy + ", "
                + identity, new dev.cmk.api.ValidationReport(v), steps, deferredCheck && !grantAccess, target);
    }

    static EncryptionPlan microsoftManaged(Services s, StorageAccountId id) {
        StorageAccount account = s.storage().get(id);
        List<PlanStep> steps = new ArrayList<>();
        AccountEncryption cur = account.encryption();
        if (cur.isCustomerManaged()) {
            steps.add(new PlanStep(PlanStep.Kind.SET_MICROSOFT_MANAGED_KEYS, "switch back to Microsoft-managed keys "
                    + "as requested; the key and its vault are left untouched", encryptionDiff(cur,
                    EncryptionUpdate.microsoftManaged(), false), EncryptionUpdate.microsoftManaged(), null, null));
        }
        return new EncryptionPlan(s, account, "Microsoft-managed keys", dev.cmk.api.ValidationReport.empty(), steps,
                false, EncryptionUpdate.microsoftManaged());
    }

    private static PlanStep grantStep(KeyReference key, String principal) {
        return new PlanStep(PlanStep.Kind.GRANT_KEY_ACCESS, "the identity must hold get, wrapKey and unwrapKey "
                + "before Storage is pointed at the key", List.of("access[" + key.keyId() + "]: + "
                + (principal == null ? "(the new identity)" : principal) + " get, wrapKey, unwrapKey"), null, null,
                key);
    }

    static String principalOf(AccountIdentity ids, ManagedIdentity identity) {
        if (identity instanceof ManagedIdentity.UserAssigned u) {
            return ids.userAssigned(u.resourceId()).map(AccountIdentity.UserAssignedIdentity::principalId)
                    .orElse(null);
        }
        return ids.systemAssignedPrincipalId().orElse(null);
    }

    private static String identityType(AccountIdentity ids) {
        return identityTypeWith(ids, false, false);
    }

    private static String identityTypeWith(AccountIdentity ids, boolean addSystem, boolean addUser) {
        boolean sys = ids.systemAssignedPrincipalId().isPresent() || addSystem;
        boolean user = !ids.userAssigned().isEmpty() || addUser;
        return sys && user ? "SystemAssigned,UserAssigned" : sys ? "SystemAssigned" : user ? "UserAssigned" : "None";
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
