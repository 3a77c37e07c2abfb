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
import java.net.URI;
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
 * version, versions oldest first, creation with tags in one call, enabling and disabling, a vault's protection as
 * reported on its keys, and {@link NotFoundException} for a key, a version or a vault that does not exist.
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

    @Test
    void createVersion_isTheNewest_withItsTags_andVersionsListOldestFirst() {
        KeyVersionProperties created = keys().createVersion(v1.versionless(), new NewKeyVersion(KeyType.RSA, 2048,
                Set.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY), Optional.empty(),
                Map.of("cmk-rotation", "r1")));
        assertThat(created.tags()).containsEntry("cmk-rotation", "r1");
        assertThat(keys().getKey(v1.versionless()).id()).isEqualTo(created.id());
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
    void aVaultWithoutPurgeProtection_isReportedOnItsKeys() {
        Optional<URI> weak = fixture.newVaultWithoutPurgeProtection("weakvault");
        Assumptions.assumeTrue(weak.isPresent(),
                () -> fixture.whyUnsupported(AzureFixture.Capability.VAULT_WITHOUT_PURGE_PROTECTION));
        KeyVersionProperties p = keys().getKey(fixture.newKey(weak.get(), "k"));
        assertThat(p.purgeProtectionEnabled()).isFalse();
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
