package dev.cmk.testkit;

import dev.cmk.api.KeySource;
import dev.cmk.api.ServiceKeyType;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.StorageService;
import dev.cmk.api.spi.AccountKind;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Mutable state of one in-memory storage account (package-private; guarded by the owning {@link InMemoryAzure}). */
final class AccountState {
    final StorageAccountId id;
    final String location;
    final AccountKind kind;
    String systemPrincipalId;
    String tenantId;
    /** Attached user-assigned identities by lower-case resource id. */
    final Map<String, IdentityRecord> userAssigned = new LinkedHashMap<>();
    KeySource keySource = KeySource.MICROSOFT_STORAGE;
    /** Vault host, key name, version ("" = auto) of the configured key. */
    String vaultHost;
    String keyName;
    String keyVersion;
    /** The version Storage uses now. */
    String currentVersion;
    Instant lastKeyRotation;
    String encryptionUserIdentity;
    String federatedClientId;
    final Map<StorageService, ServiceKeyType> services = new EnumMap<>(StorageService.class);
    boolean infrastructureEncryption;
    /**
     * When Storage next checks the vault for a newer version (auto-updating accounts), or null. Set it only
     * through {@code InMemoryAzure.schedulePickup}, which queues the check by time.
     */
    Instant pickupDue;

    AccountState(StorageAccountId id, String location, AccountKind kind) {
        this.id = id;
        this.location = location;
        this.kind = kind;
        services.put(StorageService.BLOB, ServiceKeyType.ACCOUNT);
        services.put(StorageService.FILE, ServiceKeyType.ACCOUNT);
        services.put(StorageService.QUEUE, ServiceKeyType.SERVICE);
        services.put(StorageService.TABLE, ServiceKeyType.SERVICE);
    }

    boolean isAutoUpdating() {
        return keySource == KeySource.MICROSOFT_KEYVAULT && (keyVersion == null || keyVersion.isEmpty());
    }

    /** The principal Storage uses to reach the key, or null if that identity does not exist. */
    String encryptionPrincipal() {
        if (encryptionUserIdentity != null) {
            IdentityRecord r = userAssigned.get(encryptionUserIdentity);
            return r == null ? null : r.principalId();
        }
        return systemPrincipalId;
    }

    /** A user-assigned identity: its resource id, principal and client id. */
    record IdentityRecord(String resourceId, String principalId, String clientId) {
    }
}
