package dev.cmk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Storage's pickup scheduled by time, the bounded history and the inspection accessor. */
class StoragePickupTest {
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final URI vault = azure.vault("contoso").create();
    private final KeyReference v1 = azure.key(vault, "k").create();

    private StorageAccountId autoAccount(String name) {
        StorageAccountId id = azure.account(name).systemAssignedIdentity().create();
        azure.grantAccess(v1, azure.systemPrincipal(id));
        azure.storageAccounts().updateEncryption(id, EncryptionUpdate.customerManaged(v1, VersionPolicy.autoUpdate(),
                ManagedIdentity.systemAssigned()));
        return id;
    }

    @Test
    void eachAccountPicksUpAtItsOwnDailyCheck_inTimeOrder() {
        List<StorageAccountId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(autoAccount("acct" + i));
            azure.clock().advance(Duration.ofHours(1)); // account i checks at 24h + i h
        }
        KeyReference v2 = azure.key(vault, "k").create(); // at 5h
        azure.clock().set(Instant.parse("2026-01-02T02:30:00Z"));
        for (int i = 0; i < 5; i++) {
            assertThat(azure.inspect().account(ids.get(i)).encryption().currentVersionedKey())
                    .as("account %d", i).contains(i <= 2 ? v2 : v1);
        }
        azure.clock().advance(Duration.ofHours(3));
        azure.inspect().account(ids.get(4));
        assertThat(azure.inspect().history()).filteredOn(e -> e.operation().equals("storage.pickup"))
                .extracting(InMemoryAzure.AzureEvent::at).isSorted().hasSize(5);
    }

    @Test
    void aRescheduledOrPinnedAccount_isNotPickedUpByItsOldCheck() {
        StorageAccountId moved = autoAccount("moved");
        StorageAccountId pinned = autoAccount("pinned");
        azure.clock().advance(Duration.ofHours(12));
        // re-writing auto-update restarts the day; pinning cancels the pickup
        azure.storageAccounts().updateEncryption(moved, EncryptionUpdate.customerManaged(v1,
                VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned()));
        azure.storageAccounts().updateEncryption(pinned, EncryptionUpdate.customerManaged(v1,
                VersionPolicy.pinned(v1.version().orElseThrow()), ManagedIdentity.systemAssigned()));
        KeyReference v2 = azure.key(vault, "k").create();
        azure.clock().advance(Duration.ofHours(13)); // 25 h: the first check of both is past
        assertThat(azure.inspect().account(moved).encryption().currentVersionedKey()).contains(v1);
        assertThat(azure.inspect().account(pinned).encryption().currentVersionedKey()).contains(v1);
        azure.clock().advance(Duration.ofHours(11)); // 36 h: moved's restarted day is over
        assertThat(azure.inspect().account(moved).encryption().currentVersionedKey()).contains(v2);
        assertThat(azure.inspect().account(pinned).encryption().currentVersionedKey()).contains(v1);
    }

    @Test
    void manyDaysPassing_runEveryMissedCheck_andKeepOneLiveEntryPerAccount() {
        StorageAccountId id = autoAccount("slow");
        azure.pickupInterval(Duration.ofHours(1));
        azure.clock().advance(Duration.ofDays(3)); // first check at 24 h, then hourly
        azure.storageAccounts().get(id); // runs the 49 checks due so far
        KeyReference v2 = azure.key(vault, "k").create();
        azure.clock().advance(Duration.ofMinutes(61)); // the check at 72 h ran before v2; the next is at 73 h
        assertThat(azure.inspect().account(id).encryption().currentVersionedKey()).contains(v2);
        assertThat(azure.inspect().account(id).encryption().lastKeyRotation())
                .contains(Instant.parse("2026-01-04T01:00:00Z"));
        assertThat(azure.state.pickup.queued()).isEqualTo(1);
    }

    @Test
    void aFleetOfAccounts_onlyDueChecksRun() {
        for (int i = 0; i < 2_000; i++) {
            autoAccount(String.format("fleet%05d", i));
        }
        azure.key(vault, "k").create();
        azure.clock().advance(Duration.ofHours(23));
        azure.storageAccounts().get(azure.inspect().accountIds().get(0));
        assertThat(azure.inspect().history()).noneMatch(e -> e.operation().equals("storage.pickup"));
        azure.clock().advance(Duration.ofHours(1));
        azure.storageAccounts().get(azure.inspect().accountIds().get(0));
        assertThat(azure.inspect().history()).filteredOn(e -> e.operation().equals("storage.pickup")).hasSize(2_000);
        assertThat(azure.inspect().accountCount()).isEqualTo(2_000);
    }

    @Test
    void history_isBoundedByDefault_andCanBeTurnedOff() {
        for (int i = 0; i < 10_001; i++) {
            azure.setEnabledOutOfBand(v1, true);
        }
        assertThat(azure.inspect().history()).hasSize(10_000);
        assertThat(azure.inspect().historyDropped()).isEqualTo(1);
        azure.historyLimit(3);
        for (int i = 0; i < 5; i++) {
            azure.setEnabledOutOfBand(v1, i % 2 == 0);
        }
        assertThat(azure.inspect().history()).hasSize(3).extracting(InMemoryAzure.AzureEvent::detail)
                .containsExactly("enabled=true", "enabled=false", "enabled=true");
        assertThat(azure.inspect().historyDropped()).isEqualTo(1 + 9_997 + 5);
        azure.historyLimit(0);
        azure.setEnabledOutOfBand(v1, true);
        assertThat(azure.inspect().history()).isEmpty();
        assertThat(azure.inspect().historyDropped()).isEqualTo(1 + 9_997 + 5 + 3 + 1);
        assertThatThrownBy(() -> azure.historyLimit(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @SuppressWarnings("deprecation")
    void deprecatedInspectionMethods_answerAsInspect() {
        StorageAccountId id = autoAccount("old");
        assertThat(azure.peek(id)).isEqualTo(azure.inspect().account(id));
        assertThat(azure.peekVersions(v1)).isEqualTo(azure.inspect().versions(v1));
        assertThat(azure.accountIds()).isEqualTo(azure.inspect().accountIds());
        assertThat(azure.vaults()).isEqualTo(azure.inspect().vaults()).containsExactly(vault);
        assertThat(azure.keyNames(vault)).isEqualTo(azure.inspect().keyNames(vault)).containsExactly("k");
        assertThat(azure.history()).isEqualTo(azure.inspect().history());
    }
}
