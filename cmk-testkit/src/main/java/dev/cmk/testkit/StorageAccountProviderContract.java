package dev.cmk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.ServiceKeyType;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.StorageService;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountKind;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountProvider;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit for {@link StorageAccountProvider}; every implementation extends it and must pass.
 *
 * @deprecated since 0.1.0: use {@link dev.cmk.testkit.contract.StorageAccountContract} over a
 *     {@link dev.cmk.testkit.contract.AzureFixture} (for example {@link dev.cmk.testkit.contract.InMemoryFixture}),
 *     which checks everything this class checks and also runs against a wire fake or a live subscription.
 *     The build no longer runs this class.
 */
@Deprecated(since = "0.1.0")
public abstract class StorageAccountProviderContract {
    private static final String UAI = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
            + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cmk-identity";
    /** The in-memory Azure whose state the provider under test must expose. */
    protected InMemoryAzure azure;
    /** The provider under test. */
    protected StorageAccountProvider provider;
    private URI vault;
    private KeyReference v1;
    private StorageAccountId account;

    /** Creates the contract test. */
    protected StorageAccountProviderContract() {
    }

    /**
     * The provider under test, over the given Azure's state.
     *
     * @param azure the state
     * @return the provider
     */
    protected abstract StorageAccountProvider providerFor(InMemoryAzure azure);

    /** Sets up a vault, a key and an account whose system identity holds access. */
    @BeforeEach
    void setUpContract() {
        azure = InMemoryAzure.create();
        provider = providerFor(azure);
        vault = azure.vault("contoso").create();
        v1 = azure.key(vault, "storage-cmk").create();
        account = azure.account("contosodata").systemAssignedIdentity().location("northeurope").create();
        azure.grantAccess(v1, azure.systemPrincipal(account));
    }

    @Test
    void get_readsKindLocationIdentityAndMicrosoftManagedEncryption() {
        StorageAccount a = provider.get(account);
        assertThat(a.id()).isEqualTo(account);
        assertThat(a.kind()).isEqualTo(AccountKind.STORAGE_V2);
        assertThat(a.location()).isEqualTo("northeurope");
        assertThat(a.identity().systemAssignedPrincipalId()).contains(azure.systemPrincipal(account));
        assertThat(a.encryption().keySource()).isEqualTo(KeySource.MICROSOFT_STORAGE);
        assertThat(a.encryption().serviceKeyTypes()).containsEntry(StorageService.BLOB, ServiceKeyType.ACCOUNT)
                .containsEntry(StorageService.QUEUE, ServiceKeyType.SERVICE);
    }

    @Test
    void get_unknownAccount_throwsNotFound() {
        assertThatThrownBy(() -> provider.get(StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-storage",
                "nosuchaccount"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void updateEncryption_autoUpdate_sendsEmptyVersionAndReportsVersionInUse() {
        provider.updateEncryption(account, EncryptionUpdate.customerManaged(v1, VersionPolicy.autoUpdate(),
                ManagedIdentity.systemAssigned()));
        StorageAccount a = provider.get(account);
        assertThat(a.encryption().keySource()).isEqualTo(KeySource.MICROSOFT_KEYVAULT);
        assertThat(a.encryption().key()).contains(v1.versionless());
        assertThat(a.encryption().keyVersion()).isEmpty();
        assertThat(a.encryption().currentVersionedKey()).contains(v1);
        assertThat(a.encryption().userAssignedIdentity()).isEmpty();
    }

    @Test
    void updateEncryption_pinned_setsVersion_andBackToMicrosoftManaged() {
        provider.updateEncryption(account, EncryptionUpdate.customerManaged(v1,
                VersionPolicy.pinned(v1.version().orElseThrow()), ManagedIdentity.systemAssigned()));
        assertThat(provider.get(account).encryption().keyVersion()).contains(v1.version().orElseThrow());
        provider.updateEncryption(account, EncryptionUpdate.microsoftManaged());
        assertThat(provider.get(account).encryption().keySource()).isEqualTo(KeySource.MICROSOFT_STORAGE);
    }

    @Test
    void updateEncryption_vaultWithoutPurgeProtection_failsWithKeyVaultPolicyError() {
        URI weak = azure.vault("weakvault").purgeProtection(false).create();
        KeyReference k = azure.key(weak, "k").create();
        azure.grantAccess(k, azure.systemPrincipal(account));
        assertThatThrownBy(() -> provider.updateEncryption(account, EncryptionUpdate.customerManaged(k,
                VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned())))
                .isInstanceOfSatisfying(CmkException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VAULT_POLICY);
                    assertThat(e.azureErrorCode()).contains("KeyVaultPolicyError");
                });
        assertThat(provider.get(account).encryption().keySource()).isEqualTo(KeySource.MICROSOFT_STORAGE);
    }

    @Test
    void updateEncryption_identityWithoutAccess_failsWithKeyVaultAuthenticationFailure() {
        KeyReference other = azure.key(vault, "other-key").create();
        assertThatThrownBy(() -> provider.updateEncryption(account, EncryptionUpdate.customerManaged(other,
                VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned())))
                .isInstanceOfSatisfying(CmkException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
                    assertThat(e.azureErrorCode()).contains("KeyVaultAuthenticationFailure");
                });
    }

    @Test
    void enableIdentity_attachesUserAssignedIdentity_keepingSystemAssigned() {
        azure.createUserAssignedIdentity(UAI);
        StorageAccount a = provider.enableIdentity(account, ManagedIdentity.userAssigned(UAI));
        assertThat(a.identity().userAssigned(UAI)).isPresent();
        assertThat(a.identity().systemAssignedPrincipalId()).isPresent();
        assertThat(provider.get(account).identity().userAssigned(UAI)).isPresent();
    }

    @Test
    void list_returnsAccountsInScope() {
        StorageAccountId other = azure.account(StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-other",
                "otherdata")).create();
        assertThat(provider.list(Scope.subscription(InMemoryAzure.DEFAULT_SUBSCRIPTION)))
                .containsExactlyInAnyOrder(account, other);
        assertThat(provider.list(Scope.resourceGroup(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-other")))
                .containsExactly(other);
    }

    /**
     * Whether the provider under test creates accounts and reads user-assigned identities; override to answer
     * false for a provider that keeps the port's refusing defaults, and the creation checks are skipped.
     *
     * @return true by default
     */
    protected boolean supportsAccountCreation() {
        return true;
    }

    private dev.cmk.api.spi.AccountCreation creation(String identity, boolean queuesAndTables) {
        return new dev.cmk.api.spi.AccountCreation("westeurope", AccountKind.STORAGE_V2, "Standard_LRS",
                java.util.Map.of("env", "test"), v1.versionless(), VersionPolicy.autoUpdate(),
                ManagedIdentity.userAssigned(identity), queuesAndTables, true);
    }

    @Test
    void create_withAGrantedUserAssignedIdentity_createsTheAccountEncryptedFromItsFirstWrite() {
        org.junit.jupiter.api.Assumptions.assumeTrue(supportsAccountCreation());
        azure.grantAccess(v1, azure.createUserAssignedIdentity(UAI));
        StorageAccountId id = StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-new", "newdata");
        StorageAccount a = provider.create(id, creation(UAI, true));
        assertThat(a.encryption().keySource()).isEqualTo(KeySource.MICROSOFT_KEYVAULT);
        StorageAccount read = provider.get(id);
        assertThat(read.location()).isEqualTo("westeurope");
        assertThat(read.identity().userAssigned(UAI)).isPresent();
        assertThat(read.encryption().currentVersionedKey()).contains(v1);
        assertThat(read.encryption().serviceKeyTypes()).containsEntry(StorageService.QUEUE, ServiceKeyType.ACCOUNT);
        assertThat(read.encryption().infrastructureEncryption()).isTrue();
    }

    @Test
    void create_withAnIdentityThatDoesNotExist_isRefused_andCreatesNothing() {
        org.junit.jupiter.api.Assumptions.assumeTrue(supportsAccountCreation());
        StorageAccountId id = StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-new", "newdata");
        assertThatThrownBy(() -> provider.create(id, creation(UAI, false)))
                .isInstanceOfSatisfying(CmkException.class, e -> {
                    assertThat(e.azureErrorCode()).contains("InvalidValuesForRequestParameters");
                    assertThat(e.getMessage()).contains("properties.encryption.identity");
                });
        assertThatThrownBy(() -> provider.get(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void create_whoseIdentityLacksAccess_isRefused_andCreatesNothing() {
        org.junit.jupiter.api.Assumptions.assumeTrue(supportsAccountCreation());
        azure.createUserAssignedIdentity(UAI);
        StorageAccountId id = StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-new", "newdata");
        assertThatThrownBy(() -> provider.create(id, creation(UAI, false)))
                .isInstanceOfSatisfying(CmkException.class, e -> assertThat(e.azureErrorCode())
                        .contains("KeyVaultAuthenticationFailure"));
        assertThatThrownBy(() -> provider.get(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void userAssignedIdentity_readsItsPrincipal_orIsNotFound() {
        org.junit.jupiter.api.Assumptions.assumeTrue(supportsAccountCreation());
        String principal = azure.createUserAssignedIdentity(UAI);
        assertThat(provider.userAssignedIdentity(UAI).principalId()).isEqualTo(principal);
        assertThatThrownBy(() -> provider.userAssignedIdentity(UAI.replace("cmk-identity", "ghost")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void listAccounts_pagesCarryEachAccountWithItsFullEncryption_andScopeIsHonoured() {
        StorageAccountId other = azure.account(StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-other",
                "otherdata")).create();
        provider.updateEncryption(account, dev.cmk.api.spi.EncryptionUpdate.customerManaged(v1.versionless(),
                dev.cmk.api.VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned()));
        java.util.List<StorageAccount> all = new java.util.ArrayList<>();
        int pages = provider.forEachAccount(Scope.subscription(InMemoryAzure.DEFAULT_SUBSCRIPTION), all::add);
        assertThat(pages).isGreaterThanOrEqualTo(1);
        assertThat(all).extracting(StorageAccount::id).containsExactlyInAnyOrder(account, other);
        StorageAccount listed = all.stream().filter(a -> a.id().equals(account)).findFirst().orElseThrow();
        StorageAccount read = provider.get(account);
        assertThat(listed.encryption()).isEqualTo(read.encryption());
        assertThat(listed.identity()).isEqualTo(read.identity());
        assertThat(listed.location()).isEqualTo("northeurope");
        var page = provider.listAccounts(Scope.resourceGroup(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-other"),
                java.util.Optional.empty());
        assertThat(page.accounts()).extracting(StorageAccount::id).containsExactly(other);
        assertThat(page.hasNext()).isFalse();
    }
}
