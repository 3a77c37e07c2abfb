package dev.cmk.core;

import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.ServiceKeyType;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.StorageService;
import dev.cmk.api.ValidationReport;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.Violation;
import dev.cmk.api.ViolationCode;
import dev.cmk.api.spi.AccountCreation;
import dev.cmk.api.spi.AccountEncryption;
import dev.cmk.api.spi.AccountIdentity;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.core.validation.AccountRules;
import dev.cmk.core.validation.KeyRules;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link AccountCreationPlan}s with the rules of configure ({@link AccountRules}, {@link KeyRules}, the
 * identity's access) applied to the account as it would be created (package-private).
 */
final class AccountCreationPlanner {
    private AccountCreationPlanner() {
    }

    static AccountCreationPlan plan(Services s, StorageAccountId id, AccountCreation c, VaultRequirements req,
                                    boolean grantAccess, boolean crossTenant, String crossTenantPrincipal,
                                    java.util.function.Function<Services, EncryptionPlan> configure) {
        long keyEpoch = dev.cmk.core.internal.KeyLocks.epoch(c.key()); // before the key is read
        StorageAccount existing;
        try {
            existing = s.storage().get(id);
        } catch (NotFoundException absent) {
            existing = null;
        }
        if (existing != null) {
            List<Violation> fixed = creationOnlyDifferences(existing, c);
            if (!fixed.isEmpty()) {
                return new AccountCreationPlan(s, id, c, new ValidationReport(fixed), List.of(), null, null);
            }
            // configure's planner reads the account first: answer that read with the one just made
            EncryptionPlan p = configure.apply(ReadOnceStorage.over(s, existing));
            return new AccountCreationPlan(s, id, c, p.violations(), p.steps(), p, null);
        }

        List<Violation> v = new ArrayList<>();
        String principal = null;
        Optional<AccountIdentity.UserAssignedIdentity> uai = Optional.empty();
        try {
            uai = Optional.of(s.storage().userAssignedIdentity(c.identity().resourceId()));
            principal = uai.get().principalId();
        } catch (UnsupportedOperationException unsupported) {
            // the SPI's default: this provider cannot read identities, so it cannot create accounts either
            throw new dev.cmk.api.ConfigurationException("creating a storage account needs a StorageAccountProvider "
                    + "that reads user-assigned identities and creates accounts (" + unsupported.getMessage()
                    + "); configure the Azure adapter (cmk-azure) or implement userAssignedIdentity(..) and "
                    + "create(..). Nothing was changed.");
        } catch (NotFoundException e) {
            v.add(Violation.error(ViolationCode.USER_IDENTITY_NOT_FOUND, c.identity().resourceId(), "user-assigned "
                    + "identity " + c.identity().resourceId() + " does not exist (" + e.getMessage() + "); Azure "
                    + "refuses to create the account (InvalidValuesForRequestParameters: "
                    + "properties.encryption.identity)", "create the identity first (az identity create), or check "
                    + "its subscription, resource group and name"));
        }

        StorageAccount prospective = prospective(id, c, uai);
        for (Violation a : AccountRules.check(prospective)) {
            v.add(a.code() == ViolationCode.SERVICE_NOT_COVERED ? Violation.warning(a.code(), a.subject(),
                    a.message(), "call .accountScopedKeysForQueuesAndTables() now: creation is the only moment "
                            + "this can be chosen") : a);
        }
        KeyReference keyToCheck = c.versionPolicy() instanceof VersionPolicy.Pinned p ? c.key().withVersion(
                p.version()) : c.key();
        try {
            v.addAll(KeyRules.check(s.keys().getKey(keyToCheck), req, s.clock().instant()));
        } catch (NotFoundException e) {
            v.add(KeyRules.notFound(keyToCheck, e));
        }
        v.addAll(KeyRules.checkVault(c.key(), s.keys().describeVault(c.key()), c.location(), req));

        List<PlanStep> steps = new ArrayList<>();
        if (crossTenant) {
            // the key is reached as the multi-tenant app's service principal in the vault's tenant, not the UAI's
            principal = crossTenantPrincipal;
        }
        if (crossTenant && principal == null) {
            v.add(dev.cmk.core.internal.CrossTenant.notChecked(id.resourceId(), c.key(), req.requireAccessCheck()));
        } else if (s.access().isEmpty()) {
            String msg = "no KeyAccessProvider is configured, so the identity's get/wrapKey/unwrapKey permissions on "
                    + c.key() + " were not checked";
            String fix = "configure CustomerManagedKeys.builder().keyAccess(..), or make sure the identity holds the "
                    + "'Key Vault Crypto Service Encryption User' role (or get, wrapKey, unwrapKey access policies)";
            v.add(req.requireAccessCheck() ? Violation.error(ViolationCode.KEY_ACCESS_NOT_CHECKED, id.resourceId(),
                    msg, fix) : Violation.warning(ViolationCode.KEY_ACCESS_NOT_CHECKED, id.resourceId(), msg, fix));
        } else if (principal != null) {
            var held = s.access().get().permissions(c.key(), principal);
            if (!held.containsAll(EnumSet.allOf(KeyPermission.class))) {
                if (grantAccess) {
                    steps.add(new PlanStep.GrantKeyAccess(c.key(), "the identity must hold get, wrapKey and "
                            + "unwrapKey before the account is created with the key", List.of("access[" + c.key()
                            .keyId() + "]: + " + principal + " get, wrapKey, unwrapKey")));
                } else {
                    var missing = EnumSet.allOf(KeyPermission.class);
                    missing.removeAll(held);
                    v.add(Violation.error(ViolationCode.IDENTITY_LACKS_KEY_PERMISSIONS, c.key().keyId(),
                            c.identity() + " (principal " + principal + ") lacks " + missing + " on "
                                    + c.key().keyId(), "grant the identity the 'Key Vault Crypto Service Encryption "
                                    + "User' role on the key (or get, wrapKey, unwrapKey access policies), or call "
                                    + ".grantKeyAccess()"));
                }
            }
        }
        steps.add(new PlanStep.CreateAccount(c, "the account does not exist; one long-running PUT "
                + "creates it with the customer-managed key from its first write", createDiff(c)));
        return new AccountCreationPlan(s, id, c, new ValidationReport(v), steps, null, principal).readKeyAt(keyEpoch);
    }

    /** The account as the PUT would create it, for the account rules. */
    private static StorageAccount prospective(StorageAccountId id, AccountCreation c,
                                              Optional<AccountIdentity.UserAssignedIdentity> uai) {
        AccountIdentity identity = new AccountIdentity(Optional.empty(), Optional.empty(), uai.map(u -> Map.of(
                c.identity().resourceId(), u)).orElse(Map.of()));
        AccountEncryption e = new AccountEncryption(KeySource.MICROSOFT_KEYVAULT, Optional.of(c.key()),
                c.encryption().wireKeyVersion(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(c.identity().resourceId()), c.identity().federatedClientId(), c.serviceKeyTypes(),
                c.infrastructureEncryption());
        return new StorageAccount(id, c.location(), c.kind(), identity, e);
    }

    /** The settings fixed at creation in which the existing account differs from the requested ones. */
    static List<Violation> creationOnlyDifferences(StorageAccount a, AccountCreation c) {
        List<String> d = new ArrayList<>();
        if (!a.location().equalsIgnoreCase(c.location())) {
            d.add("region is " + a.location() + ", requested " + c.location());
        }
        if (a.kind() != c.kind()) {
            d.add("kind is " + a.kind().wireName() + ", requested " + c.kind().wireName());
        }
        for (StorageService svc : List.of(StorageService.QUEUE, StorageService.TABLE)) {
            ServiceKeyType have = a.encryption().serviceKeyTypes().getOrDefault(svc, ServiceKeyType.SERVICE);
            ServiceKeyType want = c.serviceKeyTypes().get(svc);
            if (have != want) {
                d.add(svc.name().toLowerCase(java.util.Locale.ROOT) + " key type is " + have + ", requested " + want);
            }
        }
        if (a.encryption().infrastructureEncryption() != c.infrastructureEncryption()) {
            d.add("infrastructure encryption is " + (a.encryption().infrastructureEncryption() ? "on" : "off")
                    + ", requested " + (c.infrastructureEncryption() ? "on" : "off"));
        }
        if (d.isEmpty()) {
            return List.of();
        }
        return List.of(Violation.error(ViolationCode.CREATION_ONLY_SETTING_DIFFERS, a.id().resourceId(), "account "
                + a.id().name() + " already exists and differs in settings that are fixed when an account is "
                + "created and can never change: " + String.join("; ", d), "create a new account with another name "
                + "and move the data, or plan with the existing account's settings (or configure its key with "
                + "cmk.storageAccount(id).useCustomerManagedKey(..))"));
    }

    private static List<String> createDiff(AccountCreation c) {
        List<String> d = new ArrayList<>();
        d.add("location: " + c.location());
        d.add("kind: " + c.kind().wireName());
        d.add("sku.name: " + c.sku());
        if (!c.tags().isEmpty()) {
            d.add("tags: " + c.tags());
        }
        d.add("identity.type: UserAssigned");
        d.add("identity.userAssignedIdentities: + " + c.identity().resourceId());
        d.add("encryption.keySource: Microsoft.Keyvault");
        d.add("encryption.keyvaultproperties.keyvaulturi: " + c.key().vaultUri());
        d.add("encryption.keyvaultproperties.keyname: " + c.key().name());
        String wv = c.encryption().wireKeyVersion().orElse("");
        d.add("encryption.keyvaultproperties.keyversion: \"" + wv + "\"" + (wv.isEmpty() ? " (auto-update)"
                : " (pinned)"));
        d.add("encryption.identity.userAssignedIdentity: " + c.identity().resourceId());
        c.identity().federatedClientId().ifPresent(f -> d.add("encryption.identity.federatedIdentityClientId: "
                + f + " (cross-tenant)"));
        String qt = c.accountScopedQueuesAndTables() ? "Account" : "Service";
        d.add("encryption.services: blob Account, file Account, queue " + qt + ", table " + qt
                + " (fixed at creation)");
        d.add("encryption.requireInfrastructureEncryption: " + c.infrastructureEncryption() + " (fixed at creation)");
        return d;
    }
}
