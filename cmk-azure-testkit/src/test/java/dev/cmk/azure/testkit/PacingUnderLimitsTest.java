package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.ThrottledException;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.Scope;
import dev.cmk.azure.AzureProviders;
import dev.cmk.azure.PacingSettings;
import dev.cmk.azure.RateLimit;
import dev.cmk.azure.RetrySettings;
import dev.cmk.testkit.InMemoryAzure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The adapter's pacing, proven against the wire fake's enforced limits on the virtual clock: the same limits on
 * both sides, and not one request answered 429.
 */
class PacingUnderLimitsTest {
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final KeyReference key = azure.key(azure.vault("contoso").create(), "storage-cmk").create();
    private final Instant start = azure.clock().instant();

    private List<StorageAccountId> accounts(int n, String region) {
        List<StorageAccountId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(azure.account(String.format("%s%04d", region.substring(0, 4), i)).location(region).create());
        }
        return ids;
    }

    @Test
    void readsOfAccountsNotYetSeen_countInTheirRegionBucket_soRereadsAreNotThrottled() {
        // small windows, the same on both sides, so the test reaches them quickly
        WireLimits limits = WireLimits.azure().withStorageReads(20, Duration.ofMinutes(5));
        AzureProviders p = WireFake.over(azure).enforceLimits(limits).adapter().retry(RetrySettings.none())
                .pacing(PacingSettings.defaults().withStorageReads(RateLimit.of(20, Duration.ofMinutes(5))))
                .buildProviders();
        List<StorageAccountId> west = accounts(15, "westeurope");
        for (StorageAccountId id : west) {
            p.storageAccounts().get(id); // region unknown until answered
        }
        for (StorageAccountId id : west) {
            p.storageAccounts().get(id); // region known: its bucket must already hold the first 15
        }
        assertThat(limits.throttled()).isZero();
        // 30 reads at 20 per 5 minutes: the 21st waited for the 1st to leave the window
        assertThat(Duration.between(start, azure.clock().instant())).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aFleetOfWritesOverTwoRegions_isPacedAtTheLimit_withNoThrottling() {
        WireLimits limits = WireLimits.azure();
        AzureProviders p = WireFake.over(azure).enforceLimits(limits).adapter().retry(RetrySettings.none())
                .pacing(PacingSettings.defaults()).buildProviders();
        List<StorageAccountId> all = new ArrayList<>(accounts(40, "westeurope"));
        all.addAll(accounts(40, "northeurope"));
        p.storageAccounts().list(Scope.subscription(InMemoryAzure.DEFAULT_SUBSCRIPTION)); // learns the regions
        Instant afterList = azure.clock().instant();
        for (StorageAccountId id : all) {
            p.storageAccounts().updateEncryption(id, EncryptionUpdate.microsoftManaged());
        }
        assertThat(limits.throttled()).isZero();
        // 40 writes per region at 10 per second, regions one after the other on one thread: 3 s + 3 s waited
        assertThat(Duration.between(afterList, azure.clock().instant())).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void aRotationOverAPinnedFleet_throughCustomerManagedKeys_isNeverThrottled() {
        // small limits on both sides, so that reads and writes both hit them within the test
        WireLimits limits = WireLimits.azure().withStorageReads(50, Duration.ofMinutes(5))
                .withStorageWrites(5, Duration.ofSeconds(1));
        dev.cmk.core.CustomerManagedKeys cmk = WireFake.over(azure).enforceLimits(limits).adapter()
                .retry(RetrySettings.none()).pacing(PacingSettings.defaults()
                        .withStorageReads(RateLimit.of(50, Duration.ofMinutes(5)))
                        .withStorageWrites(RateLimit.of(5, Duration.ofSeconds(1)))).build();
        List<StorageAccountId> fleet = new ArrayList<>();
        for (String region : List.of("westeurope", "eastus")) {
            for (int i = 0; i < 30; i++) {
                StorageAccountId id = azure.account(String.format("%s%04d", region.substring(0, 4), i))
                        .location(region).systemAssignedIdentity().create();
                azure.grantAccess(key, azure.systemPrincipal(id));
                azure.storageAccounts().updateEncryption(id, EncryptionUpdate.customerManaged(key,
                        dev.cmk.api.VersionPolicy.pinned(key.version().orElseThrow()),
                        dev.cmk.api.ManagedIdentity.systemAssigned()));
                fleet.add(id);
            }
        }
        // One region at a time: on the shared virtual clock, one region's waits move the other region's time between
        // its pacer's admission and the fake's arrival, so the two sides' windows would disagree and the fake
        // throttles (parallel regions are paced on per-thread virtual time in the benchmarks; ParallelPinnedMovesTest
        // covers them).
        dev.cmk.core.rotation.KeyRotation rotation = cmk.key(key.versionless()).rotation("paced",
                dev.cmk.core.rotation.Dependents.declared(fleet).acknowledgingUnlistedAccountsMayLoseAccess(),
                dev.cmk.core.rotation.RotationOptions.custom()
                        .retireOldVersions(false).parallelRegions(1).build());
        dev.cmk.core.rotation.RotationStatus status = rotation.run();
        assertThat(limits.throttled()).isZero();
        assertThat(status.state()).isEqualTo(dev.cmk.core.rotation.RotationState.COMPLETED);
        String newest = azure.inspect().versions(key).get(1).version();
        assertThat(fleet).allSatisfy(id -> assertThat(azure.inspect().account(id).encryption()
                .currentVersionedKey()).hasValueSatisfying(k -> assertThat(k.version()).contains(newest)));
        // dependents are read from list pages (a few per step), so the read window (50 per 5 min here) no longer
        // bounds the time: the writes do, 30 per region at 5 per second (at least 5 s), far below one read window
        assertThat(azure.clock().instant()).isAfterOrEqualTo(start.plus(Duration.ofSeconds(5)))
                .isBefore(start.plus(Duration.ofMinutes(5)));
    }

    @Test
    void listPages_arePacedAtTheListLimit() {
        WireLimits limits = WireLimits.azure();
        WireFake fake = WireFake.over(azure).enforceLimits(limits).pageSize(1);
        AzureProviders p = fake.adapter().retry(RetrySettings.none()).pacing(PacingSettings.defaults()
                .withStorageLists(RateLimit.of(100, Duration.ofMinutes(5)))).buildProviders();
        accounts(150, "westeurope");
        assertThat(p.storageAccounts().list(Scope.subscription(InMemoryAzure.DEFAULT_SUBSCRIPTION))).hasSize(150);
        assertThat(limits.throttled()).isZero();
        assertThat(fake.requests().count("GET storageAccounts")).isEqualTo(150);
        assertThat(Duration.between(start, azure.clock().instant())).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aWaitLongerThanTheBound_isRefusedWithATypedError_beforeAnythingIsSent() {
        WireFake fake = WireFake.over(azure).enforceLimits(WireLimits.azure());
        AzureProviders p = fake.adapter().retry(RetrySettings.none()).pacing(PacingSettings.defaults()
                .withStorageWrites(RateLimit.of(1, Duration.ofHours(1))).withMaxWait(Duration.ofMinutes(10)))
                .buildProviders();
        StorageAccountId id = accounts(1, "westeurope").get(0);
        p.storageAccounts().get(id);
        p.storageAccounts().updateEncryption(id, EncryptionUpdate.microsoftManaged());
        long patches = fake.requests().count("PATCH storageAccount");
        assertThatThrownBy(() -> p.storageAccounts().updateEncryption(id, EncryptionUpdate.microsoftManaged()))
                .isInstanceOfSatisfying(ThrottledException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.THROTTLED);
                    assertThat(e.getMessage()).contains("storage-write").contains("PacingSettings.withMaxWait");
                    assertThat(e.retryAfter()).hasValueSatisfying(w -> assertThat(w).isGreaterThan(
                            Duration.ofMinutes(10)));
                });
        assertThat(fake.requests().count("PATCH storageAccount")).isEqualTo(patches);
        // nothing was reserved: after the hour the next write goes at once
        azure.clock().advance(Duration.ofHours(1));
        Instant before = azure.clock().instant();
        p.storageAccounts().updateEncryption(id, EncryptionUpdate.microsoftManaged());
        assertThat(azure.clock().instant()).isEqualTo(before);
        assertThatThrownBy(() -> PacingSettings.defaults().withMaxWait(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWait");
    }

    @Test
    void keyVaultThrottling_withRetryAfterZero_backsOffInsteadOfHammering() {
        WireLimits limits = WireLimits.azure().withVault(3, 20, Duration.ofSeconds(10));
        AzureProviders p = WireFake.over(azure).enforceLimits(limits).adapter().retry(RetrySettings.defaults())
                .pacing(PacingSettings.unlimited()).buildProviders();
        for (int i = 0; i < 4; i++) {
            p.keyVaults().getKey(key);
        }
        assertThat(limits.throttled()).isPositive().isLessThan(5);
        assertThat(azure.clock().instant()).isAfter(start.plusSeconds(1));
    }

    @Test
    void vaultCallsPacedPerVault_stayUnderTheVaultLimit() {
        WireLimits limits = WireLimits.azure().withVault(50, 20, Duration.ofSeconds(10));
        AzureProviders p = WireFake.over(azure).enforceLimits(limits).adapter().retry(RetrySettings.none())
                .pacing(PacingSettings.defaults().withVaultCalls(RateLimit.of(50, Duration.ofSeconds(10))))
                .buildProviders();
        for (int i = 0; i < 120; i++) {
            p.keyVaults().getKey(key);
        }
        assertThat(limits.throttled()).isZero();
        assertThat(Duration.between(start, azure.clock().instant())).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void roleAssignmentChecks_arePacedInArmsReadBucket() {
        WireLimits limits = WireLimits.azure();
        AzureProviders p = WireFake.over(azure).enforceLimits(limits).adapter().retry(RetrySettings.none())
                .pacing(PacingSettings.defaults()).buildProviders();
        for (int i = 0; i < 600; i++) {
            p.keyAccess().permissions(key, "00000000-0000-0000-0000-" + String.format("%012d", i));
        }
        assertThat(limits.throttled()).isZero();
        assertThat(azure.clock().instant()).isAfter(start.plusSeconds(10));
    }
}
