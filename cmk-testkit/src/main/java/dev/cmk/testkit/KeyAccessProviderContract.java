package dev.cmk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.spi.KeyAccessProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit for {@link KeyAccessProvider}; every implementation extends it and must pass.
 *
 * @deprecated since 0.1.0: use {@link dev.cmk.testkit.contract.KeyAccessContract} over a
 *     {@link dev.cmk.testkit.contract.AzureFixture} (for example {@link dev.cmk.testkit.contract.InMemoryFixture}),
 *     which checks everything this class checks and also runs against a wire fake or a live subscription.
 *     The build no longer runs this class.
 */
@Deprecated(since = "0.1.0")
public abstract class KeyAccessProviderContract {
    /** The in-memory Azure whose state the provider under test must expose. */
    protected InMemoryAzure azure;
    /** The provider under test. */
    protected KeyAccessProvider provider;
    private KeyReference key;
    private String principal;

    /** Creates the contract test. */
    protected KeyAccessProviderContract() {
    }

    /**
     * The provider under test, over the given Azure's state.
     *
     * @param azure the state
     * @return the provider
     */
    protected abstract KeyAccessProvider providerFor(InMemoryAzure azure);

    /** Sets up a key and an account with a system-assigned identity. */
    @BeforeEach
    void setUpContract() {
        azure = InMemoryAzure.create();
        provider = providerFor(azure);
        key = azure.key(azure.vault("contoso").create(), "storage-cmk").create();
        principal = azure.systemPrincipal(azure.account("contosodata").systemAssignedIdentity().create());
    }

    @Test
    void permissions_ofPrincipalWithoutGrant_areEmpty() {
        assertThat(provider.permissions(key, principal)).isEmpty();
    }

    @Test
    void grant_givesGetWrapAndUnwrap_andIsIdempotent() {
        provider.grant(key, principal);
        provider.grant(key, principal);
        assertThat(provider.permissions(key.versionless(), principal))
                .containsExactlyInAnyOrder(KeyPermission.GET, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY);
    }

    @Test
    void revoke_removesAccess_andIsIdempotent() {
        provider.grant(key, principal);
        provider.revoke(key, principal);
        provider.revoke(key, principal);
        assertThat(provider.permissions(key, principal)).isEmpty();
    }
}
