package dev.cmk.azure.testkit;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import dev.cmk.api.AzureCloud;
import dev.cmk.api.CmkException;
import dev.cmk.api.VaultKind;
import dev.cmk.azure.AzureCustomerManagedKeys;
import dev.cmk.azure.AzureProviders;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * A wire-level fake of Azure: an azure-core {@link HttpClient} that answers the real Azure SDK clients from the
 * state of an {@link InMemoryAzure}. Plug it into any SDK client with {@code .httpClient(fake)} and keep the real
 * {@code https://} URLs; or get a ready {@link CustomerManagedKeys} with {@link #customerManagedKeys(InMemoryAzure)}.
 *
 * <p>It serves, with the request and response shapes of Azure's own REST API examples:
 * <ul>
 *   <li>ARM Storage ({@code management.azure.com} and the China and US Government hosts): GET, PATCH and PUT of an
 *       account, and the subscription and resource group lists with {@code nextLink} paging. A PUT that creates an
 *       account with a customer-managed key is a long-running operation as in Azure: 202 with {@code Location} and
 *       {@code Retry-After}, polled until 200 with the account (see {@link #creationPolling}); it is refused, 400
 *       {@code InvalidValuesForRequestParameters} naming {@code properties.encryption.identity}, when the encryption
 *       identity is system-assigned or a user-assigned identity that is not attached or does not exist. Other PUTs
 *       are answered 200 with {@code provisioningState: Succeeded}. GET of a user-assigned identity
 *       ({@code Microsoft.ManagedIdentity/userAssignedIdentities}) answers its principal and client id;</li>
 *   <li>Key Vault and Managed HSM keys: create, get (versioned and current), versions with {@code nextLink} paging,
 *       update, rotate, and get/put of the rotation policy (with no policy set, Key Vault's default
 *       {@code Notify} 30 days before expiry is returned). The authentication challenge is served as Key Vault does:
 *       a request without {@code Authorization} gets 401 with
 *       {@code WWW-Authenticate: Bearer authorization="https://login.microsoftonline.com/<tenant>", resource="https://vault.azure.net"}
 *       ({@code managedhsm} resource for HSM hosts); requests that arrive already authenticated (the SDK caches the
 *       challenge per JVM) are served directly;</li>
 *   <li>Key Vault ARM: GET of a vault or Managed HSM (location, firewall, access model, access policies), access
 *       policy {@code add}/{@code remove}, and the Resources list filtered by type and name; role assignments at
 *       the scope of a key (PUT, list filtered by principal, DELETE);</li>
 *   <li>Managed HSM local RBAC on the HSM host: role assignments of "Managed HSM Crypto Service Encryption User"
 *       at {@code /keys/<name>}, {@code /keys} or {@code /} (PUT, list filtered by principal, DELETE), mapped to
 *       the in-memory per-key and HSM-wide grants;</li>
 *   <li>Azure Resource Graph: cmk's query for the storage accounts configured with a key, over subscriptions and
 *       management groups, live or from a stale snapshot (see {@link #resourceGraph()}).</li>
 * </ul>
 * Every request is served by calling the in-memory Azure's providers, so {@code azure.calls()} counts them and
 * {@code azure.faults()} strikes through HTTP: an in-memory failure is answered with its HTTP status, Azure's
 * error body {@code {"error":{"code":..,"message":..}}} and, for 429, {@code Retry-After}. Requests the fake does
 * not model (for example changing a key's operations) are answered 400 with a message that says so.
 *
 * <p>Vault ARM resources live in subscription {@link InMemoryAzure#DEFAULT_SUBSCRIPTION} and resource group
 * {@value #DEFAULT_VAULT_RESOURCE_GROUP}. Vaults use Azure RBAC unless marked with {@link #accessPolicies(URI)}.
 * Access policies are vault-wide, as in Azure: a policy giving get, wrapKey and unwrapKey becomes an in-memory
 * vault-wide grant ({@code InMemoryAzure.grantVaultAccess}), and removing it revokes that grant.
 *
 * <p>{@link #requests()} counts requests per method and kind of path.
 */
public final class WireFake implements HttpClient {
    /** The resource group of every vault's ARM resource. */
    public static final String DEFAULT_VAULT_RESOURCE_GROUP = "rg-keyvault";

    private final InMemoryAzure azure;
    private final RequestCounts counts = new RequestCounts();
    private final StorageApi storage;
    private final KeyVaultApi keyVault;
    private final VaultArmApi vaultArm;
    private final HsmRbacApi hsmRbac;
    private final ResourceGraphFake resourceGraph;
    private volatile int pageSize = 100;
    private final Set<String> accessPolicyVaults = ConcurrentHashMap.newKeySet();
    private volatile WireLimits limits;
    private final WireFaults faults = new WireFaults(this);
    private volatile boolean clearsFederatedClientId = true;
    private volatile String challengeLoginHost;

    private WireFake(InMemoryAzure azure) {
        this.azure = Objects.requireNonNull(azure, "azure");
        this.storage = new StorageApi(this, azure);
        this.vaultArm = new VaultArmApi(this, azure);
        this.keyVault = new KeyVaultApi(this, azure);
        this.hsmRbac = new HsmRbacApi(this, azure);
        this.resourceGraph = new ResourceGraphFake(azure);
    }

    /**
     * A fake over the given in-memory Azure.
     *
     * @param azure the state to serve
     * @return the fake
     */
    public static WireFake over(InMemoryAzure azure) {
        return new WireFake(azure);
    }

    /**
     * A {@link CustomerManagedKeys} built by {@link AzureCustomerManagedKeys} over the real SDK clients, a fake
     * credential and a new fake over the given Azure, on its virtual clock (retries and pacing advance the clock
     * instead of sleeping).
     *
     * @param azure the state to serve
     * @return the entry point of cmk's operations
     */
    public static CustomerManagedKeys customerManagedKeys(InMemoryAzure azure) {
        return over(azure).adapter().build();
    }

    /**
     * An adapter builder preconfigured for this fake: fake credential, public-cloud profile with tenant
     * {@link InMemoryAzure#TENANT_ID} and subscription {@link InMemoryAzure#DEFAULT_SUBSCRIPTION}, this HTTP
     * client, and the in-memory Azure's virtual clock as clock and sleeper. Adjust it (retry, pacing) and build.
     *
     * @return the builder
     */
    public AzureCustomerManagedKeys.Builder adapter() {
        return AzureCustomerManagedKeys.builder().credential(credential()).profile(profile(AzureEnvironment.AZURE))
                .httpClient(this).clock(azure.clock()).sleeper(azure.clock()::advance);
    }

    /**
     * The three Azure providers over this fake (see {@link #adapter()}).
     *
     * @return the providers
     */
    public AzureProviders providers() {
        return adapter().buildProviders();
    }

    /**
     * A credential that hands out a fixed, meaningless bearer token.
     *
     * @return the credential
     */
    public static TokenCredential credential() {
        return request -> Mono.just(new AccessToken("wirefake-token", OffsetDateTime.now().plusHours(1)));
    }

    /**
     * A profile with the in-memory tenant and default subscription in the given cloud.
     *
     * @param environment {@code AzureEnvironment.AZURE}, {@code AZURE_CHINA} or {@code AZURE_US_GOVERNMENT}
     * @return the profile
     */
    public static AzureProfile profile(AzureEnvironment environment) {
        return new AzureProfile(InMemoryAzure.TENANT_ID, InMemoryAzure.DEFAULT_SUBSCRIPTION, environment);
    }

    /**
     * Serves lists (storage accounts, key versions) in pages of at most this many items, with {@code nextLink}.
     *
     * @param size the page size, at least 1 (100 by default)
     * @return this
     */
    public WireFake pageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("page size is at least 1, got " + size);
        }
        this.pageSize = size;
        return this;
    }

    /**
     * How a new account with a customer-managed key is created: the {@code PUT} is answered 202 with
     * {@code Location} and {@code Retry-After}, and that many GETs of the location answer 202 again (each with
     * {@code Retry-After}) before one answers 200 with the account. By default one pending poll and
     * {@code Retry-After: 17}. (The account exists in the in-memory Azure from the {@code PUT} on.)
     *
     * @param pendingPolls polls answered 202 before the 200, zero or more
     * @param retryAfter the {@code Retry-After} sent with every 202, at least one second
     * @return this
     */
    public WireFake creationPolling(int pendingPolls, java.time.Duration retryAfter) {
        if (pendingPolls < 0 || retryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("pending polls >= 0 and Retry-After >= 1 s, got " + pendingPolls
                    + " and " + retryAfter);
        }
        storage.creations.polling(pendingPolls, retryAfter);
        return this;
    }

    /**
     * Makes a vault use access policies instead of Azure RBAC ({@code enableRbacAuthorization: false}).
     *
     * @param vault the vault URI
     * @return this
     */
    public WireFake accessPolicies(URI vault) {
        accessPolicyVaults.add(vault.getHost().toLowerCase(Locale.ROOT));
        return this;
    }

    /**
     * Enforces Azure's throttling limits on the in-memory Azure's virtual clock: requests over a limit are answered
     * 429 (see {@link WireLimits}) and change nothing. Off by default. Typical use: keep the
     * {@code WireLimits.azure()} instance, run the fleet operation through {@code fake.adapter().build()}, then
     * assert that {@code limits.throttled()} is zero.
     *
     * @param limits the limits to enforce (their usage counts start from this fake's requests), or null for none
     * @return this
     */
    public WireFake enforceLimits(WireLimits limits) {
        this.limits = limits;
        return this;
    }

    /**
     * How Storage answers a PATCH that sends {@code "federatedIdentityClientId": ""} to leave cross-tenant: whether
     * Azure really clears the field is unconfirmed, so both outcomes are modelled. A PATCH that leaves the field
     * out keeps it either way (a PATCH merges).
     *
     * @param clears true (the default) when the empty value clears the field, false when Azure keeps the old one
     * @return this
     */
    public WireFake clearsFederatedClientId(boolean clears) {
        this.clearsFederatedClientId = clears;
        return this;
    }

    /**
     * The authority host named in Key Vault's {@code WWW-Authenticate} challenge. Recordings show both
     * {@code login.microsoftonline.com} (the default) and {@code login.windows.net}.
     *
     * @param host the host, for example {@code login.windows.net}; null for the cloud's default
     * @return this
     */
    public WireFake challengeLoginHost(String host) {
        this.challengeLoginHost = host;
        return this;
    }

    boolean clearsFederatedClientId() {
        return clearsFederatedClientId;
    }

    /**
     * Azure Resource Graph as this fake serves it: management groups, and a stale index on request.
     *
     * @return the Resource Graph of this fake
     */
    public ResourceGraphFake resourceGraph() {
        return resourceGraph;
    }

    /**
     * The HTTP requests received so far, per method and kind of path.
     *
     * @return the counters
     */
    public RequestCounts requests() {
        return counts;
    }

    /**
     * HTTP-level faults: 429, 409, 5xx, timeouts and resets, before a request takes effect or after a write did.
     *
     * @return the faults of this fake
     */
    public WireFaults faults() {
        return faults;
    }

    int historySize() {
        return azure.history().size();
    }

    int pageSize() {
        return pageSize;
    }

    /**
     * Lists one more storage account, on the first page of its subscription's and resource group's listings, that
     * exists only in listings: an id as ARM may hold it that cmk cannot parse (for example a resource group with a
     * character cmk refuses), encrypted with a key of {@code keyVault} (or Microsoft-managed when null). For
     * testing that discovery reports such accounts instead of skipping them silently.
     *
     * @param resourceId the id exactly as the listing reports it
     * @param keyVault the vault its encryption names, or null for Microsoft-managed keys
     * @return this
     */
    public WireFake listedOnlyAccount(String resourceId, URI keyVault) {
        storage.listedOnly(resourceId, keyVault);
        return this;
    }

    boolean usesAccessPolicies(String vaultHost) {
        return accessPolicyVaults.contains(vaultHost.toLowerCase(Locale.ROOT));
    }

    void count(String kind) {
        counts.record(kind);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return Mono.fromCallable(() -> faults.around(request, () -> serve(request)));
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return send(request);
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        return faults.around(request, () -> serve(request));
    }

    private HttpResponse serve(HttpRequest request) {
        // java.net.URL, not URI: the SDK sends some query values unencoded (role assignment filters with spaces)
        java.net.URL url = request.getUrl();
        String host = url.getHost().toLowerCase(Locale.ROOT);
        String method = request.getHttpMethod().name();
        String auth = request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION);
        Call call = new Call(request, method, url.getPath(), query(url.getQuery()), body(request));
        try {
            AzureCloud vaultCloud = vaultCloud(host);
            if (vaultCloud != null) {
                if (auth == null || !auth.startsWith("Bearer ")) {
                    counts.record(RequestCounts.CHALLENGE);
                    return challenge(request, host, vaultCloud, challengeLoginHost);
                }
                if (HsmRbacApi.matches(call)) {
                    if (!host.contains(".managedhsm.")) {
                        throw WireError.notModelled("role assignments on a Key Vault host (" + host + "); vaults "
                                + "use Azure RBAC through ARM");
                    }
                    return hsmRbac.serve(call, host);
                }
                WireLimits l = limits;
                if (l != null) {
                    admit(() -> l.admitVault(azure.clock().instant(), host, method, url.getPath()));
                }
                return keyVault.serve(call, host);
            }
            if (armCloud(host) != null) {
                if (auth == null || !auth.startsWith("Bearer ")) {
                    throw new WireError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' "
                            + "header is missing.");
                }
                AzureCloud cloud = armCloud(host);
                WireLimits l = limits;
                if (l != null) {
                    String[] seg = call.segments();
                    String subscription = seg.length > 1 && seg[0].equalsIgnoreCase("subscriptions") ? seg[1] : null;
                    WireLimits.StorageRequest sr = storage.matches(call) ? WireLimits.storageRequest(azure, call)
                            : null;
                    boolean query = ResourceGraphFake.matches(call);
                    admit(() -> l.admitArm(azure.clock().instant(), subscription, method, sr, query));
                }
                if (ResourceGraphFake.matches(call)) {
                    return resourceGraph.serve(call, this);
                }
                if (storage.matches(call)) {
                    return storage.serve(call);
                }
                return vaultArm.serve(call, cloud);
            }
            throw new WireError(404, "NotFound", "WireFake serves no host " + host);
        } catch (WireError e) {
            return error(request, e);
        } catch (CmkException e) {
            return error(request, fromCmk(e));
        } catch (IllegalArgumentException e) {
            // InvalidInputException and the in-memory providers' argument checks: Azure's answer to bad input
            return error(request, new WireError(400, "BadRequest", e.getMessage()));
        }
    }

    /** Runs a limit check; a refusal is counted under {@link RequestCounts#THROTTLED} and answered by the caller. */
    private void admit(Runnable check) {
        try {
            check.run();
        } catch (WireError e) {
            counts.record(RequestCounts.THROTTLED);
            throw e;
        }
    }

    /** An in-memory failure as Azure would answer it. */
    static WireError fromCmk(CmkException e) {
        String code = e.azureErrorCode().orElse(e.code().name());
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith(code + ": ")) {
            message = message.substring(code.length() + 2);
        }
        int status = e.httpStatus() == 0 ? 500 : e.httpStatus();
        return new WireError(status, code, message, e.retryAfter().orElse(null));
    }

    private static HttpResponse error(HttpRequest request, WireError e) {
        HttpHeaders headers = new HttpHeaders();
        if (e.retryAfter != null) {
            headers.set(HttpHeaderName.RETRY_AFTER, Long.toString(e.retryAfter.toSeconds()));
        }
        headers.set(HttpHeaderName.fromString("x-ms-error-code"), e.code);
        Map<String, Object> body = Json.object("error", Json.object("code", e.code, "message", e.getMessage()));
        return new FakeResponse(request, e.status, headers, Json.write(body));
    }

    private static HttpResponse challenge(HttpRequest request, String host, AzureCloud cloud, String loginHost) {
        VaultKind kind = AzureCloud.match(host).map(AzureCloud.Match::kind).orElse(VaultKind.KEY_VAULT);
        String login = "https://" + (loginHost != null ? loginHost : cloud.loginHost()) + "/";
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaderName.WWW_AUTHENTICATE, "Bearer authorization=\"" + login + InMemoryAzure.TENANT_ID
                + "\", resource=\"" + cloud.tokenResource(kind) + "\"");
        Map<String, Object> body = Json.object("error", Json.object("code", "Unauthorized",
                "message", "AKV10000: Request is missing a Bearer or PoP token."));
        return new FakeResponse(request, 401, headers, Json.write(body));
    }

    static AzureCloud vaultCloud(String host) {
        return AzureCloud.match(host).map(AzureCloud.Match::cloud).orElse(null);
    }

    private static AzureCloud armCloud(String host) {
        return AzureCloud.ofResourceManagerHost(host).orElse(null);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = decode(eq < 0 ? part : part.substring(0, eq));
            String v = eq < 0 ? "" : decode(part.substring(eq + 1));
            q.put(k.toLowerCase(Locale.ROOT), v);
        }
        return q;
    }

    /** Percent-decoding that keeps a literal '+' (URLDecoder would turn it into a space). */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String body(HttpRequest request) {
        BinaryData b = request.getBodyAsBinaryData();
        return b == null ? null : b.toString();
    }

    /**
     * One request, parsed.
     *
     * @param request the raw request
     * @param method the HTTP method
     * @param path the raw path
     * @param query the query parameters, keys lower case
     * @param body the body, or null
     */
    record Call(HttpRequest request, String method, String path, Map<String, String> query, String body) {
        /** The path split into segments, without empty ones. */
        String[] segments() {
            return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty())
                    .map(WireFake::decode).toArray(String[]::new);
        }

        /** The request URL with the given extra query parameter, for nextLink. */
        String urlWith(String param, String value) {
            String url = request.getUrl().toString();
            url = url.replaceAll("([?&])" + java.util.regex.Pattern.quote(param) + "=[^&]*&?", "$1");
            if (url.endsWith("&") || url.endsWith("?")) {
                url = url.substring(0, url.length() - 1);
            }
            return url + (url.contains("?") ? "&" : "?") + param + "=" + value;
        }

        FakeResponse ok(Object body) {
            return FakeResponse.json(request, 200, body);
        }
    }
}
