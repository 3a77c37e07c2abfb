package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.management.AzureEnvironment;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.azure.AzureResourceGraphFinder;
import dev.cmk.azure.PacingSettings;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The Resource Graph finder's queries go through cmk's call runner: paced in the ARM read bucket, retried after a
 * 429 as its {@code Retry-After} asks (on the virtual clock), and counted by Azure as reads, not writes.
 */
class ResourceGraphFinderPacingTest {
    static final String SUB = InMemoryAzure.DEFAULT_SUBSCRIPTION;
    final InMemoryAzure azure = InMemoryAzure.create();
    final WireFake fake = WireFake.over(azure);
    final URI vault = azure.vault("contoso").create();
    final KeyReference key = azure.key(vault, "storage-cmk").create().versionless();
    final WireLimits limits = WireLimits.azure();

    void accountsOnTheKey(int n) {
        for (int i = 0; i < n; i++) {
            StorageAccountId id = azure.account(StorageAccountId.of(SUB, "rg-data", String.format("acct%05d", i)))
                    .systemAssignedIdentity().create();
            azure.grantAccess(key, azure.systemPrincipal(id));
            azure.storageAccounts().updateEncryption(id, EncryptionUpdate.customerManaged(key,
                    VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned()));
        }
        fake.enforceLimits(limits);
    }

    /** One query per account: page size 1. */
    AzureResourceGraphFinder.Builder finder() {
        return AzureResourceGraphFinder.builder().credential(WireFake.credential())
                .profile(WireFake.profile(AzureEnvironment.AZURE)).httpClient(fake).pageSize(1)
                .clock(azure.clock()).sleeper(azure.clock()::advance);
    }

    @Test
    void aQueryIsARead_notAnArmWrite() {
        accountsOnTheKey(210); // more than the ARM write bucket (200), fewer than the read bucket (250)
        Instant start = azure.clock().instant();

        assertThat(finder().pacing(PacingSettings.unlimited()).build().candidates(key)).hasSize(210);

        assertThat(limits.throttled()).as(limits.throttledByKind().toString()).isZero();
        assertThat(azure.clock().instant()).isEqualTo(start);
    }

    @Test
    void queriesArePacedInTheArmReadBucket_soNoneIsThrottled() {
        accountsOnTheKey(300);
        Instant start = azure.clock().instant();

        assertThat(finder().build().candidates(key)).hasSize(300);

        assertThat(limits.throttled()).as(limits.throttledByKind().toString()).isZero();
        assertThat(Duration.between(start, azure.clock().instant())).as("paced: 250 reads per 10 s")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aThrottledQuery_isRetriedAfterItsRetryAfter() {
        accountsOnTheKey(300);
        Instant start = azure.clock().instant();

        assertThat(finder().pacing(PacingSettings.unlimited()).build().candidates(key)).hasSize(300);

        assertThat(limits.throttledByKind()).containsOnlyKeys("arm-read");
        assertThat(Duration.between(start, azure.clock().instant())).as("waited as Retry-After asked")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
}
