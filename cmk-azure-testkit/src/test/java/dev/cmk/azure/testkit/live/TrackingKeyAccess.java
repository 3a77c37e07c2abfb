package dev.cmk.azure.testkit.live;

import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.spi.AccessScope;
import dev.cmk.api.spi.KeyAccessProvider;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link KeyAccessProvider} that delegates every call and remembers each grant, so that a live fixture can revoke
 * what a test granted (a role assignment outlives the key and the account it names).
 */
final class TrackingKeyAccess implements KeyAccessProvider {
    private final KeyAccessProvider delegate;
    private final Set<Map.Entry<KeyReference, String>> granted = new LinkedHashSet<>();

    TrackingKeyAccess(KeyAccessProvider delegate) {
        this.delegate = delegate;
    }

    /**
     * The grants made through this provider, oldest first, each as (versionless key, principal).
     *
     * @return a copy
     */
    synchronized Set<Map.Entry<KeyReference, String>> granted() {
        return new LinkedHashSet<>(granted);
    }

    @Override
    public Set<KeyPermission> permissions(KeyReference key, String principalId) {
        return delegate.permissions(key, principalId);
    }

    @Override
    public Optional<Set<String>> principalsWithAccess(KeyReference key) {
        return delegate.principalsWithAccess(key);
    }

    @Override
    public void grant(KeyReference key, String principalId) {
        delegate.grant(key, principalId);
        synchronized (this) {
            granted.add(Map.entry(key.versionless(), principalId));
        }
    }

    @Override
    public AccessScope accessScope(KeyReference key) {
        return delegate.accessScope(key);
    }

    @Override
    public AccessScope accessScope(KeyReference key, String principalId) {
        return delegate.accessScope(key, principalId);
    }

    @Override
    public void revoke(KeyReference key, String principalId) {
        delegate.revoke(key, principalId);
    }
}
