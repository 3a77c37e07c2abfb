package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import dev.cmk.api.ApplyFailedException;
import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.azure.AzureCustomerManagedKeys;
import dev.cmk.azure.PacingSettings;
import dev.cmk.azure.RetrySettings;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The wire forms public recordings and client code show Azure really uses (azure-facts.md, "Facts confirmed or
 * refuted since the adapter was built"), each through the real SDK against {@link WireFake} or a stub.
 */
class WireFormsTest {
    private static final String UAI = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
            + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cmk-identity";
    private static final String FEDERATED = "f0f0f0f0-1111-2222-3333-444444444444";

    /** Records every request, then lets the fake answer it. */
    static final class Recorder implements HttpClient {
        final List<String[]> requests = new ArrayList<>();
        private final WireFake fake;

        Recorder(WireFake fake) {
            this.fake = fake;
        }

        @Override
        public Mono<HttpResponse> send(HttpRequest request) {
            return Mono.fromCallable(() -> sendSync(request, Context.NONE));
        }

        @Override
        public HttpResponse sendSync(HttpRequest request, Context context) {
            BinaryData b = request.getBodyAsBinaryData();
            requests.add(new String[] {request.getHttpMethod().name(), request.getUrl().toString(),
                b == null ? null : b.toString()});
            return fake.sendSync(request, context);
        }

        Map<String, Object> lastEncryptionPatch() {
            for (int i = requests.size() - 1; i >= 0; i--) {
                String[] r = requests.get(i);
                if (r[0].equals("PATCH") && r[2] != null && r[2].contains("\"encryption\"")) {
                    return Json.obj(Json.parseObject(r[2]), "properties", "encryption");
                }
            }
            throw new AssertionError("no encryption PATCH");
        }
    }

    private static final class World {
        final InMemoryAzure azure = InMemoryAzure.create();
        final WireFake fake = WireFake.over(azure);
        final Recorder recorder = new Recorder(fake);
        final KeyReference key = azure.key(azure.vault("contoso").create(), "storage-cmk").create().versionless();
        final StorageAccountId account = azure.account("contosodata").systemAssignedIdentity()
                .userAssignedIdentity(UAI).create();
        final CustomerManagedKeys cmk = fake.adapter().httpClient(recorder).build();
    }

    @Test
    void switchingToTheSystemAssignedIdentity_sendsAnEmptyUserAssignedIdentity_andAzureSwitches() {
        World w = new World();
        w.cmk.storageAccount(w.account).useCustomerManagedKey(w.key).identity(ManagedIdentity.userAssigned(UAI))
                .grantKeyAccess().apply();
        assertThat(w.azure.peek(w.account).encryption().userAssignedIdentity()).isPresent();

        w.cmk.storageAccount(w.account).useCustomerManagedKey(w.key).identity(ManagedIdentity.systemAssigned())
                .grantKeyAccess().apply();

        Map<String, Object> identity = Json.obj(w.recorder.lastEncryptionPatch(), "identity");
        assertThat(identity).containsEntry("userAssignedIdentity", "");
        assertThat(w.azure.peek(w.account).encryption().userAssignedIdentity()).isEmpty();
    }

    @Test
    void emptyIdentityObject_clearsNothing_inTheFake() {
        // what azure-json makes of a null userAssignedIdentity: "identity": {}; a PATCH merges, so nothing changes
        World w = new World();
        w.cmk.storageAccount(w.account).useCustomerManagedKey(w.key).identity(ManagedIdentity.userAssigned(UAI))
                .grantKeyAccess().apply();
        String body = "{\"properties\":{\"encryption\":{\"keySource\":\"Microsoft.Keyvault\",\"keyvaultproperties\":"
                + "{\"keyname\":\"storage-cmk\",\"keyvaulturi\":\"https://contoso.vault.azure.net\",\"keyversion\":"
                + "\"\"},\"identity\":{}}}}";
        assertThat(rawArm(w.fake, HttpMethod.PATCH, w.account, body).getStatusCode()).isEqualTo(200);
        assertThat(w.azure.peek(w.account).encryption().userAssignedIdentity()).isPresent();
    }

    @Test
    void leavingCrossTenant_sendsAnEmptyFederatedClientId_andAzureThatClearsIt_verifies() {
        World w = new World();
        w.cmk.storageAccount(w.account).useCustomerManagedKey(w.key).identity(ManagedIdentity.userAssigned(UAI)
                .withFederatedClientId(FEDERATED).keyAccessPrincipal(w.azure.registerMultiTenantApp(FEDERATED)))
                .grantKeyAccess().apply();
        assertThat(w.azure.peek(w.account).encryption().federatedClientId()).contains(FEDERATED);

        w.cmk.storageAccount(w.account).useCustomerManagedKey(w.key).identity(ManagedIdentity.userAssigned(UAI))
                .grantKeyAccess().apply(); // same tenant again: now the identity itself must hold access

        assertThat(Json.obj(w.recorder.lastEncryptionPatch(), "identity"))
                .containsEntry("federatedIdentityClientId", "").containsEntry("userAssignedIdentity", UAI);
        assertThat(w.azure.peek(w.account).encryption().federatedClientId()).isEmpty();
    }

    @Test
    void leavingCrossTenant_whenAzureKeepsTheFederatedClientId_failsVerification_namingTheManualFix() {
        World w = new World();
        w.fake.clearsFederatedClientId(false);
        w.cmk.storageAccount(w.account).useCustomerManagedKey(w.key).identity(ManagedIdentity.userAssigned(UAI)
                .withFederatedClientId(FEDERATED).keyAccessPrincipal(w.azure.registerMultiTenantApp(FEDERATED)))
                .grantKeyAccess().apply();

        assertThatThrownBy(() -> w.cmk.storageAccount(w.account).useCustomerManagedKey(w.key)
                .identity(ManagedIdentity.userAssigned(UAI)).grantKeyAccess().apply())
                .isInstanceOfSatisfying(ApplyFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION_FAILED);
                    assertThat(e.getMessage()).contains("kept the federated client id " + FEDERATED)
                            .contains("manual fix").contains("Encryption page");
                });
        assertThat(w.azure.peek(w.account).encryption().federatedClientId()).contains(FEDERATED);
    }

    @Test
    void sameUserIdentity_notCrossTenant_sendsNoFederatedField() {
        World w = new World();
        w.cmk.storageAccount(w.account).useCustomerManagedKey(w.key).identity(ManagedIdentity.userAssigned(UAI))
                .grantKeyAccess().apply();
        assertThat(Json.obj(w.recorder.lastEncryptionPatch(), "identity"))
                .doesNotContainKey("federatedIdentityClientId");
    }

    // ------------------------------------------------------------------ 429 with retry-after: 0

    private static List<Duration> throttledThenOk(String retryAfter, int throttles) {
        List<Duration> sleeps = new ArrayList<>();
        int[] n = {0};
        StubHttp http = new StubHttp(r -> {
            if (n[0]++ < throttles) {
                HttpHeaders h = new HttpHeaders();
                if (retryAfter != null) {
                    h.set(HttpHeaderName.RETRY_AFTER, retryAfter);
                }
                return new StubHttp.Answer(429, "{\"error\":{\"code\":\"Throttled\",\"message\":\"Request was not "
                        + "processed because too many requests were received. Reason: "
                        + "VaultRequestTypeLimitReached\"}}", h);
            }
            return StubHttp.Answer.ok(WireConformanceTest.response(WireConformanceTest.example("GetKey-example")));
        });
        AzureCustomerManagedKeys.builder().credential(WireFake.credential())
                .profile(WireFake.profile(AzureEnvironment.AZURE)).httpClient(http)
                .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).sleeper(sleeps::add)
                .retry(RetrySettings.defaults()).pacing(PacingSettings.unlimited()).buildProviders().keyVaults()
                .getKey(KeyReference.parse("https://myvault.vault.azure.net/keys/CreateSoftKeyTest"));
        assertThat(http.requests).hasSize(throttles + 1);
        return sleeps;
    }

    @Test
    void keyVault429WithRetryAfterZero_backsOffExponentially_fromAtLeastOneSecond_jittered() {
        List<Duration> sleeps = throttledThenOk("0", 3);
        assertThat(sleeps).hasSize(3);
        Duration base = RetrySettings.defaults().initialBackoff();
        for (int i = 0; i < 3; i++) {
            Duration floor = base.multipliedBy(1L << i);
            assertThat(sleeps.get(i)).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isGreaterThanOrEqualTo(floor)
                    .isLessThan(floor.multipliedBy(3).dividedBy(2));
        }
    }

    @Test
    void keyVault429WithoutRetryAfter_backsOffTheSameWay() {
        List<Duration> sleeps = throttledThenOk(null, 2);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(sleeps.get(1)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void keyVault429WithRetryAfterZero_givesUpWithinTheBudget() {
        List<Duration> sleeps = new ArrayList<>();
        StubHttp http = new StubHttp(r -> new StubHttp.Answer(429, "{\"error\":{\"code\":\"Throttled\","
                + "\"message\":\"slow down\"}}", new HttpHeaders().set(HttpHeaderName.RETRY_AFTER, "0")));
        RetrySettings retry = RetrySettings.defaults();
        assertThatThrownBy(() -> AzureCustomerManagedKeys.builder().credential(WireFake.credential())
                .profile(WireFake.profile(AzureEnvironment.AZURE)).httpClient(http)
                .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).sleeper(sleeps::add)
                .retry(retry).pacing(PacingSettings.unlimited()).buildProviders().keyVaults()
                .getKey(KeyReference.parse("https://myvault.vault.azure.net/keys/k")))
                .isInstanceOfSatisfying(CmkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.THROTTLED));
        assertThat(http.requests).hasSize(retry.maxAttempts());
        assertThat(sleeps).hasSize(retry.maxAttempts() - 1).allSatisfy(d -> assertThat(d)
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThanOrEqualTo(retry.maxBackoff()));
    }

    @Test
    void throttledBackoff_isAtLeastOneSecond_evenWithAShorterConfiguredBackoff_andJitterStretchesIt() {
        RetrySettings quick = new RetrySettings(5, Duration.ofMillis(100), Duration.ofSeconds(30),
                Duration.ofMinutes(1), Duration.ZERO);
        assertThat(quick.throttledBackoff(1, 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(quick.throttledBackoff(2, 0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(quick.throttledBackoff(1, 0.5)).isEqualTo(Duration.ofMillis(1250));
        assertThat(quick.throttledBackoff(10, 0.9)).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> quick.throttledBackoff(1, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ ARM read forms

    @Test
    void noExpiryMarker1970_isReadAsNoExpiry() {
        Map<String, Object> ex = WireConformanceTest.example("StorageAccountGetPropertiesCMKEnabled");
        String body = WireConformanceTest.response(ex).replace("\"lastKeyRotationTimestamp\"",
                "\"currentVersionedKeyExpirationTimestamp\":\"1970-01-01T00:00:00Z\",\"lastKeyRotationTimestamp\"");
        assertThat(body).contains("1970-01-01T00:00:00Z");
        StubHttp http = new StubHttp(r -> StubHttp.Answer.ok(body));
        var a = WireConformanceTest.adapter(http).storageAccounts().get(WireConformanceTest.accountOf(
                WireConformanceTest.params(ex)));
        assertThat(a.encryption().currentVersionedKey()).isPresent();
        assertThat(a.encryption().currentVersionExpiry()).isEmpty();
    }

    @Test
    void wireFake_rendersNoExpiryAs1970_andCmkReportsNoExpiry() {
        World w = new World();
        w.cmk.storageAccount(w.account).useCustomerManagedKey(w.key).grantKeyAccess().apply();
        HttpResponse r = rawArm(w.fake, HttpMethod.GET, w.account, null);
        assertThat(r.getBodyAsBinaryData().toString()).contains("\"currentVersionedKeyExpirationTimestamp\":"
                + "\"1970-01-01T00:00:00Z\"");
        assertThat(w.fake.providers().storageAccounts().get(w.account).encryption().currentVersionExpiry()).isEmpty();
        assertThat(w.cmk.storageAccount(w.account).status().toString()).doesNotContain("1970");
    }

    @Test
    void keyVaultUriWithPortAndSlash_roundTrips_andTheSameKeyIsANoOp() {
        World w = new World();
        w.azure.grantAccess(w.key, w.azure.systemPrincipal(w.account));
        String sent = "https://contoso.vault.azure.net:443/";
        String body = "{\"properties\":{\"encryption\":{\"keySource\":\"Microsoft.Keyvault\",\"keyvaultproperties\":"
                + "{\"keyname\":\"storage-cmk\",\"keyvaulturi\":\"" + sent + "\",\"keyversion\":\"\"},"
                + "\"identity\":{\"userAssignedIdentity\":\"\"}}}}";
        assertThat(rawArm(w.fake, HttpMethod.PATCH, w.account, body).getStatusCode()).isEqualTo(200);
        assertThat(rawArm(w.fake, HttpMethod.GET, w.account, null).getBodyAsBinaryData().toString())
                .contains("\"keyvaulturi\":\"" + sent + "\"");

        var status = w.cmk.storageAccount(w.account).status();
        assertThat(status.toString()).contains("storage-cmk");
        var plan = w.cmk.storageAccount(w.account).useCustomerManagedKey(w.key).plan();
        assertThat(plan.isNoOp()).as(plan.toString()).isTrue();
        assertThat(w.azure.peek(w.account).encryption().key()).contains(w.key);
    }

    @Test
    void unattachedUserIdentity_isRefusedWithStoragesCode_asAMissingPrerequisite() {
        World w = new World();
        String other = UAI.replace("cmk-identity", "not-attached");
        w.azure.createUserAssignedIdentity(other);
        assertThatThrownBy(() -> w.fake.providers().storageAccounts().updateEncryption(w.account,
                EncryptionUpdate.customerManaged(w.key, VersionPolicy.autoUpdate(),
                        ManagedIdentity.userAssigned(other))))
                .isInstanceOfSatisfying(CmkException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.azureErrorCode()).contains("InvalidValuesForRequestParameters");
                    assertThat(e.code()).isEqualTo(ErrorCode.MISSING_PREREQUISITE);
                    assertThat(e.getMessage()).contains("properties.encryption.identity");
                });
    }

    @Test
    void invalidValuesForOtherParameters_staysAPlainAzureError() {
        StubHttp http = new StubHttp(r -> StubHttp.Answer.error(400, "InvalidValuesForRequestParameters",
                "Values for request parameters are invalid: properties.minimumTlsVersion."));
        Map<String, Object> ex = WireConformanceTest.example("StorageAccountEnableCMK");
        assertThatThrownBy(() -> WireConformanceTest.adapter(http).storageAccounts().get(
                WireConformanceTest.accountOf(WireConformanceTest.params(ex))))
                .isInstanceOfSatisfying(CmkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AZURE_ERROR));
    }

    // ------------------------------------------------------------------ Key Vault challenge

    @Test
    void keyVaultChallengeFromLoginWindowsNet_isAccepted() {
        InMemoryAzure azure = InMemoryAzure.create();
        // a vault host no other test uses: the SDK caches the challenge per host for the whole JVM
        URI vault = azure.vault("windowsnetchallenge").create();
        KeyReference v1 = azure.key(vault, "storage-cmk").create();
        WireFake fake = WireFake.over(azure).challengeLoginHost("login.windows.net");

        var props = fake.providers().keyVaults().getKey(v1);

        assertThat(props.id()).isEqualTo(v1);
        assertThat(fake.requests().count(RequestCounts.CHALLENGE)).isEqualTo(1);
    }

    private static HttpResponse rawArm(WireFake fake, HttpMethod method, StorageAccountId id, String body) {
        HttpRequest r = new HttpRequest(method, "https://management.azure.com" + id.resourceId()
                + "?api-version=2025-06-01");
        r.setHeader(HttpHeaderName.AUTHORIZATION, "Bearer other-client");
        r.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
        if (body != null) {
            r.setBody(body);
        }
        return fake.sendSync(r, Context.NONE);
    }
}
