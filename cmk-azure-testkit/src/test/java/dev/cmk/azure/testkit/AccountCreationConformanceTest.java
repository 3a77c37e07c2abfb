package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.management.AzureEnvironment;
import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountCreation;
import dev.cmk.api.spi.AccountKind;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.azure.AzureCustomerManagedKeys;
import dev.cmk.azure.PacingSettings;
import dev.cmk.azure.RetrySettings;
import dev.cmk.testkit.VirtualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The creation PUT checked against Azure's own REST example ({@code StorageAccountCreateUserAssignedEncryptionIdentity
 * WithCMK}), with the long-running answers ARM gives, through the real SDK and a stub HTTP client.
 */
class AccountCreationConformanceTest {
    private static final String LOCATION = "https://management.azure.com/subscriptions/"
            + "00000000-0000-0000-0000-000000000000/providers/Microsoft.Storage/locations/eastus/asyncoperations/"
            + "6c8e4a2b?monitor=true&api-version=2023-05-01";
    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));

    private dev.cmk.api.spi.StorageAccountProvider adapter(StubHttp http) {
        return AzureCustomerManagedKeys.builder().credential(WireFake.credential())
                .profile(WireFake.profile(AzureEnvironment.AZURE)).httpClient(http).retry(RetrySettings.none())
                .pacing(PacingSettings.unlimited()).clock(clock).sleeper(clock::advance).buildProviders()
                .storageAccounts();
    }

    private static StubHttp.Answer accepted(int retryAfter) {
        HttpHeaders h = new HttpHeaders().set(HttpHeaderName.LOCATION, LOCATION)
                .set(HttpHeaderName.RETRY_AFTER, Integer.toString(retryAfter));
        return new StubHttp.Answer(202, null, h);
    }

    /** The example's request as a domain creation. */
    private static AccountCreation creationOf(Map<String, Object> p) {
        Map<String, Object> body = Json.obj(p, "parameters");
        Map<String, Object> kv = Json.obj(body, "properties", "encryption", "keyvaultproperties");
        String identity = Json.str(Json.obj(body, "properties", "encryption", "identity"), "userAssignedIdentity");
        return new AccountCreation(Json.str(body, "location"), AccountKind.fromWireName(Json.str(body, "kind")),
                Json.str(Json.obj(body, "sku"), "name"), Map.of(), KeyReference.of(URI.create(Json.str(kv,
                "keyvaulturi")), Json.str(kv, "keyname")), VersionPolicy.autoUpdate(),
                ManagedIdentity.userAssigned(identity), false, false);
    }

    @Test
    void putCarriesTheExampleRequest_pollsTheLocationAfterRetryAfter_andReadsTheResult() {
        Map<String, Object> ex = WireConformanceTest.example("StorageAccountCreateUserAssignedEncryptionIdentityWithCMK");
        Map<String, Object> p = WireConformanceTest.params(ex);
        int[] polls = {0};
        StubHttp http = new StubHttp(r -> r.method().equals("PUT") ? accepted(3)
                : ++polls[0] < 2 ? accepted(11) : StubHttp.Answer.ok(WireConformanceTest.response(ex)));

        StorageAccount a = adapter(http).create(WireConformanceTest.accountOf(p), creationOf(p));

        assertThat(http.requests).extracting(StubHttp.Recorded::method).containsExactly("PUT", "GET", "GET");
        assertThat(http.requests.get(0).url()).contains("/resourceGroups/res9101/providers/Microsoft.Storage/"
                + "storageAccounts/sto4445?api-version=");
        assertThat(http.requests.get(1).url()).isEqualTo(LOCATION);
        WireConformanceTest.assertCarries(Json.obj(p, "parameters"), http.requests.get(0).body());
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:14Z"));
        assertThat(a.encryption().currentVersionedKey()).map(KeyReference::version)
                .contains(java.util.Optional.of("0682afdd9c104f4285df20107e956cad"));
        assertThat(a.identity().userAssigned().values()).extracting(u -> u.principalId())
                .containsExactly("8d823284-1060-42a5-9ec4-ed3d831e24d7");
    }

    @Test
    void operationThatFails_isReportedWithAzuresCode() {
        Map<String, Object> ex = WireConformanceTest.example("StorageAccountCreateUserAssignedEncryptionIdentityWithCMK");
        Map<String, Object> p = WireConformanceTest.params(ex);
        StubHttp http = new StubHttp(r -> r.method().equals("PUT") ? accepted(5) : StubHttp.Answer.error(400,
                "KeyVaultAuthenticationFailure", "The operation failed because of authentication issue on the "
                        + "keyvault."));
        assertThatThrownBy(() -> adapter(http).create(WireConformanceTest.accountOf(p), creationOf(p)))
                .isInstanceOfSatisfying(CmkException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
                    assertThat(e.azureErrorCode()).contains("KeyVaultAuthenticationFailure");
                });
        assertThat(Duration.between(Instant.parse("2026-01-01T00:00:00Z"), clock.instant()))
                .isEqualTo(Duration.ofSeconds(5));
    }
}
