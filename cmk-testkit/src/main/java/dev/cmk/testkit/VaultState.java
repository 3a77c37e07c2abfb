package dev.cmk.testkit;

import dev.cmk.api.internal.AzureRules;
import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyType;
import dev.cmk.api.RotationPolicy;
import dev.cmk.api.VaultKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Mutable state of one in-memory vault (package-private; guarded by the owning {@link InMemoryAzure}). */
final class VaultState {
    final String host;
    final VaultKind kind;
    boolean softDelete;
    boolean purgeProtection;
    int recoverableDays = 90;
    String location;
    boolean trustedServicesAllowed = true;
    /** Keys by lower-case name; versions oldest first. */
    final Map<String, KeyState> keys = new LinkedHashMap<>();
    /** Vault-wide grants (access policies) by principal id. */
    final Map<String, Grant> vaultGrants = new HashMap<>();
    /** Grants by lower-case key name, then principal id. */
    final Map<String, Map<String, Grant>> grants = new HashMap<>();

    VaultState(String host, VaultKind kind) {
        this.host = host;
        this.kind = kind;
    }

    String recoveryLevel() {
        if (softDelete && purgeProtection) {
            return "Recoverable";
        }
        return softDelete ? "Recoverable+Purgeable" : "Purgeable";
    }

    KeyState key(String name) {
        return keys.get(name.toLowerCase(Locale.ROOT));
    }

    Map<String, Grant> grants(String keyName) {
        return grants.computeIfAbsent(keyName.toLowerCase(Locale.ROOT), k -> new HashMap<>());
    }

    /** One key with its versions. */
    static final class KeyState {
        final String name;
        final List<VersionState> versions = new ArrayList<>();
        RotationPolicy rotationPolicy;

        KeyState(String name) {
            this.name = name;
        }

        VersionState version(String version) {
            for (VersionState v : versions) {
                if (v.version.equals(version)) {
                    return v;
                }
            }
            return null;
        }

        VersionState newest() {
            return versions.isEmpty() ? null : versions.get(versions.size() - 1);
        }

        /** The newest version that is enabled and not expired at the instant, or null. */
        VersionState newestUsable(Instant now) {
            for (int i = versions.size() - 1; i >= 0; i--) {
                VersionState v = versions.get(i);
                if (v.usableAt(now)) {
                    return v;
                }
            }
            return null;
        }
    }

    /** One key version. */
    static final class VersionState {
        final String version;
        final KeyType type;
        final int size;
        boolean enabled = true;
        Instant notBefore;
        Instant expiresOn;
        final Instant createdOn;
        Instant updatedOn;
        Set<KeyOperation> operations;
        Map<String, String> tags;

        VersionState(String version, KeyType type, int size, Instant createdOn, Set<KeyOperation> operations,
                     Map<String, String> tags) {
            this.version = version;
            this.type = type;
            this.size = size;
            this.createdOn = createdOn;
            this.updatedOn = createdOn;
            this.operations = operations.isEmpty() ? EnumSet.noneOf(KeyOperation.class) : EnumSet.copyOf(operations);
            this.tags = new LinkedHashMap<>(tags);
        }

        boolean usableAt(Instant now) {
            return AzureRules.usableAt(enabled, notBefore, expiresOn, now);
        }
    }

    /** A principal's permissions on a key, visible from an instant on (grants propagate with a delay). */
    record Grant(Set<KeyPermission> permissions, Instant visibleFrom) {
    }
}
