package dev.cmk.testkit;

import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.spi.KeyAccessProvider;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@link KeyAccessProvider} over in-memory grants: per key (as an Azure RBAC role assignment scoped to the key)
 * and vault-wide (as an access policy, see {@link InMemoryAzure#grantVaultAccess}). A grant becomes visible to Storage only after the configured
 * propagation delay, as role assignments do in Azure; the check answers what Storage would see now.
 */
final class InMemoryKeyAccess implements KeyAccessProvider {
    private final InMemoryAzure azure;

    InMemoryKeyAccess(InMemoryAzure azure) {
        this.azure = azure;
    }

    @Override
    public Set<KeyPermission> permissions(KeyReference key, String principalId) {
        return azure.call("keyAccess.permissions", key.versionless().keyId(), () -> visible(key, principalId));
    }

    /** Every principal whose grants on the key (per key or vault-wide) Storage sees now: one call. */
    @Override
    public java.util.Optional<Set<String>> principalsWithAccess(KeyReference key) {
        return java.util.Optional.of(azure.call("keyAccess.principalsWithAccess", key.versionless().keyId(), () -> {
            VaultState vault = azure.vaultOf(key);
            Set<String> candidates = new java.util.TreeSet<>(vault.grants(key.name()).keySet());
            candidates.addAll(vault.vaultGrants.keySet());
            Set<String> out = new java.util.LinkedHashSet<>();
            for (String p : candidates) {
                if (visible(key, p).containsAll(EnumSet.allOf(KeyPermission.class))) {
                    out.add(p.toLowerCase(java.util.Locale.ROOT));
                }
            }
            return Set.copyOf(out);
        }));
    }

    @Override
    public void grant(KeyReference key, String principalId) {
        azure.call("keyAccess.grant", key.versionless().keyId(), () -> {
            VaultState vault = azure.vaultOf(key);
            vault.grants(key.name()).computeIfAbsent(principalId, p -> new VaultState.Grant(
                    EnumSet.allOf(KeyPermission.class), azure.clock().instant().plus(azure.grantPropagationDelay())));
            azure.record("keyAccess.grant", key.versionless().keyId(), "principal=" + principalId);
            return null;
        });
    }

    @Override
    public void revoke(KeyReference key, String principalId) {
        azure.call("keyAccess.revoke", key.versionless().keyId(), () -> {
            azure.vaultOf(key).grants(key.name()).remove(principalId);
            azure.record("keyAccess.revoke", key.versionless().keyId(), "principal=" + principalId);
            return null;
        });
    }

    /** What Storage sees now (package-private; caller holds the lock). */
    Set<KeyPermission> visible(KeyReference key, String principalId) {
        VaultState vault = azure.vaultOf(key);
        Set<KeyPermission> held = EnumSet.noneOf(KeyPermission.class);
        for (VaultState.Grant g : new VaultState.Grant[] {vault.grants(key.name()).get(principalId),
                vault.vaultGrants.get(principalId)}) {
            if (g != null && !azure.clock().instant().isBefore(g.visibleFrom())) {
                held.addAll(g.permissions());
            }
        }
        return Set.copyOf(held);
    }
}
