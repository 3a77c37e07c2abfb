package dev.cmk.azure.testkit;

import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.testkit.InMemoryAzure;
import dev.cmk.testkit.KeyAccessProviderContract;
import dev.cmk.testkit.KeyVaultProviderContract;
import dev.cmk.testkit.StorageAccountProviderContract;
import java.net.URI;
import org.junit.jupiter.api.Nested;

/**
 * The Azure adapter passes the same contract tests as the in-memory providers, through the real Azure SDK clients
 * and their HTTP pipelines, against the wire fake.
 */
class AzureProviderContractsTest {
    @Nested
    class KeyVaults extends KeyVaultProviderContract {
        @Override
        protected KeyVaultProvider providerFor(InMemoryAzure azure) {
            return WireFake.over(azure).pageSize(1).providers().keyVaults();
        }
    }

    @Nested
    class StorageAccounts extends StorageAccountProviderContract {
        @Override
        protected StorageAccountProvider providerFor(InMemoryAzure azure) {
            return WireFake.over(azure).pageSize(1).providers().storageAccounts();
        }
    }

    @Nested
    class KeyAccessWithRbac extends KeyAccessProviderContract {
        @Override
        protected KeyAccessProvider providerFor(InMemoryAzure azure) {
            return WireFake.over(azure).providers().keyAccess();
        }
    }

    @Nested
    class KeyAccessWithAccessPolicies extends KeyAccessProviderContract {
        @Override
        protected KeyAccessProvider providerFor(InMemoryAzure azure) {
            return WireFake.over(azure).accessPolicies(URI.create("https://contoso.vault.azure.net")).providers()
                    .keyAccess();
        }
    }
}
