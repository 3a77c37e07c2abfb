package dev.cmk.testkit;

import dev.cmk.testkit.contract.AzureFixture;
import dev.cmk.testkit.contract.InMemoryFixture;
import dev.cmk.testkit.contract.KeyAccessContract;
import dev.cmk.testkit.contract.KeyVaultContract;
import dev.cmk.testkit.contract.StorageAccountContract;
import org.junit.jupiter.api.Nested;

/** The in-memory providers pass the fixture-based contract kits. */
class InMemoryContractKitsTest {
    @Nested
    class KeyAccess extends KeyAccessContract {
        @Override
        protected AzureFixture newFixture() {
            return new InMemoryFixture();
        }
    }

    @Nested
    class KeyVaults extends KeyVaultContract {
        @Override
        protected AzureFixture newFixture() {
            return new InMemoryFixture();
        }
    }

    @Nested
    class StorageAccounts extends StorageAccountContract {
        @Override
        protected AzureFixture newFixture() {
            return new InMemoryFixture();
        }
    }
}
