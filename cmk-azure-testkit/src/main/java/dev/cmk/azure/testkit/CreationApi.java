package dev.cmk.azure.testkit;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountCreation;
import dev.cmk.api.spi.AccountIdentity;
import dev.cmk.api.spi.AccountKind;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Storage account creation with a customer-managed key as ARM serves it: the {@code PUT} is checked as Azure checks
 * it and answered {@code 202 Accepted} with {@code Location: .../asyncoperations/<id>?monitor=true} and
 * {@code Retry-After}; each GET of that location answers 202 (with {@code Retry-After}) until the configured number
 * of pending polls has passed, then 200 with the account. Also serves {@code GET} of a user-assigned identity
 * ({@code Microsoft.ManagedIdentity/userAssignedIdentities}).
 */
final class CreationApi {
    private final WireFake fake;
    private final InMemoryAzure azure;
    private final StorageApi storage;
    private final Map<String, Pending> operations = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile int pendingPolls = 1;
    private volatile Duration retryAfter = Duration.ofSeconds(17);

    CreationApi(WireFake fake, InMemoryAzure azure, StorageApi storage) {
        this.storage = storage;
        this.fake = fake;
        this.azure = azure;
    }

    void polling(int pending, Duration wait) {
        this.pendingPolls = pending;
        this.retryAfter = wait;
    }

    static boolean isOperation(String[] s) {
        return s.length == 8 && s[3].equalsIgnoreCase("Microsoft.Storage") && s[4].equalsIgnoreCase("locations")
                && s[6].equalsIgnoreCase("asyncoperations");
    }

    static boolean isIdentity(String[] s) {
        return s.length == 8 && s[5].equalsIgnoreCase("Microsoft.ManagedIdentity")
                && s[6].equalsIgnoreCase("userAssignedIdentities") && s[2].equalsIgnoreCase("resourceGroups");
    }

    /** Whether a PUT body asks for a customer-managed key. */
    static boolean withCustomerManagedKey(Map<String, Object> body) {
        Map<String, Object> e = Json.obj(body, "properties", "encryption");
        return e != null && "Microsoft.Keyvault".equalsIgnoreCase(Json.str(e, "keySource"));
    }

    /** The PUT of a new account with a customer-managed key: checked, created, answered 202. */
    FakeResponse create(WireFake.Call call, StorageAccountId id, Map<String, Object> body) {
        AccountCreation c = creation(body);
        azure.storageAccounts().create(id, c);
        String op = Long.toString(ids.incrementAndGet());
        operations.put(op, new Pending(id, pendingPolls));
        String location = "https://" + call.request().getUrl().getHost() + "/subscriptions/" + id.subscriptionId()
                + "/providers/Microsoft.Storage/locations/" + c.location() + "/asyncoperations/op-" + op
                + "?monitor=true&api-version=" + call.query().getOrDefault("api-version", "2023-05-01");
        return accepted(call, location);
    }

    /** A GET of an operation's Location. */
    FakeResponse poll(WireFake.Call call) {
        fake.count("GET storageOperation");
        String[] s = call.segments();
        Pending p = operations.get(s[7].replaceFirst("^op-", ""));
        if (p == null) {
            throw new WireError(404, "ResourceNotFound", "no operation " + s[7]);
        }
        if (p.remaining > 0) {
            p.remaining--;
            return accepted(call, call.request().getUrl().toString());
        }
        return call.ok(storage.account(azure.inspect().account(p.account)));
    }

    /** A GET of a user-assigned identity. */
    FakeResponse identity(WireFake.Call call) {
        fake.count(call.method() + " userAssignedIdentity");
        if (!call.method().equals("GET")) {
            throw new WireError(405, "MethodNotAllowed", "WireFake serves only GET of a user-assigned identity");
        }
        String[] s = call.segments();
        String rid = "/subscriptions/" + s[1] + "/resourceGroups/" + s[3]
                + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + s[7];
        AccountIdentity.UserAssignedIdentity u = azure.storageAccounts().userAssignedIdentity(rid);
        return call.ok(Json.object("id", rid, "name", s[7], "type", "Microsoft.ManagedIdentity/userAssignedIdentities",
                "location", "westeurope", "properties", Json.object("tenantId", InMemoryAzure.TENANT_ID,
                        "principalId", u.principalId(), "clientId", u.clientId())));
    }

    private FakeResponse accepted(WireFake.Call call, String location) {
        HttpHeaders h = new HttpHeaders();
        h.set(HttpHeaderName.LOCATION, location);
        h.set(HttpHeaderName.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
        return new FakeResponse(call.request(), 202, h, null);
    }

    /** Reads a PUT body, refusing what Azure refuses for a customer-managed key at creation. */
    private static AccountCreation creation(Map<String, Object> body) {
        Map<String, Object> identity = Json.obj(body, "identity");
        String type = identity == null ? "None" : String.valueOf(Json.str(identity, "type"));
        Map<String, Object> users = identity == null ? null : Json.obj(identity, "userAssignedIdentities");
        Map<String, Object> e = Json.obj(body, "properties", "encryption");
        Map<String, Object> encIdentity = Json.obj(e, "identity");
        String uai = encIdentity == null ? null : Json.str(encIdentity, "userAssignedIdentity");
        if (uai == null || uai.isEmpty()) {
            throw new WireError(400, "InvalidValuesForRequestParameters", "Values for request parameters are "
                    + "invalid: properties.encryption.identity. A user assigned identity is required to enable "
                    + "customer managed keys when a storage account is created"
                    + (type.toLowerCase(Locale.ROOT).contains("systemassigned") ? "; the system assigned identity "
                    + "does not exist before the account" : "") + ".");
        }
        boolean attached = users != null && users.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(uai));
        if (!attached || !type.toLowerCase(Locale.ROOT).contains("userassigned")) {
            throw new WireError(400, "InvalidValuesForRequestParameters", "Values for request parameters are "
                    + "invalid: properties.encryption.identity. The user assigned identity " + uai + " is not "
                    + "associated with the storage account.");
        }
        if (users.size() > 1 || type.toLowerCase(Locale.ROOT).contains("systemassigned")) {
            throw WireError.notModelled("creating an account with more than the encryption's user-assigned identity");
        }
        Map<String, Object> kv = Json.obj(e, "keyvaultproperties");
        String uri = Json.str(kv, "keyvaulturi");
        String name = Json.str(kv, "keyname");
        if (uri == null || name == null) {
            throw new WireError(400, "InvalidValuesForRequestParameters", "Values for request parameters are "
                    + "invalid: keyvaultproperties.keyname and keyvaultproperties.keyvaulturi are required with "
                    + "keySource Microsoft.Keyvault.");
        }
        String version = Json.str(kv, "keyversion");
        VersionPolicy policy = version == null || version.isEmpty() ? VersionPolicy.autoUpdate()
                : VersionPolicy.pinned(version);
        String federated = Json.str(encIdentity, "federatedIdentityClientId");
        ManagedIdentity.UserAssigned u = ManagedIdentity.userAssigned(uai);
        if (federated != null && !federated.isEmpty()) {
            u = u.withFederatedClientId(federated);
        }
        Map<String, Object> services = Json.obj(e, "services");
        boolean queue = "Account".equalsIgnoreCase(Json.str(Json.obj(services == null ? Map.of() : services, "queue"),
                "keyType"));
        boolean table = "Account".equalsIgnoreCase(Json.str(Json.obj(services == null ? Map.of() : services, "table"),
                "keyType"));
        if (queue != table) {
            throw WireError.notModelled("account-scoped keys for only one of queue and table");
        }
        Map<String, String> tags = new java.util.TreeMap<>();
        Map<String, Object> t = Json.obj(body, "tags");
        if (t != null) {
            t.forEach((k, v) -> tags.put(k, String.valueOf(v)));
        }
        Map<String, Object> sku = Json.obj(body, "sku");
        return new AccountCreation(String.valueOf(Json.str(body, "location")), AccountKind.fromWireName(
                Json.str(body, "kind")), sku == null ? "Standard_LRS" : Json.str(sku, "name"), tags,
                KeyReference.of(URI.create(uri), name), policy, u, queue,
                Boolean.TRUE.equals(Json.getIgnoreCase(e, "requireInfrastructureEncryption")));
    }

    /** A creation still running. */
    private static final class Pending {
        final StorageAccountId account;
        volatile int remaining;

        Pending(StorageAccountId account, int remaining) {
            this.account = account;
            this.remaining = remaining;
        }
    }
}
