package dev.cmk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.CmkException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountCreation;
import dev.cmk.api.spi.AccountKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory Azure's account creation: Azure's refusals, and a PUT over an account that exists. */
class InMemoryAccountCreationTest {
    private static final String UAI = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
            + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cmk-identity";
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final KeyReference key = azure.key(azure.vault("contoso").create(), "storage-cmk").create()
            .versionless();
    private final StorageAccountId id = azure.account("existing").create();

    private AccountCreation creation(boolean infrastructure) {
        return new AccountCreation("westeurope", AccountKind.STORAGE_V2, "Standard_LRS", Map.of(), key,
                VersionPolicy.autoUpdate(), ManagedIdentity.userAssigned(UAI), false, infrastructure);
    }

    @Test
    void putOverAnExistingAccount_withTheSameCreationOnlySettings_setsTheKey() {
        azure.grantAccess(key, azure.createUserAssignedIdentity(UAI));
        azure.storageAccounts().create(id, creation(false));
        assertThat(azure.peek(id).encryption().isCustomerManaged()).isTrue();
        assertThat(azure.peek(id).identity().userAssigned(UAI)).isPresent();
    }

    @Test
    void putOverAnExistingAccount_withOtherCreationOnlySettings_isRefused_andChangesNothing() {
        azure.grantAccess(key, azure.createUserAssignedIdentity(UAI));
        assertThatThrownBy(() -> azure.storageAccounts().create(id, creation(true)))
                .isInstanceOfSatisfying(CmkException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("cannot be changed");
                });
        assertThat(azure.peek(id).encryption().isCustomerManaged()).isFalse();
        assertThat(azure.peek(id).identity().userAssigned()).isEmpty();
    }

    @Test
    void creationIsCountedAsOneWrite_andTheIdentityReadAsARead() {
        azure.grantAccess(key, azure.createUserAssignedIdentity(UAI));
        StorageAccountId fresh = StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-new", "fresh");
        azure.storageAccounts().userAssignedIdentity(UAI);
        azure.storageAccounts().create(fresh, creation(false));
        assertThat(azure.calls().writes()).isEqualTo(1);
        assertThat(azure.calls().reads()).isEqualTo(1);
        assertThat(azure.history()).extracting(InMemoryAzure.AzureEvent::operation).containsExactly("storage.create");
    }
}
