package dev.cmk.core.rotation;

import static dev.cmk.testkit.AzureAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.ApplyFailedException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.Scope;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.Faults;
import dev.cmk.testkit.InMemoryAzure;
import dev.cmk.testkit.Operation;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Pinned moves of several subscription-regions run in parallel groups, with every safety property kept. */
class ParallelPinnedMovesTest {
    private static final String SUB_A = "00000000-0000-0000-0000-00000000000a";
    private static final String SUB_B = "00000000-0000-0000-0000-00000000000b";
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final URI vault = azure.vault("contoso").create();
    private final KeyReference v1 = azure.key(vault, "storage-cmk").create();
    private final KeyReference key = v1.versionless();
    private final List<StorageAccountId> accounts = new ArrayList<>();

    ParallelPinnedMovesTest() {
        String[][] buckets = {{SUB_A, "westeurope"}, {SUB_A, "northeurope"}, {SUB_B, "westeurope"}};
        for (int i = 0; i < 24; i++) {
            String[] b = buckets[i % buckets.length];
            StorageAccountId id = azure.account(StorageAccountId.of(b[0], "rg", "acct" + i)).location(b[1])
                    .systemAssignedIdentity().create();
            azure.grantAccess(v1, azure.systemPrincipal(id));
            accounts.add(id);
        }
        for (StorageAccountId id : accounts) {
            cmk().storageAccount(id).useCustomerManagedKey(v1).apply();
        }
    }

    private CustomerManagedKeys cmk() {
        return CustomerManagedKeys.builder().keyVaults(azure.keyVaults()).storageAccounts(azure.storageAccounts())
                .keyAccess(azure.keyAccess()).clock(azure.clock()).build();
    }

    private String newestVersion() {
        List<KeyVersionProperties> vs = azure.inspect().versions(key);
        return vs.get(vs.size() - 1).version();
    }

    private KeyRotation rotation(int parallel) {
        return cmk().key(key).rotation("parallel", Dependents.discoveredIn(Scope.subscription(SUB_A),
                Scope.subscription(SUB_B)), RotationOptions.custom().parallelRegions(parallel).build());
    }

    @Test
    void threeSubscriptionRegions_inParallel_everyPinnedAccountMovedAndReflectedInTheStatus() {
        RotationStatus s = rotation(3).run();

        String v2 = newestVersion();
        assertThat(s.state()).isEqualTo(RotationState.COMPLETED);
        assertThat(s.dependents()).hasSize(24).allSatisfy(d ->
                assertThat(d.configuredVersion()).contains(v2));
        for (StorageAccountId id : accounts) {
            assertThat(azure).account(id).isPinnedTo(v2).usesVersion(v2).isAccessible();
        }
    }

    @Test
    void aFailedMove_stopsTheStep_andTheErrorNamesExactlyTheAccountsMovedAndNotMoved() {
        KeyRotation rotation = rotation(3);
        rotation.advance(); // creates the new version
        String v2 = newestVersion();
        azure.faults().failNext(Operation.STORAGE_UPDATE_ENCRYPTION, Faults.Kind.TRANSIENT);

        ApplyFailedException e = (ApplyFailedException) org.assertj.core.api.Assertions.catchThrowable(
                rotation::advance);

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT);
        String message = e.getMessage();
        String movedPart = message.substring(message.indexOf("Moved in this step"), message.indexOf("; not moved"));
        String notMovedPart = message.substring(message.indexOf("; not moved"));
        Set<String> pinnedToNew = new TreeSet<>();
        for (StorageAccountId id : accounts) {
            boolean onNew = azure.inspect().account(id).encryption().keyVersion().map(v2::equals).orElse(false);
            if (onNew) {
                pinnedToNew.add(id.name());
            }
            String word = "\\b" + id.name() + "\\b";
            assertThat(onNew ? movedPart : notMovedPart).as(id.name()).containsPattern(word);
            assertThat(onNew ? notMovedPart : movedPart).as(id.name()).doesNotContainPattern(word);
        }
        assertThat(pinnedToNew).hasSizeLessThan(24);
        assertThat(movedPart).contains("(" + pinnedToNew.size() + ")");

        RotationStatus s = rotation.run();
        assertThat(s.state()).isEqualTo(RotationState.COMPLETED);
        for (StorageAccountId id : accounts) {
            assertThat(azure).account(id).isPinnedTo(v2).isAccessible();
        }
    }

    @Test
    void aMoveWhoseAnswerIsLost_isNotClaimedMoved_andTheNextStepReadsWhatAzureDid() {
        KeyRotation rotation = rotation(3);
        rotation.advance();
        String v2 = newestVersion();
        azure.faults().failNext(Operation.STORAGE_UPDATE_ENCRYPTION, Faults.Kind.APPLIED_THEN_TRANSIENT);

        ApplyFailedException e = (ApplyFailedException) org.assertj.core.api.Assertions.catchThrowable(
                rotation::advance);

        String failed = e.getMessage().substring(e.getMessage().indexOf("failed on ") + 10).split(":")[0];
        assertThat(azure.inspect().account(accounts.stream().filter(a -> a.name().equals(failed)).findFirst()
                .orElseThrow()).encryption().keyVersion()).as("the write took effect").contains(v2);
        assertThat(e.getMessage().substring(e.getMessage().indexOf("; not moved"))).contains(failed)
                .contains("whose write failed, Azure's answer decides");
        RotationStatus s = rotation.run();
        assertThat(s.state()).isEqualTo(RotationState.COMPLETED);
        assertThat(s.dependents()).allSatisfy(d -> assertThat(d.configuredVersion()).contains(v2));
    }

    @Test
    void abortAfterAPartialStep_movesEveryMovedAccountBack_inParallel() {
        KeyRotation rotation = rotation(3);
        rotation.advance();
        String v2 = newestVersion();
        azure.calls().reset();
        rotation.status(); // reads what a step reads before it writes
        long reads = azure.calls().reads();
        azure.faults().crashAfter((int) reads + 6); // the step's reads, then about six moves
        assertThatThrownBy(rotation::advance).isInstanceOf(Faults.SimulatedCrash.class);
        azure.faults().clear();
        long movedToNew = accounts.stream().filter(id -> azure.inspect().account(id).encryption().keyVersion()
                .map(v2::equals).orElse(false)).count();
        assertThat(movedToNew).isPositive().isLessThan(24);

        RotationStatus s = rotation.abort();

        assertThat(s.state()).isEqualTo(RotationState.ABORTED);
        for (StorageAccountId id : accounts) {
            assertThat(azure).account(id).isPinnedTo(v1.version().orElseThrow()).isAccessible();
        }
    }

    @Test
    void oneThread_movesEveryAccount_andAFailureStillNamesTheAccountsMovedBeforeIt() {
        KeyRotation rotation = rotation(1);
        rotation.advance();
        String v2 = newestVersion();
        azure.faults().failNext(Operation.STORAGE_UPDATE_ENCRYPTION, Faults.Kind.TRANSIENT);
        assertThatThrownBy(rotation::advance).hasMessageContaining("ServiceUnavailable");
        assertThat(rotation.run().state()).isEqualTo(RotationState.COMPLETED);
        for (StorageAccountId id : accounts) {
            assertThat(azure).account(id).isPinnedTo(v2);
        }
    }

    @Test
    void parallelRegions_outOfRange_isRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> RotationOptions.custom().parallelRegions(0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("parallel regions");
        assertThatThrownBy(() -> RotationOptions.custom().parallelRegions(65))
                .isInstanceOf(InvalidInputException.class);
        assertThat(RotationOptions.ofDefaults().parallelRegions()).isEqualTo(RotationOptions.DEFAULT_PARALLEL_REGIONS);
    }
}
