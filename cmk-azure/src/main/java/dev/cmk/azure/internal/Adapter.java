package dev.cmk.azure.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.profile.AzureProfile;
import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.azure.PacingSettings;
import dev.cmk.azure.RetrySettings;
import dev.cmk.azure.Sleeper;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Wires the three providers over one set of SDK clients and one {@link CallRunner} (shared pacing buckets and
 * grant window). Not API: {@code dev.cmk.azure.AzureCustomerManagedKeys} is the entry point.
 *
 * @param keyVaults the key vault provider
 * @param storageAccounts the storage account provider
 * @param keyAccess the key access provider
 */
public record Adapter(KeyVaultProvider keyVaults, StorageAccountProvider storageAccounts,
                      KeyAccessProvider keyAccess) {

    /**
     * Builds the providers.
     *
     * @param credential the credential
     * @param profile tenant, default subscription, cloud
     * @param httpClient the HTTP client or null for the SDK default
     * @param clock the time source
     * @param sleeper how to wait
     * @param retry the retry budget
     * @param pacing the pacing limits
     * @param vaultIds explicit vault host to ARM id mapping
     * @param vaultSubscriptions subscriptions searched for vaults besides the profile's
     * @return the providers
     */
    public static Adapter create(TokenCredential credential, AzureProfile profile, HttpClient httpClient, Clock clock,
                                 Sleeper sleeper, RetrySettings retry, PacingSettings pacing,
                                 Map<String, String> vaultIds, List<String> vaultSubscriptions) {
        SdkClients clients = new SdkClients(credential, profile, httpClient);
        CallRunner runner = new CallRunner(clock, sleeper, retry, pacing);
        VaultDirectory vaults = new VaultDirectory(clients, runner, vaultIds, vaultSubscriptions);
        return new Adapter(new AzureKeyVaults(clients, runner, vaults), new AzureStorageAccounts(clients, runner),
                new AzureKeyAccess(clients, runner, vaults));
    }
}
