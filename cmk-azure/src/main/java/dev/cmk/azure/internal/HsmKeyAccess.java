package dev.cmk.azure.internal;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.spi.AccessScope;
import dev.cmk.azure.BuiltInRoles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Key access on a Managed HSM by its local RBAC, a data-plane API on the HSM host
 * ({@code {scope}/providers/Microsoft.Authorization/roleAssignments}, api-version {@value #API_VERSION}), called
 * through an azure-core {@link HttpPipeline} with a bearer token for the HSM resource. The role is "Managed HSM
 * Crypto Service Encryption User" ({@link BuiltInRoles#MANAGED_HSM_CRYPTO_SERVICE_ENCRYPTION_USER}); scopes
 * {@code /keys/<name>} (what cmk grants), {@code /keys} and {@code /} (HSM-wide, recognised when held).
 *
 * <p>Requests: {@code permissions} 1 list (more pages if any); {@code grant} 1 PUT whose assignment name is derived
 * from scope, principal and role (a repeat answers 409 {@code RoleAssignmentExists}, taken as success);
 * {@code revoke} 1 list, 1 DELETE per assignment of the role that covers the key, 1 list to check what is left.
 * Needs the HSM local roles "Managed HSM Administrator" or another role with
 * {@code Microsoft.KeyVault/managedHsm/roleAssignments/write/action} and {@code /delete/action}.
 */
final class HsmKeyAccess {
    static final String API_VERSION = "7.4";
    private static final String ROLE = BuiltInRoles.MANAGED_HSM_CRYPTO_SERVICE_ENCRYPTION_USER;
    private static final String AUTHORIZATION = "/providers/Microsoft.Authorization/roleAssignments";

    private final SdkClients clients;
    private final CallRunner runner;

    HsmKeyAccess(SdkClients clients, CallRunner runner) {
        this.clients = clients;
        this.runner = runner;
    }

    /** One local role assignment as the HSM reports it. */
    record Assignment(String id, String name, String scope, String roleGuid, String principalId) {
    }

    Set<KeyPermission> permissions(KeyReference key, String principalId) {
        return assignments(key, principalId).stream().anyMatch(a -> ROLE.equals(a.roleGuid()))
                ? EnumSet.allOf(KeyPermission.class) : Set.of();
    }

    AccessScope accessScope(KeyReference key, String principalId) {
        return assignments(key, principalId).stream().anyMatch(a -> ROLE.equals(a.roleGuid())
                && !isKeyScope(a.scope())) ? AccessScope.VAULT : AccessScope.KEY;
    }

    void grant(KeyReference key, String principalId) {
        String scope = keyScope(key);
        String name = UUID.nameUUIDFromBytes((key.vaultUri().getHost() + scope.toLowerCase(Locale.ROOT) + "|"
                + principalId + "|" + ROLE).getBytes(StandardCharsets.UTF_8)).toString();
        String body = "{\"properties\":{\"roleDefinitionId\":\"Microsoft.KeyVault/providers/Microsoft.Authorization/"
                + "roleDefinitions/" + ROLE + "\",\"principalId\":\"" + principalId + "\"}}";
        try {
            send("assign 'Managed HSM Crypto Service Encryption User' on " + key.versionless() + " to "
                    + principalId, HttpMethod.PUT, url(key, scope, name, null), body);
        } catch (CmkException e) {
            if (e.azureErrorCode().filter("RoleAssignmentExists"::equals).isEmpty()) {
                throw e;
            }
        }
        runner.grantedOn(key.vaultUri().getHost());
    }

    void revoke(KeyReference key, String principalId) {
        Set<String> deleted = new HashSet<>();
        for (Assignment a : assignments(key, principalId)) {
            if (ROLE.equals(a.roleGuid())) {
                send("delete Managed HSM role assignment " + a.name() + " at " + a.scope(), HttpMethod.DELETE,
                        url(key, a.scope(), a.name(), null), null);
                deleted.add(a.name().toLowerCase(Locale.ROOT));
            }
        }
        // any role left at or above the key may still reach it: say so rather than report a revoke that is not one
        List<Assignment> left = assignments(key, principalId).stream()
                .filter(a -> !deleted.contains(a.name().toLowerCase(Locale.ROOT))).toList();
        if (!left.isEmpty()) {
            // the mapped role is gone, but this adapter cannot tell what the other roles grant, so it cannot leave
            // the caller's re-check to find them (permissions() reads only the mapped role): it fails the way a
            // per-account revoke fails when access remains, with the same type and code
            throw new dev.cmk.api.ApplyFailedException(ErrorCode.VERIFICATION_FAILED, "principal " + principalId
                    + " still holds Managed HSM "
                    + "local role assignments that cover " + key.versionless() + ": " + left.stream().map(a ->
                    a.roleGuid() + " at " + a.scope()).toList() + "; fix: remove them with az keyvault role "
                    + "assignment delete --hsm-name " + key.vaultName() + " --assignee-object-id " + principalId
                    + " --scope <scope>, or revoke by disabling the key", List.of("deleted " + deleted), null);
        }
    }

    /** The principal's assignments that cover the key: at {@code /keys/<name>}, {@code /keys} or {@code /}. */
    List<Assignment> assignments(KeyReference key, String principalId) {
        String filter = URLEncoder.encode("principalId eq '" + principalId + "'", StandardCharsets.UTF_8)
                .replace("+", "%20");
        String url = url(key, keyScope(key), null, "$filter=" + filter);
        List<Assignment> out = new ArrayList<>();
        for (int page = 0; url != null && page < 100; page++) {
            Map<String, Object> body = parse(send("list Managed HSM role assignments of " + principalId + " on "
                    + key.versionless(), HttpMethod.GET, url, null));
            Object value = body.get("value");
            if (value instanceof List<?> items) {
                for (Object o : items) {
                    if (o instanceof Map<?, ?> m) {
                        Assignment a = assignment(m);
                        if (a != null && principalId.equalsIgnoreCase(a.principalId()) && covers(a.scope(), key)) {
                            out.add(a);
                        }
                    }
                }
            }
            url = body.get("nextLink") instanceof String next && !next.isBlank() ? next : null;
        }
        return out;
    }

    private static Assignment assignment(Map<?, ?> m) {
        if (!(m.get("properties") instanceof Map<?, ?> p)) {
            return null;
        }
        String role = String.valueOf(p.get("roleDefinitionId"));
        return new Assignment(String.valueOf(m.get("id")), String.valueOf(m.get("name")),
                p.get("scope") == null ? "" : String.valueOf(p.get("scope")),
                role.substring(role.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT),
                p.get("principalId") == null ? "" : String.valueOf(p.get("principalId")));
    }

    /** {@code /keys/<name>} of the key. */
    static String keyScope(KeyReference key) {
        return "/keys/" + key.name();
    }

    private static String normalise(String scope) {
        String s = scope == null ? "" : scope.trim();
        if (!s.startsWith("/")) {
            s = "/" + s;
        }
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    static boolean isKeyScope(String scope) {
        return normalise(scope).toLowerCase(Locale.ROOT).startsWith("/keys/");
    }

    /** Whether an assignment's scope covers the key: {@code /}, {@code /keys} or the key's own scope. */
    static boolean covers(String scope, KeyReference key) {
        String s = normalise(scope);
        return s.equals("/") || s.equalsIgnoreCase("/keys") || s.equalsIgnoreCase(keyScope(key));
    }

    private static String url(KeyReference key, String scope, String name, String query) {
        String s = normalise(scope);
        return "https://" + key.vaultUri().getHost() + (s.equals("/") ? "" : s) + AUTHORIZATION
                + (name == null ? "" : "/" + name) + "?api-version=" + API_VERSION
                + (query == null ? "" : "&" + query);
    }

    private String send(String what, HttpMethod method, String url, String body) {
        HttpPipeline pipeline = clients.hsmPipeline();
        return runner.run(what, CallRunner.Kind.IDEMPOTENT, List.of(), null, () -> {
            HttpRequest request = new HttpRequest(method, url);
            if (body != null) {
                request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
                request.setBody(body);
            }
            try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
                String text = response.getBodyAsBinaryData() == null ? null
                        : response.getBodyAsBinaryData().toString();
                if (response.getStatusCode() >= 400) {
                    throw new HttpResponseException(what + " failed with HTTP " + response.getStatusCode(), response,
                            text);
                }
                return text;
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String body) {
        if (body == null || body.isBlank()) {
            return Map.of();
        }
        try (JsonReader reader = JsonProviders.createReader(body)) {
            Object o = reader.readUntyped();
            return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
