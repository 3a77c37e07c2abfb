package dev.cmk.azure.testkit;

import dev.cmk.api.AzureCloud;
import dev.cmk.api.AzureResourceId;
import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.VaultKind;
import dev.cmk.api.spi.VaultInfo;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Key Vault management plane: vault and Managed HSM resources, access policies, the Resources list used to
 * find a vault by name, and role assignments at the scope of a key.
 */
final class VaultArmApi {
    /** Built-in roles whose assignment at a key scope the fake maps to a get/wrapKey/unwrapKey grant. */
    private static final Set<String> KEY_ROLES = dev.cmk.azure.BuiltInRoles.KEY_VAULT_ROLES_WITH_KEY_ACCESS;
    private static final String ENCRYPTION_USER = dev.cmk.azure.BuiltInRoles.KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER;
    private static final Pattern FILTER = Pattern.compile(
            "resourceType eq '([^']+)'(?: and name eq '([^']+)')?", Pattern.CASE_INSENSITIVE);
    private static final Pattern PRINCIPAL = Pattern.compile("principalId eq '([^']+)'", Pattern.CASE_INSENSITIVE);

    private final WireFake fake;
    private final InMemoryAzure azure;
    /** Access policies by vault host, then object id: lower-case key permissions. */
    private final Map<String, Map<String, Set<String>>> policies = new ConcurrentHashMap<>();
    /** Role assignments made through the fake, by lower-case name. */
    private final Map<String, Assignment> assignments = new ConcurrentHashMap<>();

    VaultArmApi(WireFake fake, InMemoryAzure azure) {
        this.fake = fake;
        this.azure = azure;
    }

    FakeResponse serve(WireFake.Call call, AzureCloud cloud) {
        String[] s = call.segments();
        int auth = authorizationIndex(s);
        if (auth >= 0) {
            return roleAssignments(call, s, auth, cloud);
        }
        if (s.length == 3 && s[0].equalsIgnoreCase("subscriptions") && s[2].equalsIgnoreCase("resources")) {
            fake.count(call.method() + " resources");
            return resources(call, s[1], cloud);
        }
        if (s.length >= 8 && s[4].equalsIgnoreCase("providers") && s[5].equalsIgnoreCase("Microsoft.KeyVault")) {
            AzureResourceId id = keyVaultResourceOf(call, s);
            boolean hsm = id.isOfType("Microsoft.KeyVault", "managedHSMs");
            if (!hsm && !id.isOfType("Microsoft.KeyVault", "vaults")) {
                fake.count(call.method() + " keyvault-arm(unknown)");
                throw new WireError(404, "NotFound", "WireFake does not serve " + call.path());
            }
            URI vault = vaultUri(id.name(), hsm, cloud);
            checkHome(id.subscriptionId(), id.resourceGroup(), id.name(), hsm);
            if (s.length == 8) {
                fake.count(call.method() + (hsm ? " managedHsm" : " vault"));
                if (!call.method().equals("GET")) {
                    throw new WireError(405, "MethodNotAllowed", "WireFake serves only GET of a vault");
                }
                return call.ok(hsm ? hsm(vault, id) : vault(vault, id));
            }
            if (!hsm && s.length == 10 && s[8].equalsIgnoreCase("accessPolicies")) {
                fake.count(call.method() + " accessPolicies");
                return call.ok(updatePolicies(vault, s[9], Json.parseObject(call.body()), id));
            }
        }
        fake.count(call.method() + " arm(unknown)");
        throw new WireError(404, "NotFound", "WireFake does not serve " + call.method() + " " + call.path());
    }

    // ------------------------------------------------------------------ vaults

    /**
     * The Key Vault resource (vault or Managed HSM) a request path addresses: its first eight segments, parsed as
     * an ARM id. A path that is no valid ARM id is answered 404, as ARM does for a resource it cannot find.
     */
    private AzureResourceId keyVaultResourceOf(WireFake.Call call, String[] s) {
        try {
            return AzureResourceId.parse("/" + String.join("/", java.util.Arrays.copyOf(s, 8)));
        } catch (dev.cmk.api.InvalidInputException e) {
            fake.count(call.method() + " keyvault-arm(unknown)");
            throw new WireError(404, "NotFound", "WireFake does not serve " + call.path() + " (" + e.getMessage()
                    + ")");
        }
    }

    private URI vaultUri(String name, boolean hsm, AzureCloud cloud) {
        return URI.create("https://" + name.toLowerCase(Locale.ROOT) + "."
                + cloud.dnsSuffix(hsm ? VaultKind.MANAGED_HSM : VaultKind.KEY_VAULT));
    }

    /** Vaults live in the default subscription and {@link WireFake#DEFAULT_VAULT_RESOURCE_GROUP}. */
    private static void checkHome(String sub, String rg, String name, boolean hsm) {
        if (!sub.equalsIgnoreCase(InMemoryAzure.DEFAULT_SUBSCRIPTION)
                || !rg.equalsIgnoreCase(WireFake.DEFAULT_VAULT_RESOURCE_GROUP)) {
            throw new WireError(404, "ResourceNotFound", "The Resource 'Microsoft.KeyVault/"
                    + (hsm ? "managedHSMs/" : "vaults/") + name + "' under resource group '" + rg
                    + "' was not found.");
        }
    }

    /** Whether the in-memory Azure has the vault (asked without counting a call). */
    boolean exists(URI vault) {
        return azure.vaults().stream().anyMatch(v -> v.getHost().equalsIgnoreCase(vault.getHost()));
    }

    private String armId(URI vault, boolean hsm) {
        return "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION + "/resourceGroups/"
                + WireFake.DEFAULT_VAULT_RESOURCE_GROUP + "/providers/Microsoft.KeyVault/"
                + (hsm ? "managedHSMs/" : "vaults/") + vault.getHost().substring(0, vault.getHost().indexOf('.'));
    }

    private VaultInfo describe(URI vault, boolean hsm, AzureResourceId id) {
        if (!exists(vault)) {
            throw new WireError(404, "ResourceNotFound", "The Resource 'Microsoft.KeyVault/"
                    + (hsm ? "managedHSMs/" : "vaults/") + id.name() + "' under resource group '"
                    + id.resourceGroup() + "' was not found.");
        }
        return azure.keyVaults().describeVault(KeyReference.of(vault, "any")).orElseThrow();
    }

    private Map<String, Object> vault(URI vault, AzureResourceId id) {
        VaultInfo info = describe(vault, false, id);
        String host = vault.getHost();
        boolean rbac = !fake.usesAccessPolicies(host);
        Map<String, Object> props = Json.object("tenantId", InMemoryAzure.TENANT_ID, "sku",
                Json.object("family", "A", "name", "premium"), "vaultUri", vault + "/", "enableSoftDelete",
                info.softDelete().orElse(true), "enableRbacAuthorization", rbac, "networkAcls", networkAcls(info), "provisioningState", "Succeeded",
                "accessPolicies", policyEntries(policies.getOrDefault(host, Map.of())));
        if (info.purgeProtection().orElse(false)) {
            props.put("enablePurgeProtection", true); // ARM leaves the field out when it is off
        }
        return Json.object("id", armId(vault, false), "name", id.name(), "type", "Microsoft.KeyVault/vaults",
                "location", info.location().orElse("westeurope"), "tags", Map.of(), "properties", props);
    }

    private Map<String, Object> hsm(URI vault, AzureResourceId id) {
        VaultInfo info = describe(vault, true, id);
        Map<String, Object> props = Json.object("tenantId", InMemoryAzure.TENANT_ID, "hsmUri", vault + "/",
                "enableSoftDelete", true, "networkAcls", networkAcls(info), "provisioningState", "Succeeded");
        if (info.purgeProtection().orElse(false)) {
            props.put("enablePurgeProtection", true);
        }
        return Json.object("id", armId(vault, true), "name", id.name(), "type", "Microsoft.KeyVault/managedHSMs",
                "location", info.location().orElse("westeurope"), "sku", Json.object("family", "B", "name",
                        "Standard_B1"), "properties", props);
    }

    /** Trusted services allowed: a firewall that lets Azure services through; otherwise one that does not. */
    private static Map<String, Object> networkAcls(VaultInfo info) {
        boolean trusted = info.trustedServicesAllowed().orElse(true);
        return Json.object("bypass", trusted ? "AzureServices" : "None", "defaultAction", "Deny", "ipRules",
                List.of(), "virtualNetworkRules", List.of());
    }

    private FakeResponse resources(WireFake.Call call, String sub, AzureCloud cloud) {
        String filter = call.query().getOrDefault("$filter", "");
        Matcher m = FILTER.matcher(filter);
        List<Object> value = new ArrayList<>();
        if (m.find() && m.group(2) != null && sub.equalsIgnoreCase(InMemoryAzure.DEFAULT_SUBSCRIPTION)) {
            boolean hsm = m.group(1).equalsIgnoreCase("Microsoft.KeyVault/managedHSMs");
            if (hsm || m.group(1).equalsIgnoreCase("Microsoft.KeyVault/vaults")) {
                URI vault = vaultUri(m.group(2), hsm, cloud);
                if (exists(vault)) {
                    value.add(Json.object("id", armId(vault, hsm), "name", m.group(2), "type", hsm
                            ? "Microsoft.KeyVault/managedHSMs" : "Microsoft.KeyVault/vaults"));
                }
            }
        } else if (!m.find(0) || m.group(2) == null) {
            throw WireError.notModelled("a Resources list other than by type and name (filter: " + filter + ")");
        }
        return call.ok(Json.object("value", value));
    }

    // ------------------------------------------------------------------ access policies

    private Map<String, Object> updatePolicies(URI vault, String kind, Map<String, Object> body,
                                               AzureResourceId id) {
        if (!exists(vault)) {
            throw new WireError(404, "ResourceNotFound", "The Resource 'Microsoft.KeyVault/vaults/" + id.name()
                    + "' under resource group '" + id.resourceGroup() + "' was not found.");
        }
        String host = vault.getHost();
        if (!fake.usesAccessPolicies(host)) {
            throw new WireError(400, "BadRequest", "The vault " + id.name() + " uses Azure role-based access control; "
                    + "access policies cannot be changed.");
        }
        List<Object> entries = Json.list(Json.obj(body, "properties"), "accessPolicies");
        Map<String, Set<String>> vaultPolicies = policies.computeIfAbsent(host, h -> new ConcurrentHashMap<>());
        for (Object o : entries == null ? List.of() : entries) {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) o;
            String objectId = Objects.requireNonNull(Json.str(entry, "objectId"), "objectId").toLowerCase(Locale.ROOT);
            Set<String> perms = new LinkedHashSet<>();
            List<Object> keys = Json.list(Json.obj(entry, "permissions"), "keys");
            (keys == null ? List.of() : keys).forEach(k -> perms.add(k.toString().toLowerCase(Locale.ROOT)));
            boolean before = full(vaultPolicies.get(objectId));
            switch (kind.toLowerCase(Locale.ROOT)) {
                case "add" -> vaultPolicies.computeIfAbsent(objectId, x -> new LinkedHashSet<>()).addAll(perms);
                case "replace" -> vaultPolicies.put(objectId, perms);
                case "remove" -> {
                    Set<String> held = vaultPolicies.get(objectId);
                    if (held != null) {
                        held.removeAll(perms);
                        if (held.isEmpty()) {
                            vaultPolicies.remove(objectId);
                        }
                    }
                }
                default -> throw WireError.badRequest("unknown access policy operation '" + kind + "'");
            }
            boolean after = full(vaultPolicies.get(objectId));
            if (before != after) {
                if (after) {
                    azure.grantVaultAccess(vault, objectId);
                } else {
                    azure.revokeVaultAccess(vault, objectId);
                }
            }
        }
        return Json.object("id", armId(vault, false) + "/accessPolicies/" + kind, "type",
                "Microsoft.KeyVault/vaults/accessPolicies", "properties", Json.object("accessPolicies",
                        entries == null ? List.of() : entries));
    }

    private static boolean full(Set<String> perms) {
        return perms != null && (perms.contains("all")
                || perms.containsAll(Set.of("get", "wrapkey", "unwrapkey")));
    }

    private static List<Object> policyEntries(Map<String, Set<String>> vaultPolicies) {
        List<Object> l = new ArrayList<>();
        vaultPolicies.forEach((objectId, perms) -> l.add(Json.object("tenantId", InMemoryAzure.TENANT_ID,
                "objectId", objectId, "permissions", Json.object("keys", new ArrayList<Object>(perms)))));
        return l;
    }

    // ------------------------------------------------------------------ role assignments

    private static int authorizationIndex(String[] s) {
        for (int i = 0; i + 2 < s.length; i++) {
            if (s[i].equalsIgnoreCase("providers") && s[i + 1].equalsIgnoreCase("Microsoft.Authorization")
                    && s[i + 2].equalsIgnoreCase("roleAssignments")) {
                return i;
            }
        }
        return -1;
    }

    private FakeResponse roleAssignments(WireFake.Call call, String[] s, int auth, AzureCloud cloud) {
        String scope = "/" + String.join("/", java.util.Arrays.copyOfRange(s, 0, auth));
        String name = s.length > auth + 3 ? s[auth + 3].toLowerCase(Locale.ROOT) : null;
        fake.count(call.method() + (name == null ? " roleAssignments" : " roleAssignment"));
        switch (call.method()) {
            case "PUT" -> {
                Map<String, Object> props = Json.obj(Json.parseObject(call.body()), "properties");
                String role = Json.str(props, "roleDefinitionId");
                String principal = Json.str(props, "principalId");
                if (role == null || principal == null || name == null) {
                    throw WireError.badRequest("a role assignment needs a name, roleDefinitionId and principalId");
                }
                String roleGuid = role.substring(role.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
                if (!KEY_ROLES.contains(roleGuid)) {
                    throw WireError.notModelled("role " + role + " (only the Key Vault crypto roles are mapped)");
                }
                KeyReference key = keyOfScope(scope, cloud);
                Assignment existing = assignments.get(name);
                if (existing != null) {
                    throw new WireError(409, "RoleAssignmentExists", "The role assignment already exists.");
                }
                azure.keyAccess().grant(key, principal);
                Assignment a = new Assignment(scope + "/providers/Microsoft.Authorization/roleAssignments/" + name,
                        name, scope, role, principal, key);
                assignments.put(name, a);
                return FakeResponse.json(call.request(), 201, a.json());
            }
            case "GET" -> {
                if (name != null) {
                    Assignment a = assignments.get(name);
                    if (a == null) {
                        throw new WireError(404, "RoleAssignmentNotFound", "The role assignment '" + name
                                + "' is not found.");
                    }
                    return call.ok(a.json());
                }
                if (call.query().getOrDefault("$filter", "").replace(" ", "").equalsIgnoreCase("atScope()")) {
                    // every principal holding the key's access at the key's scope or above, as Storage sees it
                    KeyReference key = keyOfScope(scope, cloud);
                    List<Object> value = new ArrayList<>();
                    for (String principal : azure.keyAccess().principalsWithAccess(key).orElseThrow()) {
                        value.add(assignmentFor(key, principal, scope).json());
                    }
                    return call.ok(Json.object("value", value));
                }
                Matcher m = PRINCIPAL.matcher(call.query().getOrDefault("$filter", ""));
                if (!m.find()) {
                    throw WireError.notModelled("listing role assignments without a principalId or atScope() filter");
                }
                String principal = m.group(1);
                KeyReference key = keyOfScope(scope, cloud);
                List<Object> value = new ArrayList<>();
                Set<KeyPermission> held = azure.keyAccess().permissions(key, principal);
                if (held.containsAll(Set.of(KeyPermission.GET, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY))) {
                    value.add(assignmentFor(key, principal, scope).json());
                }
                return call.ok(Json.object("value", value));
            }
            case "DELETE" -> {
                Assignment a = name == null ? null : assignments.get(name);
                if (a == null) {
                    return new FakeResponse(call.request(), 204, new com.azure.core.http.HttpHeaders(), null);
                }
                // revoke first: if the in-memory revoke fails (a fault), the assignment must still exist, or a
                // retried DELETE would answer 204 while the grant stays
                azure.keyAccess().revoke(a.key, a.principalId);
                // every assignment that stood for this grant is gone with it (a list may have named the grant
                // differently from the PUT that made it); a stale one would answer a later PUT 409 while no grant
                // exists
                assignments.values().removeIf(x -> x.key.sameKeyAs(a.key) && x.principalId.equalsIgnoreCase(
                        a.principalId));
                return call.ok(a.json());
            }
            default -> throw new WireError(405, "MethodNotAllowed", "WireFake does not serve " + call.method()
                    + " of role assignments");
        }
    }

    /** The assignment that stands for a principal's in-memory grant on a key (made through the fake or not). */
    private Assignment assignmentFor(KeyReference key, String principal, String scope) {
        for (Assignment a : assignments.values()) {
            if (a.key.sameKeyAs(key) && a.principalId.equalsIgnoreCase(principal)) {
                return a;
            }
        }
        String name = UUID.nameUUIDFromBytes((key.keyId() + "|" + principal).getBytes(StandardCharsets.UTF_8))
                .toString();
        Assignment a = new Assignment(scope + "/providers/Microsoft.Authorization/roleAssignments/" + name, name,
                scope, "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
                + "/providers/Microsoft.Authorization/roleDefinitions/" + ENCRYPTION_USER, principal, key);
        assignments.put(name, a);
        return a;
    }

    /** The key of a key scope {@code /subscriptions/../providers/Microsoft.KeyVault/vaults/<v>/keys/<k>}. */
    private KeyReference keyOfScope(String scope, AzureCloud cloud) {
        AzureResourceId id;
        try {
            id = AzureResourceId.parse(scope, "Microsoft.KeyVault", "vaults/keys");
        } catch (dev.cmk.api.InvalidInputException e) {
            throw WireError.notModelled("role assignments at scope " + scope + " (only key scopes are mapped)");
        }
        AzureResourceId vault = id.parent().orElseThrow();
        checkHome(id.subscriptionId(), id.resourceGroup(), vault.name(), false);
        return KeyReference.of(vaultUri(vault.name(), false, cloud), id.name());
    }

    /** A role assignment made through the fake. */
    private record Assignment(String id, String name, String scope, String roleDefinitionId, String principalId,
                              KeyReference key) {
        Map<String, Object> json() {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("scope", scope);
            props.put("roleDefinitionId", roleDefinitionId);
            props.put("principalId", principalId);
            props.put("principalType", "ServicePrincipal");
            return Json.object("id", id, "name", name, "type", "Microsoft.Authorization/roleAssignments",
                    "properties", props);
        }
    }

}
