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
        public Optional<KeyReference> newKeyVersion(KeyReference key, dev.cmk.api.spi.NewKeyVersion spec,
                boolean enabled) {
            return Optional.empty();
        }

        @Override
        public Optional<dev.cmk.api.StorageAccountId> newAccountInNewResourceGroup(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<dev.cmk.api.spi.Scope> scopeOfItsOwn() {
            return Optional.empty();
        }

        @Override
        public Optional<String> newUserAssignedIdentity(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<dev.cmk.api.StorageAccountId> idForNewAccount(String name) {
            return Optional.empty();
        }

        @Override
        public String whyUnsupported(Capability capability) {
            return "limited: no " + capability;
        }
    }

    @Test
    void setupTheFixtureCannotDo_skipsTheKitTestsWithTheFixturesReason() {
        KeyVaultContract vaults = new KeyVaultContract() {
            @Override
            protected AzureFixture newFixture() {
                return new Limited();
            }
        };
        vaults.setUpFixture();
        assertThatThrownBy(vaults::listVersions_carriesWhatTheListCarries_andIsOrderedByCreationNotById)
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("limited: no KEY_VERSION");
        StorageAccountContract accounts = new StorageAccountContract() {
            @Override
            protected AzureFixture newFixture() {
                return new Limited();
            }
        };
        accounts.setUpFixture();
        assertThatThrownBy(accounts::list_returnsAccountsInScope).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("limited: no ACCOUNT_IN_NEW_RESOURCE_GROUP");
        assertThatThrownBy(accounts::enableIdentity_attachesUserAssignedIdentity_keepingSystemAssigned)
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("limited: no USER_ASSIGNED_IDENTITY");
        assertThatThrownBy(accounts::create_withAnIdentityThatDoesNotExist_isRefused_andCreatesNothing)
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("limited: no ACCOUNT_CREATION");
    }

    @Test
    void aFixtureWithoutAScopeOfItsOwn_skipsTheCompleteListingChecks() {
        StorageAccountContract accounts = new StorageAccountContract() {
            @Override
            protected AzureFixture newFixture() {
                return new InMemoryFixture() {
                    @Override
                    public Optional<dev.cmk.api.spi.Scope> scopeOfItsOwn() {
                        return Optional.empty();
                    }
                };
            }
        };
        accounts.setUpFixture();
        assertThatThrownBy(accounts::listAccounts_pagesCarryEachAccountWithItsFullEncryption_andScopeIsHonoured)
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("scope that holds only");
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
        for (AzureFixture.Capability c : AzureFixture.Capability.values()) {
            assertThat(plain.whyUnsupported(c)).as(c.name()).startsWith("the fixture ");
        }
        assertThat(plain.whyUnsupported(AzureFixture.Capability.KEY_VERSION)).contains("key version");
        assertThat(plain.whyUnsupported(AzureFixture.Capability.ACCOUNT_CREATION)).contains("create accounts");
    }

    @Test
    void theBaseFixture_supportsNoOptionalSetup_andKnowsNoIdentity() {
        AzureFixture bare = new AzureFixture() {
            @Override
            public URI newVault(String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public KeyReference newKey(URI vault, String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public dev.cmk.api.StorageAccountId newAccount(String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String principalOf(dev.cmk.api.StorageAccountId account) {
                throw new UnsupportedOperationException();
            }

            @Override
            public dev.cmk.api.spi.KeyVaultProvider keyVaults() {
                throw new UnsupportedOperationException();
            }

            @Override
            public dev.cmk.api.spi.StorageAccountProvider storageAccounts() {
                throw new UnsupportedOperationException();
            }

            @Override
            public dev.cmk.api.spi.KeyAccessProvider keyAccess() {
                throw new UnsupportedOperationException();
            }
        };
        KeyReference key = KeyReference.parse("https://contoso.vault.azure.net/keys/k");
        assertThat(bare.newKeyVersion(key, new dev.cmk.api.spi.NewKeyVersion(dev.cmk.api.KeyType.RSA, 2048,
                java.util.Set.of(), Optional.empty(), java.util.Map.of()), true)).isEmpty();
        assertThat(bare.newAccountInNewResourceGroup("a")).isEmpty();
        assertThat(bare.scopeOfItsOwn()).isEmpty();
        assertThat(bare.newUserAssignedIdentity("i")).isEmpty();
        assertThat(bare.idForNewAccount("a")).isEmpty();
        assertThat(bare.accountLocation()).isEqualTo("westeurope");
        assertThatThrownBy(() -> bare.principalOfIdentity("/subscriptions/s/x")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("/subscriptions/s/x");
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
