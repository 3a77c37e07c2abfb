package dev.cmk.core.rotation;

import static dev.cmk.testkit.AzureAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.Scope;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.Faults;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class KeyRotationTest {
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final URI vault = azure.vault("contoso").create();
    private final KeyReference v1 = azure.key(vault, "storage-cmk").create();
    private final KeyReference key = v1.versionless();
    private final StorageAccountId pinned = account("pinneddata");
    private final StorageAccountId auto = account("autodata");
    private final List<StorageAccountId> dependents = List.of(pinned, auto);

    private StorageAccountId account(String name) {
        StorageAccountId id = azure.account(name).systemAssignedIdentity().create();
        azure.grantAccess(v1, azure.systemPrincipal(id));
        return id;
    }

    private CustomerManagedKeys cmk() {
        return CustomerManagedKeys.builder().keyVaults(azure.keyVaults()).storageAccounts(azure.storageAccounts())
                .keyAccess(azure.keyAccess()).clock(azure.clock()).build();
    }

    private void configure() {
        cmk().storageAccount(pinned).useCustomerManagedKey(v1).apply();
        cmk().storageAccount(auto).useCustomerManagedKey(key).apply();
    }

    private String newestVersion() {
        List<KeyVersionProperties> vs = azure.peekVersions(key);
        return vs.get(vs.size() - 1).version();
    }

    @Test
    void rotate_pinnedMovedAtOnce_autoWaitsForPickup_thenRetiresOldVersion() {
        configure();
        List<RotationEvent> events = new ArrayList<>();
        KeyRotation rotation = cmk().key(key).rotation(dependents).retireOldVersions(true);
        rotation.onTransition(events::add);

        RotationStatus s = rotation.run();
        String v2 = newestVersion();
        assertThat(s.state()).isEqualTo(RotationState.PROPAGATING);
        assertThat(azure).account(pinned).isPinnedTo(v2).usesVersion(v2).isAccessible();
        assertThat(azure).account(auto).usesVersion(v1.version().orElseThrow()).isAccessible();
        assertThat(azure).key(key).hasVersionCount(2).hasEnabledVersion(v1.version().orElseThrow());

        azure.clock().advance(Duration.ofHours(24));
        s = rotation.run();
        assertThat(s.state()).as("picked up, but retirement waits for window plus margin")
                .isEqualTo(RotationState.PROPAGATED);
        assertThat(azure).key(key).hasEnabledVersion(v1.version().orElseThrow());
        azure.clock().advance(Duration.ofHours(1));
        s = rotation.run();
        assertThat(s.state()).isEqualTo(RotationState.COMPLETED);
        assertThat(azure).account(auto).usesVersion(v2).isAccessible();
        assertThat(azure).key(key).hasVersionCount(2).hasDisabledVersion(v1.version().orElseThrow())
                .hasEnabledVersion(v2);
        assertThat(events).extracting(RotationEvent::transition).containsExactly(
                RotationTransition.PLANNED_TO_VERSION_CREATED, RotationTransition.VERSION_CREATED_TO_PROPAGATING,
                RotationTransition.PROPAGATING_TO_PROPAGATED, RotationTransition.PROPAGATED_TO_RETIRING,
                RotationTransition.RETIRING_TO_COMPLETED);
    }

    @Test
    void newVersion_hasOldTypeSize_andTagNamingTheRotation() {
        configure();
        KeyRotation rotation = cmk().key(key).rotation("2026-q1", dependents);
        rotation.advance();
        KeyVersionProperties nv = azure.peekVersions(key).get(1);
        KeyVersionProperties old = azure.peekVersions(key).get(0);
        assertThat(nv.keyType()).isEqualTo(old.keyType());
        assertThat(nv.keySize()).isEqualTo(old.keySize());
        assertThat(nv.operations()).isEqualTo(old.operations());
        assertThat(nv.tags()).containsEntry("cmk-rotation", "2026-q1").containsEntry("cmk-rotated-from",
                old.version());
    }

    @Test
    void rotate_whenAutoAccountHasNotPickedUp_refusesToRetire_andStalls() {
        azure.pickupInterval(Duration.ofHours(48));
        configure();
        KeyRotation rotation = cmk().key(key).rotation(dependents).retireOldVersions(true);
        rotation.run();
        azure.clock().advance(Duration.ofHours(26));
        RotationStatus s = rotation.run();
        assertThat(s.state()).isEqualTo(RotationState.STALLED);
        assertThat(s.stalledAccounts()).containsExactly(auto);
        assertThat(s.reason()).contains("autodata");
        assertThat(azure).key(key).hasEnabledVersion(v1.version().orElseThrow());
        assertThat(azure).account(auto).isAccessible();

        azure.clock().advance(Duration.ofHours(24));
        assertThat(rotation.run().state()).isEqualTo(RotationState.COMPLETED);
        assertThat(azure).key(key).hasDisabledVersion(v1.version().orElseThrow());
        assertThat(azure).account(auto).isAccessible();
    }

    @Test
    void retirement_neverTouchesAVersionADependentStillPins() {
        configure();
        StorageAccountId stubborn = account("stubborndata");
        cmk().storageAccount(stubborn).useCustomerManagedKey(v1).apply();
        // stubborn is not listed as a dependent of this rotation but is known through discovery
        KeyRotation rotation = cmk().key(key).rotationInScope(Scope.subscription(InMemoryAzure.DEFAULT_SUBSCRIPTION))
                .retireOldVersions(true);
        rotation.run();
        azure.clock().advance(Duration.ofHours(25));
        assertThat(rotation.run().state()).isEqualTo(RotationState.COMPLETED);
        assertThat(azure).account(stubborn).isPinnedTo(newestVersion()).isAccessible();
    }

    @Test
    void rerunInNewProcess_resumes_withoutCreatingAnotherVersion() {
        configure();
        cmk().key(key).rotation("r1", dependents).advance();
        assertThat(azure).key(key).hasVersionCount(2);

        KeyRotation resumed = cmk().key(key).rotation("r1", dependents);
        assertThat(resumed.state()).isEqualTo(RotationState.VERSION_CREATED);
        resumed.run();
        assertThat(azure).key(key).hasVersionCount(2);
        assertThat(cmk().key(key).resumeRotation(dependents)).map(KeyRotation::id).contains("r1");
    }

    @Test
    void defaultId_isTheDay_soASameDayRerunFindsTheRotation() {
        configure();
        assertThat(cmk().key(key).rotation(dependents).id()).isEqualTo("rot-2026-01-01");
        cmk().key(key).rotation(dependents).run();
        cmk().key(key).rotation(dependents).run();
        assertThat(azure).key(key).hasVersionCount(2);
    }

    @Test
    void newRotation_isRefusedWhileAnotherIsUnfinished() {
        configure();
        cmk().key(key).rotation("first", dependents).run();
        assertThatThrownBy(() -> cmk().key(key).rotation("second", dependents).run())
                .isInstanceOf(dev.cmk.api.UnsafeOperationException.class).hasMessageContaining("first");
        assertThat(azure).key(key).hasVersionCount(2);
    }

    @Test
    void crashBetweenCalls_thenResume_convergesWithOneNewVersion() {
        configure();
        for (int crashAt = 0; crashAt < 12; crashAt++) {
            InMemoryAzure fresh = InMemoryAzure.create();
            URI vlt = fresh.vault("contoso").create();
            KeyReference k1 = fresh.key(vlt, "storage-cmk").create();
            StorageAccountId a = fresh.account("adata").systemAssignedIdentity().create();
            fresh.grantAccess(k1, fresh.systemPrincipal(a));
            CustomerManagedKeys c1 = CustomerManagedKeys.builder().keyVaults(fresh.keyVaults())
                    .storageAccounts(fresh.storageAccounts()).clock(fresh.clock()).build();
            c1.storageAccount(a).useCustomerManagedKey(k1).apply();
            fresh.faults().crashAfter(crashAt);
            try {
                c1.key(k1).rotation("r", List.of(a)).run();
            } catch (Faults.SimulatedCrash expected) {
                // the process died here
            }
            fresh.faults().clear();
            CustomerManagedKeys c2 = CustomerManagedKeys.builder().keyVaults(fresh.keyVaults())
                    .storageAccounts(fresh.storageAccounts()).clock(fresh.clock()).build();
            c2.key(k1).rotation("r", List.of(a)).run();
            assertThat(fresh).key(k1).hasVersionCount(2);
            assertThat(fresh).account(a).isPinnedTo(fresh.peekVersions(k1).get(1).version()).isAccessible();
        }
    }

    @Test
    void concurrentCallers_createOnlyOneVersion() throws Exception {
        configure();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RotationStatus>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return cmk().key(key).rotation(dependents).run();
            }));
        }
        start.countDown();
        for (Future<RotationStatus> f : results) {
            f.get();
        }
        pool.shutdown();
        assertThat(azure).key(key).hasVersionCount(2);
    }

    @Test
    void newVersionDisabledOutOfBand_stalls_andNoAccountIsMovedToIt() {
        configure();
        KeyRotation rotation = cmk().key(key).rotation("r", dependents);
        rotation.advance(); // creates
        azure.setEnabledOutOfBand(key.withVersion(newestVersion()), false);
        RotationStatus s = rotation.advance();
        assertThat(s.state()).isEqualTo(RotationState.STALLED);
        assertThat(s.reason()).contains("KEY_DISABLED").contains("fails the requirements");
        assertThat(azure).account(pinned).isPinnedTo(v1.version().orElseThrow()).isAccessible();
    }

    @Test
    void abort_movesPinnedBack_andCompletedRotationRefusesIllegalTransitions() {
        configure();
        KeyRotation rotation = cmk().key(key).rotation("r", dependents);
        rotation.run();
        assertThat(azure).account(pinned).isPinnedTo(newestVersion());
        assertThat(rotation.abort().state()).isEqualTo(RotationState.ABORTED);
        assertThat(azure).account(pinned).isPinnedTo(v1.version().orElseThrow()).isAccessible();
        assertThatThrownBy(rotation::abort).isInstanceOfSatisfying(IllegalRotationTransitionException.class, e -> {
            assertThat(e.from()).isEqualTo(RotationState.ABORTED);
            assertThat(e.to()).isEqualTo(RotationState.ABORTED);
            assertThat(e.key()).isEqualTo(key.keyId());
        });
    }

    @Test
    void guard_refusesTransitionsNotListed() {
        assertThatThrownBy(() -> RotationTransition.check(key, RotationState.PLANNED, RotationState.RETIRING))
                .isInstanceOf(IllegalRotationTransitionException.class).hasMessageContaining("PLANNED to RETIRING");
        assertThatThrownBy(() -> RotationTransition.check(key, RotationState.COMPLETED, RotationState.PLANNED))
                .isInstanceOf(IllegalRotationTransitionException.class);
        assertThat(RotationTransition.check(key, RotationState.RETIRING, RotationState.COMPLETED))
                .isEqualTo(RotationTransition.RETIRING_TO_COMPLETED);
    }

    @Test
    void failingListener_isIsolated() {
        configure();
        List<RotationEvent> seen = new ArrayList<>();
        KeyRotation rotation = cmk().key(key).rotation(dependents)
                .onTransition(e -> {
                    throw new IllegalStateException("listener bug");
                })
                .onTransition(seen::add);
        assertThat(rotation.run().state()).isEqualTo(RotationState.PROPAGATING);
        assertThat(seen).isNotEmpty();
    }

    @Test
    void versionPolicyOfAccountsIsKept() {
        configure();
        cmk().key(key).rotation(dependents).run();
        assertThat(cmk().storageAccount(auto).status().versionPolicy()).contains(VersionPolicy.autoUpdate());
        assertThat(cmk().storageAccount(pinned).status().versionPolicy().orElseThrow())
                .isInstanceOf(VersionPolicy.Pinned.class);
    }

    @Test
    void versionCreatedLaterByTheVaultsOwnAutoRotation_countsAsPickedUp() {
        configure();
        KeyRotation rotation = cmk().key(key).rotation("r", dependents);
        rotation.run();
        azure.clock().advance(Duration.ofHours(2));
        KeyReference v3 = azure.key(vault, "storage-cmk").create(); // the vault's auto-rotation, untagged
        azure.clock().advance(Duration.ofHours(30));
        assertThat(azure).account(auto).usesVersion(v3.version().orElseThrow());
        assertThat(rotation.run().state()).isEqualTo(RotationState.COMPLETED);
    }

    @Test
    void retireChoiceChangedWhileRetiring_isRecorded_soAResumedRotationDoesNotRetire() {
        configure();
        cmk().key(key).rotation("r", dependents).retireOldVersions(true).run();
        azure.clock().advance(Duration.ofHours(26));
        assertThat(cmk().key(key).rotation("r", dependents).retireOldVersions(false).advance().state())
                .isEqualTo(RotationState.COMPLETED);
        assertThat(cmk().key(key).rotation("r", dependents).run().state()).isEqualTo(RotationState.COMPLETED);
        assertThat(azure).key(key).hasEnabledVersion(v1.version().orElseThrow());
    }

    @Test
    void abort_leavesAccountsPinnedElsewhereAlone_andRefusesToMoveBackToAnUnusableVersion() {
        configure();
        KeyRotation rotation = cmk().key(key).rotation("r", dependents);
        rotation.advance(); // creates v2, moves nobody yet
        KeyReference v2 = key.withVersion(newestVersion());
        azure.setEnabledOutOfBand(v1, false);
        assertThatThrownBy(rotation::abort).isInstanceOf(dev.cmk.api.UnsafeOperationException.class)
                .hasMessageContaining(v1.version().orElseThrow()).hasMessageContaining("Nothing was changed");
        azure.setEnabledOutOfBand(v1, true);
        rotation.run();
        assertThat(azure).account(pinned).isPinnedTo(v2.version().orElseThrow());
        azure.calls().reset();
        rotation.abort();
        assertThat(azure).account(pinned).isPinnedTo(v1.version().orElseThrow());
        assertThat(azure.calls().count("storage.updateEncryption")).isEqualTo(1);
    }

    @Test
    void abort_refusesBeforeAnyWrite_toMovePinnedAccountsBackToAVersionThatNowFailsTheRequirements() {
        KeyReference expiring = azure.key(vault, "expiring-cmk").expiresOn(azure.clock().instant()
                .plus(Duration.ofDays(100))).create();
        KeyReference k = expiring.versionless();
        azure.grantAccess(expiring, azure.systemPrincipal(pinned));
        azure.grantAccess(expiring, azure.systemPrincipal(auto));
        cmk().storageAccount(pinned).useCustomerManagedKey(expiring).apply();
        cmk().storageAccount(auto).useCustomerManagedKey(k).apply();
        azure.clock().advance(Duration.ofDays(80)); // the version in use now expires in 20 days: rotate
        KeyRotation rotation = cmk().key(k).rotation("r", dependents);
        assertThat(rotation.run().state()).isEqualTo(RotationState.PROPAGATING);
        List<KeyVersionProperties> vs = azure.peekVersions(k);
        String v2 = vs.get(vs.size() - 1).version();
        assertThat(azure).account(pinned).isPinnedTo(v2);
        azure.calls().reset();

        assertThatThrownBy(rotation::abort).isInstanceOfSatisfying(dev.cmk.api.RequirementViolatedException.class,
                e -> {
                    assertThat(e.report().errors()).extracting(v -> v.code())
                            .contains(dev.cmk.api.ViolationCode.KEY_EXPIRES_SOON);
                    assertThat(e.getMessage()).contains(expiring.version().orElseThrow())
                            .contains("let the rotation finish").contains("nothing was changed");
                });
        assertThat(azure.calls().writes()).isZero();
        assertThat(azure).account(pinned).isPinnedTo(v2);
        assertThat(rotation.status().state()).isEqualTo(RotationState.PROPAGATING);
    }

    @Test
    void rotation_isRefusedWhileTheKeyIsRevoked() {
        configure();
        var plan = cmk().key(key).revoke(dependents);
        plan.apply(plan.blastRadius());
        assertThatThrownBy(() -> cmk().key(key).rotation("r", dependents).run())
                .isInstanceOf(dev.cmk.api.UnsafeOperationException.class).hasMessageContaining("revoked");
        assertThat(azure).key(key).hasVersionCount(1);
    }

    @Test
    void completedRotation_staysCompleted_afterARevokeAndRestore() {
        configure();
        KeyRotation rotation = cmk().key(key).rotation("r", dependents);
        rotation.run();
        azure.clock().advance(Duration.ofHours(25));
        assertThat(rotation.run().state()).isEqualTo(RotationState.COMPLETED);
        var plan = cmk().key(key).revoke(dependents);
        plan.apply(plan.blastRadius());
        cmk().key(key).restore(dependents);
        assertThat(cmk().key(key).rotation("r", dependents).retireOldVersions(true).run().state())
                .isEqualTo(RotationState.COMPLETED);
        assertThat(azure).key(key).hasEnabledVersion(v1.version().orElseThrow());
    }

    @Test
    void newVersionFailingTheRequirements_stalls_andNoPinnedAccountIsMoved() {
        KeyReference shortLived = azure.key(vault, "short").expiresOn(azure.clock().instant()
                .plus(Duration.ofDays(40))).create();
        azure.grantAccess(shortLived, azure.systemPrincipal(pinned));
        cmk().storageAccount(pinned).useCustomerManagedKey(shortLived).apply();
        azure.clock().advance(Duration.ofDays(15));
        RotationStatus s = cmk().key(shortLived).rotation("r", List.of(pinned))
                .requirements(dev.cmk.api.VaultRequirements.custom().minimumValidity(Duration.ofDays(60)).build())
                .run();
        assertThat(s.state()).isEqualTo(RotationState.STALLED);
        assertThat(s.reason()).contains("KEY_EXPIRES_SOON");
        assertThat(azure).account(pinned).isPinnedTo(shortLived.version().orElseThrow()).isAccessible();
    }
}
