package dev.cmk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.AccessDeniedException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VaultPolicyException;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountProvider;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract kit for {@link StorageAccountProvider}, over any {@link AzureFixture}: reads, customer-managed and
 * back, and the error types Azure's refusals map to: {@link VaultPolicyException} for a vault without purge
 * protection, {@link AccessDeniedException} for an identity without access, {@link NotFoundException} for an
 * account that does not exist. A refused write changes nothing.
 */
public abstract class StorageAccountContract {
    /** The fixture of the running test. */
    protected AzureFixture fixture;
    private URI vault;
    private KeyReference v1;
    private StorageAccountId account;

    /** Creates the kit. */
    protected StorageAccountContract() {
    }

    /**
     * A new fixture for one test.
     *
     * @return the fixture
     */
    protected abstract AzureFixture newFixture();

    /** Sets up a vault, a key and an account whose system identity holds access. */
    @BeforeEach
    void setUpFixture() {
        fixture = newFixture();
        vault = fixture.newVault("contoso");
        v1 = fixture.newKey(vault, "storage-cmk");
        account = fixture.newAccount("contosodata");
        fixture.grantKeyAccess(v1.versionless(), fixture.principalOf(account));
    }

    /** Closes the fixture, if {@link #newFixture()} made one (it may skip the test instead). */
    @AfterEach
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private StorageAccountProvider storage() {
        return fixture.storageAccounts();
    }

    @Test
    void get_readsMicrosoftManagedEncryptionAndTheSystemIdentity() {
        StorageAccount a = storage().get(account);
        assertThat(a.id()).isEqualTo(account);
        assertThat(a.identity().systemAssignedPrincipalId()).contains(fixture.principalOf(account));
        assertThat(a.encryption().keySource()).isEqualTo(KeySource.MICROSOFT_STORAGE);
    }

    @Test
    void updateEncryption_toCustomerManagedAndBack() {
        storage().updateEncryption(account, EncryptionUpdate.customerManaged(v1.versionless(),
                VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned()));
        StorageAccount a = storage().get(account);
        assertThat(a.encryption().keySource()).isEqualTo(KeySource.MICROSOFT_KEYVAULT);
        assertThat(a.encryption().key()).contains(v1.versionless());
        assertThat(a.encryption().currentVersionedKey()).contains(v1);
        storage().updateEncryption(account, EncryptionUpdate.microsoftManaged());
        assertThat(storage().get(account).encryption().keySource()).isEqualTo(KeySource.MICROSOFT_STORAGE);
    }

    @Test
    void aVaultWithoutPurgeProtection_isAVaultPolicyError_andChangesNothing() {
        Optional<URI> weak = fixture.newVaultWithoutPurgeProtection("weakvault");
        Assumptions.assumeTrue(weak.isPresent(),
                () -> fixture.whyUnsupported(AzureFixture.Capability.VAULT_WITHOUT_PURGE_PROTECTION));
        KeyReference k = fixture.newKey(weak.get(), "k");
        fixture.grantKeyAccess(k.versionless(), fixture.principalOf(account));
        assertThatThrownBy(() -> storage().updateEncryption(account, EncryptionUpdate.customerManaged(
                k.versionless(), VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned())))
                .isInstanceOf(VaultPolicyException.class);
        assertThat(storage().get(account).encryption().keySource()).isEqualTo(KeySource.MICROSOFT_STORAGE);
    }

    @Test
    void anIdentityWithoutAccess_isAccessDenied_andChangesNothing() {
        // another vault: with access policies the grant on the first vault covers every key in it
        KeyReference other = fixture.newKey(fixture.newVault("othervault"), "other-key");
        assertThatThrownBy(() -> storage().updateEncryption(account, EncryptionUpdate.customerManaged(
                other.versionless(), VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned())))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(storage().get(account).encryption().keySource()).isEqualTo(KeySource.MICROSOFT_STORAGE);
    }

    @Test
    void anAccountThatDoesNotExist_isNotFound() {
        StorageAccountId missing = StorageAccountId.of(account.subscriptionId(), account.resourceGroup(),
                "nosuchaccount0");
        assertThatThrownBy(() -> storage().get(missing)).isInstanceOf(NotFoundException.class);
    }
}
