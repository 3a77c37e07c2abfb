package dev.cmk.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.profile.AzureProfile;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.DependentFinder;
import dev.cmk.azure.internal.ResourceGraphSearch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the storage accounts configured with a key across subscriptions and management groups with Azure Resource
 * Graph: one query ({@code POST /providers/Microsoft.ResourceGraph/resources}) per page of up to 1,000 accounts,
 * matching {@code properties.encryption.keyvaultproperties.keyvaulturi} and {@code keyname} (case-blind, any
 * version).
 *
 * <p><b>Resource Graph is an index, and it lags</b> behind the Storage resource provider (usually seconds, at times
 * minutes). cmk uses it only to find candidates: {@code Dependents.discoveredBy(finder)} lists, by pages through
 * the Storage resource provider, every subscription in which the index found a candidate, and acts only on what
 * Storage reports there, at every rotation step and again right before every disabling write (retire, revoke). An
 * account the index still shows on the key but that moved away is ignored; an account the index misses in those
 * subscriptions is found by that listing; an account configured with the key within the lag in a subscription
 * where the index shows no candidate at all is not seen until the index catches up. Use
 * {@code Dependents.discoveredIn(Scope...)} where the subscriptions are known and few.
 *
 * <pre>{@code
 * AzureResourceGraphFinder finder = AzureResourceGraphFinder.builder()
 *         .credential(new DefaultAzureCredentialBuilder().build())
 *         .profile(new AzureProfile(tenantId, subscriptionId, AzureEnvironment.AZURE))
 *         .managementGroups("contoso-prod")
 *         .build();
 * cmk.key(key).rotation("storage-cmk-2026q1", Dependents.discoveredBy(finder), options).run();
 * }</pre>
 *
 * Needs {@code Microsoft.Storage/storageAccounts/read} on the searched subscriptions (Resource Graph shows only
 * what the caller may read) and, for the confirmation, on the subscriptions with candidates. Reads only. Instances
 * are immutable and safe for use from several threads.
 *
 * <p>Queries are paced and retried as the Azure adapter's calls are, not by the SDK's retry policy: each takes a
 * place in the ARM read bucket of the profile's tenant ({@link Builder#pacing(PacingSettings)}), and a query
 * answered 429 is sent again after its {@code Retry-After} (or a 5xx or timeout after a backoff) within
 * {@link Builder#retry(RetrySettings)}. The bucket is the finder's own, not shared with an adapter.
 */
public final class AzureResourceGraphFinder implements DependentFinder {
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_().-]{1,90}");
    private final ResourceGraphSearch search;
    private final String description;

    private AzureResourceGraphFinder(ResourceGraphSearch search, String description) {
        this.search = search;
        this.description = description;
    }

    /**
     * Starts a finder.
     *
     * @return a builder: credential and profile are required; without subscriptions or management groups every
     *     subscription the credential can read is searched
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The accounts Resource Graph reports configured with the key, possibly stale (see the class description).
     * One request per page of up to 1,000 accounts.
     *
     * @param key the key (a version is ignored)
     * @return the candidates, each once
     * @throws dev.cmk.api.CmkException if Azure refuses the query
     */
    @Override
    public List<StorageAccountId> candidates(KeyReference key) {
        return search.candidates(Objects.requireNonNull(key, "key").versionless());
    }

    /**
     * What is searched.
     *
     * @return for example {@code "Azure Resource Graph over management group(s) [contoso-prod]"}
     */
    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    /** Configures an {@link AzureResourceGraphFinder}. */
    public static final class Builder {
        private TokenCredential credential;
        private AzureProfile profile;
        private HttpClient httpClient;
        private final Set<String> subscriptions = new LinkedHashSet<>();
        private final Set<String> managementGroups = new LinkedHashSet<>();
        private int pageSize = 1000;
        private java.time.Clock clock = java.time.Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private RetrySettings retry = RetrySettings.defaults();
        private PacingSettings pacing = PacingSettings.defaults();

        private Builder() {
        }

        /**
         * The credential for Azure Resource Manager. Required.
         *
         * @param credential the credential
         * @return this
         */
        public Builder credential(TokenCredential credential) {
            this.credential = Objects.requireNonNull(credential, "credential");
            return this;
        }

        /**
         * Tenant and cloud. Required.
         *
         * @param profile the profile
         * @return this
         */
        public Builder profile(AzureProfile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /**
         * The HTTP client (tests pass a fake). Optional.
         *
         * @param httpClient the client, or null for the SDK's default
         * @return this
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Subscriptions to search (added to any management groups).
         *
         * @param subscriptionIds subscription GUIDs
         * @return this
         * @throws InvalidInputException if an id is not a GUID
         */
        public Builder subscriptions(String... subscriptionIds) {
            for (String s : subscriptionIds) {
                if (s == null || !GUID.matcher(s).matches()) {
                    throw new InvalidInputException("subscription id", "a subscription id is a GUID", s,
                            "00000000-1111-2222-3333-444444444444");
                }
                subscriptions.add(s.toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /**
         * Management groups to search, with every subscription under them.
         *
         * @param groupIds management group ids (names), for example {@code contoso-prod}
         * @return this
         * @throws InvalidInputException if an id is not a management group id
         */
        public Builder managementGroups(String... groupIds) {
            for (String g : groupIds) {
                if (g == null || !GROUP.matcher(g).matches()) {
                    throw new InvalidInputException("management group id", "1 to 90 letters, digits, '-', '_', "
                            + "'(', ')' or '.'", g, "contoso-prod");
                }
                managementGroups.add(g);
            }
            return this;
        }

        /**
         * Rows per request (Resource Graph allows up to 1,000, the default).
         *
         * @param rows 1 to 1000
         * @return this
         * @throws InvalidInputException if out of range
         */
        public Builder pageSize(int rows) {
            if (rows < 1 || rows > 1000) {
                throw new InvalidInputException("Resource Graph page size", "1 to 1000 rows",
                        Integer.toString(rows), "1000");
            }
            this.pageSize = rows;
            return this;
        }

        /**
         * The clock that pacing and retry deadlines use ({@link java.time.Clock#systemUTC()} by default; tests
         * pass a virtual one).
         *
         * @param clock the clock
         * @return this
         */
        public Builder clock(java.time.Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How the finder waits for pacing and retries ({@link Sleeper#system()} by default).
         *
         * @param sleeper the sleeper
         * @return this
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * The retry budget of the queries ({@link RetrySettings#defaults()} by default), as for the adapter: a
         * query is an idempotent read, retried after 429 (as its {@code Retry-After} asks), 5xx and timeouts.
         *
         * @param retry the retry settings
         * @return this
         */
        public Builder retry(RetrySettings retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /**
         * The pacing of the queries ({@link PacingSettings#defaults()} by default): each query takes a place in
         * the ARM read bucket ({@link PacingSettings#armReads()}) of the profile's tenant, since a Resource Graph
         * query is a read that names no subscription. A query that would wait longer than
         * {@link PacingSettings#maxWait()} is refused with {@link dev.cmk.api.ThrottledException} before it is sent.
         *
         * @param pacing the pacing settings
         * @return this
         */
        public Builder pacing(PacingSettings pacing) {
            this.pacing = Objects.requireNonNull(pacing, "pacing");
            return this;
        }

        /**
         * Builds the finder.
         *
         * @return the finder
         * @throws dev.cmk.api.ConfigurationException if the credential or profile is missing
         */
        public AzureResourceGraphFinder build() {
            if (credential == null || profile == null) {
                throw new dev.cmk.api.ConfigurationException("AzureResourceGraphFinder needs a credential and a "
                        + "profile: AzureResourceGraphFinder.builder().credential(..).profile(..)");
            }
            List<String> where = new ArrayList<>();
            if (!managementGroups.isEmpty()) {
                where.add("management group(s) " + managementGroups);
            }
            if (!subscriptions.isEmpty()) {
                where.add("subscription(s) " + subscriptions);
            }
            String description = "Azure Resource Graph over " + (where.isEmpty()
                    ? "every subscription the credential can read" : String.join(" and ", where));
            return new AzureResourceGraphFinder(new ResourceGraphSearch(credential, profile, httpClient,
                    List.copyOf(subscriptions), List.copyOf(managementGroups), pageSize, clock, sleeper, retry,
                    pacing), description);
        }
    }
}
