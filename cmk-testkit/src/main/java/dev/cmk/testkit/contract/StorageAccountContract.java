package dev.cmk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.AccessDeniedException;
import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.ServiceKeyType;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.StorageService;
import dev.cmk.api.VaultPolicyException;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountCreation;
import dev.cmk.api.spi.AccountKind;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract kit for {@link StorageAccountProvider}, over any {@link AzureFixture}: reads (kind, location,
 * identity, encryption per service), customer-managed with auto-update or a pinned version and back, attaching a
 * user-assigned identity, listings by scope (one shot and paged, each page carrying the full encryption), account
 * creation encrypted from the first write and its refusals, user-assigned identity reads, and the error types
 * Azure's refusals map to: {@link VaultPolicyException} for a vault without purge protection,
 * {@link AccessDeniedException} for an identity without access, {@link NotFoundException} for an account or an
 * identity that does not exist. A refused write changes nothing.
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
    void get_readsKindLocationIdentityAndMicrosoftManagedEncryption() {
        StorageAccount a = storage().get(account);
        assertThat(a.id()).isEqualTo(account);
        assertThat(a.kind()).isEqualTo(AccountKind.STORAGE_V2);
        assertThat(a.location()).isEqualTo(fixture.accountLocation());
        assertThat(a.identity().systemAssignedPrincipalId()).contains(fixture.principalOf(account));
        assertThat(a.encryption().keySource()).isEqualTo(KeySource.MICROSOFT_STORAGE);
        assertThat(a.encryption().serviceKeyTypes()).containsEntry(StorageService.BLOB, ServiceKeyType.ACCOUNT)
                .containsEntry(StorageService.QUEUE, ServiceKeyType.SERVICE);
    }

    @Test
    void updateEncryption_toCustomerManagedAndBack() {
        storage().updateEncryption(account, EncryptionUpdate.customerManaged(v1.versionless(),
                VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned()));
        StorageAccount a = storage().get(account);
        assertThat(a.encryption().keySource()).isEqualTo(KeySource.MICROSOFT_KEYVAULT);
        assertThat(a.encryption().key()).contains(v1.versionless());
        assertThat(a.encryption().keyVersion()).as("auto-update sends an empty version").isEmpty();
        assertThat(a.encryption().currentVersionedKey()).contains(v1);
        assertThat(a.encryption().userAssignedIdentity()).isEmpty();
        storage().updateEncryption(account, EncryptionUpdate.microsoftManaged());
        assertThat(storage().get(account).encryption().keySource()).isEqualTo(KeySource.MICROSOFT_STORAGE);
    }

    @Test
    void updateEncryption_pinned_setsVersion_andBackToMicrosoftManaged() {
        storage().updateEncryption(account, EncryptionUpdate.customerManaged(v1,
                VersionPolicy.pinned(v1.version().orElseThrow()), ManagedIdentity.systemAssigned()));
        assertThat(storage().get(account).encryption().keyVersion()).contains(v1.version().orElseThrow());
        storage().updateEncryption(account, EncryptionUpdate.microsoftManaged());
        assertThat(storage().get(account).encryption().keySource()).isEqualTo(KeySource.MICROSOFT_STORAGE);
    }

    private String newIdentity(String name) {
        Optional<String> id = fixture.newUserAssignedIdentity(name);
        Assumptions.assumeTrue(id.isPresent(),
                () -> fixture.whyUnsupported(AzureFixture.Capability.USER_ASSIGNED_IDENTITY));
        return id.get();
    }

    @Test
    void enableIdentity_attachesUserAssignedIdentity_keepingSystemAssigned() {
        String uai = newIdentity("cmk-identity");
        StorageAccount a = storage().enableIdentity(account, ManagedIdentity.userAssigned(uai));
        assertThat(a.identity().userAssigned(uai)).isPresent();
        assertThat(a.identity().systemAssignedPrincipalId()).isPresent();
        assertThat(storage().get(account).identity().userAssigned(uai)).isPresent();
    }

    private StorageAccountId otherAccountAndOwnScope() {
        Optional<StorageAccountId> other = fixture.newAccountInNewResourceGroup("otherdata");
        Assumptions.assumeTrue(other.isPresent(),
                () -> fixture.whyUnsupported(AzureFixture.Capability.ACCOUNT_IN_NEW_RESOURCE_GROUP));
        Assumptions.assumeTrue(fixture.scopeOfItsOwn().isPresent(),
                () -> fixture.whyUnsupported(AzureFixture.Capability.SCOPE_OF_ITS_OWN));
        return other.get();
    }

    @Test
    void list_returnsAccountsInScope() {
        StorageAccountId other = otherAccountAndOwnScope();
        assertThat(storage().list(fixture.scopeOfItsOwn().orElseThrow())).containsExactlyInAnyOrder(account, other);
        assertThat(storage().list(Scope.resourceGroup(other.subscriptionId(), other.resourceGroup())))
                .containsExactly(other);
    }

    @Test
    void listAccounts_pagesCarryEachAccountWithItsFullEncryption_andScopeIsHonoured() {
        StorageAccountId other = otherAccountAndOwnScope();
        storage().updateEncryption(account, EncryptionUpdate.customerManaged(v1.versionless(),
                VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned()));
        List<StorageAccount> all = new ArrayList<>();
        int pages = storage().forEachAccount(fixture.scopeOfItsOwn().orElseThrow(), all::add);
        assertThat(pages).isGreaterThanOrEqualTo(1);
        assertThat(all).extracting(StorageAccount::id).containsExactlyInAnyOrder(account, other);
        StorageAccount listed = all.stream().filter(a -> a.id().equals(account)).findFirst().orElseThrow();
        StorageAccount read = storage().get(account);
        assertThat(listed.encryption()).isEqualTo(read.encryption());
        assertThat(listed.identity()).isEqualTo(read.identity());
        assertThat(listed.location()).isEqualTo(fixture.accountLocation());
        var page = storage().listAccounts(Scope.resourceGroup(other.subscriptionId(), other.resourceGroup()),
                Optional.empty());
        assertThat(page.accounts()).extracting(StorageAccount::id).containsExactly(other);
        assertThat(page.hasNext()).isFalse();
    }

    private StorageAccountId idForNewAccount() {
        Optional<StorageAccountId> id = fixture.idForNewAccount("newdata");
        Assumptions.assumeTrue(id.isPresent(), () -> fixture.whyUnsupported(AzureFixture.Capability.ACCOUNT_CREATION));
        return id.get();
    }

    private AccountCreation creation(String identity, boolean queuesAndTables) {
        return new AccountCreation(fixture.accountLocation(), AccountKind.STORAGE_V2, "Standard_LRS",
                Map.of("env", "test"), v1.versionless(), VersionPolicy.autoUpdate(),
                ManagedIdentity.userAssigned(identity), queuesAndTables, true);
    }

    @Test
    void create_withAGrantedUserAssignedIdentity_createsTheAccountEncryptedFromItsFirstWrite() {
        String uai = newIdentity("cmk-identity");
        StorageAccountId id = idForNewAccount();
        fixture.grantKeyAccess(v1.versionless(), fixture.principalOfIdentity(uai));
        StorageAccount a = storage().create(id, creation(uai, true));
        assertThat(a.encryption().keySource()).isEqualTo(KeySource.MICROSOFT_KEYVAULT);
        StorageAccount read = storage().get(id);
        assertThat(read.location()).isEqualTo(fixture.accountLocation());
        assertThat(read.identity().userAssigned(uai)).isPresent();
        assertThat(read.encryption().currentVersionedKey()).contains(v1);
        assertThat(read.encryption().serviceKeyTypes()).containsEntry(StorageService.QUEUE, ServiceKeyType.ACCOUNT);
        assertThat(read.encryption().infrastructureEncryption()).isTrue();
    }

    @Test
    void create_withAnIdentityThatDoesNotExist_isRefused_andCreatesNothing() {
        StorageAccountId id = idForNewAccount();
        String ghost = ghostIdentity();
        assertThatThrownBy(() -> storage().create(id, creation(ghost, false)))
                .isInstanceOfSatisfying(CmkException.class, e -> {
                    assertThat(e.azureErrorCode()).contains("InvalidValuesForRequestParameters");
                    assertThat(e.getMessage()).contains("properties.encryption.identity");
                });
        assertThatThrownBy(() -> storage().get(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void create_whoseIdentityLacksAccess_isRefused_andCreatesNothing() {
        String uai = newIdentity("cmk-identity");
        StorageAccountId id = idForNewAccount();
        assertThatThrownBy(() -> storage().create(id, creation(uai, false)))
                .isInstanceOfSatisfying(CmkException.class, e -> assertThat(e.azureErrorCode())
                        .contains("KeyVaultAuthenticationFailure"));
        assertThatThrownBy(() -> storage().get(id)).isInstanceOf(NotFoundException.class);
    }

    /** A user-assigned identity id, in the account's resource group, that no one created. */
    private String ghostIdentity() {
        return "/subscriptions/" + account.subscriptionId() + "/resourceGroups/" + account.resourceGroup()
                + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cmk-ghost-identity";
    }

    @Test
    void userAssignedIdentity_readsItsPrincipal_orIsNotFound() {
        String uai = newIdentity("cmk-identity");
        assertThat(storage().userAssignedIdentity(uai).principalId()).isEqualTo(fixture.principalOfIdentity(uai));
        assertThatThrownBy(() -> storage().userAssignedIdentity(ghostIdentity())).isInstanceOf(NotFoundException.class);
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
                .isInstanceOfSatisfying(VaultPolicyException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VAULT_POLICY);
                    assertThat(e.azureErrorCode()).contains("KeyVaultPolicyError");
                });
        assertThat(storage().get(account).encryption().keySource()).isEqualTo(KeySource.MICROSOFT_STORAGE);
    }

    @Test
    void anIdentityWithoutAccess_isAccessDenied_andChangesNothing() {
        // another vault: with access policies the grant on the first vault covers every key in it
        KeyReference other = fixture.newKey(fixture.newVault("othervault"), "other-key");
        assertThatThrownBy(() -> storage().updateEncryption(account, EncryptionUpdate.customerManaged(
                other.versionless(), VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned())))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
                    assertThat(e.azureErrorCode()).contains("KeyVaultAuthenticationFailure");
                });
        assertThat(storage().get(account).encryption().keySource()).isEqualTo(KeySource.MICROSOFT_STORAGE);
    }

    @Test
    void anAccountThatDoesNotExist_isNotFound() {
        StorageAccountId missing = StorageAccountId.of(account.subscriptionId(), account.resourceGroup(),
                "nosuchaccount0");
        assertThatThrownBy(() -> storage().get(missing)).isInstanceOf(NotFoundException.class);
    }
}
