package dev.cmk.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.profile.AzureProfile;
import dev.cmk.api.AzureResourceId;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.VaultKind;
import dev.cmk.api.VaultReference;
import dev.cmk.azure.internal.Adapter;
import dev.cmk.core.CustomerManagedKeys;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The entry point for using cmk against real Azure: builds a {@link CustomerManagedKeys} whose ports are
 * implemented with the Azure SDK for Java.
 *
 * <pre>{@code
 * CustomerManagedKeys cmk = AzureCustomerManagedKeys.builder()
 *         .credential(new DefaultAzureCredentialBuilder().build())
 *         .profile(new AzureProfile(tenantId, subscriptionId, AzureEnvironment.AZURE))
 *         .build();
 * cmk.storageAccount(StorageAccountId.parse(accountId))
 *         .useCustomerManagedKey(KeyReference.parse("https://contoso.vault.azure.net/keys/storage-cmk"))
 *         .grantKeyAccess()
 *         .apply();
 * }</pre>
 *
 * <p><b>Credential.</b> {@code DefaultAzureCredential} (azure-identity) is the documented default: it finds a
 * workload or managed identity, environment variables, or a developer's Azure CLI login. Any
 * {@link TokenCredential} works. Tokens are requested for Resource Manager and for Key Vault / Managed HSM; they
 * are never logged and never appear in exception messages.
 *
 * <p><b>Clouds.</b> The profile's environment chooses the cloud: {@code AzureEnvironment.AZURE},
 * {@code AZURE_CHINA} or {@code AZURE_US_GOVERNMENT}. Keys must live in the same cloud (their vault DNS suffix is
 * checked before any call). The credential must sign in to that cloud too: for China or US Government build it
 * with the matching authority, for example
 * {@code new DefaultAzureCredentialBuilder().authorityHost(AzureAuthorityHosts.AZURE_CHINA).build()} (or set
 * {@code AZURE_AUTHORITY_HOST}); otherwise the first call fails with a Microsoft Entra sign-in error.
 *
 * <p><b>Permissions</b> the identity behind the credential needs, per operation:
 * <ul>
 *   <li>status and plan: {@code Microsoft.Storage/storageAccounts/read}; on the key, the {@code get} key
 *       permission (RBAC: "Key Vault Crypto User" or "Key Vault Reader" / Managed HSM "Crypto User");
 *       optionally {@code Microsoft.KeyVault/vaults/read} (region and firewall checks) and
 *       {@code Microsoft.Resources/subscriptions/resources/read} (finding a vault's ARM id);</li>
 *   <li>apply: {@code Microsoft.Storage/storageAccounts/write}; for a user-assigned identity also
 *       {@code Microsoft.ManagedIdentity/userAssignedIdentities/assign/action};</li>
 *   <li>creating an account with a customer-managed key: {@code Microsoft.ManagedIdentity/userAssignedIdentities/read}
 *       (the identity's principal, at plan time) and {@code /assign/action}, and
 *       {@code Microsoft.Storage/storageAccounts/write}; the long-running {@code PUT} is polled with
 *       {@code Microsoft.Storage/locations/asyncoperations/read}, each poll after the {@code Retry-After} Azure
 *       sends (30 s when it sends none), on the injected {@link Sleeper}, for at most 30 minutes;</li>
 *   <li>key access checks and grants: {@code Microsoft.Authorization/roleAssignments/read}, {@code /write},
 *       {@code /delete} (RBAC vaults; "User Access Administrator" or "Role Based Access Control Administrator"),
 *       or {@code Microsoft.KeyVault/vaults/read} and {@code Microsoft.KeyVault/vaults/accessPolicies/write}
 *       (access-policy vaults);</li>
 *   <li>rotation: the {@code list}, {@code create}, {@code update}, {@code getrotationpolicy} and
 *       {@code setrotationpolicy} key permissions ("Key Vault Crypto Officer").</li>
 * </ul>
 *
 * <p><b>Retries and pacing.</b> Retryable errors (429 with its {@code Retry-After}, 409
 * {@code StorageAccountOperationInProgress}, 408, 5xx, and a {@code KeyVaultAuthenticationFailure} shortly after
 * this adapter granted access) are retried within {@link RetrySettings}; calls are paced per subscription and
 * region and per vault with {@link PacingSettings}. The SDK's own retry policy is switched off so that all waiting
 * goes through the injectable {@link Clock} and {@link Sleeper}.
 */
public final class AzureCustomerManagedKeys {
    private AzureCustomerManagedKeys() {
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds the Azure-backed {@link CustomerManagedKeys} or its {@link AzureProviders}. */
    public static final class Builder {
        private TokenCredential credential;
        private AzureProfile profile;
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private RetrySettings retry = RetrySettings.defaults();
        private PacingSettings pacing = PacingSettings.defaults();
        private final Map<String, String> vaultIds = new LinkedHashMap<>();
        private final List<String> vaultSubscriptions = new ArrayList<>();
        private boolean keyAccess = true;

        private Builder() {
        }

        /**
         * The credential for Resource Manager and Key Vault; {@code DefaultAzureCredential} is the documented
         * default. Required.
         *
         * @param credential the credential
         * @return this
         */
        public Builder credential(TokenCredential credential) {
            this.credential = Objects.requireNonNull(credential, "credential");
            return this;
        }

        /**
         * Tenant, default subscription and cloud ({@code AzureEnvironment.AZURE}, {@code AZURE_CHINA},
         * {@code AZURE_US_GOVERNMENT}). Required. The subscription is also the first one searched for vaults.
         *
         * @param profile the profile
         * @return this
         */
        public Builder profile(AzureProfile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /**
         * The HTTP client for every SDK client. Optional: without it the SDK's default client (Netty) is used,
         * which must then be on the class path.
         *
         * @param httpClient the client
         * @return this
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * The clock for validation, pacing and retry deadlines (UTC system clock by default). Also handed to
         * {@link CustomerManagedKeys}.
         *
         * @param clock the clock
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How to wait while pacing and between retries ({@link Sleeper#system()} by default). Tests pass one that
         * advances their virtual clock.
         *
         * @param sleeper the sleeper
         * @return this
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * The retry budget ({@link RetrySettings#defaults()} by default).
         *
         * @param retry the settings
         * @return this
         */
        public Builder retry(RetrySettings retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /**
         * The pacing limits ({@link PacingSettings#defaults()} by default).
         *
         * @param pacing the settings
         * @return this
         */
        public Builder pacing(PacingSettings pacing) {
            this.pacing = Objects.requireNonNull(pacing, "pacing");
            return this;
        }

        /**
         * Names the ARM resource of a vault, so that its region, firewall and access model are read without
         * discovery. Without it, the vault is found once with a Resources list call in the profile's subscription
         * and those given to {@link #vaultSubscriptions(String...)}.
         *
         * @param vaultUri the vault URI, for example {@code https://contoso.vault.azure.net}
         * @param resourceId {@code /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>}
         *     (or {@code managedHSMs/<name>} for a Managed HSM)
         * @return this
         * @throws InvalidInputException if the URI is not a vault URI ({@link VaultReference#of(URI)}), the id is not a
         *     Key Vault or Managed HSM resource id ({@link AzureResourceId}), or the two name different vaults
         */
        public Builder vaultResourceId(URI vaultUri, String resourceId) {
            VaultReference vault = VaultReference.of(vaultUri);
            AzureResourceId id = AzureResourceId.parse(resourceId);
            boolean hsm = vault.kind() == VaultKind.MANAGED_HSM;
            String type = hsm ? "managedHSMs" : "vaults";
            if (!id.isOfType("Microsoft.KeyVault", type) || !id.name().equalsIgnoreCase(vault.name())) {
                throw new InvalidInputException("vault resource id", "the resource id of " + vault
                        + " is a Microsoft.KeyVault/" + type + " resource named " + vault.name(), resourceId,
                        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-keys/providers/"
                                + "Microsoft.KeyVault/" + type + "/" + vault.name());
            }
            vaultIds.put(vault.host(), id.id());
            return this;
        }

        /**
         * More subscriptions to search for vaults (besides the profile's).
         *
         * @param subscriptionIds subscription GUIDs
         * @return this
         */
        public Builder vaultSubscriptions(String... subscriptionIds) {
            for (String s : subscriptionIds) {
                vaultSubscriptions.add(Objects.requireNonNull(s, "subscriptionId"));
            }
            return this;
        }

        /**
         * Leaves out the {@code KeyAccessProvider} (for callers without rights to read role assignments or access
         * policies). cmk then warns that key access was not checked.
         *
         * @return this
         */
        public Builder withoutKeyAccess() {
            this.keyAccess = false;
            return this;
        }

        /**
         * Builds the three providers.
         *
         * @return the providers
         * @throws IllegalStateException if the credential or the profile is missing
         * @throws IllegalArgumentException if the profile's cloud is not public, China or US Government
         */
        public AzureProviders buildProviders() {
            if (credential == null || profile == null) {
                throw new IllegalStateException("AzureCustomerManagedKeys needs credential(..) and profile(..); "
                        + "missing: " + (credential == null ? "credential " : "") + (profile == null ? "profile" : "")
                        + ". Fix: credential(new DefaultAzureCredentialBuilder().build()) and profile(new "
                        + "AzureProfile(tenantId, subscriptionId, AzureEnvironment.AZURE))");
            }
            Adapter a = Adapter.create(credential, profile, httpClient, clock, sleeper, retry, pacing, vaultIds,
                    vaultSubscriptions);
            return new AzureProviders(a.keyVaults(), a.storageAccounts(), a.keyAccess());
        }

        /**
         * Builds the Azure-backed {@link CustomerManagedKeys}.
         *
         * @return the entry point of cmk's operations
         * @throws IllegalStateException if the credential or the profile is missing
         * @throws IllegalArgumentException if the profile's cloud is not public, China or US Government
         */
        public CustomerManagedKeys build() {
            AzureProviders p = buildProviders();
            CustomerManagedKeys.Builder b = CustomerManagedKeys.builder().keyVaults(p.keyVaults())
                    .storageAccounts(p.storageAccounts()).clock(clock);
            if (keyAccess) {
                b.keyAccess(p.keyAccess());
            }
            return b.build();
        }
    }
}
