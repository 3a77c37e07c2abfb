package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.azure.AzureCustomerManagedKeys;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@code AzureCustomerManagedKeys.Builder.vaultResourceId}: parsed with AzureResourceId, typed errors, no lookup. */
class VaultResourceIdTest {
    private static final URI VAULT = URI.create("https://contoso.vault.azure.net");
    private static final String ID = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION + "/resourceGroups/"
            + WireFake.DEFAULT_VAULT_RESOURCE_GROUP + "/providers/Microsoft.KeyVault/vaults/contoso";

    @Test
    void badInput_isAnInvalidInputException_notAnIllegalArgumentException() {
        AzureCustomerManagedKeys.Builder b = AzureCustomerManagedKeys.builder();
        assertThatThrownBy(() -> b.vaultResourceId(VAULT, "not-an-id")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> b.vaultResourceId(VAULT, null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> b.vaultResourceId(URI.create("https://contoso.example.com"), ID))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("vault host");
        assertThatThrownBy(() -> b.vaultResourceId(VAULT, ID.replace("vaults/contoso", "vaults/fabrikam")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("named contoso");
        assertThatThrownBy(() -> b.vaultResourceId(VAULT, ID.replace("vaults", "managedHSMs")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Microsoft.KeyVault/vaults");
        assertThatThrownBy(() -> b.vaultResourceId(VAULT, ID.replace("Microsoft.KeyVault", "Microsoft.Storage")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aNamedVault_isNotLookedUp() {
        InMemoryAzure azure = InMemoryAzure.create();
        WireFake fake = WireFake.over(azure);
        KeyReference key = azure.key(azure.vault("contoso").create(), "storage-cmk").create().versionless();
        StorageAccountId account = azure.account("contosodata").systemAssignedIdentity().create();
        azure.grantAccess(key, azure.systemPrincipal(account));
        CustomerManagedKeys cmk = fake.adapter().vaultResourceId(VAULT, ID).build();
        fake.requests().reset();
        cmk.storageAccount(account).useCustomerManagedKey(key).apply();
        assertThat(fake.requests().snapshot()).containsEntry("GET vault", 1L)
                .noneSatisfy((kind, n) -> assertThat(kind).containsIgnoringCase("resources"));
    }
}
