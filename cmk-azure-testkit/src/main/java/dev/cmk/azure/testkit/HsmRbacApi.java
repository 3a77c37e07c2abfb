package dev.cmk.azure.testkit;

import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.azure.BuiltInRoles;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Managed HSM local RBAC on the HSM host: {@code {scope}/providers/Microsoft.Authorization/roleAssignments[/{name}]}
 * with scopes {@code /}, {@code /keys} and {@code /keys/<name>}. Only "Managed HSM Crypto Service Encryption User"
 * is mapped (assignments of other roles are recorded and listed but grant nothing): at a key scope to the in-memory per-key grant, at {@code /keys} or {@code /} to the in-memory
 * HSM-wide grant ({@code InMemoryAzure.grantVaultAccess}). A list needs {@code $filter=principalId eq '..'} and
 * returns that principal's assignments at, above and below the scope; a per-key grant made directly on the
 * in-memory Azure shows up as an assignment at the key's scope.
 */
final class HsmRbacApi {
    private static final String ROLE = BuiltInRoles.MANAGED_HSM_CRYPTO_SERVICE_ENCRYPTION_USER;
    private static final Pattern PRINCIPAL = Pattern.compile("principalId eq '([^']+)'", Pattern.CASE_INSENSITIVE);

    private final WireFake fake;
    private final InMemoryAzure azure;
    /** Assignments by HSM host, then lower-case name. */
    private final Map<String, Map<String, Assignment>> assignments = new ConcurrentHashMap<>();

    HsmRbacApi(WireFake fake, InMemoryAzure azure) {
        this.fake = fake;
        this.azure = azure;
    }

    static boolean matches(WireFake.Call call) {
        return call.path().toLowerCase(Locale.ROOT).contains("/providers/microsoft.authorization/roleassignments");
    }

    FakeResponse serve(WireFake.Call call, String host) {
        String path = call.path();
        int at = path.toLowerCase(Locale.ROOT).indexOf("/providers/microsoft.authorization/roleassignments");
        String scope = normalise(path.substring(0, at));
        String rest = path.substring(at + "/providers/microsoft.authorization/roleassignments".length());
        String name = rest.replace("/", "").isEmpty() ? null : rest.replace("/", "").toLowerCase(Locale.ROOT);
        fake.count(call.method() + (name == null ? " hsmRoleAssignments" : " hsmRoleAssignment"));
        URI hsm = URI.create("https://" + host);
        Map<String, Assignment> mine = assignments.computeIfAbsent(host, h -> new ConcurrentHashMap<>());
        switch (call.method()) {
            case "PUT" -> {
                Map<String, Object> props = Json.obj(Json.parseObject(call.body()), "properties");
                String role = Json.str(props, "roleDefinitionId");
                String principal = Json.str(props, "principalId");
                if (role == null || principal == null || name == null) {
                    throw WireError.badRequest("a role assignment needs a name, roleDefinitionId and principalId");
                }
                String guid = role.substring(role.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
                if (mine.containsKey(name)) {
                    throw new WireError(409, "RoleAssignmentExists", "The role assignment already exists.");
                }
                Assignment a = new Assignment(name, scope, principal, guid);
                if (!ROLE.equals(guid)) {
                    mine.put(name, a); // recorded and listed, but grants nothing in memory
                } else if (a.keyName() != null) {
                    azure.keyAccess().grant(KeyReference.of(hsm, a.keyName()), principal);
                } else {
                    azure.grantVaultAccess(hsm, principal);
                }
                mine.put(name, a);
                return FakeResponse.json(call.request(), 201, a.json());
            }
            case "GET" -> {
                if (name != null) {
                    Assignment a = mine.get(name);
                    if (a == null) {
                        throw new WireError(404, "RoleAssignmentNotFound", "Requested role assignment not found.");
                    }
                    return call.ok(a.json());
                }
                Matcher m = PRINCIPAL.matcher(call.query().getOrDefault("$filter", ""));
                if (!m.find()) {
                    throw WireError.notModelled("listing HSM role assignments without a principalId filter");
                }
                String principal = m.group(1);
                synthesise(hsm, scope, principal, mine);
                List<Object> value = new ArrayList<>();
                for (Assignment a : mine.values()) {
                    if (a.principalId.equalsIgnoreCase(principal) && related(a.scope, scope)) {
                        value.add(a.json());
                    }
                }
                return call.ok(Json.object("value", value));
            }
            case "DELETE" -> {
                Assignment a = name == null ? null : mine.remove(name);
                if (a == null) {
                    return new FakeResponse(call.request(), 204, new com.azure.core.http.HttpHeaders(), null);
                }
                if (!ROLE.equals(a.roleGuid)) {
                    return call.ok(a.json());
                }
                if (a.keyName() != null) {
                    azure.keyAccess().revoke(KeyReference.of(hsm, a.keyName()), a.principalId);
                } else {
                    azure.revokeVaultAccess(hsm, a.principalId);
                }
                return call.ok(a.json());
            }
            default -> throw new WireError(405, "MethodNotAllowed", "WireFake does not serve " + call.method()
                    + " of Managed HSM role assignments");
        }
    }

    /** A per-key grant made on the in-memory Azure directly appears as an assignment at the key's scope. */
    private void synthesise(URI hsm, String scope, String principal, Map<String, Assignment> mine) {
        if (!scope.toLowerCase(Locale.ROOT).startsWith("/keys/")) {
            return;
        }
        String keyName = scope.substring("/keys/".length());
        boolean recorded = mine.values().stream().anyMatch(a -> a.principalId.equalsIgnoreCase(principal)
                && ROLE.equals(a.roleGuid) && (a.keyName() == null || a.keyName().equalsIgnoreCase(keyName)));
        if (recorded) {
            return;
        }
        Set<KeyPermission> held = azure.keyAccess().permissions(KeyReference.of(hsm, keyName), principal);
        if (held.containsAll(Set.of(KeyPermission.GET, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY))) {
            String name = UUID.nameUUIDFromBytes((hsm + scope + "|" + principal).getBytes(StandardCharsets.UTF_8))
                    .toString();
            mine.put(name, new Assignment(name, "/keys/" + keyName, principal, ROLE));
        }
    }

    /** Whether two scopes are at, above or below each other. */
    private static boolean related(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        return x.equals("/") || y.equals("/") || x.equals(y) || x.startsWith(y + "/") || y.startsWith(x + "/");
    }

    private static String normalise(String scope) {
        String s = scope == null || scope.isEmpty() ? "/" : scope;
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        s = s.replaceAll("/+", "/");
        if (!s.startsWith("/")) {
            s = "/" + s;
        }
        return s;
    }

    /** A local role assignment. */
    private record Assignment(String name, String scope, String principalId, String roleGuid) {
        String keyName() {
            return scope.toLowerCase(Locale.ROOT).startsWith("/keys/") ? scope.substring("/keys/".length()) : null;
        }

        Map<String, Object> json() {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("scope", scope);
            props.put("roleDefinitionId", "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/"
                    + roleGuid);
            props.put("principalId", principalId);
            return Json.object("id", (scope.equals("/") ? "" : scope)
                    + "/providers/Microsoft.Authorization/roleAssignments/" + name, "name", name, "type",
                    "Microsoft.Authorization/roleAssignments", "properties", props);
        }
    }
}
