package dev.cmk.azure.testkit;

import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.azure.AzureProviders;
import dev.cmk.testkit.InMemoryAzure;
import dev.cmk.testkit.contract.AzureFixture;
import dev.cmk.testkit.contract.InMemoryFixture;
import dev.cmk.testkit.contract.KeyAccessContract;
import dev.cmk.testkit.contract.KeyVaultContract;
import dev.cmk.testkit.contract.StorageAccountContract;
import java.net.URI;
import org.junit.jupiter.api.Nested;

/**
 * {@code AzureCustomerManagedKeys}' providers, over the real SDK and the wire fake, pass the same fixture-based
 * contract kits as the in-memory providers: with Azure RBAC vaults and with access-policy vaults.
 */
class WireContractKitsTest {

    /** Setup on the in-memory Azure; the providers under test are the adapter's, served by a wire fake. */
    static class WireFixture extends InMemoryFixture {
        private final WireFake fake;
        private final boolean accessPolicies;
        private AzureProviders providers;

        WireFixture(boolean accessPolicies) {
            super(InMemoryAzure.create());
            // one item a page, so every listing the kits check crosses pages
            this.fake = WireFake.over(azure()).pageSize(1);
            this.accessPolicies = accessPolicies;
        }

        @Override
        public URI newVault(String name) {
            URI vault = super.newVault(name);
            if (accessPolicies) {
                fake.accessPolicies(vault);
            }
            return vault;
        }

        @Override
        public java.util.Optional<URI> newVaultWithoutPurgeProtection(String name) {
            java.util.Optional<URI> vault = super.newVaultWithoutPurgeProtection(name);
            if (accessPolicies) {
                vault.ifPresent(fake::accessPolicies);
            }
            return vault;
        }


        private AzureProviders providers() {
            if (providers == null) {
                providers = fake.adapter().buildProviders();
            }
            return providers;
        }

        @Override
        public KeyVaultProvider keyVaults() {
            return providers().keyVaults();
        }

        @Override
        public StorageAccountProvider storageAccounts() {
            return providers().storageAccounts();
        }

        @Override
        public KeyAccessProvider keyAccess() {
            return providers().keyAccess();
        }
    }

    @Nested
    class KeyAccessWithRbac extends KeyAccessContract {
        @Override
        protected AzureFixture newFixture() {
            return new WireFixture(false);
        }
    }

    @Nested
    class KeyAccessWithAccessPolicies extends KeyAccessContract {
        @Override
        protected AzureFixture newFixture() {
            return new WireFixture(true);
        }
    }

    @Nested
    class KeyVaults extends KeyVaultContract {
        @Override
        protected AzureFixture newFixture() {
            return new WireFixture(false);
        }
    }

    @Nested
    class StorageAccounts extends StorageAccountContract {
        @Override
        protected AzureFixture newFixture() {
            return new WireFixture(false);
        }
    }

    @Nested
    class StorageAccountsWithAccessPolicies extends StorageAccountContract {
        @Override
        protected AzureFixture newFixture() {
            return new WireFixture(true);
        }
    }
}
