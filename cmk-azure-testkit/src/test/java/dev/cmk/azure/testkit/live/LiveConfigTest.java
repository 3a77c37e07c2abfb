package dev.cmk.azure.testkit.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cmk.testkit.contract.AzureFixture;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live kits' opt-in and configuration: refused with a message naming what is missing, before any Azure call. */
class LiveConfigTest {

    private static Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("CMK_LIVE_SUBSCRIPTION_ID", "00000000-1111-2222-3333-444444444444");
        env.put("CMK_LIVE_RESOURCE_GROUP", "rg-cmk-live");
        env.put("CMK_LIVE_REGION", "westeurope");
        env.put("CMK_LIVE_VAULT_URI", "https://cmk-live.vault.azure.net");
        return env;
    }

    @Test
    void withoutTheFlag_isRefused_evenWhenEveryVariableIsSet() {
        LiveConfig.Read read = LiveConfig.read(null, complete());
        assertThat(read.config()).isEmpty();
        assertThat(read.refusal()).get().asString().contains("-Dcmk.live=true").doesNotContain("missing");
    }

    @Test
    void withTheFlagButNoVariables_namesEachMissingVariable() {
        LiveConfig.Read read = LiveConfig.read("true", Map.of());
        assertThat(read.config()).isEmpty();
        assertThat(read.refusal()).get().asString().doesNotContain("not opted in")
                .contains("missing environment variables: CMK_LIVE_SUBSCRIPTION_ID, CMK_LIVE_RESOURCE_GROUP, "
                        + "CMK_LIVE_REGION, CMK_LIVE_VAULT_URI");
    }

    @Test
    void oneBlankVariable_isNamedAlone() {
        Map<String, String> env = complete();
        env.put("CMK_LIVE_REGION", "  ");
        assertThat(LiveConfig.read("true", env).refusal()).get().asString()
                .contains("missing environment variable: CMK_LIVE_REGION.");
    }

    @Test
    void neitherFlagNorVariables_givesBothReasons() {
        String refusal = LiveConfig.read("false", Map.of()).refusal().orElseThrow();
        assertThat(refusal).startsWith("live contract kits skipped: not opted in")
                .contains("CMK_LIVE_SUBSCRIPTION_ID").contains("README");
    }

    @Test
    void malformedValues_areNamedWithTheirFix() {
        Map<String, String> env = complete();
        env.put("CMK_LIVE_VAULT_URI", "cmk-live");
        env.put("CMK_LIVE_GRANT_WAIT_SECONDS", "soon");
        String refusal = LiveConfig.read("true", env).refusal().orElseThrow();
        assertThat(refusal).contains("CMK_LIVE_VAULT_URI=cmk-live (a vault URI")
                .contains("CMK_LIVE_GRANT_WAIT_SECONDS=soon (seconds");
    }

    @Test
    void complete_withTheFlag_isAConfiguration() {
        Map<String, String> env = complete();
        env.put("CMK_LIVE_TENANT_ID", "tenant-1");
        env.put("CMK_LIVE_GRANT_WAIT_SECONDS", "5");
        LiveConfig.Read read = LiveConfig.read("TRUE", env);
        assertThat(read.refusal()).isEmpty();
        LiveConfig c = read.config().orElseThrow();
        assertThat(c.subscriptionId()).isEqualTo("00000000-1111-2222-3333-444444444444");
        assertThat(c.tenantId()).isEqualTo("tenant-1");
        assertThat(c.resourceGroup()).isEqualTo("rg-cmk-live");
        assertThat(c.region()).isEqualTo("westeurope");
        assertThat(c.vault()).isEqualTo(URI.create("https://cmk-live.vault.azure.net"));
        assertThat(c.weakVault()).isEmpty();
        assertThat(c.userAssignedIdentityId()).isEmpty();
        assertThat(c.grantWait()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void tenant_fallsBackToAzureTenantId_andGrantWaitDefaultsTo30s() {
        Map<String, String> env = complete();
        env.put("AZURE_TENANT_ID", "tenant-2");
        LiveConfig c = LiveConfig.read("true", env).config().orElseThrow();
        assertThat(c.tenantId()).isEqualTo("tenant-2");
        assertThat(c.grantWait()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void skippedCapabilities_nameTheSettingOrTheRightThatIsMissing() {
        assertThat(LiveAzureFixture.unsupportedReason(AzureFixture.Capability.VAULT_WITHOUT_PURGE_PROTECTION))
                .contains("CMK_LIVE_WEAK_VAULT_URI");
        assertThat(LiveAzureFixture.unsupportedReason(AzureFixture.Capability.GRANT_ABOVE_KEY))
                .contains("User Access Administrator at vault scope");
    }

    @Test
    void uniqueNames_areValidAzureNames_andDifferEachTime() {
        String a = LiveAzureFixture.uniqueAccountName("contoso-Data.with.a.long.name");
        String b = LiveAzureFixture.uniqueAccountName("contoso-Data.with.a.long.name");
        assertThat(a).matches("[a-z0-9]{3,24}").startsWith("cmkcontosodata").isNotEqualTo(b);
        String k = LiveAzureFixture.uniqueKeyName("storage_cmk");
        assertThat(k).matches("cmklive-storagecmk-[0-9a-f]{8}")
                .isNotEqualTo(LiveAzureFixture.uniqueKeyName("storage_cmk"));
    }
}
