package dev.cmk.examples.snippets;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.AzureAssertions;
import dev.cmk.testkit.InMemoryAzure;
import dev.cmk.testkit.InMemoryAzureExtension;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Javadoc examples of cmk-testkit. */
final class TestkitJavaDocCodeSnippets {
    private TestkitJavaDocCodeSnippets() {
    }

    /** {@code InMemoryAzure}. */
    static CustomerManagedKeys inMemoryAzure() {
        InMemoryAzure azure = InMemoryAzure.create();
        URI vault = azure.vault("contoso").create();
        KeyReference key = azure.key(vault, "storage-cmk").create();
        StorageAccountId account = azure.account("contosodata").systemAssignedIdentity().create();
        azure.grantAccess(key, azure.systemPrincipal(account));
        CustomerManagedKeys cmk = CustomerManagedKeys.builder()
                .keyVaults(azure.keyVaults()).storageAccounts(azure.storageAccounts()).keyAccess(azure.keyAccess())
                .clock(azure.clock()).build();
        return cmk;
    }

    /** {@code AzureAssertions}. */
    static void azureAssertions(InMemoryAzure azure, StorageAccountId id, KeyReference key, String v1, String v2) {
        AzureAssertions.assertThat(azure).account(id).isEncryptedWith(key).hasAutoUpdatingVersion().usesVersion(v1);
        AzureAssertions.assertThat(azure).key(key).hasVersionCount(2).hasEnabledVersion(v2);
    }

    /** {@code InMemoryAzureExtension}. */
    @ExtendWith(InMemoryAzureExtension.class)
    class MyAutomationTest {
        @Test
        void enablesCmk(InMemoryAzure azure) {
            // set up vaults, keys and accounts on azure, run your automation, assert on azure
        }
    }
}
