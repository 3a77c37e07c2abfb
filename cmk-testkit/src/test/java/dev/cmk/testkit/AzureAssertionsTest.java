package dev.cmk.testkit;

import static dev.cmk.testkit.AzureAssertions.assertThatAzure;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import org.junit.jupiter.api.Test;

class AzureAssertionsTest {
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final KeyReference v1 = azure.key(azure.vault("contoso").create(), "k").create();
    private final StorageAccountId account = azure.account("data").systemAssignedIdentity().create();

    @Test
    void passOnMatchingState_andFailWithReadableMessages() {
        assertThatAzure(azure).account(account).usesMicrosoftManagedKeys().isAccessible();
        assertThatThrownBy(() -> assertThatAzure(azure).account(account).isEncryptedWith(v1))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Expected account data to be encrypted with");

        azure.grantAccess(v1, azure.systemPrincipal(account));
        azure.storageAccounts().updateEncryption(account, EncryptionUpdate.customerManaged(v1,
                VersionPolicy.pinned(v1.version().orElseThrow()), ManagedIdentity.systemAssigned()));
        assertThatAzure(azure).account(account).isEncryptedWith(v1).isPinnedTo(v1.version().orElseThrow())
                .usesVersion(v1.version().orElseThrow()).usesIdentity(ManagedIdentity.systemAssigned());
        assertThatThrownBy(() -> assertThatAzure(azure).account(account).hasAutoUpdatingVersion())
                .isInstanceOf(AssertionError.class).hasMessageContaining("auto-update");
        assertThatThrownBy(() -> assertThatAzure(azure).account(account).isLockedOut())
                .isInstanceOf(AssertionError.class).hasMessageContaining("403");

        azure.setEnabledOutOfBand(v1, false);
        assertThatAzure(azure).account(account).isLockedOut();
        assertThatAzure(azure).key(v1).hasVersionCount(1).hasDisabledVersion(v1.version().orElseThrow());
        assertThatThrownBy(() -> assertThatAzure(azure).key(v1).hasEnabledVersion("0123456789abcdef0123456789abcdef"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("has no version");
    }
}
