package dev.cmk.azure.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.resourcegraph.ResourceGraphManager;
import com.azure.resourcemanager.resourcegraph.fluent.ResourceProvidersClient;
import com.azure.resourcemanager.resourcegraph.fluent.models.QueryResponseInner;
import com.azure.resourcemanager.resourcegraph.models.QueryRequest;
import com.azure.resourcemanager.resourcegraph.models.QueryRequestOptions;
import com.azure.resourcemanager.resourcegraph.models.ResultFormat;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Azure Resource Graph queries for storage accounts configured with a key (not API: see
 * {@code dev.cmk.azure.AzureResourceGraphFinder}). One {@code POST /providers/Microsoft.ResourceGraph/resources}
 * per page of up to {@code pageSize} rows, following {@code $skipToken}. Every request goes through a
 * {@link CallRunner}, like the adapter's calls: paced in the ARM read bucket of the tenant (a query is a read; it
 * names no subscription), retried as an idempotent read (429 after its {@code Retry-After}, 5xx, timeouts) within
 * the retry budget; the SDK's own retry is off.
 */
public final class ResourceGraphSearch {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ResourceGraphSearch.class);
    private final ResourceProvidersClient client;
    private final List<String> subscriptions;
    private final List<String> managementGroups;
    private final int pageSize;
    private final CallRunner runner;
    private final List<CallRunner.Pace> paces;

    /**
     * Builds the search over its own ARM pipeline without the SDK's retry, and its own call runner.
     *
     * @param credential the credential
     * @param profile tenant and cloud
     * @param httpClient the HTTP client, or null for the SDK's default
     * @param subscriptions subscriptions searched (with management groups: both)
     * @param managementGroups management groups searched
     * @param pageSize rows per request, 1 to 1000
     * @param clock the time source
     * @param sleeper how to wait
     * @param retry the retry budget
     * @param pacing the pacing limits (its ARM read limits apply, per tenant)
     */
    public ResourceGraphSearch(TokenCredential credential, AzureProfile profile, HttpClient httpClient,
                               List<String> subscriptions, List<String> managementGroups, int pageSize,
                               java.time.Clock clock, dev.cmk.azure.Sleeper sleeper,
                               dev.cmk.azure.RetrySettings retry, dev.cmk.azure.PacingSettings pacing) {
        this.runner = new CallRunner(clock, sleeper, retry, pacing);
        this.paces = runner.armRead("tenant-" + Objects.toString(profile.getTenantId(), "default"));
        ResourceGraphManager.Configurable c = ResourceGraphManager.configure()
                .withRetryPolicy(new com.azure.core.http.policy.RetryPolicy(
                        new com.azure.core.http.policy.FixedDelay(0, java.time.Duration.ZERO)));
        if (httpClient != null) {
            c.withHttpClient(httpClient);
        }
        this.client = c.authenticate(Objects.requireNonNull(credential, "credential"),
                Objects.requireNonNull(profile, "profile")).serviceClient().getResourceProviders();
        this.subscriptions = List.copyOf(subscriptions);
        this.managementGroups = List.copyOf(managementGroups);
        this.pageSize = pageSize;
    }

    /**
     * The Kusto query that finds the accounts configured with a key: vault URI and key name compared case-blind,
     * a trailing slash on the URI ignored, any version.
     *
     * @param key the key
     * @return the query
     */
    public static String query(KeyReference key) {
        String vault = trimSlash(key.vaultUri().toString()).toLowerCase(Locale.ROOT);
        String name = key.name().toLowerCase(Locale.ROOT);
        return "resources"
                + " | where type =~ 'microsoft.storage/storageaccounts'"
                + " | where tostring(properties.encryption.keySource) =~ 'Microsoft.Keyvault'"
                + " | where tolower(trim_end('/', tostring(properties.encryption.keyvaultproperties.keyvaulturi)))"
                + " == '" + literal(vault) + "'"
                + " | where tolower(tostring(properties.encryption.keyvaultproperties.keyname)) == '"
                + literal(name) + "'"
                + " | project id"
                + " | order by id asc";
    }

    /**
     * Runs the query, page by page.
     *
     * @param key the key
     * @return the candidate accounts, each once
     * @throws CmkException if Azure refuses the query (for example 403 without read access to a subscription)
     */
    public List<StorageAccountId> candidates(KeyReference key) {
        Set<StorageAccountId> out = new LinkedHashSet<>();
        String token = null;
        int pages = 0;
        do {
            QueryRequestOptions options = new QueryRequestOptions().withResultFormat(ResultFormat.OBJECT_ARRAY)
                    .withTop(pageSize).withSkipToken(token);
            QueryRequest request = new QueryRequest().withQuery(query(key)).withOptions(options);
            if (!subscriptions.isEmpty()) {
                request.withSubscriptions(subscriptions);
            }
            if (!managementGroups.isEmpty()) {
                request.withManagementGroups(managementGroups);
            }
            QueryResponseInner page = runner.run("Resource Graph query for accounts using " + key.versionless()
                    + " (page " + (pages + 1) + ")", CallRunner.Kind.IDEMPOTENT, paces, null,
                    () -> client.resources(request));
            pages++;
            if (page.data() instanceof List<?> rows) {
                for (Object row : rows) {
                    Object id = row instanceof Map<?, ?> m ? m.get("id") : null;
                    if (id != null) {
                        try {
                            out.add(StorageAccountId.parse(id.toString()));
                        } catch (InvalidInputException notAnAccountId) {
                            LOG.warn("Resource Graph returned {} for a storage account query; ignored", id);
                        }
                    }
                }
            }
            token = page.skipToken();
        } while (token != null && !token.isEmpty());
        LOG.debug("Resource Graph: {} candidate(s) for {} in {} page(s)", out.size(), key.versionless(), pages);
        return new ArrayList<>(out);
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** A Kusto string literal's content: quotes and backslashes escaped (key and vault names never hold them). */
    private static String literal(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }
}
