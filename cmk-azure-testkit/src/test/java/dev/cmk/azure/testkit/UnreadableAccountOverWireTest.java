package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.UnsafeOperationException;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccountPage;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.core.rotation.KeyRotation;
import dev.cmk.core.rotation.RotationOptions;
import java.time.Duration;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A listed account whose id cmk cannot parse is reported by the adapter's list pages with the vault its encryption
 * names, and a key-wide revoke refuses while such an account names the key's vault: it may use the key.
 */
class UnreadableAccountOverWireTest {
    static final String SUB = InMemoryAzure.DEFAULT_SUBSCRIPTION;
    static final String ODD = "/subscriptions/" + SUB + "/resourceGroups/rg+odd/providers/Microsoft.Storage/"
            + "storageAccounts/hidden";
    final InMemoryAzure azure = InMemoryAzure.create();
    final WireFake fake = WireFake.over(azure);
    final URI vault = azure.vault("contoso").create();
    final KeyReference key = azure.key(vault, "storage-cmk").create().versionless();
    final StorageAccountId user = azure.account("userdata").systemAssignedIdentity().create();

    UnreadableAccountOverWireTest() {
        azure.grantAccess(key, azure.systemPrincipal(user));
        azure.storageAccounts().updateEncryption(user, EncryptionUpdate.customerManaged(key,
                VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned()));
    }

    @Test
    void theListPageReportsIt_withItsVault() {
        fake.listedOnlyAccount(ODD, vault);
        StorageAccountPage page = fake.providers().storageAccounts().listAccounts(Scope.subscription(SUB),
                Optional.empty());
        assertThat(page.accounts()).extracting(a -> a.id()).containsExactly(user);
        assertThat(page.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.resourceId()).isEqualTo(ODD);
            assertThat(u.mayUseVault(vault)).isTrue();
            assertThat(u.reason()).contains("resource group");
        });
    }

    @Test
    void aKeyWideRevoke_refusesNamingIt_andChangesNothing() {
        fake.listedOnlyAccount(ODD, vault);
        CustomerManagedKeys cmk = fake.adapter().build();
        Dependents discovered = Dependents.discoveredIn(Scope.subscription(SUB));
        azure.calls().reset();
        assertThatThrownBy(() -> cmk.key(key).revoke(discovered))
                .isInstanceOfSatisfying(UnsafeOperationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_OPERATION);
                    assertThat(e.getMessage()).contains(ODD).contains("Nothing was changed");
                });
        assertThat(azure.calls().writes()).isZero();
    }

    @Test
    void anUnreadableAccountOnAnotherVaultOrMicrosoftManaged_doesNotBlockTheRevokePlan() {
        fake.listedOnlyAccount(ODD, URI.create("https://fabrikam.vault.azure.net"));
        fake.listedOnlyAccount(ODD + "2", null);
        CustomerManagedKeys cmk = fake.adapter().build();
        assertThat(cmk.key(key).revoke(Dependents.discoveredIn(Scope.subscription(SUB))).blastRadius())
                .containsExactly(user);
    }

    @Test
    void aRotationsRetire_refusesNamingIt_andLeavesTheOldVersionEnabled() {
        fake.listedOnlyAccount(ODD, vault);
        CustomerManagedKeys cmk = fake.adapter().build();
        KeyRotation rotation = cmk.key(key).rotation("q1", Dependents.discoveredIn(Scope.subscription(SUB)),
                RotationOptions.custom().retireOldVersions(true).build());
        UnsafeOperationException refused = null;
        for (int i = 0; i < 8 && refused == null; i++) {
            try {
                rotation.advance();
            } catch (UnsafeOperationException e) {
                refused = e;
            }
            azure.clock().advance(Duration.ofHours(25));
        }
        assertThat(refused).as("the retire refused").isNotNull();
        assertThat(refused.getMessage()).contains(ODD);
        assertThat(azure.inspect().versions(key)).hasSize(2).allMatch(v -> v.enabled());
    }

    @Test
    void aRetireRefusedForAnUnreadableAccount_writesNothing_notEvenAChangedRetireChoice() {
        CustomerManagedKeys cmk = fake.adapter().build();
        Dependents scope = Dependents.discoveredIn(Scope.subscription(SUB));
        // started without retirement: create, then wait out the pickup window until it would complete
        cmk.key(key).rotation("q2", scope, RotationOptions.custom().retireOldVersions(false).build()).advance();
        azure.clock().advance(Duration.ofHours(25));
        fake.listedOnlyAccount(ODD, vault);
        var tagsBefore = azure.inspect().versions(key).get(1).tags();
        // resumed with an explicit, different choice: the step is a retire, whose confirmation refuses first
        KeyRotation retiring = cmk.key(key).rotation("q2", scope,
                RotationOptions.custom().retireOldVersions(true).build());
        assertThatThrownBy(retiring::advance).isInstanceOf(UnsafeOperationException.class).hasMessageContaining(ODD);
        assertThat(azure.inspect().versions(key)).hasSize(2).allMatch(v -> v.enabled());
        assertThat(azure.inspect().versions(key).get(1).tags()).as("no retire choice recorded by a refused step")
                .isEqualTo(tagsBefore);
    }

    @Test
    void anAccountInAUnicodeResourceGroup_isReadAndConfiguredOverTheWire() {
        StorageAccountId unicode = azure.account(StorageAccountId.of(SUB, "rg-donn\u00e9es-\u8d44\u6e90",
                "unicodedata")).systemAssignedIdentity().create();
        azure.grantAccess(key, azure.systemPrincipal(unicode));
        CustomerManagedKeys cmk = fake.adapter().build();
        StorageAccountPage page = fake.providers().storageAccounts().listAccounts(Scope.subscription(SUB),
                Optional.empty());
        assertThat(page.accounts()).extracting(a -> a.id()).contains(unicode);
        assertThat(page.unreadable()).isEmpty();
        cmk.storageAccount(unicode).useCustomerManagedKey(key).apply();
        assertThat(azure.inspect().account(unicode).encryption().key().orElseThrow().sameKeyAs(key)).isTrue();
        assertThat(cmk.key(key).dependentsIn(Scope.resourceGroup(SUB, "RG-DONN\u00c9ES-\u8d44\u6e90")))
                .containsExactly(unicode);
    }
}
