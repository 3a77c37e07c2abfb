package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import dev.cmk.testkit.InMemoryAzure;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire fake reads a vault's ARM id from the request path with {@code AzureResourceId}. */
class VaultArmRoutingTest {
    private static final String VAULTS = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION + "/resourceGroups/"
            + WireFake.DEFAULT_VAULT_RESOURCE_GROUP + "/providers/Microsoft.KeyVault/vaults/";
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final WireFake fake = WireFake.over(azure);

    VaultArmRoutingTest() {
        azure.vault("contoso").create();
    }

    private HttpResponse get(String path) {
        HttpRequest request = new HttpRequest(HttpMethod.GET, "https://management.azure.com" + path
                + "?api-version=2023-07-01");
        request.getHeaders().set(HttpHeaderName.AUTHORIZATION, "Bearer test");
        return fake.sendSync(request, Context.NONE);
    }

    @Test
    void aVaultId_isServedWithItsNameAndId_caseInsensitively() {
        HttpResponse r = get(VAULTS.replace("resourceGroups", "resourcegroups") + "contoso");
        assertThat(r.getStatusCode()).isEqualTo(200);
        Map<String, Object> body = Json.parseObject(r.getBodyAsString().block());
        assertThat(body).containsEntry("name", "contoso").containsEntry("type", "Microsoft.KeyVault/vaults");
        assertThat((String) body.get("id")).isEqualToIgnoringCase(VAULTS + "contoso");
        assertThat(fake.requests().snapshot()).containsEntry("GET vault", 1L);
    }

    @Test
    void aPathThatIsNoArmId_orAnotherResourceGroup_isNotFound() {
        HttpResponse badSubscription = get(VAULTS.replace(InMemoryAzure.DEFAULT_SUBSCRIPTION, "not-a-guid")
                + "contoso");
        assertThat(badSubscription.getStatusCode()).isEqualTo(404);
        assertThat(fake.requests().snapshot()).containsEntry("GET keyvault-arm(unknown)", 1L)
                .doesNotContainKey("GET vault");

        HttpResponse otherGroup = get(VAULTS.replace(WireFake.DEFAULT_VAULT_RESOURCE_GROUP, "rg-other")
                + "contoso");
        assertThat(otherGroup.getStatusCode()).isEqualTo(404);
        assertThat(otherGroup.getBodyAsString().block()).contains("ResourceNotFound").contains("rg-other");

        HttpResponse unknownType = get(VAULTS.replace("/vaults/", "/deletedVaults/") + "contoso");
        assertThat(unknownType.getStatusCode()).isEqualTo(404);
    }
}
