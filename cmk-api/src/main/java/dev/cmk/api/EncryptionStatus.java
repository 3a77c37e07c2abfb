package dev.cmk.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What Azure reports about a storage account's encryption, in domain terms.
 *
 * @param account the account
 * @param keySource Microsoft-managed or customer-managed
 * @param key the configured key, versionless; empty for Microsoft-managed keys
 * @param versionPolicy auto-update or the pinned version; empty for Microsoft-managed keys
 * @param versionInUse the versioned key Storage actually uses ({@code currentVersionedKeyIdentifier})
 * @param versionInUseExpiry when that version expires, if it has an expiry
 * @param identity the identity used to reach the key; empty for Microsoft-managed keys
 * @param lastKeyRotation when Storage last changed the key version it uses
 * @param serviceKeyTypes per service, whether the account-scoped key applies
 * @param infrastructureEncryption whether double encryption was enabled at creation
 */
public record EncryptionStatus(StorageAccountId account, KeySource keySource, Optional<KeyReference> key,
                               Optional<VersionPolicy> versionPolicy, Optional<KeyReference> versionInUse,
                               Optional<Instant> versionInUseExpiry, Optional<ManagedIdentity> identity,
                               Optional<Instant> lastKeyRotation, Map<StorageService, ServiceKeyType> serviceKeyTypes,
                               boolean infrastructureEncryption) {
    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param account the account
     * @param keySource Microsoft-managed or customer-managed
     * @param key the configured key, versionless; empty for Microsoft-managed keys
     * @param versionPolicy auto-update or the pinned version; empty for Microsoft-managed keys
     * @param versionInUse the versioned key Storage actually uses ({@code currentVersionedKeyIdentifier})
     * @param versionInUseExpiry when that version expires, if it has an expiry
     * @param identity the identity used to reach the key; empty for Microsoft-managed keys
     * @param lastKeyRotation when Storage last changed the key version it uses
     * @param serviceKeyTypes per service, whether the account-scoped key applies
     * @param infrastructureEncryption whether double encryption was enabled at creation
     */
    public EncryptionStatus {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(keySource, "keySource");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionPolicy, "versionPolicy");
        Objects.requireNonNull(versionInUse, "versionInUse");
        Objects.requireNonNull(versionInUseExpiry, "versionInUseExpiry");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(lastKeyRotation, "lastKeyRotation");
        serviceKeyTypes = Map.copyOf(serviceKeyTypes);
    }

    /**
     * Whether the account uses a customer-managed key.
     *
     * @return true for {@link KeySource#MICROSOFT_KEYVAULT}
     */
    public boolean isCustomerManaged() {
        return keySource == KeySource.MICROSOFT_KEYVAULT;
    }

    /**
     * A one-screen summary.
     *
     * @return the readable summary
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("Storage account ").append(account.name()).append(" (").append(account).append(")\n");
        if (!isCustomerManaged()) {
            sb.append("  key source        : Microsoft-managed keys (Microsoft.Storage)\n");
        } else {
            sb.append("  key source        : customer-managed key (Microsoft.Keyvault)\n");
            sb.append("  key               : ").append(key.map(KeyReference::keyId).orElse("(none)")).append('\n');
            sb.append("  version policy    : ").append(versionPolicy.map(Object::toString).orElse("(unknown)"))
                    .append('\n');
            sb.append("  version in use    : ").append(versionInUse.flatMap(KeyReference::version).orElse("(not "
                    + "reported yet)"));
            versionInUseExpiry.ifPresent(e -> sb.append(", expires ").append(e));
            sb.append('\n');
            sb.append("  identity          : ").append(identity.map(Object::toString).orElse("(none)")).append('\n');
            sb.append("  last key rotation : ").append(lastKeyRotation.map(Object::toString).orElse("(never)"))
                    .append('\n');
        }
        sb.append("  services          :");
        for (StorageService s : StorageService.values()) {
            ServiceKeyType t = serviceKeyTypes.get(s);
            if (t != null) {
                sb.append(' ').append(s.name().toLowerCase(java.util.Locale.ROOT)).append('=')
                        .append(t == ServiceKeyType.ACCOUNT ? "account key" : "service key (Microsoft-managed)");
            }
        }
        sb.append('\n');
        sb.append("  infrastructure encryption: ").append(infrastructureEncryption ? "on" : "off");
        return sb.toString();
    }
}
