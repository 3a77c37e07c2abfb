package dev.cmk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.KeyReference;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * A fixture that cannot do an optional operation makes the kit tests that need it skip with the fixture's own
 * reason; they never pass without checking anything. A kit whose {@code newFixture()} skipped closes nothing.
 */
class UnsupportedCapabilitySkipsTest {

    /** An in-memory fixture that refuses both optional operations and says why. */
    static final class Limited extends InMemoryFixture {
        @Override
        public Optional<URI> newVaultWithoutPurgeProtection(String name) {
            return Optional.empty();
        }

        @Override
        public boolean grantAboveKey(KeyReference key, String principalId) {
            return false;
        }

        @Override
        public String whyUnsupported(Capability capability) {
            return "limited: no " + capability;
        }
    }

    @Test
    void grantAboveKey_unsupported_skipsWithTheFixturesReason() {
        KeyAccessContract kit = new KeyAccessContract() {
            @Override
            protected AzureFixture newFixture() {
                return new Limited();
            }
        };
        kit.setUpFixture();
        assertThatThrownBy(
                kit::accessLeftAfterARevoke_throughAGrantAboveTheKey_doesNotFailTheRevoke_andShowsInPermissions)
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("limited: no GRANT_ABOVE_KEY");
        kit.closeFixture();
    }

    @Test
    void vaultWithoutPurgeProtection_unsupported_skipsBothKitsWithTheFixturesReason() {
        KeyVaultContract vaults = new KeyVaultContract() {
            @Override
            protected AzureFixture newFixture() {
                return new Limited();
            }
        };
        vaults.setUpFixture();
        assertThatThrownBy(vaults::aVaultWithoutPurgeProtection_isReportedOnItsKeys)
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("limited: no VAULT_WITHOUT_PURGE_PROTECTION");
        StorageAccountContract accounts = new StorageAccountContract() {
            @Override
            protected AzureFixture newFixture() {
                return new Limited();
            }
        };
        accounts.setUpFixture();
        assertThatThrownBy(accounts::aVaultWithoutPurgeProtection_isAVaultPolicyError_andChangesNothing)
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("limited: no VAULT_WITHOUT_PURGE_PROTECTION");
    }

    @Test
    void defaultReasons_nameTheOperation() {
        AzureFixture plain = new InMemoryFixture();
        assertThat(plain.whyUnsupported(AzureFixture.Capability.GRANT_ABOVE_KEY)).contains("grant above a key");
        assertThat(plain.whyUnsupported(AzureFixture.Capability.VAULT_WITHOUT_PURGE_PROTECTION))
                .contains("without purge protection");
    }

    @Test
    void aKitWhoseFixtureSkipped_closesNothing() {
        KeyAccessContract kit = new KeyAccessContract() {
            @Override
            protected AzureFixture newFixture() {
                throw new TestAbortedException("no fixture here");
            }
        };
        assertThatThrownBy(kit::setUpFixture).isInstanceOf(TestAbortedException.class);
        kit.closeFixture();
        assertThat(kit.fixture).isNull();
    }
}
