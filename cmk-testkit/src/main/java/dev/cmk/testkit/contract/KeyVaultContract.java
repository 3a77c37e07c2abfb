package dev.cmk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeyType;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.KeyVersionSummary;
import dev.cmk.api.spi.KeyVersionUpdate;
import dev.cmk.api.spi.NewKeyVersion;
import dev.cmk.api.RotationPolicy;
import java.net.URI;
import java.time.Instant;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract kit for {@link KeyVaultProvider}, over any {@link AzureFixture}: reads of the newest and of a given
 * version with every property, versions oldest first by creation (not by id) with what the list carries, across
 * pages, creation with type, size and tags in one call, enabling and disabling, replacing tags, the rotation policy
 * round trip, a vault's protection as reported on its keys, and {@link NotFoundException} for a key, a version or a
 * vault that does not exist.
 */
public abstract class KeyVaultContract {
    /** The fixture of the running test. */
    protected AzureFixture fixture;
    private URI vault;
    private KeyReference v1;

    /** Creates the kit. */
    protected KeyVaultContract() {
    }

    /**
     * A new fixture for one test.
     *
     * @return the fixture
     */
    protected abstract AzureFixture newFixture();

    /** Sets up a vault with one key. */
    @BeforeEach
    void setUpFixture() {
        fixture = newFixture();
        vault = fixture.newVault("contoso");
        v1 = fixture.newKey(vault, "storage-cmk");
    }

    /** Closes the fixture, if {@link #newFixture()} made one (it may skip the test instead). */
    @AfterEach
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private KeyVaultProvider keys() {
        return fixture.keyVaults();
    }

    @Test
    void getKey_versionlessAndVersioned() {
        KeyVersionProperties p = keys().getKey(v1.versionless());
        assertThat(p.id()).isEqualTo(v1);
        assertThat(p.enabled()).isTrue();
        assertThat(p.operations()).contains(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
        assertThat(p.softDeleteEnabled()).isTrue();
        assertThat(p.purgeProtectionEnabled()).isTrue();
        assertThat(keys().getKey(v1).id()).isEqualTo(v1);
    }

    private static NewKeyVersion plainVersion() {
        return new NewKeyVersion(KeyType.RSA, 2048, Set.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY),
                Optional.empty(), Map.of());
    }

    private KeyReference newVersion(NewKeyVersion spec, boolean enabled) {
        Optional<KeyReference> v = fixture.newKeyVersion(v1, spec, enabled);
        Assumptions.assumeTrue(v.isPresent(), () -> fixture.whyUnsupported(AzureFixture.Capability.KEY_VERSION));
        return v.get();
    }

    @Test
    void getKey_versionless_returnsTheNewestVersionWithAllItsProperties() {
        Instant expires = Instant.now().plus(java.time.Duration.ofDays(400)).truncatedTo(ChronoUnit.SECONDS);
        KeyReference v2 = newVersion(new NewKeyVersion(KeyType.RSA, 3072,
                Set.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY), Optional.of(expires),
                Map.of("owner", "platform")), true);
        KeyVersionProperties p = keys().getKey(v1.versionless());
        assertThat(p.id()).isEqualTo(v2);
        assertThat(p.keyType()).isEqualTo(KeyType.RSA);
        assertThat(p.keySize()).isEqualTo(3072);
        assertThat(p.enabled()).isTrue();
        assertThat(p.expiresOn()).contains(expires);
        assertThat(p.operations()).contains(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
        assertThat(p.tags()).containsEntry("owner", "platform");
        assertThat(p.softDeleteEnabled()).isTrue();
        assertThat(p.purgeProtectionEnabled()).isTrue();
    }

    @Test
    void getKey_versioned_returnsThatVersion_andVersionlessTheNewest() {
        KeyReference v2 = newVersion(plainVersion(), true);
        assertThat(keys().getKey(v1).id()).isEqualTo(v1);
        assertThat(keys().getKey(v1.versionless()).id()).isEqualTo(v2);
    }

    @Test
    void listVersions_returnsEveryVersionOldestFirst() {
        fixture.separateCreationTimes();
        KeyReference v2 = newVersion(plainVersion(), true);
        assertThat(keys().listVersions(v1.versionless())).extracting(KeyVersionSummary::id).containsExactly(v1, v2);
    }

    @Test
    void listVersions_carriesWhatTheListCarries_andIsOrderedByCreationNotById() {
        // enough versions for more than one page of 25, created apart in time, with tags and one disabled
        List<KeyReference> created = new java.util.ArrayList<>(List.of(v1));
        for (int i = 0; i < 29; i++) {
            fixture.separateCreationTimes();
            created.add(newVersion(new NewKeyVersion(KeyType.RSA, 2048,
                    Set.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY), Optional.empty(),
                    Map.of("n", Integer.toString(i))), i != 3));
        }
        List<KeyVersionSummary> versions = keys().listVersions(v1.versionless());
        assertThat(versions).extracting(KeyVersionSummary::id).containsExactlyElementsOf(created);
        assertThat(versions.get(4).enabled()).isFalse();
        assertThat(versions.get(5).tags()).containsEntry("n", "4");
        assertThat(versions.get(5).recoveryLevel()).isEqualTo(keys().getKey(created.get(5)).recoveryLevel());
        assertThat(versions.get(5).createdOn()).isEqualTo(keys().getKey(created.get(5)).createdOn());
        assertThat(versions).isSortedAccordingTo(KeyVersionSummary.oldestFirst());
    }

    @Test
    void createVersion_isTheNewest_withItsTypeSizeAndTags_andVersionsListOldestFirst() {
        KeyVersionProperties created = keys().createVersion(v1.versionless(), new NewKeyVersion(KeyType.RSA, 3072,
                Set.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY), Optional.empty(),
                Map.of("cmk-rotation", "r1")));
        assertThat(created.id().sameKeyAs(v1)).isTrue();
        assertThat(created.id()).isNotEqualTo(v1);
        assertThat(created.keySize()).isEqualTo(3072);
        assertThat(created.tags()).containsEntry("cmk-rotation", "r1");
        assertThat(keys().getKey(v1.versionless()).id()).isEqualTo(created.id());
        assertThat(keys().listVersions(v1)).hasSize(2);
        List<KeyVersionSummary> versions = keys().listVersions(v1.versionless());
        // oldest first by creation time; Key Vault's times have whole seconds, so two versions made within one
        // second may come in either order
        assertThat(versions).extracting(KeyVersionSummary::id).containsExactlyInAnyOrder(v1, created.id());
        assertThat(versions).isSortedAccordingTo(java.util.Comparator.comparing(KeyVersionSummary::createdOn));
    }

    @Test
    void updateVersion_disablesAndEnables_keepingOperations() {
        assertThat(keys().updateVersion(v1, KeyVersionUpdate.enabled(false)).enabled()).isFalse();
        assertThat(keys().getKey(v1).enabled()).isFalse();
        assertThat(keys().getKey(v1).operations()).contains(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
        assertThat(keys().updateVersion(v1, KeyVersionUpdate.enabled(true)).enabled()).isTrue();
    }

    @Test
    void updateVersion_replacesTags() {
        keys().updateVersion(v1, KeyVersionUpdate.tags(Map.of("a", "1")));
        assertThat(keys().getKey(v1).tags()).isEqualTo(Map.of("a", "1"));
    }

    @Test
    void rotationPolicy_roundTrips() {
        RotationPolicy policy = new RotationPolicy(Optional.of(Period.ofDays(60)), Optional.empty(),
                Optional.of(Period.ofDays(90)));
        keys().setRotationPolicy(v1.versionless(), policy);
        assertThat(keys().getRotationPolicy(v1.versionless())).contains(policy);
    }

    @Test
    void aVaultWithoutPurgeProtection_isReportedOnItsKeys() {
        Optional<URI> weak = fixture.newVaultWithoutPurgeProtection("weakvault");
        Assumptions.assumeTrue(weak.isPresent(),
                () -> fixture.whyUnsupported(AzureFixture.Capability.VAULT_WITHOUT_PURGE_PROTECTION));
        KeyVersionProperties p = keys().getKey(fixture.newKey(weak.get(), "k"));
        assertThat(p.softDeleteEnabled()).isTrue();
        assertThat(p.purgeProtectionEnabled()).isFalse();
        assertThat(p.recoveryLevel()).contains("Purgeable");
    }

    @Test
    void aKeyAVersionOrAVaultThatDoesNotExist_isNotFound() {
        assertThatThrownBy(() -> keys().getKey(KeyReference.of(vault, "no-such-key")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> keys().getKey(v1.withVersion("0123456789abcdef0123456789abcdef")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> keys().getKey(KeyReference.parse("https://nosuchvault.vault.azure.net/keys/k")))
                .isInstanceOf(NotFoundException.class);
    }
}
