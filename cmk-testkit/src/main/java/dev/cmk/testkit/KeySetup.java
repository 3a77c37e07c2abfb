package dev.cmk.testkit;

import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeyType;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Setup of a key's first (or next) version. */
public final class KeySetup {
    private final InMemoryAzure azure;
    private final KeyReference key;
    private KeyType type = KeyType.RSA;
    private int size = 2048;
    private Set<KeyOperation> operations = EnumSet.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY,
            KeyOperation.ENCRYPT, KeyOperation.DECRYPT);
    private Instant notBefore;
    private Instant expiresOn;
    private boolean enabled = true;
    private Map<String, String> tags = Map.of();

    KeySetup(InMemoryAzure azure, KeyReference key) {
        this.azure = azure;
        this.key = key;
    }

    /**
     * Sets type and size.
     *
     * @param type the key type
     * @param size the size in bits
     * @return this
     */
    public KeySetup type(KeyType type, int size) {
        this.type = type;
        this.size = size;
        return this;
    }

    /**
     * Sets the permitted operations.
     *
     * @param ops the operations
     * @return this
     */
    public KeySetup operations(KeyOperation... ops) {
        this.operations = ops.length == 0 ? EnumSet.noneOf(KeyOperation.class) : EnumSet.copyOf(List.of(ops));
        return this;
    }

    /**
     * Sets not-before.
     *
     * @param at the instant
     * @return this
     */
    public KeySetup notBefore(Instant at) {
        this.notBefore = at;
        return this;
    }

    /**
     * Sets the expiry.
     *
     * @param at the instant
     * @return this
     */
    public KeySetup expiresOn(Instant at) {
        this.expiresOn = at;
        return this;
    }

    /**
     * Creates the version disabled.
     *
     * @return this
     */
    public KeySetup disabled() {
        this.enabled = false;
        return this;
    }

    /**
     * Sets tags.
     *
     * @param tags the tags
     * @return this
     */
    public KeySetup tags(Map<String, String> tags) {
        this.tags = tags;
        return this;
    }

    /**
     * Creates the key version.
     *
     * @return the versioned reference
     */
    public KeyReference create() {
        synchronized (azure) {
            VaultState vault = azure.vaultOf(key);
            VaultState.KeyState k = vault.keys.computeIfAbsent(key.name().toLowerCase(Locale.ROOT),
                    n -> new VaultState.KeyState(key.name()));
            VaultState.VersionState v = new VaultState.VersionState(azure.newVersionId(), type, size,
                    azure.clock().instant(), operations, tags);
            v.enabled = enabled;
            v.notBefore = notBefore;
            v.expiresOn = expiresOn;
            k.versions.add(v);
            return key.withVersion(v.version);
        }
    }
}
