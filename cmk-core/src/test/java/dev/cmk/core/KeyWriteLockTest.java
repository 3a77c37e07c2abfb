package dev.cmk.core;

import static dev.cmk.testkit.AzureAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.ApplyFailedException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import dev.cmk.api.RotationPolicy;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.KeyVersionSummary;
import dev.cmk.api.spi.KeyVersionUpdate;
import dev.cmk.api.spi.NewKeyVersion;
import dev.cmk.api.spi.VaultInfo;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.core.rotation.RotationOptions;
import dev.cmk.core.rotation.RotationState;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Every write in this JVM that can disable a key version or point an account at one takes the key's lock, so a
 * rotation, a revoke, a restore and a configure never interleave their re-check and their writes.
 */
class KeyWriteLockTest {
    private static final long RACE_WINDOW_MS = 200;
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final URI vault = azure.vault("contoso").create();
    private final KeyReference v1 = azure.key(vault, "storage-cmk").create();
    private final KeyReference key = v1.versionless();
    private final StorageAccountId pinned = account("pinneddata");
    /** Runs once, right before the first disabling version update is sent, while the writer holds its lock. */
    private final AtomicReference<Runnable> beforeDisable = new AtomicReference<>();

    private StorageAccountId account(String name) {
        StorageAccountId id = azure.account(name).systemAssignedIdentity().create();
        azure.grantAccess(v1, azure.systemPrincipal(id));
        return id;
    }

    /** A CustomerManagedKeys whose key port runs {@link #beforeDisable} once before a version is disabled. */
    private CustomerManagedKeys hooked() {
        KeyVaultProvider raw = azure.keyVaults();
        KeyVaultProvider hooked = new KeyVaultProvider() {
            @Override
            public KeyVersionProperties getKey(KeyReference k) {
                return raw.getKey(k);
            }

            @Override
            public List<KeyVersionSummary> listVersions(KeyReference k) {
                return raw.listVersions(k);
            }

            @Override
            public KeyVersionProperties createVersion(KeyReference k, NewKeyVersion spec) {
                return raw.createVersion(k, spec);
            }

            @Override
            public KeyVersionProperties updateVersion(KeyReference version, KeyVersionUpdate update) {
                if (update.enabled().equals(Optional.of(false))) {
                    Runnable r = beforeDisable.getAndSet(null);
                    if (r != null) {
                        r.run();
                    }
                }
                return raw.updateVersion(version, update);
            }

            @Override
            public Optional<RotationPolicy> getRotationPolicy(KeyReference k) {
                return raw.getRotationPolicy(k);
            }

            @Override
            public RotationPolicy setRotationPolicy(KeyReference k, RotationPolicy policy) {
                return raw.setRotationPolicy(k, policy);
            }

            @Override
            public Optional<VaultInfo> describeVault(KeyReference k) {
                return raw.describeVault(k);
            }
        };
        return CustomerManagedKeys.builder().keyVaults(hooked).storageAccounts(azure.storageAccounts())
                .keyAccess(azure.keyAccess()).clock(azure.clock()).build();
    }

    private CustomerManagedKeys plain() {
        return CustomerManagedKeys.builder().keyVaults(azure.keyVaults()).storageAccounts(azure.storageAccounts())
                .keyAccess(azure.keyAccess()).clock(azure.clock()).build();
    }

    /** Starts {@code other} in another thread and gives it the race window to finish (it may not: the lock). */
    private static CompletableFuture<Void> raceWith(Runnable other) {
        CompletableFuture<Void> f = CompletableFuture.runAsync(other);
        try {
            f.get(RACE_WINDOW_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // blocked by the key's lock, as it should be
        } catch (Exception e) {
            // its own failure is examined by the test
        }
        return f;
    }

    private Dependents declared() {
        return Dependents.declared(List.of(pinned)).acknowledgingUnlistedAccountsMayLoseAccess();
    }

    @Test
    void aPinnedPlanOvertakenByARevokeInThisJvm_rereadsTheVersion_andRefusesBeforeWriting() {
        StorageAccountId other = account("otherdata");
        CustomerManagedKeys cmk = CustomerManagedKeys.builder().keyVaults(azure.keyVaults())
                .storageAccounts(azure.storageAccounts()).keyAccess(azure.keyAccess()).clock(azure.clock()).build();
        EncryptionPlan plan = cmk.storageAccount(other).useCustomerManagedKey(key)
                .versionPolicy(dev.cmk.api.VersionPolicy.pinned(v1.version().orElseThrow())).plan();
        assertThat(plan.isApplicable()).isTrue();
        // planned, then a key-wide revoke in this process disables v1 (no account uses the key yet)
        cmk.key(key).revoke(Dependents.discoveredIn(dev.cmk.api.spi.Scope.subscription(
                InMemoryAzure.DEFAULT_SUBSCRIPTION))).apply(java.util.Set.of());
        azure.calls().reset();
        assertThatThrownBy(plan::apply).isInstanceOf(dev.cmk.api.UnsafeOperationException.class)
                .hasMessageContaining(v1.version().orElseThrow()).hasMessageContaining("nothing was written");
        assertThat(azure.calls().count(dev.cmk.testkit.Operation.STORAGE_UPDATE_ENCRYPTION)).isZero();
        assertThat(azure.inspect().account(other).encryption().isCustomerManaged()).isFalse();
    }

    @Test
    void aListenerThatWritesToTheKeyOnAnotherThread_doesNotDeadlockTheRotationThatToldIt() throws Exception {
        StorageAccountId other = account("otherdata");
        CustomerManagedKeys cmk = CustomerManagedKeys.builder().keyVaults(azure.keyVaults())
                .storageAccounts(azure.storageAccounts()).keyAccess(azure.keyAccess()).clock(azure.clock()).build();
        cmk.storageAccount(pinned).useCustomerManagedKey(key).versionPolicy(
                dev.cmk.api.VersionPolicy.pinned(v1.version().orElseThrow())).apply();
        AtomicReference<Throwable> inListener = new AtomicReference<>();
        var rotation = cmk.key(key).rotation("q1", Dependents.declared(List.of(pinned))
                .acknowledgingUnlistedAccountsMayLoseAccess(), RotationOptions.ofDefaults());
        rotation.onTransition(e -> {
            // a listener that configures another account on the same key and waits for it, on another thread
            try {
                CompletableFuture.runAsync(() -> cmk.storageAccount(other).useCustomerManagedKey(key).apply())
                        .get(5, TimeUnit.SECONDS);
            } catch (Exception ex) {
                inListener.compareAndSet(null, ex);
            }
        });
        CompletableFuture<Void> step = CompletableFuture.runAsync(rotation::advance);
        step.get(20, TimeUnit.SECONDS);
        assertThat(inListener.get()).as("the listener's write finished (a listener under the key's lock would wait "
                + "for itself)").isNull();
        assertThat(azure.inspect().account(other).encryption().isCustomerManaged()).isTrue();
    }

    @Test
    void aRotationInThisJvm_cannotCreateAVersionBetweenARevokesReReadAndItsWrites() {
        plain().storageAccount(pinned).useCustomerManagedKey(key).apply();
        RevocationPlan plan = hooked().key(key).revoke(declared());
        AtomicReference<CompletableFuture<Void>> rotation = new AtomicReference<>();
        beforeDisable.set(() -> rotation.set(raceWith(() -> plain().key(key)
                .rotation("during-revoke", declared(), RotationOptions.custom().force(true).build()).advance())));

        plan.apply(plan.blastRadius());

        assertThat(rotation.get()).as("the rotation waited for the revoke and was then refused")
                .failsWithin(Duration.ofSeconds(5));
        assertThat(azure.peekVersions(key)).as("no version is left enabled by the revoke")
                .noneMatch(KeyVersionProperties::enabled);
    }

    @Test
    void aVersionCreatedDuringARevokesWrites_outsideItsLock_failsTheRevokesVerification() {
        plain().storageAccount(pinned).useCustomerManagedKey(key).apply();
        RevocationPlan plan = hooked().key(key).revoke(declared());
        AtomicReference<String> created = new AtomicReference<>();
        beforeDisable.set(() -> created.set(azure.keyVaults().createVersion(key, new NewKeyVersion(
                azure.peekVersions(key).get(0).keyType(), azure.peekVersions(key).get(0).keySize(),
                azure.peekVersions(key).get(0).operations(), Optional.empty(), java.util.Map.of())).version()));

        assertThatThrownBy(() -> plan.apply(plan.blastRadius()))
                .isInstanceOfSatisfying(ApplyFailedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION_FAILED))
                .hasMessageContaining(created.get()).hasMessageContaining("revoke again");
    }

    @Test
    void aConfigureInThisJvm_cannotPinAnAccountToAVersionBetweenARetiresReCheckAndTheDisable() {
        plain().storageAccount(pinned).useCustomerManagedKey(v1).apply();
        var rotation = hooked().key(key).rotation("r", declared(),
                RotationOptions.custom().retireOldVersions(true).build());
        rotation.run();
        azure.clock().advance(Duration.ofHours(25));
        String old = v1.version().orElseThrow();
        AtomicReference<CompletableFuture<Void>> configure = new AtomicReference<>();
        beforeDisable.set(() -> configure.set(raceWith(() -> plain().storageAccount(pinned)
                .useCustomerManagedKey(v1).apply())));

        assertThat(rotation.run().state()).isEqualTo(RotationState.COMPLETED);

        assertThat(configure.get()).as("the configure waited for the retire; Azure then refused the disabled version")
                .failsWithin(Duration.ofSeconds(5));
        assertThat(azure).key(key).hasDisabledVersion(old);
        assertThat(azure).account(pinned).isAccessible();
    }

    @Test
    void anAccountCreationInThisJvm_cannotPinANewAccountToAVersionBetweenARetiresReCheckAndTheDisable() {
        String uai = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION + "/resourceGroups/rg-id/providers/"
                + "Microsoft.ManagedIdentity/userAssignedIdentities/new-uai";
        azure.grantAccess(v1, azure.createUserAssignedIdentity(uai));
        StorageAccountId created = StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-new", "createddata");
        plain().storageAccount(pinned).useCustomerManagedKey(v1).apply();
        var rotation = hooked().key(key).rotation("r", declared(),
                RotationOptions.custom().retireOldVersions(true).build());
        rotation.run();
        azure.clock().advance(Duration.ofHours(25));
        String old = v1.version().orElseThrow();
        AccountCreationPlan creation = plain().newStorageAccount(created).location("westeurope")
                .identity(dev.cmk.api.ManagedIdentity.userAssigned(uai)).useCustomerManagedKey(v1)
                .accountScopedKeysForQueuesAndTables().plan();
        assertThat(creation.isApplicable()).as(creation.toString()).isTrue();
        AtomicReference<CompletableFuture<Void>> create = new AtomicReference<>();
        beforeDisable.set(() -> create.set(raceWith(creation::apply)));

        assertThat(rotation.run().state()).isEqualTo(RotationState.COMPLETED);

        assertThat(create.get()).as("the creation waited for the retire; Azure then refused the disabled version")
                .failsWithin(Duration.ofSeconds(5));
        assertThat(azure).key(key).hasDisabledVersion(old);
        assertThat(azure.accountIds()).as("no account was created on the disabled version").doesNotContain(created);
    }
}
