package dev.cmk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.spi.AccessScope;
import dev.cmk.api.spi.KeyAccessProvider;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract kit for {@link KeyAccessProvider}, over any {@link AzureFixture}: grants, idempotent revokes, the
 * access scope a revoke really has, access left after a revoke through a grant above the key (revoke must not
 * fail: callers detect it with {@code permissions}), and the error type for a vault that does not exist.
 */
public abstract class KeyAccessContract {
    /** The fixture of the running test. */
    protected AzureFixture fixture;
    private KeyReference key;
    private KeyReference otherKey;
    private String principal;

    /** Creates the kit. */
    protected KeyAccessContract() {
    }

    /**
     * A new fixture for one test.
     *
     * @return the fixture
     */
    protected abstract AzureFixture newFixture();

    /** Sets up one vault with two keys and an account with a system-assigned identity. */
    @BeforeEach
    void setUpFixture() {
        fixture = newFixture();
        URI vault = fixture.newVault("contoso");
        key = fixture.newKey(vault, "storage-cmk");
        otherKey = fixture.newKey(vault, "other-cmk");
        principal = fixture.principalOf(fixture.newAccount("contosodata"));
    }

    /** Closes the fixture, if {@link #newFixture()} made one (it may skip the test instead). */
    @AfterEach
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void permissions_withoutAGrant_areEmpty() {
        assertThat(fixture.keyAccess().permissions(key, principal)).isEmpty();
    }

    @Test
    void grant_givesGetWrapAndUnwrap_andIsIdempotent() {
        fixture.keyAccess().grant(key, principal);
        fixture.keyAccess().grant(key, principal);
        assertThat(fixture.keyAccess().permissions(key.versionless(), principal))
                .containsExactlyInAnyOrder(KeyPermission.GET, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY);
    }

    @Test
    void revoke_removesAccess_andIsIdempotent() {
        fixture.keyAccess().grant(key, principal);
        fixture.keyAccess().revoke(key, principal);
        fixture.keyAccess().revoke(key, principal);
        assertThat(fixture.keyAccess().permissions(key, principal)).isEmpty();
    }

    @Test
    void accessScope_isWhatARevokeReallyCuts() {
        KeyAccessProvider access = fixture.keyAccess();
        access.grant(key, principal);
        access.grant(otherKey, principal);
        AccessScope scope = access.accessScope(key);

        access.revoke(key, principal);

        if (scope == AccessScope.VAULT) {
            assertThat(access.permissions(otherKey, principal)).as("a vault-wide revoke cuts every key").isEmpty();
        } else {
            assertThat(access.permissions(otherKey, principal)).as("a key-scoped revoke leaves other keys")
                    .contains(KeyPermission.UNWRAP_KEY);
        }
    }

    @Test
    void accessLeftAfterARevoke_throughAGrantAboveTheKey_doesNotFailTheRevoke_andShowsInPermissions() {
        fixture.keyAccess().grant(key, principal);
        Assumptions.assumeTrue(fixture.grantAboveKey(key, principal),
                () -> fixture.whyUnsupported(AzureFixture.Capability.GRANT_ABOVE_KEY));
        Assumptions.assumeTrue(fixture.keyAccess().accessScope(key) == AccessScope.KEY,
                "with vault-wide access policies a revoke removes the grant above the key too");

        fixture.keyAccess().revoke(key, principal);

        assertThat(fixture.keyAccess().permissions(key, principal)).as("access left through the grant above")
                .contains(KeyPermission.UNWRAP_KEY);
    }

    @Test
    void aVaultThatDoesNotExist_isNotFound() {
        KeyReference missing = KeyReference.parse("https://nosuchvault.vault.azure.net/keys/storage-cmk");
        assertThatThrownBy(() -> fixture.keyAccess().permissions(missing, principal))
                .isInstanceOf(NotFoundException.class);
    }
}
