package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Azure's throttling limits enforced by the wire fake on the virtual clock, seen on the wire. */
class WireLimitsTest {
    private static final String API = "?api-version=2023-05-01";
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final URI vault = azure.vault("contoso").create();
    private final KeyReference key = azure.key(vault, "k").create();
    private final StorageAccountId west = azure.account("west").create();
    private final StorageAccountId north = azure.account("north").location("northeurope").create();
    private final WireLimits limits = WireLimits.azure();
    private final WireFake fake = WireFake.over(azure).enforceLimits(limits);

    private HttpResponse send(HttpMethod method, String url, String body) {
        HttpRequest r = new HttpRequest(method, url);
        r.setHeader(HttpHeaderName.AUTHORIZATION, "Bearer t");
        r.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
        if (body != null) {
            r.setBody(body);
        }
        return fake.sendSync(r, Context.NONE);
    }

    private static String arm(StorageAccountId id) {
        return "https://management.azure.com" + id.resourceId() + API;
    }

    private HttpResponse patchTags(StorageAccountId id) {
        return send(HttpMethod.PATCH, arm(id), "{\"tags\":{\"a\":\"b\"}}");
    }

    @Test
    void storageReads_overTheWindow_get429TooManyRequestsWithRetryAfter30_andReachNothing() {
        WireFake small = WireFake.over(azure).enforceLimits(WireLimits.azure().withStorageReads(3,
                Duration.ofMinutes(5)));
        HttpRequest get = new HttpRequest(HttpMethod.GET, arm(west));
        get.setHeader(HttpHeaderName.AUTHORIZATION, "Bearer t");
        for (int i = 0; i < 3; i++) {
            assertThat(small.sendSync(get, Context.NONE).getStatusCode()).isEqualTo(200);
        }
        long served = azure.calls().count("storage.get");
        HttpResponse refused = small.sendSync(get, Context.NONE);
        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(refused.getHeaderValue(HttpHeaderName.RETRY_AFTER)).isEqualTo("30");
        assertThat(refused.getBodyAsString().block()).contains("\"code\":\"TooManyRequests\"");
        assertThat(azure.calls().count("storage.get")).isEqualTo(served);
        assertThat(small.requests().count(RequestCounts.THROTTLED)).isEqualTo(1);
        // another region has its own window; the window slides
        HttpRequest other = new HttpRequest(HttpMethod.GET, arm(north));
        other.setHeader(HttpHeaderName.AUTHORIZATION, "Bearer t");
        assertThat(small.sendSync(other, Context.NONE).getStatusCode()).isEqualTo(200);
        azure.clock().advance(Duration.ofMinutes(5));
        assertThat(small.sendSync(get, Context.NONE).getStatusCode()).isEqualTo(200);
    }

    @Test
    void storageWrites_tenPerSecondPerSubscriptionRegion() {
        for (int i = 0; i < 10; i++) {
            assertThat(patchTags(west).getStatusCode()).isEqualTo(200);
        }
        assertThat(patchTags(west).getStatusCode()).isEqualTo(429);
        assertThat(patchTags(north).getStatusCode()).isEqualTo(200);
        azure.clock().advance(Duration.ofSeconds(1));
        assertThat(patchTags(west).getStatusCode()).isEqualTo(200);
        assertThat(limits.throttledByKind()).containsEntry("storage-write", 1L).hasSize(1);
    }

    @Test
    void storageWrites_1200PerHour() {
        for (int i = 0; i < 1200; i++) {
            assertThat(patchTags(west).getStatusCode()).as("write %d", i).isEqualTo(200);
            azure.clock().advance(Duration.ofMillis(100));
        }
        assertThat(patchTags(west).getStatusCode()).isEqualTo(429);
        azure.clock().advance(Duration.ofHours(1).minus(Duration.ofSeconds(120)));
        assertThat(patchTags(west).getStatusCode()).isEqualTo(200);
    }

    @Test
    void lists_100PerFiveMinutesPerSubscription_everyPageCounts() {
        String list = "https://management.azure.com/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
                + "/providers/Microsoft.Storage/storageAccounts" + API;
        for (int i = 0; i < 100; i++) {
            assertThat(send(HttpMethod.GET, list, null).getStatusCode()).isEqualTo(200);
        }
        assertThat(send(HttpMethod.GET, list, null).getStatusCode()).isEqualTo(429);
        assertThat(limits.throttledByKind()).containsOnlyKeys("storage-list");
    }

    @Test
    void keyVault_perVault_getsThrottledWithRetryAfterZero_andCreatesHaveTheirOwnLimit() {
        WireFake small = WireFake.over(azure).enforceLimits(WireLimits.azure().withVault(5, 2, Duration.ofSeconds(10)));
        String create = vault + "/keys/k/create?api-version=7.4";
        HttpRequest post = new HttpRequest(HttpMethod.POST, create);
        post.setHeader(HttpHeaderName.AUTHORIZATION, "Bearer t");
        post.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
        post.setBody("{\"kty\":\"RSA\",\"key_size\":2048,\"key_ops\":[\"wrapKey\",\"unwrapKey\"]}");
        assertThat(small.sendSync(post, Context.NONE).getStatusCode()).isEqualTo(200);
        assertThat(small.sendSync(post, Context.NONE).getStatusCode()).isEqualTo(200);
        HttpResponse refused = small.sendSync(post, Context.NONE);
        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(refused.getHeaderValue(HttpHeaderName.RETRY_AFTER)).isEqualTo("0");
        assertThat(refused.getBodyAsString().block()).contains("\"code\":\"Throttled\"")
                .contains("VaultRequestTypeLimitReached");
        assertThat(azure.inspect().versions(key)).hasSize(3);
        HttpRequest get = new HttpRequest(HttpMethod.GET, vault + "/keys/k?api-version=7.4");
        get.setHeader(HttpHeaderName.AUTHORIZATION, "Bearer t");
        assertThat(small.sendSync(get, Context.NONE).getStatusCode()).isEqualTo(200);
        assertThat(small.sendSync(get, Context.NONE).getStatusCode()).isEqualTo(200);
        assertThat(small.sendSync(get, Context.NONE).getStatusCode()).isEqualTo(200);
        assertThat(small.sendSync(get, Context.NONE).getStatusCode()).isEqualTo(429);
        azure.clock().advance(Duration.ofSeconds(10));
        assertThat(small.sendSync(post, Context.NONE).getStatusCode()).isEqualTo(200);
    }

    @Test
    void armTokenBucket_perSubscription_readsBurst250ThenRefill25PerSecond() {
        // vault ARM reads are not Storage reads: only the ARM bucket applies
        String vaultArm = "https://management.azure.com/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
                + "/resourceGroups/rg-keyvault/providers/Microsoft.KeyVault/vaults/contoso?api-version=2023-07-01";
        for (int i = 0; i < 250; i++) {
            assertThat(send(HttpMethod.GET, vaultArm, null).getStatusCode()).isEqualTo(200);
        }
        HttpResponse refused = send(HttpMethod.GET, vaultArm, null);
        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(refused.getBodyAsString().block()).contains("SubscriptionRequestsThrottled");
        assertThat(refused.getHeaderValue(HttpHeaderName.RETRY_AFTER)).isEqualTo("1");
        azure.clock().advance(Duration.ofSeconds(1));
        for (int i = 0; i < 25; i++) {
            assertThat(send(HttpMethod.GET, vaultArm, null).getStatusCode()).isEqualTo(200);
        }
        assertThat(send(HttpMethod.GET, vaultArm, null).getStatusCode()).isEqualTo(429);
        assertThat(limits.throttled()).isEqualTo(2);
        assertThat(limits.throttledByKind()).containsOnlyKeys("arm-read");
    }

    @Test
    void limitsAreOffByDefault() {
        WireFake plain = WireFake.over(azure);
        for (int i = 0; i < 30; i++) {
            HttpRequest r = new HttpRequest(HttpMethod.PATCH, arm(west));
            r.setHeader(HttpHeaderName.AUTHORIZATION, "Bearer t");
            r.setBody("{\"tags\":{}}");
            assertThat(plain.sendSync(r, Context.NONE).getStatusCode()).isEqualTo(200);
        }
        assertThat(plain.requests().count(RequestCounts.THROTTLED)).isZero();
    }
}
