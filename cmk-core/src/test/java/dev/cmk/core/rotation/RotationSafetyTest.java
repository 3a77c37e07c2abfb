package dev.cmk.core.rotation;

import static dev.cmk.testkit.AzureAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.ErrorCode;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.UnsafeOperationException;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.KeyVersionSummary;
import dev.cmk.api.spi.KeyVersionUpdate;
import dev.cmk.api.spi.NewKeyVersion;
import dev.cmk.api.spi.Scope;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.RevocationPlan;
import dev.cmk.testkit.InMemoryAzure;
import dev.cmk.testkit.VirtualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 9 and 11 safety: no second version from any driver, drift, discovered vs declared dependents, options. */
class RotationSafetyTest {
    private final InMemoryAzure azure = InMemoryAzure.create(new VirtualClock(Instant.parse("2026-03-01T22:00:00Z")),
            7L);
    private final URI vault = azure.vault("contoso").create();
    private final KeyReference v1 = azure.key(vault, "storage-cmk").create();
    private final KeyReference key = v1.versionless();
    private final StorageAccountId pinned = account("pinneddata");
    private final StorageAccountId auto = account("autodata");
    private final Scope subscription = Scope.subscription(InMemoryAzure.DEFAULT_SUBSCRIPTION);
    private final RotationOptions retire = RotationOptions.custom().retireOldVersions(true).build();

    private StorageAccountId account(String name) {
        StorageAccountId id = azure.account(name).systemAssignedIdentity().create();
        azure.grantAccess(v1, azure.systemPrincipal(id));
        return id;
    }

    private CustomerManagedKeys cmk() {
        return cmk(azure.keyVaults());
    }

    private CustomerManagedKeys cmk(KeyVaultProvider keys) {
        return CustomerManagedKeys.builder().keyVaults(keys).storageAccounts(azure.storageAccounts())
                .keyAccess(azure.keyAccess()).clock(azure.clock()).build();
    }

    private void configure() {
        cmk().storageAccount(pinned).useCustomerManagedKey(v1).apply();
        cmk().storageAccount(auto).useCustomerManagedKey(key).apply();
    }

    private String v(int index) {
        return azure.peekVersions(key).get(index).version();
    }

    /** The process dies: thrown by a vault port that fails when the rotation records its completion. */
    static final class ProcessDied extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** A vault port whose process dies right before the completion tag is written. */
    private KeyVaultProvider diesBeforeCompletionTag() {
        KeyVaultProvider real = azure.keyVaults();
        return new KeyVaultProvider() {
            @Override
            public KeyVersionProperties getKey(KeyReference k) {
                return real.getKey(k);
            }

            @Override
            public List<KeyVersionSummary> listVersions(KeyReference k) {
                return real.listVersions(k);
            }

            @Override
            public KeyVersionProperties createVersion(KeyReference k, NewKeyVersion spec) {
                return real.createVersion(k, spec);
            }

            @Override
            public KeyVersionProperties updateVersion(KeyReference version, KeyVersionUpdate update) {
                if (update.tags().map(t -> t.containsKey("cmk-completed")).orElse(false)) {
                    throw new ProcessDied();
                }
                return real.updateVersion(version, update);
            }

            @Override
            public Optional<dev.cmk.api.RotationPolicy> getRotationPolicy(KeyReference k) {
                return real.getRotationPolicy(k);
            }

            @Override
            public dev.cmk.api.RotationPolicy setRotationPolicy(KeyReference k, dev.cmk.api.RotationPolicy p) {
                return real.setRotationPolicy(k, p);
            }

            @Override
            public Optional<dev.cmk.api.spi.VaultInfo> describeVault(KeyReference k) {
                return real.describeVault(k);
            }
        };
    }

    /** The driver of issue 9: no ids, resume whatever is unfinished, otherwise start. */
    private static RotationStatus driver(CustomerManagedKeys cmk, KeyReference key, Dependents deps,
                                         RotationOptions options) {
        return cmk.key(key).resumeRotation(deps, options).orElseGet(() -> cmk.key(key).rotation(deps, options)).run();
    }

    @Test
    void driverWithoutIds_crashingAfterTheLastRetire_beforeTheCompletionTag_endsWithExactlyOneNewVersion() {
        configure();
        Dependents deps = Dependents.discoveredIn(subscription);
        // Day 1, 22:00 UTC: the driver starts rotation rot-2026-03-01, pins the pinned account, waits for pickup.
        assertThat(driver(cmk(), key, deps, retire).state()).isEqualTo(RotationState.PROPAGATING);
        // Day 2, 23:30 UTC: the window has passed; the driver retires v1 and dies before tagging completion.
        azure.clock().set(Instant.parse("2026-03-02T23:30:00Z"));
        assertThatThrownBy(() -> driver(cmk(diesBeforeCompletionTag()), key, deps, retire))
                .isInstanceOf(ProcessDied.class);
        assertThat(azure).key(key).hasVersionCount(2).hasDisabledVersion(v(0)).hasEnabledVersion(v(1));
        assertThat(azure.peekVersions(key).get(1).tags()).doesNotContainKey("cmk-completed");
        // Day 3, 00:10 UTC: restarted, with a new day's default id. It must finish rot-2026-03-01, not start another.
        azure.clock().set(Instant.parse("2026-03-03T00:10:00Z"));
        RotationStatus s = driver(cmk(), key, deps, retire);
        assertThat(s.rotationId()).isEqualTo("rot-2026-03-01");
        assertThat(s.state()).isEqualTo(RotationState.COMPLETED);
        assertThat(azure).key(key).hasVersionCount(2).hasEnabledVersion(v(1));
        assertThat(azure.peekVersions(key).get(1).tags()).containsEntry("cmk-completed", "true");
        assertThat(azure).account(pinned).isPinnedTo(v(1)).isAccessible();
        assertThat(azure).account(auto).usesVersion(v(1)).isAccessible();
        // Run again every night that week: nothing more happens.
        for (int night = 0; night < 5; night++) {
            azure.clock().advance(Duration.ofDays(1));
            assertThatThrownBy(() -> driver(cmk(), key, deps, retire)).isInstanceOfSatisfying(
                    UnsafeOperationException.class, e -> assertThat(e.getMessage())
                            .contains("minimum interval").contains("Nothing was changed"));
            assertThat(azure).key(key).hasVersionCount(2);
        }
    }

    @Test
    void aDriverThatOnlyStartsRotations_cannotCreateASecondVersionTheNextDay_unlessForced() {
        configure();
        Dependents deps = Dependents.discoveredIn(subscription);
        cmk().key(key).rotation(deps, retire).run();
        azure.clock().set(Instant.parse("2026-03-02T23:30:00Z"));
        assertThatThrownBy(() -> cmk(diesBeforeCompletionTag()).key(key).rotation("rot-2026-03-01", deps, retire)
                .run()).isInstanceOf(ProcessDied.class);
        azure.clock().set(Instant.parse("2026-03-03T00:10:00Z"));
        assertThatThrownBy(() -> cmk().key(key).rotation(deps, retire).run())
                .isInstanceOf(UnsafeOperationException.class).hasMessageContaining("rot-2026-03-01")
                .hasMessageContaining("force(true)");
        assertThat(azure).key(key).hasVersionCount(2);
        RotationStatus forced = cmk().key(key).rotation(deps, RotationOptions.from(retire).force(true).build()).run();
        assertThat(forced.rotationId()).isEqualTo("rot-2026-03-03");
        assertThat(azure).key(key).hasVersionCount(3);
    }

    @Test
    @SuppressWarnings("deprecation")
    void theDeprecatedListDriver_isSafeToo() {
        configure();
        List<StorageAccountId> deps = List.of(pinned, auto);
        RotationOptions o = retire;
        cmk().key(key).rotation(Dependents.declared(deps).acknowledgingUnlistedAccountsMayLoseAccess(), o).run();
        azure.clock().set(Instant.parse("2026-03-02T23:30:00Z"));
        CustomerManagedKeys dying = cmk(diesBeforeCompletionTag());
        assertThatThrownBy(() -> dying.key(key).resumeRotation(deps).orElseGet(() -> dying.key(key).rotation(deps))
                .retireOldVersions(true).run()).isInstanceOf(ProcessDied.class);
        azure.clock().set(Instant.parse("2026-03-03T00:10:00Z"));
        KeyRotation resumed = cmk().key(key).resumeRotation(deps).orElseThrow();
        assertThat(resumed.id()).isEqualTo("rot-2026-03-01");
        assertThat(resumed.retireOldVersions(true).run().state()).isEqualTo(RotationState.COMPLETED);
        assertThat(azure).key(key).hasVersionCount(2).hasDisabledVersion(v(0));
        assertThatThrownBy(() -> cmk().key(key).rotation(deps).run()).isInstanceOf(UnsafeOperationException.class);
        assertThat(azure).key(key).hasVersionCount(2);
    }

    @Test
    void drift_anOperatorRepinsAnAccountWhilePropagated_isAnEventAndAWarning_neverAnError_andNothingIsRetired() {
        configure();
        List<RotationEvent> events = new ArrayList<>();
        KeyRotation rotation = cmk().key(key).rotation("r", Dependents.discoveredIn(subscription), retire)
                .onTransition(events::add);
        rotation.run();
        azure.clock().advance(Duration.ofHours(24));
        assertThat(rotation.run().state()).isEqualTo(RotationState.PROPAGATED);
        // an operator moves the pinned account back to v1 by hand
        azure.storageAccounts().updateEncryption(pinned, EncryptionUpdate.customerManaged(key,
                VersionPolicy.pinned(v(0)), ManagedIdentity.systemAssigned()));
        azure.clock().advance(Duration.ofHours(2));
        RotationStatus s = rotation.advance();
        // derived PROPAGATING (a pinned dependent is off the new version again): the step pins it back
        assertThat(s.state()).isEqualTo(RotationState.RETIRING);
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("without this rotation"));
        assertThat(events).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(RotationEvent.Kind.DRIFT);
            assertThat(e.from()).isEqualTo(RotationState.PROPAGATED);
            assertThat(e.to()).isEqualTo(RotationState.PROPAGATING);
            assertThat(e.transition()).isNull();
        });
        assertThat(azure).key(key).hasEnabledVersion(v(0));
        assertThat(azure).account(pinned).isAccessible();
        // no sticky error: this handle and a fresh one agree, and the rotation goes on
        assertThat(rotation.status().state()).isEqualTo(cmk().key(key)
                .rotation("r", Dependents.discoveredIn(subscription), retire).status().state());
        assertThat(rotation.run().state()).isEqualTo(RotationState.COMPLETED);
        assertThat(azure).account(pinned).isPinnedTo(v(1)).isAccessible();
        assertThat(azure).key(key).hasDisabledVersion(v(0));
    }

    @Test
    void drift_rightBeforeRetiring_isSeenByTheReconfirmation_andNothingIsRetired() {
        configure();
        Dependents deps = Dependents.discoveredIn(subscription);
        cmk().key(key).rotation("r", deps, retire).run();
        azure.clock().advance(Duration.ofHours(26));
        // the operator re-pins between the step's first read and its retire: simulated with a storage port that
        // re-pins on the first list of the re-confirmation
        var storage = azure.storageAccounts();
        int[] lists = {0};
        var racing = new dev.cmk.api.spi.StorageAccountProvider() {
            @Override
            public dev.cmk.api.spi.StorageAccount get(StorageAccountId id) {
                return storage.get(id);
            }

            @Override
            public dev.cmk.api.spi.StorageAccount updateEncryption(StorageAccountId id, EncryptionUpdate u) {
                return storage.updateEncryption(id, u);
            }

            @Override
            public dev.cmk.api.spi.StorageAccount enableIdentity(StorageAccountId id, ManagedIdentity i) {
                return storage.enableIdentity(id, i);
            }

            @Override
            public List<StorageAccountId> list(Scope scope) {
                if (++lists[0] == 2) {
                    storage.updateEncryption(pinned, EncryptionUpdate.customerManaged(key, VersionPolicy.pinned(v(0)),
                            ManagedIdentity.systemAssigned()));
                }
                return storage.list(scope);
            }
        };
        CustomerManagedKeys c = CustomerManagedKeys.builder().keyVaults(azure.keyVaults()).storageAccounts(racing)
                .clock(azure.clock()).build();
        RotationStatus s = c.key(key).rotation("r", deps, retire).advance();
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("nothing was retired"));
        assertThat(azure).key(key).hasEnabledVersion(v(0));
        assertThat(azure).account(pinned).isPinnedTo(v(0)).isAccessible();
    }

    @Test
    void aDeclaredList_withoutTheAcknowledgement_isRefusedBeforeAnyCall_namingTheFix() {
        configure();
        azure.calls().reset();
        Dependents declared = Dependents.declared(List.of(pinned));
        assertThatThrownBy(() -> cmk().key(key).rotation(declared, retire)).isInstanceOfSatisfying(
                UnsafeOperationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIRMATION_REQUIRED);
                    assertThat(e.getMessage()).contains("Dependents.discoveredIn")
                            .contains("acknowledgingUnlistedAccountsMayLoseAccess()").contains("Nothing was changed");
                });
        assertThatThrownBy(() -> cmk().key(key).revoke(declared)).isInstanceOf(UnsafeOperationException.class);
        assertThatThrownBy(() -> cmk().storageAccount(pinned).revokeKeyAccess(Set.of(pinned), declared))
                .isInstanceOf(UnsafeOperationException.class);
        assertThat(azure.calls().snapshot()).isEmpty();
        assertThatThrownBy(() -> Dependents.declared(List.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("discoveredIn");
        assertThatThrownBy(Dependents::discoveredIn).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void discoveredDependents_includeAnAccountNobodyListed_soItIsMovedAndNeverLockedOut() {
        configure();
        StorageAccountId stranger = account("strangerdata");
        cmk().storageAccount(stranger).useCustomerManagedKey(v1).apply();
        KeyRotation rotation = cmk().key(key).rotation(Dependents.discoveredIn(subscription), retire);
        rotation.run();
        azure.clock().advance(Duration.ofHours(25));
        RotationStatus s = rotation.run();
        assertThat(s.state()).isEqualTo(RotationState.COMPLETED);
        assertThat(s.dependentsSource()).contains("discovered in");
        assertThat(azure).account(stranger).isPinnedTo(v(1)).isAccessible();
        assertThat(azure).key(key).hasDisabledVersion(v(0));
    }

    @Test
    void aDeclaredList_sparesTheVersionAnUnlistedAccountUses_saysSo_andNeverLocksItOut() {
        configure();
        StorageAccountId stranger = account("strangerdata");
        cmk().storageAccount(stranger).useCustomerManagedKey(v1).apply();
        Dependents declared = Dependents.declared(List.of(pinned, auto)).acknowledgingUnlistedAccountsMayLoseAccess();
        KeyRotation rotation = cmk().key(key).rotation(declared, retire);
        rotation.run();
        azure.clock().advance(Duration.ofHours(25));
        RotationStatus s = rotation.run();
        assertThat(s.dependentsSource()).contains("2 declared, not discovered");
        assertThat(s.toString()).contains("declared, not discovered");
        assertThat(s.state()).isEqualTo(RotationState.RETIRING);
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains(v(0)).contains("strangerdata"));
        assertThat(azure).key(key).hasEnabledVersion(v(0));
        assertThat(azure).account(stranger).isPinnedTo(v(0)).isAccessible();
        // once the stranger moves, the next run retires
        cmk().storageAccount(stranger).useCustomerManagedKey(key).apply();
        assertThat(rotation.run().state()).isEqualTo(RotationState.COMPLETED);
        assertThat(azure).key(key).hasDisabledVersion(v(0));
        assertThat(azure).account(stranger).isAccessible();
    }

    @Test
    void keyWideRevoke_countsUnlistedAccountsInTheDeclaredAccountsSubscription_andDiscoveredOnes() {
        configure();
        StorageAccountId stranger = account("strangerdata");
        cmk().storageAccount(stranger).useCustomerManagedKey(v1).apply();
        RevocationPlan declared = cmk().key(key).revoke(Dependents.declared(List.of(pinned))
                .acknowledgingUnlistedAccountsMayLoseAccess());
        assertThat(declared.blastRadius()).containsExactlyInAnyOrder(pinned, auto, stranger);
        assertThat(declared.toString()).contains("declared, not discovered");
        RevocationPlan discovered = cmk().key(key).revoke(Dependents.discoveredIn(subscription));
        assertThat(discovered.blastRadius()).containsExactlyInAnyOrder(pinned, auto, stranger);
        // an account that starts using the key after the plan makes the execution refuse (re-confirmed)
        StorageAccountId late = account("latedata");
        cmk().storageAccount(late).useCustomerManagedKey(key).apply();
        assertThatThrownBy(() -> discovered.apply(discovered.blastRadius()))
                .isInstanceOf(UnsafeOperationException.class).hasMessageContaining("latedata");
        assertThat(azure).account(late).isAccessible();
    }

    @Test
    void listenersOnTheBuilder_hearEveryRotation() {
        configure();
        List<RotationEvent> heard = new ArrayList<>();
        CustomerManagedKeys withListener = CustomerManagedKeys.builder().keyVaults(azure.keyVaults())
                .storageAccounts(azure.storageAccounts()).clock(azure.clock()).rotationListener(heard::add)
                .rotationListener(e -> {
                    throw new IllegalStateException("a broken listener");
                }).build();
        withListener.key(key).rotation("r", Dependents.discoveredIn(subscription), retire).run();
        azure.clock().advance(Duration.ofHours(25));
        withListener.key(key).rotation("r", Dependents.discoveredIn(subscription), retire).run();
        assertThat(heard).extracting(RotationEvent::kind).containsOnly(RotationEvent.Kind.TRANSITION);
        assertThat(heard).extracting(RotationEvent::to).contains(RotationState.VERSION_CREATED,
                RotationState.PROPAGATING, RotationState.COMPLETED);
    }

    @Test
    @SuppressWarnings("deprecation")
    void deprecatedSetters_changeThisHandle_andARefusedValueChangesNothing() {
        KeyRotation base = cmk().key(key).rotation("r", Dependents.discoveredIn(subscription),
                RotationOptions.ofDefaults());
        KeyRotation retiring = base.retireOldVersions(true);
        assertThat(retiring).isSameAs(base);
        assertThat(base.options().retireOldVersions()).isTrue();
        RotationOptions before = base.options();
        assertThatThrownBy(() -> base.pickupWindow(Duration.ZERO, Duration.ZERO))
                .isInstanceOf(InvalidInputException.class);
        assertThat(base.options()).isEqualTo(before);
    }

    @Test
    void options_areValidatedWhenSet_andCopied() {
        assertThatThrownBy(() -> RotationOptions.custom().maxSteps(0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1 to 1000");
        assertThatThrownBy(() -> RotationOptions.custom().minimumInterval(Duration.ofDays(-1)))
                .isInstanceOf(InvalidInputException.class);
        RotationOptions o = RotationOptions.custom().retireOldVersions(true).maxSteps(3).build();
        assertThat(RotationOptions.from(o).build()).isEqualTo(o);
        assertThat(RotationOptions.ofDefaults().retireOldVersions()).isFalse();
        assertThat(RotationOptions.ofDefaults().maxSteps()).isEqualTo(10);
        assertThat(RotationOptions.ofDefaults().minimumInterval()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void eachStep_listsTheKeyVersionsOnce() {
        configure();
        KeyRotation rotation = cmk().key(key).rotation("r", Dependents.discoveredIn(subscription), retire);
        for (int i = 0; i < 3; i++) {
            azure.calls().reset();
            rotation.advance();
            assertThat(azure.calls().count("keyVault.listVersions")).as("step " + i).isEqualTo(1);
        }
        azure.clock().advance(Duration.ofHours(26));
        azure.calls().reset();
        assertThat(rotation.advance().state()).isEqualTo(RotationState.COMPLETED);
        assertThat(azure.calls().count("keyVault.listVersions")).isEqualTo(1);
    }

    @Test
    void perAccountRevoke_countsAnUnlistedAccountSharingTheGrant_foundInTheSubscription() {
        String uai = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
                + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/shared";
        StorageAccountId a = azure.account("shareda").userAssignedIdentity(uai).create();
        StorageAccountId b = azure.account("sharedb").userAssignedIdentity(uai).create();
        ManagedIdentity shared = ManagedIdentity.userAssigned(uai);
        cmk().storageAccount(a).useCustomerManagedKey(key).identity(shared).grantKeyAccess().apply();
        cmk().storageAccount(b).useCustomerManagedKey(key).identity(shared).grantKeyAccess().apply();

        Dependents onlyA = Dependents.declared(List.of(a)).acknowledgingUnlistedAccountsMayLoseAccess();
        assertThatThrownBy(() -> cmk().storageAccount(a).revokeKeyAccess(Set.of(a), onlyA))
                .isInstanceOf(UnsafeOperationException.class).hasMessageContaining("sharedb");
        assertThatThrownBy(() -> cmk().storageAccount(a).revokeKeyAccess(Set.of(a),
                Dependents.discoveredIn(subscription))).isInstanceOf(UnsafeOperationException.class)
                .hasMessageContaining("sharedb");
        assertThat(azure).account(b).isAccessible();
        cmk().storageAccount(a).revokeKeyAccess(Set.of(a, b), Dependents.discoveredIn(subscription));
        assertThat(azure.dataPlane(a).isAccessible()).isFalse();
        assertThat(azure.dataPlane(b).isAccessible()).isFalse();
    }

    @Test
    void oneHandleSharedByThreads_createsOneVersion_andEndsInOneState() throws Exception {
        configure();
        KeyRotation shared = cmk().key(key).rotation(Dependents.discoveredIn(subscription), retire);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<RotationStatus>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(pool.submit(() -> {
                start.await();
                return shared.run();
            }));
        }
        start.countDown();
        for (var f : runs) {
            assertThat(f.get().state()).isEqualTo(RotationState.PROPAGATING);
        }
        pool.shutdown();
        assertThat(azure).key(key).hasVersionCount(2);
        assertThat(azure).account(pinned).isPinnedTo(v(1));
    }
}
