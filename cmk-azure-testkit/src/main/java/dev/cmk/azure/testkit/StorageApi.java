package dev.cmk.azure.testkit;

import dev.cmk.api.internal.AzureRules;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.ServiceKeyType;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.StorageService;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountEncryption;
import dev.cmk.api.spi.AccountKind;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** ARM {@code Microsoft.Storage/storageAccounts}, served from the in-memory accounts. */
final class StorageApi {
    private final WireFake fake;
    private final InMemoryAzure azure;
    final CreationApi creations;
    /** The {@code keyvaulturi} of each account exactly as last sent (ARM echoes it, {@code :443} and '/' kept). */
    private final Map<StorageAccountId, String> sentVaultUris = new java.util.concurrent.ConcurrentHashMap<>();

    StorageApi(WireFake fake, InMemoryAzure azure) {
        this.fake = fake;
        this.azure = azure;
        this.creations = new CreationApi(fake, azure, this);
    }

    /** Whether the path is a storage account, a storage account list, a creation's operation or an identity. */
    boolean matches(WireFake.Call call) {
        String[] s = call.segments();
        return isList(s) || isAccount(s) || CreationApi.isOperation(s) || CreationApi.isIdentity(s);
    }

    private static boolean isList(String[] s) {
        return (s.length == 5 || s.length == 7) && s[s.length - 1].equalsIgnoreCase("storageAccounts")
                && s[s.length - 2].equalsIgnoreCase("Microsoft.Storage");
    }

    private static boolean isAccount(String[] s) {
        return s.length == 8 && s[6].equalsIgnoreCase("storageAccounts") && s[5].equalsIgnoreCase("Microsoft.Storage")
                && s[2].equalsIgnoreCase("resourceGroups");
    }

    FakeResponse serve(WireFake.Call call) {
        String[] s = call.segments();
        if (isList(s)) {
            fake.count(call.method() + " storageAccounts");
            if (!call.method().equals("GET")) {
                throw new WireError(405, "MethodNotAllowed", "WireFake serves only GET of an account list");
            }
            Scope scope = s.length == 7 ? Scope.resourceGroup(s[1], s[3]) : Scope.subscription(s[1]);
            return list(call, scope);
        }
        if (CreationApi.isOperation(s)) {
            return creations.poll(call);
        }
        if (CreationApi.isIdentity(s)) {
            return creations.identity(call);
        }
        fake.count(call.method() + " storageAccount");
        StorageAccountId id = StorageAccountId.of(s[1], s[3], s[7]);
        return switch (call.method()) {
            case "GET" -> call.ok(account(azure.storageAccounts().get(id)));
            case "PATCH" -> call.ok(account(patch(id, Json.parseObject(call.body()))));
            case "PUT" -> put(call, id, Json.parseObject(call.body()));
            default -> throw new WireError(405, "MethodNotAllowed", "WireFake does not serve " + call.method()
                    + " of a storage account");
        };
    }

    private final List<Map<String, Object>> listedOnly = new ArrayList<>();

    /** See {@link WireFake#listedOnlyAccount}. */
    void listedOnly(String resourceId, java.net.URI keyVault) {
        Map<String, Object> encryption = keyVault == null ? Json.object("keySource", "Microsoft.Storage")
                : Json.object("keySource", "Microsoft.Keyvault", "keyvaultproperties", Json.object("keyvaulturi",
                keyVault.toString(), "keyname", "storage-cmk"));
        listedOnly.add(Json.object("id", resourceId, "name", resourceId.substring(resourceId.lastIndexOf('/') + 1),
                "type", "Microsoft.Storage/storageAccounts", "location", "westeurope", "kind", "StorageV2",
                "properties", Json.object("encryption", encryption)));
    }

    private static boolean inScope(Scope scope, String resourceId) {
        String[] s = resourceId.split("/");
        return s.length > 4 && s[2].equalsIgnoreCase(scope.subscriptionId())
                && scope.resourceGroup().map(g -> g.equalsIgnoreCase(s[4])).orElse(true);
    }

    private FakeResponse list(WireFake.Call call, Scope scope) {
        List<StorageAccountId> ids = azure.storageAccounts().list(scope);
        int from = call.query().containsKey("$skiptoken") ? Integer.parseInt(call.query().get("$skiptoken")) : 0;
        int to = Math.min(ids.size(), from + fake.pageSize());
        List<Object> value = new ArrayList<>();
        for (StorageAccountId id : ids.subList(Math.min(from, ids.size()), to)) {
            value.add(account(azure.inspect().account(id)));
        }
        if (from == 0) {
            listedOnly.stream().filter(a -> inScope(scope, (String) a.get("id"))).forEach(value::add);
        }
        Map<String, Object> page = Json.object("value", value);
        if (to < ids.size()) {
            page.put("nextLink", call.urlWith("$skiptoken", Integer.toString(to)));
        }
        return call.ok(page);
    }

    /** A PATCH: identity first (Azure's order for a combined request), then encryption; other fields ignored. */
    private StorageAccount patch(StorageAccountId id, Map<String, Object> body) {
        StorageAccount current = azure.inspect().account(id);
        Map<String, Object> identity = Json.obj(body, "identity");
        StorageAccount result = null;
        if (identity != null) {
            result = addIdentities(id, current, identity);
        }
        Map<String, Object> encryption = Json.obj(body, "properties", "encryption");
        if (encryption != null) {
            result = azure.storageAccounts().updateEncryption(id, encryptionUpdate(azure.inspect().account(id),
                    encryption));
            rememberVaultUri(id, encryption);
        }
        return result != null ? result : azure.inspect().account(id);
    }

    private StorageAccount addIdentities(StorageAccountId id, StorageAccount current, Map<String, Object> identity) {
        String type = Json.str(identity, "type");
        String t = type == null ? "" : type.replace(" ", "").toLowerCase(Locale.ROOT);
        boolean system = t.contains("systemassigned");
        if (current.identity().systemAssignedPrincipalId().isPresent() && !system
                || t.equals("none") && !current.identity().userAssigned().isEmpty()) {
            throw WireError.notModelled("removing identities (type " + type + ")");
        }
        StorageAccount result = null;
        if (system && current.identity().systemAssignedPrincipalId().isEmpty()) {
            result = azure.storageAccounts().enableIdentity(id, ManagedIdentity.systemAssigned());
        }
        Map<String, Object> users = Json.obj(identity, "userAssignedIdentities");
        if (users != null) {
            for (Map.Entry<String, Object> u : users.entrySet()) {
                if (u.getValue() == null) {
                    throw WireError.notModelled("removing a user-assigned identity (" + u.getKey() + ": null)");
                }
                if (current.identity().userAssigned(u.getKey()).isEmpty()) {
                    result = azure.storageAccounts().enableIdentity(id, ManagedIdentity.userAssigned(u.getKey()));
                }
            }
        }
        return result;
    }

    /**
     * The in-memory update for a requested {@code encryption}: {@code keyversion ""} is auto-update, a missing
     * {@code keyversion} or {@code identity} keeps the account's current one, an {@code identity} without
     * {@code userAssignedIdentity} (or with an empty one) is the system-assigned identity.
     */
    private void rememberVaultUri(StorageAccountId id, Map<String, Object> encryption) {
        String uri = Json.str(Json.obj(encryption, "keyvaultproperties"), "keyvaulturi");
        if (uri != null) {
            sentVaultUris.put(id, uri);
        }
    }

    private EncryptionUpdate encryptionUpdate(StorageAccount current, Map<String, Object> e) {
        String source = Json.str(e, "keySource");
        AccountEncryption cur = current.encryption();
        if (source == null) {
            if (!cur.isCustomerManaged()) {
                return EncryptionUpdate.microsoftManaged();
            }
            source = KeySource.MICROSOFT_KEYVAULT.wireName();
        }
        if (KeySource.fromWireName(source) == KeySource.MICROSOFT_STORAGE) {
            return EncryptionUpdate.microsoftManaged();
        }
        Map<String, Object> kv = Json.obj(e, "keyvaultproperties");
        String uri = Json.str(kv, "keyvaulturi");
        String name = Json.str(kv, "keyname");
        if (uri == null || name == null) {
            throw new WireError(400, "InvalidValuesForRequestParameters", "Values for request parameters are "
                    + "invalid: keyvaultproperties.keyname and keyvaultproperties.keyvaulturi are required with "
                    + "keySource Microsoft.Keyvault.");
        }
        KeyReference key = KeyReference.of(URI.create(uri), name);
        VersionPolicy policy;
        if (Json.has(kv, "keyversion")) {
            String v = Json.str(kv, "keyversion");
            policy = v == null || v.isEmpty() ? VersionPolicy.autoUpdate() : VersionPolicy.pinned(v);
        } else {
            policy = cur.keyVersion().map(VersionPolicy::pinned).orElse(VersionPolicy.autoUpdate());
        }
        ManagedIdentity identity;
        Map<String, Object> id = Json.obj(e, "identity");
        if (id == null) {
            identity = cur.userAssignedIdentity().<ManagedIdentity>map(u -> withFederated(
                    ManagedIdentity.userAssigned(u), cur.federatedClientId().orElse(null)))
                    .orElse(ManagedIdentity.systemAssigned());
        } else {
            // a PATCH merges: a field left out keeps its value ("identity": {} clears nothing); "" clears
            String uai = Json.has(id, "userAssignedIdentity") ? Json.str(id, "userAssignedIdentity")
                    : cur.userAssignedIdentity().orElse(null);
            String federated = cur.federatedClientId().orElse(null);
            if (Json.has(id, "federatedIdentityClientId")) {
                String sent = Json.str(id, "federatedIdentityClientId");
                federated = sent != null && !sent.isEmpty() || fake.clearsFederatedClientId() ? sent : federated;
            }
            identity = uai == null || uai.isEmpty() ? ManagedIdentity.systemAssigned()
                    : withFederated(ManagedIdentity.userAssigned(uai), federated);
        }
        return EncryptionUpdate.customerManaged(key, policy, identity);
    }

    private static ManagedIdentity withFederated(ManagedIdentity.UserAssigned u, String federated) {
        return federated == null || federated.isEmpty() ? u : u.withFederatedClientId(federated);
    }

    /** A PUT: a new account with a customer-managed key is a long-running creation (202); anything else is 200. */
    private FakeResponse put(WireFake.Call call, StorageAccountId id, Map<String, Object> body) {
        boolean exists;
        try {
            azure.inspect().account(id);
            exists = true;
        } catch (NotFoundException absent) {
            exists = false;
        }
        return !exists && CreationApi.withCustomerManagedKey(body) ? creations.create(call, id, body)
                : call.ok(account(create(id, body)));
    }

    /** A PUT: creates the account (answered at once with provisioningState Succeeded), then sets any CMK. */
    private StorageAccount create(StorageAccountId id, Map<String, Object> body) {
        try {
            StorageAccount existing = azure.inspect().account(id);
            return patch(existing.id(), body);
        } catch (NotFoundException absent) {
            // create below
        }
        dev.cmk.testkit.AccountSetup setup = azure.account(id);
        Optional.ofNullable(Json.str(body, "location")).ifPresent(l -> setup.location(
                AzureRules.region(l)));
        Optional.ofNullable(Json.str(body, "kind")).ifPresent(k -> setup.kind(AccountKind.fromWireName(k)));
        Map<String, Object> identity = Json.obj(body, "identity");
        String type = identity == null ? "" : String.valueOf(Json.str(identity, "type")).toLowerCase(Locale.ROOT);
        if (type.contains("systemassigned")) {
            setup.systemAssignedIdentity();
        }
        Map<String, Object> users = Json.obj(identity == null ? Map.of() : identity, "userAssignedIdentities");
        if (users != null) {
            users.keySet().forEach(setup::userAssignedIdentity);
        }
        Map<String, Object> encryption = Json.obj(body, "properties", "encryption");
        if (encryption != null) {
            Map<String, Object> services = Json.obj(encryption, "services");
            if ("Account".equalsIgnoreCase(Json.str(Json.obj(services == null ? Map.of() : services, "queue"),
                    "keyType")) || "Account".equalsIgnoreCase(Json.str(Json.obj(services == null ? Map.of()
                    : services, "table"), "keyType"))) {
                setup.queueAndTableAccountKeys();
            }
            if (Boolean.TRUE.equals(Json.getIgnoreCase(encryption, "requireInfrastructureEncryption"))) {
                setup.infrastructureEncryption();
            }
        }
        setup.create();
        if (encryption != null && KeySource.MICROSOFT_KEYVAULT.wireName().equalsIgnoreCase(
                Json.str(encryption, "keySource"))) {
            StorageAccount result = azure.storageAccounts().updateEncryption(id,
                    encryptionUpdate(azure.inspect().account(id), encryption));
            rememberVaultUri(id, encryption);
            return result;
        }
        return azure.inspect().account(id);
    }

    /** What ARM reports as the expiry of a key version that has none. */
    static final String NO_EXPIRY = "1970-01-01T00:00:00Z";

    private static boolean sameVault(String sent, KeyReference k) {
        if (sent == null) {
            return false;
        }
        try {
            return KeyReference.of(URI.create(sent), k.name()).vaultUri().equals(k.vaultUri());
        } catch (RuntimeException unparsable) {
            return false;
        }
    }

    /** An account as ARM renders it. */
    Map<String, Object> account(StorageAccount a) {
        Map<String, Object> identity = identity(a);
        Map<String, Object> props = Json.object("provisioningState", "Succeeded", "encryption",
                encryption(a.encryption(), sentVaultUris.get(a.id())), "primaryLocation", a.location());
        return Json.object("id", a.id().resourceId(), "name", a.id().name(), "type",
                "Microsoft.Storage/storageAccounts", "location", a.location(), "kind", a.kind().wireName(),
                "sku", Json.object("name", "Standard_LRS", "tier", "Standard"), "identity", identity, "tags",
                Map.of(), "properties", props);
    }

    private static Map<String, Object> identity(StorageAccount a) {
        boolean system = a.identity().systemAssignedPrincipalId().isPresent();
        boolean users = !a.identity().userAssigned().isEmpty();
        String type = AzureRules.identityType(system, users);
        Map<String, Object> m = Json.object("type", type, "principalId",
                a.identity().systemAssignedPrincipalId().orElse(null), "tenantId", a.identity().tenantId().orElse(null));
        if (users) {
            Map<String, Object> u = new LinkedHashMap<>();
            a.identity().userAssigned().forEach((rid, ua) -> u.put(rid, Json.object("principalId", ua.principalId(),
                    "clientId", ua.clientId())));
            m.put("userAssignedIdentities", u);
        }
        return m;
    }

    /**
     * The {@code encryption} as ARM renders it: {@code keyvaulturi} exactly as last sent when it names the same
     * vault, and {@code 1970-01-01T00:00:00Z} as the expiry of a version that has none.
     */
    private static Map<String, Object> encryption(AccountEncryption e, String sentVaultUri) {
        Map<String, Object> services = new LinkedHashMap<>();
        for (StorageService s : StorageService.values()) {
            ServiceKeyType t = e.serviceKeyTypes().get(s);
            if (t != null) {
                services.put(s.name().toLowerCase(Locale.ROOT), Json.object("enabled", true, "keyType",
                        t == ServiceKeyType.ACCOUNT ? "Account" : "Service"));
            }
        }
        Map<String, Object> m = Json.object("keySource", e.keySource().wireName(), "services", services,
                "requireInfrastructureEncryption", e.infrastructureEncryption());
        e.key().ifPresent(k -> m.put("keyvaultproperties", Json.object("keyname", k.name(), "keyvaulturi",
                sameVault(sentVaultUri, k) ? sentVaultUri : k.vaultUri().toString(), "keyversion", e.keyVersion().orElse(""),
                "currentVersionedKeyIdentifier", e.currentVersionedKey().map(KeyReference::keyId).orElse(null),
                "lastKeyRotationTimestamp", e.lastKeyRotation().map(Object::toString).orElse(null),
                "currentVersionedKeyExpirationTimestamp", e.currentVersionExpiry().map(Object::toString)
                        .orElse(e.currentVersionedKey().isPresent() ? NO_EXPIRY : null))));
        if (e.userAssignedIdentity().isPresent() || e.federatedClientId().isPresent()) {
            m.put("identity", Json.object("userAssignedIdentity", e.userAssignedIdentity().orElse(null),
                    "federatedIdentityClientId", e.federatedClientId().orElse(null)));
        }
        return m;
    }
}
