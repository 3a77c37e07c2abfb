package dev.cmk.testkit;

import static dev.cmk.testkit.AzureAssertions.assertThatAzure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each assertion of {@link AzureAssertions} passes on matching state and fails, naming why, on other state. */
class AzureAssertionsEachTest {
    private static final String UAI = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
            + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cmk-identity";
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final KeyReference v1 = azure.key(azure.vault("contoso").create(), "k").create();
    private final StorageAccountId account = azure.account("data").systemAssignedIdentity().create();
    private final String version = v1.version().orElseThrow();

    private static void fails(ThrowingCallable assertion, String because) {
        assertThatThrownBy(assertion).isInstanceOf(AssertionError.class).hasMessageContaining(because);
    }

    private void customerManaged(VersionPolicy policy) {
        azure.grantAccess(v1, azure.systemPrincipal(account));
        azure.storageAccounts().updateEncryption(account, EncryptionUpdate.customerManaged(v1.versionless(), policy,
                ManagedIdentity.systemAssigned()));
    }

    @Test
    void entryPoints_doNotClashWithAssertJ_andTheOldOneStillWorks() {
        assertThat(azure.accountIds()).contains(account); // AssertJ's assertThat, statically imported alongside
        AzureAssertions.then(azure).account(account).usesMicrosoftManagedKeys();
        @SuppressWarnings("deprecation")
        AzureAssertions old = AzureAssertions.assertThat(azure);
        old.account(account).usesMicrosoftManagedKeys();
    }

    @Nested
    class UsesMicrosoftManagedKeys {
        @Test
        void passes_onAMicrosoftManagedAccount() {
            assertThatAzure(azure).account(account).usesMicrosoftManagedKeys();
        }

        @Test
        void fails_onACustomerManagedAccount() {
            customerManaged(VersionPolicy.autoUpdate());
            fails(() -> assertThatAzure(azure).account(account).usesMicrosoftManagedKeys(), "data");
        }
    }

    @Nested
    class IsEncryptedWith {
        @Test
        void passes_forTheKeyInUse() {
            customerManaged(VersionPolicy.autoUpdate());
            assertThatAzure(azure).account(account).isEncryptedWith(v1.versionless());
        }

        @Test
        void fails_onMicrosoftManagedKeys() {
            fails(() -> assertThatAzure(azure).account(account).isEncryptedWith(v1), "to be encrypted with");
        }
    }

    @Nested
    class UsesVersion {
        @Test
        void passes_forTheVersionStorageReports() {
            customerManaged(VersionPolicy.autoUpdate());
            assertThatAzure(azure).account(account).usesVersion(version);
        }

        @Test
        void fails_forAnotherVersion() {
            customerManaged(VersionPolicy.autoUpdate());
            fails(() -> assertThatAzure(azure).account(account).usesVersion("0123456789abcdef0123456789abcdef"),
                    "to use key version");
        }
    }

    @Nested
    class HasAutoUpdatingVersion {
        @Test
        void passes_whenAutoUpdating() {
            customerManaged(VersionPolicy.autoUpdate());
            assertThatAzure(azure).account(account).hasAutoUpdatingVersion();
        }

        @Test
        void fails_whenPinned() {
            customerManaged(VersionPolicy.pinned(version));
            fails(() -> assertThatAzure(azure).account(account).hasAutoUpdatingVersion(), "auto-update");
        }
    }

    @Nested
    class IsPinnedTo {
        @Test
        void passes_whenPinnedToTheVersion() {
            customerManaged(VersionPolicy.pinned(version));
            assertThatAzure(azure).account(account).isPinnedTo(version);
        }

        @Test
        void fails_whenAutoUpdating() {
            customerManaged(VersionPolicy.autoUpdate());
            fails(() -> assertThatAzure(azure).account(account).isPinnedTo(version), "version policy");
        }
    }

    @Nested
    class UsesIdentity {
        @Test
        void passes_forTheSystemAssignedIdentity() {
            customerManaged(VersionPolicy.autoUpdate());
            assertThatAzure(azure).account(account).usesIdentity(ManagedIdentity.systemAssigned());
        }

        @Test
        void fails_forAUserAssignedIdentityItDoesNotUse() {
            customerManaged(VersionPolicy.autoUpdate());
            fails(() -> assertThatAzure(azure).account(account).usesIdentity(ManagedIdentity.userAssigned(UAI)),
                    "the system-assigned identity");
        }

        @Test
        void fails_forTheSystemIdentity_onMicrosoftManagedKeys() {
            fails(() -> assertThatAzure(azure).account(account).usesIdentity(ManagedIdentity.systemAssigned()),
                    "to reach its key with");
        }
    }

    @Nested
    class IsAccessibleAndIsLockedOut {
        @Test
        void accessible_whileTheKeyIsUsable() {
            customerManaged(VersionPolicy.autoUpdate());
            assertThatAzure(azure).account(account).isAccessible();
            fails(() -> assertThatAzure(azure).account(account).isLockedOut(), "403 but they succeed");
        }

        @Test
        void lockedOut_onceTheVersionIsDisabled() {
            customerManaged(VersionPolicy.autoUpdate());
            azure.setEnabledOutOfBand(v1, false);
            assertThatAzure(azure).account(account).isLockedOut();
            fails(() -> assertThatAzure(azure).account(account).isAccessible(), "answer 403");
        }
    }

    @Nested
    class KeyAssertions {
        @Test
        void hasVersionCount() {
            assertThatAzure(azure).key(v1).hasVersionCount(1);
            fails(() -> assertThatAzure(azure).key(v1).hasVersionCount(2), "versions of the key");
        }

        @Test
        void hasEnabledVersion() {
            assertThatAzure(azure).key(v1).hasEnabledVersion(version);
            azure.setEnabledOutOfBand(v1, false);
            fails(() -> assertThatAzure(azure).key(v1).hasEnabledVersion(version), "is enabled");
        }

        @Test
        void hasDisabledVersion() {
            fails(() -> assertThatAzure(azure).key(v1).hasDisabledVersion(version), "is enabled");
            azure.setEnabledOutOfBand(v1, false);
            assertThatAzure(azure).key(v1).hasDisabledVersion(version);
        }

        @Test
        void anUnknownVersion_failsNamingTheVersions() {
            fails(() -> assertThatAzure(azure).key(v1).hasEnabledVersion("0123456789abcdef0123456789abcdef"),
                    "has no version");
        }
    }
}
