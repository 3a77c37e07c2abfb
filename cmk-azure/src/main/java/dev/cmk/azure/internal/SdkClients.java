package dev.cmk.azure.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.policy.FixedDelay;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.fluent.RoleAssignmentsClient;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.keyvault.fluent.KeyVaultManagementClient;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.fluent.ResourcesClient;
import com.azure.resourcemanager.resources.fluentcore.utils.HttpPipelineProvider;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.fluent.StorageAccountsClient;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import dev.cmk.api.AzureCloud;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Azure SDK clients the adapter uses, built once and reused: one {@link KeyClient} per vault host, one ARM
 * pipeline shared by the Storage, Key Vault, Resources and Authorization management clients of each subscription.
 * The SDK's own retry is switched off (0 retries): {@link CallRunner} retries on the injected clock instead.
 */
final class SdkClients {
    private final TokenCredential credential;
    private final AzureProfile profile;
    private final HttpClient httpClient;
    private final HttpPipeline armPipeline;
    private final AzureCloud cloud;
    private final Map<String, KeyClient> keyClients = new ConcurrentHashMap<>();
    private final Map<String, StorageAccountsClient> storage = new ConcurrentHashMap<>();
    private final Map<String, KeyVaultManagementClient> keyVaultArm = new ConcurrentHashMap<>();
    private final Map<String, ResourcesClient> resources = new ConcurrentHashMap<>();
    private RoleAssignmentsClient roleAssignments;
    private HttpPipeline hsmPipeline;

    /**
     * Builds the shared ARM pipeline.
     *
     * @param credential the credential for ARM and Key Vault
     * @param profile tenant, default subscription and cloud
     * @param httpClient the HTTP client, or null for the SDK's default
     */
    SdkClients(TokenCredential credential, AzureProfile profile, HttpClient httpClient) {
        this.credential = Objects.requireNonNull(credential, "credential");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.httpClient = httpClient;
        this.cloud = cloudOf(profile.getEnvironment());
        this.armPipeline = HttpPipelineProvider.buildHttpPipeline(credential, profile, null, new HttpLogOptions(),
                null, noRetry(), List.of(), httpClient);
    }

    private static RetryPolicy noRetry() {
        return new RetryPolicy(new FixedDelay(0, java.time.Duration.ZERO));
    }

    /**
     * The cloud of an ARM environment, recognised by its Resource Manager endpoint.
     *
     * @param env the environment
     * @return the cloud
     * @throws IllegalArgumentException for an environment other than public, China or US Government
     */
    static AzureCloud cloudOf(AzureEnvironment env) {
        String arm = env.getResourceManagerEndpoint();
        return AzureCloud.ofResourceManagerHost(java.net.URI.create(arm).getHost()).orElseThrow(() ->
                new IllegalArgumentException("unsupported Azure environment with Resource Manager endpoint " + arm
                        + "; use AzureEnvironment.AZURE, AZURE_CHINA or AZURE_US_GOVERNMENT"));
    }

    HttpPipeline armPipeline() {
        return armPipeline;
    }

    AzureCloud cloud() {
        return cloud;
    }

    AzureProfile profile() {
        return profile;
    }

    /** The key client of a vault or Managed HSM host (same client for both; the challenge names the resource). */
    KeyClient keyClient(String vaultHost) {
        return keyClients.computeIfAbsent(vaultHost.toLowerCase(Locale.ROOT), h -> {
            KeyClientBuilder b = new KeyClientBuilder().vaultUrl("https://" + h).credential(credential)
                    .retryPolicy(noRetry());
            if (httpClient != null) {
                b.httpClient(httpClient);
            }
            return b.buildClient();
        });
    }

    /**
     * The pipeline for Managed HSM data-plane calls the keys client does not make (local role assignments): a bearer
     * token for the cloud's Managed HSM resource, the shared HTTP client, no retry (the CallRunner retries).
     */
    synchronized HttpPipeline hsmPipeline() {
        if (hsmPipeline == null) {
            String scope = cloud.tokenResource(dev.cmk.api.VaultKind.MANAGED_HSM) + "/.default";
            com.azure.core.http.HttpPipelineBuilder b = new com.azure.core.http.HttpPipelineBuilder().policies(
                    new com.azure.core.http.policy.BearerTokenAuthenticationPolicy(credential, scope));
            if (httpClient != null) {
                b.httpClient(httpClient);
            }
            hsmPipeline = b.build();
        }
        return hsmPipeline;
    }

    StorageAccountsClient storage(String subscriptionId) {
        return storage.computeIfAbsent(subscriptionId, s -> StorageManager.authenticate(armPipeline, forSub(s))
                .serviceClient().getStorageAccounts());
    }

    KeyVaultManagementClient keyVaultArm(String subscriptionId) {
        return keyVaultArm.computeIfAbsent(subscriptionId, s -> KeyVaultManager.authenticate(armPipeline, forSub(s))
                .serviceClient());
    }

    ResourcesClient resources(String subscriptionId) {
        return resources.computeIfAbsent(subscriptionId, s -> ResourceManager.authenticate(armPipeline, forSub(s))
                .withSubscription(s).serviceClient().getResources());
    }

    synchronized RoleAssignmentsClient roleAssignments() {
        if (roleAssignments == null) {
            roleAssignments = AuthorizationManager.authenticate(armPipeline, profile).roleServiceClient()
                    .getRoleAssignments();
        }
        return roleAssignments;
    }

    private AzureProfile forSub(String subscriptionId) {
        return new AzureProfile(profile.getTenantId(), subscriptionId, profile.getEnvironment());
    }
}
