package dev.cmk.azure.testkit;

import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.azure.AzureProviders;
import dev.cmk.testkit.InMemoryAzure;
import dev.cmk.testkit.contract.AzureFixture;
import dev.cmk.testkit.contract.InMemoryFixture;
import dev.cmk.testkit.contract.KeyAccessContract;
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
            this.fake = WireFake.over(azure());
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

        /** Over RBAC the fake serves only key-scoped role assignments: no grant above a key to offer. */
        @Override
        public boolean grantAboveKey(dev.cmk.api.KeyReference key, String principalId) {
            return accessPolicies && super.grantAboveKey(key, principalId);
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
}
