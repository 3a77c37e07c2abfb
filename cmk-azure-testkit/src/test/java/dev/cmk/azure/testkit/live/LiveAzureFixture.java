package dev.cmk.azure.testkit.live;

import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.fluent.StorageAccountsClient;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.Identity;
import com.azure.resourcemanager.storage.models.IdentityType;
import com.azure.resourcemanager.storage.models.Kind;
import com.azure.resourcemanager.storage.models.Sku;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.resourcemanager.storage.models.StorageAccountCreateParameters;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.NewKeyVersion;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.azure.AzureCustomerManagedKeys;
import dev.cmk.azure.AzureProviders;
import dev.cmk.testkit.contract.AzureFixture;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract kits' fixture over a real subscription. The providers under test are
 * {@link AzureCustomerManagedKeys}' over {@code DefaultAzureCredential}; setup uses the SDK directly.
 *
 * <p>It creates only uniquely named things, and deletes them in {@link #close()} (best effort, each failure logged
 * with the resource's name so it can be removed by hand): RSA 2048 keys in the configured vault (deleted keys stay
 * soft-deleted until the vault's retention ends, as purge protection forbids a purge; their names are never reused)
 * and StorageV2 Standard_LRS accounts with a system-assigned identity in the configured resource group (deleted
 * outright). It never creates a vault: vaults with purge protection cannot be removed for the retention period, so
 * {@link #newVault(String)} returns the configured vault, which must use Azure RBAC (so that grants are per key).
 *
 * <p>Rights the signed-in identity needs: Key Vault Crypto Officer and User Access Administrator (or Role Based
 * Access Control Administrator) on the vault, Storage Account Contributor on the resource group.
 *
 * <p>Not supported (the tests that need them are skipped with the reason): a grant above the key (it would need a
 * vault-wide role assignment for a test principal), a vault without purge protection unless
 * {@code CMK_LIVE_WEAK_VAULT_URI} names one, user-assigned identities (so the account creation tests skip too,
 * although the fixture hands out ids for creation and deletes what was created there), new resource groups and a
 * scope of its own (so the complete listing checks skip).
 */
final class LiveAzureFixture extends AzureFixture {
    private static final Logger LOG = LoggerFactory.getLogger(LiveAzureFixture.class);

    private final LiveConfig config;
    private final TokenCredential credential;
    private final AzureProviders providers;
    private final TrackingKeyAccess keyAccess;
    private final StorageAccountsClient accounts;
    private final Map<String, KeyClient> keyClients = new HashMap<>();
    private final Map<StorageAccountId, String> principals = new HashMap<>();
    /** Cleanup, newest first: accounts are deleted before the keys they may use. */
    private final Deque<Runnable> cleanup = new ArrayDeque<>();
    private final Deque<String> created = new ArrayDeque<>();

    LiveAzureFixture(LiveConfig config) {
        this.config = config;
        this.credential = new DefaultAzureCredentialBuilder().build();
        AzureProfile profile = new AzureProfile(config.tenantId(), config.subscriptionId(), AzureEnvironment.AZURE);
        this.providers = AzureCustomerManagedKeys.builder().credential(credential).profile(profile).buildProviders();
        this.keyAccess = new TrackingKeyAccess(providers.keyAccess());
        this.accounts = StorageManager.authenticate(credential, profile).serviceClient().getStorageAccounts();
    }

    /** A name no earlier run used: the prefix, then 8 random hexadecimal digits. */
    static String uniqueKeyName(String name) {
        String base = name.replaceAll("[^A-Za-z0-9-]", "");
        return "cmklive-" + (base.length() > 40 ? base.substring(0, 40) : base) + "-" + random(8);
    }

    /** A storage account name (3 to 24 lowercase letters and digits), unique: the prefix, then 10 random digits. */
    static String uniqueAccountName(String name) {
        String base = "cmk" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return (base.length() > 14 ? base.substring(0, 14) : base) + random(10);
    }

    private static String random(int n) {
        return UUID.randomUUID().toString().replace("-", "").substring(0, n);
    }

    @Override
    public URI newVault(String name) {
        return config.vault();
    }

    @Override
    public Optional<URI> newVaultWithoutPurgeProtection(String name) {
        return config.weakVault();
    }

    @Override
    public KeyReference newKey(URI vault, String name) {
        KeyClient keys = keyClients.computeIfAbsent(vault.toString(),
                v -> new KeyClientBuilder().vaultUrl(v).credential(credential).buildClient());
        String unique = uniqueKeyName(name);
        KeyVaultKey key = keys.createRsaKey(new CreateRsaKeyOptions(unique).setKeySize(2048)
                .setKeyOperations(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY));
        created.push("key " + key.getId());
        cleanup.push(() -> keys.beginDeleteKey(unique).waitForCompletion());
        LOG.info("live fixture created key {}", key.getId());
        return KeyReference.parse(key.getId());
    }

    /** Through the SDK's {@code createRsaKey} on the existing key's name (only RSA keys are supported). */
    @Override
    public Optional<KeyReference> newKeyVersion(KeyReference key, NewKeyVersion spec, boolean enabled) {
        if (spec.keyType() != dev.cmk.api.KeyType.RSA) {
            return Optional.empty();
        }
        KeyClient keys = keyClients.computeIfAbsent(key.vaultUri().toString(),
                v -> new KeyClientBuilder().vaultUrl(v).credential(credential).buildClient());
        CreateRsaKeyOptions options = new CreateRsaKeyOptions(key.name()).setKeySize(spec.keySize())
                .setKeyOperations(spec.operations().stream().map(o -> KeyOperation.fromString(o.wireName()))
                        .toArray(KeyOperation[]::new))
                .setTags(spec.tags()).setEnabled(enabled);
        spec.expiresOn().ifPresent(at -> options.setExpiresOn(at.atOffset(java.time.ZoneOffset.UTC)));
        KeyVaultKey version = keys.createRsaKey(options);
        LOG.info("live fixture created key version {}", version.getId());
        return Optional.of(KeyReference.parse(version.getId()));
    }

    /** The configured region. */
    @Override
    public String accountLocation() {
        return config.region();
    }

    /** A unique name in the configured resource group; the account, if the provider created it, is deleted. */
    @Override
    public Optional<StorageAccountId> idForNewAccount(String name) {
        String unique = uniqueAccountName(name);
        created.push("storage account " + unique + " (if the provider under test created it)");
        cleanup.push(() -> accounts.delete(config.resourceGroup(), unique));
        return Optional.of(StorageAccountId.of(config.subscriptionId(), config.resourceGroup(), unique));
    }

    @Override
    public StorageAccountId newAccount(String name) {
        String unique = uniqueAccountName(name);
        StorageAccountInner inner = accounts.create(config.resourceGroup(), unique,
                new StorageAccountCreateParameters().withSku(new Sku().withName(SkuName.STANDARD_LRS))
                        .withKind(Kind.STORAGE_V2).withLocation(config.region())
                        .withIdentity(new Identity().withType(IdentityType.SYSTEM_ASSIGNED)));
        StorageAccountId id = StorageAccountId.of(config.subscriptionId(), config.resourceGroup(), unique);
        created.push("storage account " + inner.id());
        cleanup.push(() -> accounts.delete(config.resourceGroup(), unique));
        principals.put(id, inner.identity().principalId());
        LOG.info("live fixture created storage account {}", inner.id());
        return id;
    }

    @Override
    public String principalOf(StorageAccountId account) {
        String principal = principals.get(account);
        if (principal == null) {
            principal = accounts.getByResourceGroup(account.resourceGroup(), account.name())
                    .identity().principalId();
        }
        return principal;
    }

    @Override
    public void grantKeyAccess(KeyReference key, String principalId) {
        keyAccess().grant(key, principalId);
        try {
            Thread.sleep(config.grantWait().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String whyUnsupported(Capability capability) {
        return unsupportedReason(capability);
    }

    /** The reason {@link #whyUnsupported(Capability)} gives (static, so that it is tested without Azure). */
    static String unsupportedReason(Capability capability) {
        return switch (capability) {
            case VAULT_WITHOUT_PURGE_PROTECTION -> "the live fixture creates no vaults (a purge-protected vault "
                    + "cannot be removed); set " + LiveConfig.WEAK_VAULT + " to a vault with soft delete but "
                    + "without purge protection to run this test";
            case GRANT_ABOVE_KEY -> "a grant above the key is a vault-wide role assignment for a test principal, "
                    + "which needs User Access Administrator at vault scope and outlives a failed run; the live "
                    + "fixture does not make one";
            case KEY_VERSION -> "the live fixture creates only RSA key versions";
            case ACCOUNT_IN_NEW_RESOURCE_GROUP -> "the live fixture creates no resource groups (it works in the "
                    + "configured " + LiveConfig.RESOURCE_GROUP + ")";
            case SCOPE_OF_ITS_OWN -> "the live subscription and resource group may hold accounts the fixture did "
                    + "not create, so a listing cannot be checked completely";
            case USER_ASSIGNED_IDENTITY -> "the live fixture creates no user-assigned identities (it would need "
                    + "Managed Identity Contributor and the managed identity SDK)";
            case ACCOUNT_CREATION -> "the live fixture does not let the provider create accounts";
        };
    }

    @Override
    public KeyVaultProvider keyVaults() {
        return providers.keyVaults();
    }

    @Override
    public StorageAccountProvider storageAccounts() {
        return providers.storageAccounts();
    }

    @Override
    public KeyAccessProvider keyAccess() {
        return keyAccess;
    }

    /**
     * Deletes what this fixture created: first the grants made through {@link #keyAccess()} (revoked), then the
     * accounts and keys, newest first. A failure is logged with the resource's name and the rest still runs.
     */
    @Override
    public void close() {
        for (Map.Entry<KeyReference, String> grant : keyAccess.granted()) {
            try {
                keyAccess.revoke(grant.getKey(), grant.getValue());
            } catch (RuntimeException e) {
                LOG.warn("live fixture could not revoke the grant on {} for principal {} (remove the role "
                        + "assignment by hand): {}", grant.getKey(), grant.getValue(), e.getMessage());
            }
        }
        while (!cleanup.isEmpty()) {
            Runnable step = cleanup.pop();
            String what = created.pop();
            try {
                step.run();
                LOG.info("live fixture deleted {}", what);
            } catch (RuntimeException e) {
                LOG.warn("live fixture could not delete {} (delete it by hand): {}", what, e.getMessage());
            }
        }
    }
}
