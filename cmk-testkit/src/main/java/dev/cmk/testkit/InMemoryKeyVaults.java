package dev.cmk.testkit;

import dev.cmk.api.internal.AzureRules;
import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyReference;
import dev.cmk.api.RotationPolicy;
import dev.cmk.api.VaultKind;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.KeyVersionSummary;
import dev.cmk.api.spi.KeyVersionUpdate;
import dev.cmk.api.spi.NewKeyVersion;
import dev.cmk.api.spi.VaultInfo;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@link KeyVaultProvider} over the in-memory vaults, with Key Vault's rules for key types and sizes. */
final class InMemoryKeyVaults implements KeyVaultProvider {
    private final InMemoryAzure azure;

    InMemoryKeyVaults(InMemoryAzure azure) {
        this.azure = azure;
    }

    @Override
    public KeyVersionProperties getKey(KeyReference key) {
        return azure.call("keyVault.getKey", key.keyId(), () -> properties(key, azure.versionState(key)));
    }

    @Override
    public List<KeyVersionSummary> listVersions(KeyReference key) {
        // kept in creation order, which is oldest first (a stable order for versions created at the same instant)
        return azure.call("keyVault.listVersions", key.keyId(), () -> azure.keyState(key).versions.stream()
                .map(v -> KeyVersionSummary.of(properties(key, v), java.util.Optional.ofNullable(v.updatedOn)))
                .toList());
    }

    @Override
    public KeyVersionProperties createVersion(KeyReference key, NewKeyVersion spec) {
        return azure.call("keyVault.createVersion", key.versionless().keyId(), () -> {
            VaultState vault = azure.vaultOf(key);
            if (vault.kind == VaultKind.MANAGED_HSM && !spec.keyType().isHsm()) {
                throw InMemoryAzure.badRequest("BadParameter", "Managed HSM supports only HSM key types, got "
                        + spec.keyType().wireName());
            }
            if (AzureRules.isStorageKeyType(spec.keyType()) && !AzureRules.RSA_KEY_SIZES.contains(spec.keySize())) {
                throw InMemoryAzure.badRequest("BadParameter", "RSA key size must be 2048, 3072 or 4096");
            }
            VaultState.KeyState k = vault.keys.computeIfAbsent(key.name().toLowerCase(Locale.ROOT),
                    n -> new VaultState.KeyState(key.name()));
            VaultState.VersionState v = new VaultState.VersionState(azure.newVersionId(), spec.keyType(),
                    spec.keySize(), azure.clock().instant(), spec.operations(), spec.tags());
            v.expiresOn = spec.expiresOn().orElse(null);
            k.versions.add(v);
            azure.record("keyVault.createVersion", key.versionless().keyId(), "version=" + v.version + " tags="
                    + spec.tags());
            return properties(key, v);
        });
    }

    @Override
    public KeyVersionProperties updateVersion(KeyReference version, KeyVersionUpdate update) {
        if (!version.isVersioned()) {
            throw new IllegalArgumentException("updateVersion needs a versioned key reference, got " + version);
        }
        return azure.call("keyVault.updateVersion", version.keyId(), () -> {
            VaultState.VersionState v = azure.versionState(version);
            update.enabled().ifPresent(e -> v.enabled = e);
            update.tags().ifPresent(t -> {
                v.tags.clear();
                v.tags.putAll(t);
            });
            v.updatedOn = azure.clock().instant();
            azure.record("keyVault.updateVersion", version.keyId(), "enabled=" + v.enabled + " tags=" + v.tags);
            return properties(version, v);
        });
    }

    @Override
    public Optional<RotationPolicy> getRotationPolicy(KeyReference key) {
        return azure.call("keyVault.getRotationPolicy", key.versionless().keyId(),
                () -> Optional.ofNullable(azure.keyState(key).rotationPolicy));
    }

    @Override
    public RotationPolicy setRotationPolicy(KeyReference key, RotationPolicy policy) {
        return azure.call("keyVault.setRotationPolicy", key.versionless().keyId(), () -> {
            VaultState vault = azure.vaultOf(key);
            policy.validateFor(vault.kind);
            azure.keyState(key).rotationPolicy = policy;
            azure.record("keyVault.setRotationPolicy", key.versionless().keyId(), policy.toString());
            return policy;
        });
    }

    @Override
    public Optional<VaultInfo> describeVault(KeyReference key) {
        return azure.call("keyVault.describeVault", key.vaultUri().toString(), () -> {
            VaultState v = azure.vaultOf(key);
            return Optional.of(new VaultInfo(Optional.ofNullable(v.location), Optional.of(v.trustedServicesAllowed),
                    Optional.of(v.softDelete), Optional.of(v.purgeProtection)));
        });
    }

    KeyVersionProperties properties(KeyReference key, VaultState.VersionState v) {
        VaultState vault = azure.vaultOf(key);
        return new KeyVersionProperties(key.withVersion(v.version), v.type, v.size, v.enabled,
                Optional.ofNullable(v.notBefore), Optional.ofNullable(v.expiresOn), v.createdOn,
                vault.recoveryLevel(), vault.softDelete ? vault.recoverableDays : 0,
                v.operations.isEmpty() ? java.util.Set.<KeyOperation>of() : v.operations, v.tags);
    }
}
