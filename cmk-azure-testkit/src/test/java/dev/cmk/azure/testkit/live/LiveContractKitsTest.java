package dev.cmk.azure.testkit.live;

import dev.cmk.testkit.contract.AzureFixture;
import dev.cmk.testkit.contract.KeyAccessContract;
import dev.cmk.testkit.contract.KeyVaultContract;
import dev.cmk.testkit.contract.StorageAccountContract;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;

/**
 * The three port contract kits against a live subscription, through {@link LiveAzureFixture}. Opt-in only: with
 * {@code -Dcmk.live=true} and the {@code CMK_LIVE_*} variables set (see {@link LiveConfig}); otherwise every test is
 * skipped with a message naming the flag and each missing variable, before anything is created. CI compiles it and
 * skips it.
 */
class LiveContractKitsTest {

    /** A live fixture, or a skip of the calling test with the reason. */
    static AzureFixture liveFixture() {
        LiveConfig.Read read = LiveConfig.fromSystem();
        Assumptions.assumeTrue(read.config().isPresent(), () -> read.refusal().orElseThrow());
        return new LiveAzureFixture(read.config().orElseThrow());
    }

    @Nested
    class KeyAccess extends KeyAccessContract {
        @Override
        protected AzureFixture newFixture() {
            return liveFixture();
        }
    }

    @Nested
    class KeyVaults extends KeyVaultContract {
        @Override
        protected AzureFixture newFixture() {
            return liveFixture();
        }
    }

    @Nested
    class StorageAccounts extends StorageAccountContract {
        @Override
        protected AzureFixture newFixture() {
            return liveFixture();
        }
    }
}
