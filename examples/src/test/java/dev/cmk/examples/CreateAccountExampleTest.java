package dev.cmk.examples;

import static dev.cmk.testkit.AzureAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.ServiceKeyType;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.StorageService;
import dev.cmk.testkit.InMemoryAzure;
import org.junit.jupiter.api.Test;

/** The account-creation example, on the in-memory Azure, with its outcome asserted on Azure's state. */
class CreateAccountExampleTest {
    private static final String UAI = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
            + "/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/storage-cmk";

    @Test
    void createAccountWithCustomerManagedKey_thenReRunMakesNoWrite() {
        Sandbox sandbox = new Sandbox();
        String principal = sandbox.azure.createUserAssignedIdentity(UAI);
        StorageAccountId account = StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-storage", "newdata");

        CreateAccountWithCustomerManagedKey.run(sandbox.cmk(), account, UAI, sandbox.key);

        assertThat(sandbox.azure).account(account).isEncryptedWith(sandbox.key).hasAutoUpdatingVersion()
                .usesIdentity(ManagedIdentity.userAssigned(UAI)).isAccessible();
        var e = sandbox.azure.peek(account).encryption();
        assertThat(e.serviceKeyTypes()).containsEntry(StorageService.QUEUE, ServiceKeyType.ACCOUNT)
                .containsEntry(StorageService.TABLE, ServiceKeyType.ACCOUNT);
        assertThat(e.infrastructureEncryption()).isTrue();
        assertThat(sandbox.azure.keyAccess().permissions(sandbox.key, principal)).hasSize(3);

        long writes = sandbox.azure.calls().writes();
        CreateAccountWithCustomerManagedKey.run(sandbox.cmk(), account, UAI, sandbox.key);
        assertThat(sandbox.azure.calls().writes()).isEqualTo(writes);
    }

    @Test
    void demoStep_createsAnAccountBornEncrypted_inMemoryAndThroughTheAzureSdk() {
        for (boolean sdk : new boolean[] {false, true}) {
            java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
            new Demo(new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8),
                    sdk ? AzureSdkMode.factory() : Demo::inMemory).run(sdk ? "the Azure SDK" : "in memory");
            String transcript = buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(transcript).as(sdk ? "through the SDK" : "in memory")
                    .contains("Plan to create storage account contosoarchive", "CREATE_ACCOUNT",
                            "queue Account, table Account", "contosoarchive readable: true")
                    .doesNotContain("Exception");
        }
    }
}
