package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.AzureEnvironment;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.azure.AzureResourceGraphFinder;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.core.rotation.KeyRotation;
import dev.cmk.core.rotation.RotationOptions;
import dev.cmk.core.rotation.RotationState;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Dependents found by Azure Resource Graph through the real SDK over {@link WireFake}: candidates across
 * subscriptions and management groups, one query per page; and, with the index made stale, a rotation that acts only
 * on what the Storage resource provider confirms.
 */
class ResourceGraphFinderTest {
    static final String SUB1 = InMemoryAzure.DEFAULT_SUBSCRIPTION;
    static final String SUB2 = "22222222-2222-2222-2222-222222222222";
    static final String SUB3 = "33333333-3333-3333-3333-333333333333";

    final InMemoryAzure azure = InMemoryAzure.create();
    final WireFake fake = WireFake.over(azure);
    final URI vault = azure.vault("contoso").create();
    final KeyReference v1 = azure.key(vault, "storage-cmk").create();
    final KeyReference key = v1.versionless();
    final KeyReference other = azure.key(vault, "other").create().versionless();

    StorageAccountId pinned(String sub, String name, KeyReference to) {
        StorageAccountId id = azure.account(StorageAccountId.of(sub, "rg-data", name)).systemAssignedIdentity()
                .create();
        configure(id, to);
        return id;
    }

    void configure(StorageAccountId id, KeyReference to) {
        azure.grantAccess(to.versionless(), azure.systemPrincipal(id));
        azure.clock().advance(Duration.ofMinutes(1));
        azure.storageAccounts().updateEncryption(id, EncryptionUpdate.customerManaged(to.versionless(),
                to.version().map(VersionPolicy::pinned).orElse(VersionPolicy.autoUpdate()),
                ManagedIdentity.systemAssigned()));
    }

    AzureResourceGraphFinder.Builder finder() {
        return AzureResourceGraphFinder.builder().credential(WireFake.credential())
                .profile(WireFake.profile(AzureEnvironment.AZURE)).httpClient(fake);
    }

    @Test
    void findsCandidatesAcrossSubscriptionsAndManagementGroups_oneQueryPerPage() {
        StorageAccountId a = pinned(SUB1, "alpha", v1);
        StorageAccountId b = pinned(SUB2, "bravo", v1);
        StorageAccountId c = pinned(SUB3, "charlie", key); // auto-update: any version counts
        pinned(SUB2, "delta", other);
        azure.account("mmk").create();
        fake.resourceGraph().managementGroup("contoso-prod", SUB1, SUB2);

        AzureResourceGraphFinder byGroup = finder().managementGroups("contoso-prod").build();
        fake.requests().reset();
        assertThat(byGroup.candidates(key)).containsExactlyInAnyOrder(a, b);
        assertThat(fake.requests().snapshot()).containsOnlyKeys("POST resourceGraph")
                .containsEntry("POST resourceGraph", 1L);

        AzureResourceGraphFinder both = finder().managementGroups("contoso-prod").subscriptions(SUB3).pageSize(1)
                .build();
        fake.requests().reset();
        assertThat(both.candidates(v1)).containsExactlyInAnyOrder(a, b, c);
        assertThat(fake.requests().count("POST resourceGraph")).isEqualTo(3); // 3 rows, 1 per page
        assertThat(both.describe()).contains("Azure Resource Graph").contains("contoso-prod").contains(SUB3);

        assertThat(finder().build().candidates(other)).hasSize(1); // no scope: every readable subscription
    }

    @Test
    void badInput_isRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> finder().subscriptions("not-a-guid")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("GUID");
        assertThatThrownBy(() -> finder().managementGroups("bad group/name"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> finder().pageSize(1001)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AzureResourceGraphFinder.builder().build())
                .isInstanceOf(dev.cmk.api.ConfigurationException.class);
        assertThat(fake.requests().total()).isZero();
    }

    @Test
    void aStaleIndex_isConfirmedWithStorage_beforeEveryMove_andRightBeforeRetiring() {
        StorageAccountId a = pinned(SUB1, "alpha", v1);
        StorageAccountId b = pinned(SUB2, "bravo", v1);
        StorageAccountId movedAway = pinned(SUB2, "echo", v1);
        fake.resourceGraph().managementGroup("contoso-prod", SUB1, SUB2, SUB3).freeze();
        // after the snapshot: one account leaves the key, one joins it in a subscription with candidates
        configure(movedAway, other);
        StorageAccountId joinedLater = pinned(SUB1, "foxtrot", v1);

        CustomerManagedKeys cmk = fake.adapter().build();
        Dependents byIndex = Dependents.discoveredBy(finder().managementGroups("contoso-prod").build());
        KeyRotation rotation = cmk.key(key).rotation("q1", byIndex, RotationOptions.custom().retireOldVersions(true)
                .build());
        assertThat(rotation.status().dependentsSource()).contains("lags").contains("confirmed with Storage");

        rotation.advance(); // create v2
        fake.requests().reset();
        rotation.advance(); // pin the pinned dependents Storage confirms
        // one index query, then the candidate subscriptions by list pages; no GET per account
        assertThat(fake.requests().count("POST resourceGraph")).isEqualTo(1);
        assertThat(fake.requests().count("GET storageAccounts")).isEqualTo(2);
        assertThat(fake.requests().count("GET storageAccount")).isZero();
        String v2 = rotation.status().newVersion().orElseThrow();
        for (StorageAccountId id : new StorageAccountId[] {a, b, joinedLater}) {
            assertThat(azure.peek(id).encryption().keyVersion()).as(id.name()).contains(v2);
        }
        // the index still names echo on the key: Storage says it moved away, so it was never written
        assertThat(azure.peek(movedAway).encryption().key().orElseThrow().sameKeyAs(other)).isTrue();
        assertThat(fake.requests().count("PATCH storageAccount")).isEqualTo(3);

        // an account the stale index cannot know pins the old version after the moves, before the retire
        StorageAccountId lateOld = pinned(SUB2, "golf", v1);
        azure.clock().advance(Duration.ofHours(25));
        fake.requests().reset();
        rotation.advance();
        assertThat(azure.peekVersions(key).stream().filter(v -> v.id().version().equals(v1.version())).findFirst()
                .orElseThrow().enabled()).as("v1 still used by golf: not retired").isTrue();
        assertThat(rotation.status().state()).isNotEqualTo(RotationState.COMPLETED);

        // the rotation moves golf too, then retires v1 once Storage confirms no one uses it
        rotation.run();
        azure.clock().advance(Duration.ofHours(25));
        rotation.run();
        assertThat(azure.peek(lateOld).encryption().keyVersion()).contains(v2);
        assertThat(rotation.status().state()).isEqualTo(RotationState.COMPLETED);
        assertThat(azure.peekVersions(key).stream().filter(v -> v.id().version().equals(v1.version())).findFirst()
                .orElseThrow().enabled()).isFalse();
        fake.resourceGraph().live();
    }
}
