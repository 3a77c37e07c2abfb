package dev.cmk.azure.internal;

import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import com.azure.resourcemanager.keyvault.fluent.models.VaultAccessPolicyParametersInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.AccessPolicyEntry;
import com.azure.resourcemanager.keyvault.models.AccessPolicyUpdateKind;
import com.azure.resourcemanager.keyvault.models.KeyPermissions;
import com.azure.resourcemanager.keyvault.models.Permissions;
import com.azure.resourcemanager.keyvault.models.VaultAccessPolicyProperties;
import dev.cmk.api.CmkException;
import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.VaultKind;
import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.azure.BuiltInRoles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * {@link KeyAccessProvider} for Key Vault, in whichever permission model the vault uses
 * ({@code properties.enableRbacAuthorization}, read from the vault's ARM resource; an RBAC answer is reused for 5
 * minutes):
 * <ul>
 *   <li><b>Azure RBAC</b>: the role "Key Vault Crypto Service Encryption User"
 *       ({@value #KV_CRYPTO_SERVICE_ENCRYPTION_USER}) assigned at the scope of the one key. Reading lists the
 *       principal's assignments at the key's scope (inherited ones included) and counts the built-in roles that
 *       hold get, wrapKey and unwrapKey; custom roles are not evaluated. Needs
 *       {@code Microsoft.Authorization/roleAssignments/read} and {@code /write} / {@code /delete}.</li>
 *   <li><b>Access policies</b>: key permissions get, wrapKey, unwrapKey, added and removed with the
 *       {@code accessPolicies/add} and {@code /remove} operations, which change only the listed permissions of
 *       that principal. Access policies are vault-wide: granting or revoking for one key does it for every key in
 *       the vault. Needs {@code Microsoft.KeyVault/vaults/read} and
 *       {@code Microsoft.KeyVault/vaults/accessPolicies/write}.</li>
 * </ul>
 * Grants are idempotent: an RBAC grant is one PUT of an assignment whose name is derived from scope, principal and
 * role (a repeat answers {@code RoleAssignmentExists}); an access-policy grant skips the write when the policy is
 * already there. A Managed HSM uses its own local RBAC on the data plane: the role "Managed HSM Crypto Service
 * Encryption User" ({@link BuiltInRoles#MANAGED_HSM_CRYPTO_SERVICE_ENCRYPTION_USER}) granted at {@code /keys/<name>},
 * recognised at {@code /keys} and {@code /} too (then a revoke removes it HSM-wide and the access scope is the whole
 * HSM); see {@code HsmKeyAccess}.
 */
final class AzureKeyAccess implements KeyAccessProvider {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AzureKeyAccess.class);
    /** "Key Vault Crypto Service Encryption User". */
    static final String KV_CRYPTO_SERVICE_ENCRYPTION_USER = BuiltInRoles.KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER;
    /** Built-in roles that hold get, wrapKey and unwrapKey on keys. */
    private static final Set<String> ROLES_WITH_KEY_ACCESS = BuiltInRoles.KEY_VAULT_ROLES_WITH_KEY_ACCESS;
    private static final Duration MODEL_TTL = Duration.ofMinutes(5);
    /** How old an access-policy vault's read may be for a permission check (one operation's span, typically). */
    private static final Duration POLICY_TTL = Duration.ofSeconds(30);
    private static final Set<KeyPermission> ALL = EnumSet.allOf(KeyPermission.class);

    private final SdkClients clients;
    private final CallRunner runner;
    private final VaultDirectory vaults;
    private final HsmKeyAccess hsm;

    AzureKeyAccess(SdkClients clients, CallRunner runner, VaultDirectory vaults) {
        this.clients = clients;
        this.runner = runner;
        this.vaults = vaults;
        this.hsm = new HsmKeyAccess(clients, runner);
    }

    private static boolean isHsm(KeyReference key) {
        return key.vaultKind() == VaultKind.MANAGED_HSM;
    }

    @Override
    public Set<KeyPermission> permissions(KeyReference key, String principalId) {
        if (isHsm(key)) {
            return hsm.permissions(key, principalId);
        }
        VaultArmId id = locate(key);
        Model m = model(id, POLICY_TTL);
        if (m.rbac) {
            return rolePermissions(id, key, principalId, roleAssignments(id, key, principalId));
        }
        return policyPermissions(m.vault, principalId);
    }

    /**
     * RBAC vault: one list of the role assignments at the key's scope filtered {@code atScope()} (assignments at the
     * key and above it), keeping the principals of the built-in roles with key access. Access-policy vault: the
     * principals whose policies give get, wrapKey and unwrapKey, from the one vault read. Managed HSM: empty (the
     * caller checks per principal).
     */
    @Override
    public java.util.Optional<Set<String>> principalsWithAccess(KeyReference key) {
        if (isHsm(key)) {
            return java.util.Optional.empty();
        }
        VaultArmId id = locate(key);
        Model m = model(id, POLICY_TTL);
        Set<String> out = new java.util.LinkedHashSet<>();
        if (m.rbac) {
            String scope = armScope(id.keyScope(key.name()));
            List<RoleAssignmentInner> all = runner.run("list role assignments at the scope of " + key.versionless(),
                    CallRunner.Kind.IDEMPOTENT, runner.armRead(id.subscriptionId()), null, () -> {
                        List<RoleAssignmentInner> l = new ArrayList<>();
                        clients.roleAssignments().listForScope(scope, "atScope()", null, null, Context.NONE)
                                .forEach(l::add);
                        return l;
                    });
            for (RoleAssignmentInner a : all) {
                if (a.principalId() != null && ROLES_WITH_KEY_ACCESS.contains(roleGuid(a))) {
                    out.add(a.principalId().toLowerCase(Locale.ROOT));
                }
            }
        } else if (m.vault.properties() != null && m.vault.properties().accessPolicies() != null) {
            for (AccessPolicyEntry e : m.vault.properties().accessPolicies()) {
                if (e.objectId() != null && policyPermissions(m.vault, e.objectId()).containsAll(ALL)) {
                    out.add(e.objectId().toLowerCase(Locale.ROOT));
                }
            }
        }
        return java.util.Optional.of(Set.copyOf(out));
    }

    @Override
    public void grant(KeyReference key, String principalId) {
        if (isHsm(key)) {
            hsm.grant(key, principalId);
            return;
        }
        VaultArmId id = locate(key);
        Model m = model(id);
        if (m.rbac) {
            // one idempotent PUT: the assignment's name is derived from scope, principal and role, so a repeat
            // answers RoleAssignmentExists, which counts as success (no list before it)
            String scope = armScope(id.keyScope(key.name()));
            String name = UUID.nameUUIDFromBytes((scope.toLowerCase(Locale.ROOT) + "|" + principalId + "|"
                    + KV_CRYPTO_SERVICE_ENCRYPTION_USER).getBytes(StandardCharsets.UTF_8)).toString();
            RoleAssignmentCreateParameters params = new RoleAssignmentCreateParameters()
                    .withRoleDefinitionId("/subscriptions/" + id.subscriptionId()
                            + "/providers/Microsoft.Authorization/roleDefinitions/" + KV_CRYPTO_SERVICE_ENCRYPTION_USER)
                    .withPrincipalId(principalId).withPrincipalType(PrincipalType.SERVICE_PRINCIPAL);
            try {
                runner.run("assign 'Key Vault Crypto Service Encryption User' on " + key.versionless() + " to "
                        + principalId, CallRunner.Kind.IDEMPOTENT, runner.armWrite(id.subscriptionId()), null,
                        () -> clients.roleAssignments().createWithResponse(scope, name, params, Context.NONE));
            } catch (CmkException e) {
                if (!e.azureErrorCode().filter("RoleAssignmentExists"::equals).isPresent()) {
                    throw e;
                }
            }
        } else {
            if (policyPermissions(m.vault, principalId).containsAll(ALL)) {
                return;
            }
            updatePolicy(id, m.vault, principalId, AccessPolicyUpdateKind.ADD, key);
        }
        runner.grantedOn(key.vaultUri().getHost());
    }

    /** Access policies are vault-wide; RBAC assignments made by this adapter are scoped to the key. */
    @Override
    public dev.cmk.api.spi.AccessScope accessScope(KeyReference key) {
        if (isHsm(key)) {
            return dev.cmk.api.spi.AccessScope.KEY;
        }
        return model(locate(key)).rbac ? dev.cmk.api.spi.AccessScope.KEY : dev.cmk.api.spi.AccessScope.VAULT;
    }

    /** On a Managed HSM, VAULT when the principal holds the role HSM-wide ({@code /keys} or {@code /}). */
    @Override
    public dev.cmk.api.spi.AccessScope accessScope(KeyReference key, String principalId) {
        return isHsm(key) ? hsm.accessScope(key, principalId) : accessScope(key);
    }

    @Override
    public void revoke(KeyReference key, String principalId) {
        if (isHsm(key)) {
            hsm.revoke(key, principalId);
            return;
        }
        VaultArmId id = locate(key);
        Model m = model(id);
        if (m.rbac) {
            String scope = armScope(id.keyScope(key.name()));
            Set<String> deleted = new java.util.HashSet<>();
            for (RoleAssignmentInner a : roleAssignments(id, key, principalId)) {
                if (scope.equalsIgnoreCase(armScope(a.scope())) && ROLES_WITH_KEY_ACCESS.contains(roleGuid(a))) {
                    runner.run("delete role assignment " + a.id(), CallRunner.Kind.IDEMPOTENT,
                            runner.armWrite(id.subscriptionId()), null,
                            () -> clients.roleAssignments().deleteWithResponse(scope, a.name(), null, Context.NONE));
                    deleted.add(String.valueOf(a.id()).toLowerCase(Locale.ROOT));
                }
            }
            // ARM reads may still list what was just deleted: only what is left above the key counts
            List<RoleAssignmentInner> left = roleAssignments(id, key, principalId).stream()
                    .filter(a -> !deleted.contains(String.valueOf(a.id()).toLowerCase(Locale.ROOT))).toList();
            if (!rolePermissions(id, key, principalId, left).isEmpty()) {
                // As the KeyAccessProvider contract says: access left through a grant above the key does not fail
                // the revoke; the caller's permissions() re-check finds it (cmk-core then throws
                // ApplyFailedException VERIFICATION_FAILED, the same as with the in-memory providers).
                List<String> inherited = new ArrayList<>();
                left.stream().filter(a -> ROLES_WITH_KEY_ACCESS.contains(roleGuid(a))).forEach(a -> inherited.add(
                        a.id()));
                LOG.warn("principal {} still reaches {} through role assignments above the key: {}; remove them "
                        + "(they grant access to every key under their scope) or revoke by disabling the key",
                        principalId, key.versionless(), inherited);
            }
        } else if (!policyPermissions(m.vault, principalId).isEmpty()) {
            updatePolicy(id, m.vault, principalId, AccessPolicyUpdateKind.REMOVE, key);
        }
    }

    private VaultArmId locate(KeyReference key) {
        return vaults.locate(key);
    }

    /**
     * The vault's permission model ({@code enableRbacAuthorization}). An RBAC vault's model may come from any read
     * of the vault in the last {@link #MODEL_TTL} (for example the one {@code describeVault} just made); an
     * access-policy vault is read afresh, since its access policies are the answer.
     */
    private Model model(VaultArmId id) {
        return model(id, null);
    }

    /**
     * As {@link #model(VaultArmId)}; an access-policy vault's read may be up to {@code policyAge} old (used by
     * {@code permissions}, so checking many accounts against one vault in one operation reads it once; this
     * adapter's own policy writes drop the read at once). With {@code policyAge} null (grant, revoke) the
     * policies are read afresh, unless the read just above was itself fresh.
     */
    private Model model(VaultArmId id, Duration policyAge) {
        VaultInner before = vaults.lastRead(id);
        VaultInner vault = vaults.vault(id, MODEL_TTL);
        if (!isRbac(vault)) {
            if (policyAge != null) {
                vault = vaults.vault(id, policyAge);
            } else if (vault == before) {
                vault = vaults.vault(id);
            }
        }
        return new Model(isRbac(vault), vault);
    }

    private static boolean isRbac(VaultInner vault) {
        return vault.properties() != null && Boolean.TRUE.equals(vault.properties().enableRbacAuthorization());
    }

    /**
     * A scope as the authorization client expects it in its path template {@code /{scope}/providers/...}: without
     * the leading slash (as Azure's own examples pass it), or the request would go to {@code //subscriptions/..}.
     */
    private static String armScope(String scope) {
        return scope == null ? "" : scope.startsWith("/") ? scope.substring(1) : scope;
    }

    private List<RoleAssignmentInner> roleAssignments(VaultArmId id, KeyReference key, String principalId) {
        String scope = armScope(id.keyScope(key.name()));
        return runner.run("list role assignments of " + principalId + " on " + key.versionless(),
                CallRunner.Kind.IDEMPOTENT, runner.armRead(id.subscriptionId()), null, () -> {
                    List<RoleAssignmentInner> l = new ArrayList<>();
                    clients.roleAssignments().listForScope(scope, "principalId eq '" + principalId + "'", null, null,
                            Context.NONE).forEach(l::add);
                    return l;
                });
    }

    private static Set<KeyPermission> rolePermissions(VaultArmId id, KeyReference key, String principalId,
                                                      List<RoleAssignmentInner> assignments) {
        // listForScope on the key's scope returns the assignments at the key and above it (vault, group,
        // subscription, management groups, root): every one of them covers the key
        for (RoleAssignmentInner a : assignments) {
            if (principalId.equalsIgnoreCase(a.principalId()) && ROLES_WITH_KEY_ACCESS.contains(roleGuid(a))) {
                return ALL;
            }
        }
        return Set.of();
    }

    private static String roleGuid(RoleAssignmentInner a) {
        String r = a.roleDefinitionId() == null ? "" : a.roleDefinitionId();
        return r.substring(r.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }

    private static Set<KeyPermission> policyPermissions(VaultInner vault, String principalId) {
        Set<KeyPermission> held = EnumSet.noneOf(KeyPermission.class);
        if (vault.properties() == null || vault.properties().accessPolicies() == null) {
            return held;
        }
        for (AccessPolicyEntry e : vault.properties().accessPolicies()) {
            // an entry with an application id is a compound identity (user via app): it does not apply alone
            if (!principalId.equalsIgnoreCase(e.objectId()) || e.applicationId() != null || e.permissions() == null
                    || e.permissions().keys() == null) {
                continue;
            }
            for (KeyPermissions p : e.permissions().keys()) {
                String name = p.toString().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "all" -> held.addAll(ALL);
                    case "get" -> held.add(KeyPermission.GET);
                    case "wrapkey" -> held.add(KeyPermission.WRAP_KEY);
                    case "unwrapkey" -> held.add(KeyPermission.UNWRAP_KEY);
                    default -> {
                    }
                }
            }
        }
        return held;
    }

    private void updatePolicy(VaultArmId id, VaultInner vault, String principalId, AccessPolicyUpdateKind kind,
                              KeyReference key) {
        List<KeyPermissions> perms = new ArrayList<>(List.of(KeyPermissions.GET, KeyPermissions.WRAP_KEY,
                KeyPermissions.UNWRAP_KEY));
        if (kind == AccessPolicyUpdateKind.REMOVE && holdsAll(vault, principalId)) {
            perms.add(KeyPermissions.ALL); // 'all' grants the three too: removing them alone would leave access
        }
        AccessPolicyEntry entry = new AccessPolicyEntry().withTenantId(vault.properties().tenantId())
                .withObjectId(principalId).withPermissions(new Permissions().withKeys(perms));
        VaultAccessPolicyParametersInner params = new VaultAccessPolicyParametersInner().withProperties(
                new VaultAccessPolicyProperties().withAccessPolicies(List.of(entry)));
        try {
            runner.run(kind + " access policy get/wrapKey/unwrapKey for " + principalId + " on " + key.vaultUri(),
                    CallRunner.Kind.IDEMPOTENT, runner.armWrite(id.subscriptionId()), null,
                    () -> clients.keyVaultArm(id.subscriptionId()).getVaults().updateAccessPolicy(id.resourceGroup(),
                            id.name(), kind, params));
        } finally {
            vaults.forget(id); // the policies just changed (or may have): the next check reads them afresh
        }
    }

    private static boolean holdsAll(VaultInner vault, String principalId) {
        return vault.properties() != null && vault.properties().accessPolicies() != null
                && vault.properties().accessPolicies().stream().anyMatch(e -> principalId.equalsIgnoreCase(
                e.objectId()) && e.permissions() != null && e.permissions().keys() != null
                && e.permissions().keys().stream().anyMatch(p -> "all".equalsIgnoreCase(p.toString())));
    }

    /** A vault's permission model as last read. */
    private record Model(boolean rbac, VaultInner vault) {
    }
}
