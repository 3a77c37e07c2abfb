package dev.cmk.testkit;

import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.StorageAccountProvider;
import org.junit.jupiter.api.Nested;

/** The in-memory providers pass the same contract tests as the Azure adapter. */
class InMemoryProviderContractsTest {
    @Nested
    class KeyVaults extends KeyVaultProviderContract {
        @Override
        protected KeyVaultProvider providerFor(InMemoryAzure azure) {
            return azure.keyVaults();
        }
    }

    @Nested
    class StorageAccounts extends StorageAccountProviderContract {
        @Override
        protected StorageAccountProvider providerFor(InMemoryAzure azure) {
            return azure.storageAccounts();
        }
    }

    @Nested
    class KeyAccess extends KeyAccessProviderContract {
        @Override
        protected KeyAccessProvider providerFor(InMemoryAzure azure) {
            return azure.keyAccess();
        }
    }
}
