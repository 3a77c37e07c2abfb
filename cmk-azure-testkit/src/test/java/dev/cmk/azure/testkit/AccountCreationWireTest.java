package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.fluent.StorageAccountsClient;
import com.azure.resourcemanager.storage.models.Encryption;
import com.azure.resourcemanager.storage.models.EncryptionIdentity;
import com.azure.resourcemanager.storage.models.Identity;
import com.azure.resourcemanager.storage.models.IdentityType;
import com.azure.resourcemanager.storage.models.KeyVaultProperties;
import com.azure.resourcemanager.storage.models.Kind;
import com.azure.resourcemanager.storage.models.Sku;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.resourcemanager.storage.models.StorageAccountCreateParameters;
import com.azure.resourcemanager.storage.models.UserAssignedIdentity;
import dev.cmk.api.CmkException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.ServiceKeyType;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.StorageService;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.ViolationCode;
import dev.cmk.api.spi.AccountCreation;
import dev.cmk.api.spi.AccountKind;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.core.AccountCreationPlan;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import dev.cmk.testkit.VirtualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Creating an account with a customer-managed key through the real SDK clients: the PUT's body, the long-running
 * operation polled as ARM asks (202, {@code Location}, {@code Retry-After}) on the virtual clock, the verifying
 * read, and the refusals Azure gives at creation.
 */
class AccountCreationWireTest {
    static final String UAI = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
            + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cmk-identity";
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final URI vault = azure.vault("contoso").create();
    private final KeyReference key = azure.key(vault, "storage-cmk").create().versionless();
    private final StorageAccountId id = StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-new", "newdata");
    private final String principal = azure.createUserAssignedIdentity(UAI);

    /** Records every request (method and path) on its way to the wire fake. */
    static final class Recorder implements HttpClient {
        final List<String> requests = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();
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
            HttpResponse r = fake.sendSync(request, context);
            if (r.getStatusCode() != 401) {
                String path = request.getUrl().getPath();
                requests.add(request.getHttpMethod() + " " + path.substring(path.lastIndexOf('/') + 1) + " "
                        + r.getStatusCode() + (r.getHeaderValue(HttpHeaderName.RETRY_AFTER) == null ? ""
                        : " retry-after=" + r.getHeaderValue(HttpHeaderName.RETRY_AFTER)));
                var b = request.getBodyAsBinaryData();
                bodies.add(b == null ? null : b.toString());
            }
            return r;
        }
    }

    @Test
    void create_throughTheSdk_putsOnce_pollsAsArmAsks_andVerifiesByARead() {
        WireFake fake = WireFake.over(azure).creationPolling(2, Duration.ofSeconds(7));
        Recorder http = new Recorder(fake);
        CustomerManagedKeys cmk = fake.adapter().httpClient(http).build();
        VirtualClock clock = azure.clock();

        AccountCreationPlan plan = cmk.newStorageAccount(id).location("westeurope")
                .identity(ManagedIdentity.userAssigned(UAI)).useCustomerManagedKey(key)
                .accountScopedKeysForQueuesAndTables().infrastructureEncryption().grantKeyAccess()
                .tags(Map.of("env", "test")).sku("Standard_GRS").plan();
        assertThat(plan.isApplicable()).as(plan.toString()).isTrue();
        assertThat(http.requests).noneMatch(r -> r.startsWith("PUT") || r.startsWith("PATCH"));
        http.requests.clear();
        http.bodies.clear();
        Instant before = clock.instant();

        plan.apply();

        assertThat(http.requests).containsExactly(
                "PUT " + roleAssignmentName(http) + " 201",
                "PUT newdata 202 retry-after=7",
                "GET op-1 202 retry-after=7",
                "GET op-1 202 retry-after=7",
                "GET op-1 200",
                "GET newdata 200");
        assertThat(Duration.between(before, clock.instant())).as("three waits of Retry-After on the virtual clock")
                .isEqualTo(Duration.ofSeconds(21));
        String put = http.bodies.get(1);
        assertThat(put).contains("\"keySource\":\"Microsoft.Keyvault\"", "\"keyversion\":\"\"",
                "\"userAssignedIdentity\":\"" + UAI + "\"", "\"type\":\"UserAssigned\"",
                "\"requireInfrastructureEncryption\":true", "\"name\":\"Standard_GRS\"", "\"env\":\"test\"");
        assertThat(Json.obj(Json.parseObject(put), "properties", "encryption", "services", "queue"))
                .containsEntry("keyType", "Account");
        StorageAccount a = azure.peek(id);
        assertThat(a.encryption().currentVersionedKey()).isPresent();
        assertThat(a.encryption().serviceKeyTypes()).containsEntry(StorageService.TABLE, ServiceKeyType.ACCOUNT);
        assertThat(a.encryption().infrastructureEncryption()).isTrue();
        assertThat(azure.keyAccess().permissions(key, principal)).hasSize(3);
    }

    private static String roleAssignmentName(Recorder http) {
        return http.requests.get(0).split(" ")[1];
    }

    @Test
    void requestCount_ofACreate_andOfItsReRun() {
        WireFake fake = WireFake.over(azure);
        CustomerManagedKeys cmk = fake.adapter().build();
        fake.requests().reset();
        cmk.newStorageAccount(id).location("westeurope").identity(ManagedIdentity.userAssigned(UAI))
                .useCustomerManagedKey(key).grantKeyAccess().apply();
        Map<String, Long> create = fake.requests().snapshot();
        create.remove(RequestCounts.CHALLENGE);
        long total = create.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%-58s %2d requests  %s%n", "create with CMK, granting via RBAC (plan+apply)", total, create);
        // plan: GET account (404), GET identity, GET key, Resources lookup, GET vault, list role assignments;
        // apply: PUT role assignment, PUT account (202), GET operation (202), GET operation (200), GET account
        assertThat(total).isEqualTo(11);
        assertThat(create).containsEntry("PUT storageAccount", 1L).containsEntry("GET storageOperation", 2L)
                .containsEntry("GET userAssignedIdentity", 1L);

        fake.requests().reset();
        AccountCreationPlan again = cmk.newStorageAccount(id).location("westeurope")
                .identity(ManagedIdentity.userAssigned(UAI)).useCustomerManagedKey(key).grantKeyAccess().plan();
        again.apply();
        Map<String, Long> rerun = fake.requests().snapshot();
        rerun.remove(RequestCounts.CHALLENGE);
        System.out.printf("%-58s %2d requests  %s%n", "the same create again (in place)", rerun.values().stream()
                .mapToLong(Long::longValue).sum(), rerun);
        assertThat(again.isNoOp()).as(again.toString()).isTrue();
        assertThat(rerun).doesNotContainKeys("PUT storageAccount", "PATCH storageAccount", "PUT roleAssignment");
        assertThat(rerun).as("the account is read once, for the comparison and the configuration plan")
                .containsEntry("GET storageAccount", 1L);
    }

    @Test
    void systemAssignedIdentityWithCmk_atCreation_isRefusedByTheFake_asAzureDoes() {
        StorageAccountsClient client = sdk(WireFake.over(azure));
        StorageAccountCreateParameters p = params(new Identity().withType(IdentityType.SYSTEM_ASSIGNED),
                new EncryptionIdentity());
        assertThatThrownBy(() -> client.beginCreate("rg-new", "newdata", p))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getCode()).isEqualTo("InvalidValuesForRequestParameters");
                    assertThat(e.getValue().getMessage()).contains("properties.encryption.identity",
                            "system assigned identity does not exist before the account");
                });
        assertThat(azure.accountIds()).doesNotContain(id);
    }

    @Test
    void userAssignedIdentityNotAttached_isRefused_InvalidValuesForRequestParameters() {
        StorageAccountsClient client = sdk(WireFake.over(azure));
        String other = UAI.replace("cmk-identity", "other-identity");
        azure.createUserAssignedIdentity(other);
        StorageAccountCreateParameters p = params(new Identity().withType(IdentityType.USER_ASSIGNED)
                .withUserAssignedIdentities(Map.of(other, new UserAssignedIdentity())),
                new EncryptionIdentity().withEncryptionUserAssignedIdentity(UAI));
        assertThatThrownBy(() -> client.beginCreate("rg-new", "newdata", p))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getValue().getCode()).isEqualTo("InvalidValuesForRequestParameters");
                    assertThat(e.getValue().getMessage()).contains("properties.encryption.identity", UAI);
                });
        assertThat(azure.accountIds()).doesNotContain(id);
    }

    @Test
    void identityThatDoesNotExist_isRefusedByTheAdapter_withAzuresCode_andTheAccountIsNotCreated() {
        azure.grantAccess(key, principal);
        String missing = UAI.replace("cmk-identity", "ghost");
        AccountCreation c = new AccountCreation("westeurope", AccountKind.STORAGE_V2, "Standard_LRS", Map.of(), key,
                VersionPolicy.autoUpdate(), ManagedIdentity.userAssigned(missing), false, false);
        var storage = WireFake.over(azure).providers().storageAccounts();
        assertThatThrownBy(() -> storage.create(id, c)).isInstanceOfSatisfying(CmkException.class, e -> {
            assertThat(e.azureErrorCode()).contains("InvalidValuesForRequestParameters");
            assertThat(e.getMessage()).contains("properties.encryption.identity");
        });
        assertThat(azure.accountIds()).doesNotContain(id);

        AccountCreationPlan plan = WireFake.customerManagedKeys(azure).newStorageAccount(id).location("westeurope")
                .identity(ManagedIdentity.userAssigned(missing)).useCustomerManagedKey(key).plan();
        assertThat(plan.violations().violations()).extracting(v -> v.code())
                .contains(ViolationCode.USER_IDENTITY_NOT_FOUND);
    }

    @Test
    void crossTenant_andPinned_throughTheSdk() {
        String app = "1d2a4bc4-7b6a-4a53-9c1e-1a2b3c4d5e6f";
        azure.grantAccess(key, azure.registerMultiTenantApp(app)); // across tenants the app's principal holds it
        KeyReference v1 = azure.peekVersions(key).get(0).id();
        WireFake.customerManagedKeys(azure).newStorageAccount(id).location("westeurope").kind(AccountKind
                .BLOCK_BLOB_STORAGE).sku("Premium_LRS").identity(ManagedIdentity.userAssigned(UAI)
                .withFederatedClientId(app)).useCustomerManagedKey(v1).apply();
        StorageAccount a = azure.peek(id);
        assertThat(a.kind()).isEqualTo(AccountKind.BLOCK_BLOB_STORAGE);
        assertThat(a.encryption().federatedClientId()).contains(app);
        assertThat(a.encryption().keyVersion()).isEqualTo(v1.version());
        assertThat(a.encryption().keySource()).isEqualTo(KeySource.MICROSOFT_KEYVAULT);
    }

    @Test
    void throttledPut_isRetriedAfterRetryAfter_andCreatesOneAccount() {
        azure.grantAccess(key, principal);
        azure.faults().failNext("storage.create", dev.cmk.testkit.Faults.Kind.THROTTLED);
        WireFake fake = WireFake.over(azure);
        Instant before = azure.clock().instant();
        fake.adapter().build().newStorageAccount(id).location("westeurope").identity(ManagedIdentity
                .userAssigned(UAI)).useCustomerManagedKey(key).apply();
        assertThat(fake.requests().count("PUT storageAccount")).isEqualTo(2);
        assertThat(Duration.between(before, azure.clock().instant())).as("Retry-After 30 of the 429, then 17 of "
                + "the 202").isGreaterThanOrEqualTo(Duration.ofSeconds(47));
        assertThat(azure.history()).filteredOn(e -> e.operation().equals("storage.create")).hasSize(1);
    }

    /** Passes requests to the fake, but fails the n-th one matching a prefix after (or instead of) serving it. */
    static final class Breaking implements HttpClient {
        private final WireFake fake;
        private final String prefix;
        private final boolean serveFirst;
        private boolean broken;

        Breaking(WireFake fake, String prefix, boolean serveFirst) {
            this.fake = fake;
            this.prefix = prefix;
            this.serveFirst = serveFirst;
        }

        @Override
        public Mono<HttpResponse> send(HttpRequest request) {
            return Mono.fromCallable(() -> sendSync(request, Context.NONE));
        }

        @Override
        public HttpResponse sendSync(HttpRequest request, Context context) {
            String line = request.getHttpMethod() + " " + request.getUrl().getPath();
            if (!broken && line.startsWith(prefix)) {
                broken = true;
                if (serveFirst) {
                    fake.sendSync(request, context);
                    throw new java.io.UncheckedIOException(new java.io.IOException("connection reset after the "
                            + "request was sent"));
                }
                throw new IllegalStateException("the process stops here");
            }
            return fake.sendSync(request, context);
        }
    }

    @Test
    void lostAnswerToThePut_isRetried_andTheSecondPutFindsTheAccount() {
        azure.grantAccess(key, principal);
        WireFake fake = WireFake.over(azure);
        CustomerManagedKeys cmk = fake.adapter().httpClient(new Breaking(fake, "PUT /subscriptions", true)).build();
        cmk.newStorageAccount(id).location("westeurope").identity(ManagedIdentity.userAssigned(UAI))
                .useCustomerManagedKey(key).apply();
        assertThat(fake.requests().count("PUT storageAccount")).isEqualTo(2);
        assertThat(azure.history()).filteredOn(e -> e.operation().equals("storage.create")).hasSize(1);
        assertThat(azure.peek(id).encryption().currentVersionedKey()).isPresent();
    }

    @Test
    void processStoppingWhilePolling_reRunFindsTheAccountInPlace_andMakesNoWrite() {
        azure.grantAccess(key, principal);
        WireFake fake = WireFake.over(azure);
        CustomerManagedKeys dying = fake.adapter().httpClient(new Breaking(fake, "GET /subscriptions/"
                + InMemoryAzure.DEFAULT_SUBSCRIPTION + "/providers/Microsoft.Storage/locations", false)).build();
        assertThatThrownBy(() -> dying.newStorageAccount(id).location("westeurope")
                .identity(ManagedIdentity.userAssigned(UAI)).useCustomerManagedKey(key).apply())
                .hasMessageContaining("the process stops here");

        fake.requests().reset();
        AccountCreationPlan again = fake.adapter().build().newStorageAccount(id).location("westeurope")
                .identity(ManagedIdentity.userAssigned(UAI)).useCustomerManagedKey(key).plan();
        assertThat(again.isNoOp()).as(again.toString()).isTrue();
        again.apply();
        assertThat(fake.requests().count("PUT storageAccount")).isZero();
        assertThat(fake.requests().count("PATCH storageAccount")).isZero();
    }

    private StorageAccountsClient sdk(WireFake fake) {
        return StorageManager.configure().withHttpClient(fake).authenticate(WireFake.credential(),
                WireFake.profile(AzureEnvironment.AZURE)).serviceClient().getStorageAccounts();
    }

    private StorageAccountCreateParameters params(Identity identity, EncryptionIdentity encIdentity) {
        return new StorageAccountCreateParameters().withSku(new Sku().withName(SkuName.STANDARD_LRS))
                .withKind(Kind.STORAGE_V2).withLocation("westeurope").withIdentity(identity)
                .withEncryption(new Encryption().withKeySource(com.azure.resourcemanager.storage.models.KeySource
                        .MICROSOFT_KEYVAULT).withKeyVaultProperties(new KeyVaultProperties().withKeyName(key.name())
                        .withKeyVaultUri(key.vaultUri().toString()).withKeyVersion("")).withEncryptionIdentity(
                        encIdentity));
    }
}
