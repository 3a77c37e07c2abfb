package dev.cmk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeyType;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.RotationPolicy;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.KeyVersionUpdate;
import dev.cmk.api.spi.NewKeyVersion;
import java.net.URI;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit for {@link KeyVaultProvider}: every implementation (the in-memory one, the Azure adapter)
 * extends this class and must pass it. The state behind the provider is set up through an {@link InMemoryAzure}.
 *
 * @deprecated since 0.1.0: use {@link dev.cmk.testkit.contract.KeyVaultContract} over a
 *     {@link dev.cmk.testkit.contract.AzureFixture} (for example {@link dev.cmk.testkit.contract.InMemoryFixture}),
 *     which checks everything this class checks and also runs against a wire fake or a live subscription.
 *     The build no longer runs this class.
 */
@Deprecated(since = "0.1.0")
public abstract class KeyVaultProviderContract {
    /** The in-memory Azure whose state the provider under test must expose. */
    protected InMemoryAzure azure;
    /** The provider under test. */
    protected KeyVaultProvider provider;
    private URI vault;
    private KeyReference v1;

    /** Creates the contract test. */
    protected KeyVaultProviderContract() {
    }

    /**
     * A fresh in-memory Azure for one test.
     *
     * @return the Azure
     */
    protected InMemoryAzure newAzure() {
        return InMemoryAzure.create();
    }

    /**
     * The provider under test, over the given Azure's state.
     *
     * @param azure the state
     * @return the provider
     */
    protected abstract KeyVaultProvider providerFor(InMemoryAzure azure);

    /** Sets up a vault with one key. */
    @BeforeEach
    void setUpContract() {
        azure = newAzure();
        provider = providerFor(azure);
        vault = azure.vault("contoso").create();
        v1 = azure.key(vault, "storage-cmk").type(KeyType.RSA, 3072).expiresOn(Instant.parse("2027-06-01T00:00:00Z"))
                .tags(Map.of("owner", "platform")).create();
    }

    @Test
    void getKey_versionless_returnsNewestVersionWithAllProperties() {
        KeyVersionProperties p = provider.getKey(v1.versionless());
        assertThat(p.id()).isEqualTo(v1);
        assertThat(p.keyType()).isEqualTo(KeyType.RSA);
        assertThat(p.keySize()).isEqualTo(3072);
        assertThat(p.enabled()).isTrue();
        assertThat(p.expiresOn()).contains(Instant.parse("2027-06-01T00:00:00Z"));
        assertThat(p.operations()).contains(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
        assertThat(p.tags()).containsEntry("owner", "platform");
        assertThat(p.softDeleteEnabled()).isTrue();
        assertThat(p.purgeProtectionEnabled()).isTrue();
    }

    @Test
    void getKey_versioned_returnsThatVersion() {
        KeyReference v2 = azure.key(vault, "storage-cmk").create();
        assertThat(provider.getKey(v1).id()).isEqualTo(v1);
        assertThat(provider.getKey(v1.versionless()).id()).isEqualTo(v2);
    }

    @Test
    void getKey_unknownKey_throwsNotFound() {
        assertThatThrownBy(() -> provider.getKey(KeyReference.of(vault, "no-such-key")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void getKey_unknownVersion_throwsNotFound() {
        assertThatThrownBy(() -> provider.getKey(v1.withVersion("0123456789abcdef0123456789abcdef")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void getKey_vaultWithoutPurgeProtection_reportsPurgeableRecoveryLevel() {
        URI weak = azure.vault("weakvault").purgeProtection(false).create();
        KeyReference k = azure.key(weak, "k").create();
        KeyVersionProperties p = provider.getKey(k);
        assertThat(p.softDeleteEnabled()).isTrue();
        assertThat(p.purgeProtectionEnabled()).isFalse();
        assertThat(p.recoveryLevel()).contains("Purgeable");
    }

    @Test
    void listVersions_returnsEveryVersionOldestFirst() {
        azure.clock().advance(java.time.Duration.ofMinutes(1));
        KeyReference v2 = azure.key(vault, "storage-cmk").create();
        List<dev.cmk.api.spi.KeyVersionSummary> versions = provider.listVersions(v1.versionless());
        assertThat(versions).extracting(dev.cmk.api.spi.KeyVersionSummary::id).containsExactly(v1, v2);
    }

    @Test
    void listVersions_carriesWhatTheListCarries_andIsOrderedByCreationNotById() {
        // enough versions for more than one page of 25, created a minute apart, with tags and one disabled
        List<KeyReference> created = new java.util.ArrayList<>(List.of(v1));
        for (int i = 0; i < 29; i++) {
            azure.clock().advance(java.time.Duration.ofMinutes(1));
            KeySetup s = azure.key(vault, "storage-cmk").tags(Map.of("n", Integer.toString(i)));
            created.add(i == 3 ? s.disabled().create() : s.create());
        }
        List<dev.cmk.api.spi.KeyVersionSummary> versions = provider.listVersions(v1.versionless());
        assertThat(versions).extracting(dev.cmk.api.spi.KeyVersionSummary::id).containsExactlyElementsOf(created);
        assertThat(versions.get(4).enabled()).isFalse();
        assertThat(versions.get(5).tags()).containsEntry("n", "4");
        assertThat(versions.get(5).recoveryLevel()).isEqualTo(provider.getKey(created.get(5)).recoveryLevel());
        assertThat(versions.get(5).createdOn()).isEqualTo(provider.getKey(created.get(5)).createdOn());
        assertThat(versions).isSortedAccordingTo(dev.cmk.api.spi.KeyVersionSummary.oldestFirst());
    }

    @Test
    void createVersion_createsNewestVersionWithTypeSizeAndTagsInOneCall() {
        KeyVersionProperties created = provider.createVersion(v1.versionless(), new NewKeyVersion(KeyType.RSA, 3072,
                Set.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY), Optional.empty(),
                Map.of("cmk-rotation", "r1")));
        assertThat(created.id().sameKeyAs(v1)).isTrue();
        assertThat(created.id()).isNotEqualTo(v1);
        assertThat(created.keySize()).isEqualTo(3072);
        assertThat(created.tags()).containsEntry("cmk-rotation", "r1");
        assertThat(provider.getKey(v1.versionless()).id()).isEqualTo(created.id());
        assertThat(provider.listVersions(v1)).hasSize(2);
    }

    @Test
    void updateVersion_disablesAndKeepsOperations() {
        KeyVersionProperties p = provider.updateVersion(v1, KeyVersionUpdate.enabled(false));
        assertThat(p.enabled()).isFalse();
        assertThat(provider.getKey(v1).enabled()).isFalse();
        assertThat(provider.getKey(v1).operations()).contains(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
        assertThat(provider.updateVersion(v1, KeyVersionUpdate.enabled(true)).enabled()).isTrue();
    }

    @Test
    void updateVersion_replacesTags() {
        provider.updateVersion(v1, KeyVersionUpdate.tags(Map.of("a", "1")));
        assertThat(provider.getKey(v1).tags()).isEqualTo(Map.of("a", "1"));
    }

    @Test
    void rotationPolicy_roundTrips() {
        RotationPolicy policy = new RotationPolicy(Optional.of(Period.ofDays(60)), Optional.empty(),
                Optional.of(Period.ofDays(90)));
        provider.setRotationPolicy(v1.versionless(), policy);
        assertThat(provider.getRotationPolicy(v1.versionless())).contains(policy);
    }
}
