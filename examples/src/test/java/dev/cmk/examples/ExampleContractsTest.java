package dev.cmk.examples;

import static dev.cmk.testkit.AzureAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.InvalidInputException;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.UnsafeOperationException;
import dev.cmk.core.RevocationPlan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the examples promise beyond their outcome: revokes are confirmed by the operator, reusable functions do not
 * print, and the real-Azure example refuses clearly when it is not configured.
 */
class ExampleContractsTest {
    private static final String ACCOUNT_ID = "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/"
            + "rg-storage/providers/Microsoft.Storage/storageAccounts/contosodata";

    @Test
    void revoke_confirmationComesFromTheOperatorAndMustMatchTheBlastRadius() {
        Sandbox sandbox = new Sandbox();
        StorageAccountId a = sandbox.account("contosodata");
        StorageAccountId b = sandbox.account("contosologs");
        EnableCustomerManagedKey.run(sandbox.cmk(), a, sandbox.key);
        EnableCustomerManagedKey.run(sandbox.cmk(), b, sandbox.key);
        List<StorageAccountId> known = List.of(a, b);
        RevocationPlan plan = RevokeAndRestore.plan(sandbox.cmk(), sandbox.key, known);

        assertThatThrownBy(() -> RevokeAndRestore.confirmation(known, List.of("contosodata", "typo")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'typo'");
        assertThatThrownBy(() -> RevokeAndRestore.revoke(plan, RevokeAndRestore.confirmation(known,
                List.of("contosodata")))).isInstanceOf(UnsafeOperationException.class);
        assertThat(sandbox.azure).account(b).isAccessible();

        RevokeAndRestore.revoke(plan, RevokeAndRestore.confirmation(known, List.of("contosologs", "contosodata")));
        assertThat(sandbox.azure).account(a).isLockedOut();
        assertThat(sandbox.azure).account(b).isLockedOut();
    }

    @Test
    void demo_withAConfirmationThatIsNotTheBlastRadius_refusesTheRevoke() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        new Demo(new PrintStream(buffer, true, StandardCharsets.UTF_8), Demo::inMemory, List.of("contosodata"))
                .run("the in-memory Azure");
        String transcript = buffer.toString(StandardCharsets.UTF_8);
        assertThat(transcript).contains("The operator confirms: contosodata")
                .contains("revoke refused, nothing changed").doesNotContain("revoked as")
                .doesNotContain("contosodata readable: false");
    }

    @Test
    void reusableExampleFunctions_doNotPrint() {
        Sandbox sandbox = new Sandbox();
        StorageAccountId a = sandbox.account("contosodata");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EnableCustomerManagedKey.plan(sandbox.cmk(), a, sandbox.key);
            EnableCustomerManagedKey.run(sandbox.cmk(), a, sandbox.key);
            ChangeKey.run(sandbox.cmk(), a, sandbox.key);
            SwitchVersionPolicy.pinCurrentVersion(sandbox.cmk(), a, sandbox.key);
            SwitchVersionPolicy.autoUpdate(sandbox.cmk(), a, sandbox.key);
            RotateSafely.run(sandbox.cmk(), sandbox.key, "q1", List.of(a));
            sandbox.azure.clock().advance(Duration.ofHours(25));
            RotateSafely.run(sandbox.cmk(), sandbox.key, "q1", List.of(a));
            RevocationPlan plan = RevokeAndRestore.plan(sandbox.cmk(), sandbox.key, List.of(a));
            RevokeAndRestore.revoke(plan, RevokeAndRestore.confirmation(List.of(a), List.of("contosodata")));
            RevokeAndRestore.restore(sandbox.cmk(), sandbox.key, List.of(a));
            BackToMicrosoftManagedKeys.run(sandbox.cmk(), a);
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void enableOnRealAzure_refusesWithoutOptIn_namingEveryMissingVariable() {
        assertThatThrownBy(() -> EnableOnRealAzure.settings(Map.of()))
                .isInstanceOf(EnableOnRealAzure.NotConfiguredException.class)
                .hasMessageContaining("set CMK_LIVE=1").hasMessageContaining("Missing: AZURE_SUBSCRIPTION_ID")
                .hasMessageContaining("Missing: CMK_STORAGE_ACCOUNT_ID").hasMessageContaining("Missing: CMK_KEY_ID")
                .satisfies(e -> assertThat(((EnableOnRealAzure.NotConfiguredException) e).missing())
                        .containsExactly("AZURE_SUBSCRIPTION_ID", "CMK_STORAGE_ACCOUNT_ID", "CMK_KEY_ID"));
    }

    @Test
    void enableOnRealAzure_optedInButIncomplete_namesOnlyWhatIsMissing() {
        Map<String, String> env = Map.of("CMK_LIVE", "1", "CMK_STORAGE_ACCOUNT_ID", ACCOUNT_ID, "CMK_KEY_ID", " ");
        assertThatThrownBy(() -> EnableOnRealAzure.settings(env))
                .isInstanceOf(EnableOnRealAzure.NotConfiguredException.class)
                .hasMessageNotContaining("CMK_LIVE=1").hasMessageNotContaining("Missing: CMK_STORAGE_ACCOUNT_ID")
                .hasMessageContaining("Missing: AZURE_SUBSCRIPTION_ID").hasMessageContaining("Missing: CMK_KEY_ID");
    }

    @Test
    void enableOnRealAzure_configuredButNotOptedIn_stillRefuses() {
        Map<String, String> env = Map.of("AZURE_SUBSCRIPTION_ID", "00000000-1111-2222-3333-444444444444",
                "CMK_STORAGE_ACCOUNT_ID", ACCOUNT_ID, "CMK_KEY_ID", "https://contoso.vault.azure.net/keys/k",
                "CMK_LIVE", "yes");
        assertThatThrownBy(() -> EnableOnRealAzure.settings(env))
                .isInstanceOf(EnableOnRealAzure.NotConfiguredException.class).hasMessageContaining("set CMK_LIVE=1")
                .hasMessageNotContaining("Missing:");
    }

    @Test
    void enableOnRealAzure_configured_parsesEverythingBeforeAnyCall() {
        Map<String, String> env = Map.of("CMK_LIVE", "1", "AZURE_SUBSCRIPTION_ID",
                "00000000-1111-2222-3333-444444444444", "CMK_STORAGE_ACCOUNT_ID", ACCOUNT_ID, "CMK_KEY_ID",
                "https://contoso.vault.azure.net/keys/storage-cmk/4f2c7d9a1b3e4c5d6e7f8091a2b3c4d5");
        EnableOnRealAzure.Settings s = EnableOnRealAzure.settings(env);
        assertThat(s.account()).isEqualTo(StorageAccountId.parse(ACCOUNT_ID));
        assertThat(s.key().isVersioned()).isFalse();
        assertThat(s.tenantId()).isNull();
        assertThatThrownBy(() -> EnableOnRealAzure.settings(Map.of("CMK_LIVE", "1", "AZURE_SUBSCRIPTION_ID", "x",
                "CMK_STORAGE_ACCOUNT_ID", ACCOUNT_ID, "CMK_KEY_ID", "http://contoso.vault.azure.net/keys/k")))
                .isInstanceOf(InvalidInputException.class);
    }
}
