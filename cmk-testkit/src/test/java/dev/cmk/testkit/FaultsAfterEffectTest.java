package dev.cmk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeyType;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.NewKeyVersion;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Faults that strike after a write took effect, typed operations, and per-step seeding of random faults. */
class FaultsAfterEffectTest {

    @Test
    void appliedThenTransient_theWriteIsMade_butTheCallerGetsA503() {
        InMemoryAzure azure = InMemoryAzure.create();
        URI vault = azure.vault("contoso").create();
        KeyReference key = azure.key(vault, "k").create().versionless();
        azure.faults().failNext(Operation.KEYVAULT_CREATE_VERSION, Faults.Kind.APPLIED_THEN_TRANSIENT);

        NewKeyVersion spec = new NewKeyVersion(KeyType.RSA, 2048, Set.of(KeyOperation.WRAP_KEY,
                KeyOperation.UNWRAP_KEY), Optional.empty(), Map.of("cmk-rotation", "r1"));
        assertThatThrownBy(() -> azure.keyVaults().createVersion(key, spec))
                .isInstanceOfSatisfying(CmkException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT);
                    assertThat(e.httpStatus()).isEqualTo(503);
                });

        assertThat(azure.peekVersions(key)).as("the version was created although the answer was lost").hasSize(2);
        assertThat(azure.history()).extracting(InMemoryAzure.AzureEvent::detail).contains(Faults.LOST_RESPONSE);
        assertThat(azure.faults().injected()).isEqualTo(1);
    }

    @Test
    void appliedThenTimeout_onARead_strikesBeforeIt() {
        InMemoryAzure azure = InMemoryAzure.create();
        StorageAccountId id = azure.account("contosodata").create();
        azure.faults().failNext(Operation.STORAGE_GET, Faults.Kind.APPLIED_THEN_TIMEOUT);

        assertThatThrownBy(() -> azure.storageAccounts().get(id)).isInstanceOfSatisfying(CmkException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(408));
        assertThat(azure.history()).extracting(InMemoryAzure.AzureEvent::detail).doesNotContain(Faults.LOST_RESPONSE);
        assertThat(azure.storageAccounts().get(id).id()).isEqualTo(id);
    }

    @Test
    void throttledWithoutRetryAfter_carriesNoRetryAfter() {
        InMemoryAzure azure = InMemoryAzure.create();
        StorageAccountId id = azure.account("contosodata").create();
        azure.faults().failNext(Operation.STORAGE_GET, Faults.Kind.THROTTLED_NO_RETRY_AFTER);

        assertThatThrownBy(() -> azure.storageAccounts().get(id)).isInstanceOfSatisfying(CmkException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.THROTTLED);
            assertThat(e.retryAfter()).isEmpty();
        });
    }

    @Test
    @SuppressWarnings("deprecation")
    void aMistypedOperationName_isRefused_insteadOfNeverFiring() {
        InMemoryAzure azure = InMemoryAzure.create();
        assertThatThrownBy(() -> azure.faults().failNext("storage.updateEncryptoin", Faults.Kind.TRANSIENT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failNext(Operation, Kind)");
        // a real prefix still works
        azure.faults().failNext("storage", Faults.Kind.TRANSIENT);
        StorageAccountId id = azure.account("contosodata").create();
        assertThatThrownBy(() -> azure.storageAccounts().get(id)).isInstanceOf(CmkException.class);
    }

    @Test
    void everyOperationTheProvidersCall_isAnOperation_andCountsByType() {
        InMemoryAzure azure = InMemoryAzure.create();
        URI vault = azure.vault("contoso").create();
        KeyReference key = azure.key(vault, "k").create().versionless();
        StorageAccountId id = azure.account("contosodata").systemAssignedIdentity().create();
        azure.storageAccounts().get(id);
        azure.keyVaults().listVersions(key);
        azure.keyAccess().grant(key, azure.systemPrincipal(id));
        azure.keyAccess().permissions(key, azure.systemPrincipal(id));

        Map<String, Long> snapshot = azure.calls().snapshot();
        assertThat(snapshot.keySet()).allSatisfy(name -> assertThat(Operation.fromWireName(name)).isPresent());
        assertThat(azure.calls().count(Operation.STORAGE_GET)).isEqualTo(1);
        assertThat(azure.calls().count(Operation.KEYVAULT_LIST_VERSIONS)).isEqualTo(1);
        assertThat(azure.calls().reads()).isEqualTo(3);
        assertThat(azure.calls().writes()).isEqualTo(1);
        assertThat(Arrays.stream(Operation.values()).filter(Operation::isWrite)).contains(
                Operation.KEYVAULT_CREATE_VERSION, Operation.STORAGE_UPDATE_ENCRYPTION, Operation.KEYACCESS_REVOKE);
        assertThat(Operation.fromWireName("storage.nope")).isEmpty();
    }

    @Test
    void reseed_makesAStepsRandomFaultsDependOnlyOnItsSeed() {
        assertThat(faultPattern(7, 0)).isEqualTo(faultPattern(7, 5)).isNotEqualTo(faultPattern(8, 0));
    }

    /** Which of 40 reads fail after {@code warmup} faulted reads and a reseed. */
    private static List<Boolean> faultPattern(long seed, int warmup) {
        InMemoryAzure azure = InMemoryAzure.create();
        StorageAccountId id = azure.account("contosodata").create();
        azure.faults().random(0.5);
        for (int i = 0; i < warmup; i++) {
            tryGet(azure, id);
        }
        azure.faults().reseed(seed);
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            out.add(tryGet(azure, id));
        }
        return out;
    }

    private static boolean tryGet(InMemoryAzure azure, StorageAccountId id) {
        try {
            azure.storageAccounts().get(id);
            return true;
        } catch (CmkException e) {
            return false;
        }
    }
}
