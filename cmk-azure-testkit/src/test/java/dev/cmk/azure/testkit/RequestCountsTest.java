package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.management.AzureEnvironment;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.models.StorageAccount;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP requests per cmk operation, counted at the wire fake (Key Vault authentication challenges excluded: the SDK
 * sends one per vault host per JVM), compared with the naive fluent-SDK sequence. The counts are printed, for the
 * docs, and pinned, so that a change that adds a request is noticed.
 */
class RequestCountsTest {
    private InMemoryAzure azure;
    private WireFake fake;
    private KeyReference key;
    private StorageAccountId account;
    private final Map<String, Map<String, Long>> report = new LinkedHashMap<>();

    @BeforeEach
    void setUp() {
        azure = InMemoryAzure.create();
        fake = WireFake.over(azure);
        key = azure.key(azure.vault("contoso").create(), "storage-cmk").create().versionless();
        account = azure.account("contosodata").systemAssignedIdentity().create();
    }

    private long measure(String operation, Runnable r) {
        fake.requests().reset();
        r.run();
        Map<String, Long> counts = fake.requests().snapshot();
        counts.remove(RequestCounts.CHALLENGE);
        report.put(operation, counts);
        System.out.printf("%-58s %2d requests  %s%n", operation, fake.requests().total(), counts);
        return fake.requests().total();
    }

    @Test
    void requestsPerOperation() {
        CustomerManagedKeys cmk = fake.adapter().build();

        long status = measure("status()", () -> cmk.storageAccount(account).status());
        long enable = measure("enable CMK (auto-update, grant via RBAC) plan+apply", () ->
                cmk.storageAccount(account).useCustomerManagedKey(key).grantKeyAccess().apply());
        long again = measure("same apply again (already satisfied)", () ->
                cmk.storageAccount(account).useCustomerManagedKey(key).grantKeyAccess().apply());
        long back = measure("back to Microsoft-managed keys", () ->
                cmk.storageAccount(account).useMicrosoftManagedKeys().apply());

        assertThat(status).isEqualTo(1);
        // plan: GET account, GET key, Resources lookup (first use of the vault only), GET vault (region, firewall,
        // access model), list role assignments; apply: PUT role assignment, PATCH account, GET account (verify)
        assertThat(enable).isEqualTo(8);
        // GET account, list role assignments; the vault's read from the apply above is reused (30 s)
        assertThat(again).isEqualTo(2);
        assertThat(report.get("enable CMK (auto-update, grant via RBAC) plan+apply"))
                .containsEntry("PATCH storageAccount", 1L).containsEntry("PUT roleAssignment", 1L);
        assertThat(report.get("same apply again (already satisfied)")).doesNotContainKeys("PATCH storageAccount",
                "PUT roleAssignment");
        assertThat(again).isLessThan(enable);
        assertThat(back).isEqualTo(3);
    }

    @Test
    void naiveFluentSequence_forComparison() {
        azure.grantAccess(key, azure.systemPrincipal(account));
        StorageManager sm = StorageManager.configure().withHttpClient(fake).authenticate(WireFake.credential(),
                WireFake.profile(AzureEnvironment.AZURE));
        long n = measure("fluent: getByResourceGroup + update().withEncryptionKeyFromKeyVault().apply()", () -> {
            StorageAccount a = sm.storageAccounts().getByResourceGroup(account.resourceGroup(), account.name());
            a.update().withEncryptionKeyFromKeyVault(key.vaultUri().toString(), key.name(), "").apply();
        });
        assertThat(n).isGreaterThanOrEqualTo(2);
        assertThat(azure.peek(account).encryption().isCustomerManaged()).isTrue();
    }
}
