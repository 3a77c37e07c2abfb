package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpMethod;
import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.Faults;
import dev.cmk.testkit.InMemoryAzure;
import dev.cmk.testkit.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** HTTP faults of the wire fake, before a request takes effect and after a write did, met by the real adapter. */
class WireFaultsTest {
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final KeyReference key = azure.key(azure.vault("contoso").create(), "storage-cmk").create().versionless();
    private final StorageAccountId account = azure.account("contosodata").systemAssignedIdentity().create();
    private final WireFake fake = WireFake.over(azure);
    private final CustomerManagedKeys cmk = fake.adapter().build();

    WireFaultsTest() {
        azure.grantAccess(key, azure.systemPrincipal(account));
    }

    private static boolean isPatch(com.azure.core.http.HttpRequest r) {
        return r.getHttpMethod() == HttpMethod.PATCH;
    }

    @ParameterizedTest
    @EnumSource(value = WireFaults.Kind.class, names = {"THROTTLED", "THROTTLED_NO_RETRY_AFTER",
            "OPERATION_IN_PROGRESS", "SERVER_ERROR", "UNAVAILABLE", "TIMEOUT", "RESET"})
    void aFaultBeforeTheEffect_isRetried_andTheWriteIsMadeOnce(WireFaults.Kind kind) {
        fake.faults().failNext(WireFaultsTest::isPatch, kind);
        Instant start = azure.clock().instant();

        cmk.storageAccount(account).useCustomerManagedKey(key).apply();

        assertThat(azure.peek(account).encryption().isCustomerManaged()).isTrue();
        assertThat(fake.faults().injected()).isEqualTo(1);
        assertThat(fake.requests().count("PATCH storageAccount")).as("the faulted one never reached the fake")
                .isEqualTo(1);
        assertThat(azure.calls().count(Operation.STORAGE_UPDATE_ENCRYPTION)).as("the fault struck before Azure")
                .isEqualTo(1);
        assertThat(fake.faults().lostResponses()).isEmpty();
        Duration waited = Duration.between(start, azure.clock().instant());
        if (kind == WireFaults.Kind.THROTTLED) {
            assertThat(waited).as("Retry-After is honoured").isGreaterThanOrEqualTo(Duration.ofSeconds(7));
        } else {
            assertThat(waited).as("a backoff, on the virtual clock").isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(value = WireFaults.Kind.class, names = {"APPLIED_THEN_SERVER_ERROR", "APPLIED_THEN_UNAVAILABLE",
            "APPLIED_THEN_TIMEOUT", "APPLIED_THEN_RESET"})
    void aWriteWhoseAnswerIsLost_converges(WireFaults.Kind kind) {
        fake.faults().failNext(WireFaultsTest::isPatch, kind);

        cmk.storageAccount(account).useCustomerManagedKey(key).apply();

        assertThat(azure.peek(account).encryption().key()).contains(key);
        assertThat(fake.faults().lostResponses()).singleElement().satisfies(l -> {
            assertThat(l.method()).isEqualTo("PATCH");
            assertThat(l.kind()).isEqualTo(kind);
            assertThat(azure.history().get(l.historyIndex() - 1).operation())
                    .isEqualTo(Operation.STORAGE_UPDATE_ENCRYPTION.wireName());
        });
        // a second apply finds the configuration in place and writes nothing
        long writes = azure.calls().writes();
        cmk.storageAccount(account).useCustomerManagedKey(key).apply();
        assertThat(azure.calls().writes()).isEqualTo(writes);
    }

    @ParameterizedTest
    @EnumSource(value = WireFaults.Kind.class, names = {"APPLIED_THEN_SERVER_ERROR", "APPLIED_THEN_UNAVAILABLE",
            "APPLIED_THEN_TIMEOUT", "APPLIED_THEN_RESET"})
    void aVersionCreationWithAnUnknownOutcome_isNeverResent_andIsFoundByItsRotationTag(WireFaults.Kind kind) {
        cmk.storageAccount(account).useCustomerManagedKey(key).apply();
        fake.faults().failNext(r -> r.getUrl().getPath().endsWith("/create"), kind);

        assertThatThrownBy(() -> cmk.key(key).rotation("r1", List.of(account)).run())
                .isInstanceOfSatisfying(CmkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT));
        assertThat(azure.calls().count(Operation.KEYVAULT_CREATE_VERSION)).as("not re-sent blind").isEqualTo(1);

        fake.adapter().build().key(key).rotation("r1", List.of(account)).run();

        assertThat(azure.calls().count(Operation.KEYVAULT_CREATE_VERSION)).isEqualTo(1);
        List<KeyVersionProperties> tagged = azure.peekVersions(key).stream()
                .filter(v -> "r1".equals(v.tags().get("cmk-rotation"))).toList();
        assertThat(tagged).hasSize(1);
        assertThat(azure.peekVersions(key)).hasSize(2);
    }

    @Test
    void anInMemoryFaultAfterTheEffect_travelsAsA503_andTheAdapterConverges() {
        azure.faults().failNext(Operation.STORAGE_UPDATE_ENCRYPTION, Faults.Kind.APPLIED_THEN_TRANSIENT);

        cmk.storageAccount(account).useCustomerManagedKey(key).apply();

        assertThat(azure.peek(account).encryption().key()).contains(key);
        assertThat(azure.history()).extracting(InMemoryAzure.AzureEvent::detail).contains(Faults.LOST_RESPONSE);
    }

    @Test
    void aRevokeThatFailsBehindTheFake_isRetried_andTheGrantIsReallyGone() {
        String principal = azure.systemPrincipal(account);
        var access = fake.providers().keyAccess();
        azure.faults().failNext(Operation.KEYACCESS_REVOKE, Faults.Kind.TRANSIENT);

        access.revoke(key, principal);

        assertThat(azure.faults().injected()).isEqualTo(1);
        assertThat(access.permissions(key, principal)).as("the retried DELETE really removed the grant").isEmpty();
    }

    @Test
    void randomFaults_areReproducibleFromTheirSeed() {
        assertThat(pattern(11)).isEqualTo(pattern(11)).isNotEqualTo(pattern(12));
    }

    private static String pattern(long seed) {
        InMemoryAzure a = InMemoryAzure.create();
        StorageAccountId id = a.account("contosodata").create();
        WireFake f = WireFake.over(a);
        var providers = f.adapter().retry(dev.cmk.azure.RetrySettings.none()).buildProviders();
        f.faults().reseed(seed).random(0.5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            try {
                providers.storageAccounts().get(id);
                sb.append('.');
            } catch (CmkException e) {
                sb.append('x');
            }
        }
        return sb.toString();
    }
}
