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
 *   <li>ARM Storage ({@code management.azure.com} and the China and US Government hosts): GET, PATCH and PUT
 *       (create, answered 200 with {@code provisioningState: Succeeded}) of an account, and the subscription and
 *       resource group lists with {@code nextLink} paging;</li>
 *   <li>Key Vault and Managed HSM keys: create, get (versioned and current), versions with {@code nextLink} paging,
 *       update, rotate, and get/put of the rotation policy (with no policy set, Key Vault's default
 *       {@code Notify} 30 days before expiry is returned). The authentication challenge is served as Key Vault does:
 *       a request without {@code Authorization} gets 401 with
 *       {@code WWW-Authenticate: Bearer authorization="https://login.microsoftonline.com/<tenant>", resource="https://vault.azure.net"}
 *       ({@code managedhsm} resource for HSM hosts); requests that arrive already authenticated (the SDK caches the
 *       challenge per JVM) are served directly;</li>
 *   <li>Key Vault ARM: GET of a vault or Managed HSM (location, firewall, access model, access policies), access
 *       policy {@code add}/{@code remove}, and the Resources list filtered by type and name; role assignments at
 *       the scope of a key (PUT, list filtered by principal, DELETE).</li>
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
    private volatile int pageSize = 100;
    private final Set<String> accessPolicyVaults = ConcurrentHashMap.newKeySet();
    private volatile WireLimits limits;

    private WireFake(InMemoryAzure azure) {
        this.azure = Objects.requireNonNull(azure, "azure");
        this.storage = new StorageApi(this, azure);
        this.vaultArm = new VaultArmApi(this, azure);
        this.keyVault = new KeyVaultApi(this, azure);
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
     * The HTTP requests received so far, per method and kind of path.
     *
     * @return the counters
     */
    public RequestCounts requests() {
        return counts;
    }

    int pageSize() {
        return pageSize;
    }

    boolean usesAccessPolicies(String vaultHost) {
        return accessPolicyVaults.contains(vaultHost.toLowerCase(Locale.ROOT));
    }

    void count(String kind) {
        counts.record(kind);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return Mono.fromCallable(() -> serve(request));
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return send(request);
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        return serve(request);
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
                    return challenge(request, host, vaultCloud);
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
                    admit(() -> l.admitArm(azure.clock().instant(), subscription, method, sr));
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

    private static HttpResponse challenge(HttpRequest request, String host, AzureCloud cloud) {
        VaultKind kind = host.endsWith("." + cloud.dnsSuffix(VaultKind.MANAGED_HSM)) ? VaultKind.MANAGED_HSM
                : VaultKind.KEY_VAULT;
        String login = switch (cloud) {
            case PUBLIC -> "https://login.microsoftonline.com/";
            case CHINA -> "https://login.chinacloudapi.cn/";
            case US_GOVERNMENT -> "https://login.microsoftonline.us/";
        };
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaderName.WWW_AUTHENTICATE, "Bearer authorization=\"" + login + InMemoryAzure.TENANT_ID
                + "\", resource=\"" + cloud.tokenResource(kind) + "\"");
        Map<String, Object> body = Json.object("error", Json.object("code", "Unauthorized",
                "message", "AKV10000: Request is missing a Bearer or PoP token."));
        return new FakeResponse(request, 401, headers, Json.write(body));
    }

    static AzureCloud vaultCloud(String host) {
        for (AzureCloud c : AzureCloud.values()) {
            for (VaultKind k : VaultKind.values()) {
                if (host.endsWith("." + c.dnsSuffix(k))) {
                    return c;
                }
            }
        }
        return null;
    }

    private static AzureCloud armCloud(String host) {
        return switch (host) {
            case "management.azure.com" -> AzureCloud.PUBLIC;
            case "management.chinacloudapi.cn" -> AzureCloud.CHINA;
            case "management.usgovcloudapi.net" -> AzureCloud.US_GOVERNMENT;
            default -> null;
        };
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
