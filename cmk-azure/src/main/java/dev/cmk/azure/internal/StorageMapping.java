package dev.cmk.azure.internal;

import dev.cmk.api.internal.AzureRules;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.Encryption;
import com.azure.resourcemanager.storage.models.EncryptionIdentity;
import com.azure.resourcemanager.storage.models.EncryptionService;
import com.azure.resourcemanager.storage.models.EncryptionServices;
import com.azure.resourcemanager.storage.models.Identity;
import com.azure.resourcemanager.storage.models.IdentityType;
import com.azure.resourcemanager.storage.models.KeyVaultProperties;
import com.azure.resourcemanager.storage.models.UserAssignedIdentity;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.ServiceKeyType;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.StorageService;
import dev.cmk.api.spi.AccountEncryption;
import dev.cmk.api.spi.AccountIdentity;
import dev.cmk.api.spi.AccountKind;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.StorageAccount;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Maps ARM storage account models to cmk's domain values and back. */
final class StorageMapping {
    private StorageMapping() {
    }

    /**
     * Reads an account as ARM reports it.
     *
     * @param id the id the caller asked for (ARM may spell segments differently)
     * @param a the account
     * @return the domain value
     */
    static StorageAccount toAccount(StorageAccountId id, StorageAccountInner a) {
        AccountKind kind = AccountKind.fromWireName(a.kind() == null ? null : a.kind().toString());
        return new StorageAccount(id, a.location() == null ? "" : AzureKeyVaults.region(a.location()), kind,
                identity(a.identity()), encryption(a.encryption()));
    }

    static AccountIdentity identity(Identity identity) {
        if (identity == null || identity.type() == null || IdentityType.NONE.equals(identity.type())) {
            return AccountIdentity.none();
        }
        boolean system = identity.type().toString().contains("SystemAssigned");
        Map<String, AccountIdentity.UserAssignedIdentity> users = new LinkedHashMap<>();
        if (identity.userAssignedIdentities() != null) {
            identity.userAssignedIdentities().forEach((rid, u) -> users.put(rid,
                    new AccountIdentity.UserAssignedIdentity(u == null ? null : u.principalId(),
                            u == null ? null : u.clientId())));
        }
        return new AccountIdentity(system ? Optional.ofNullable(identity.principalId()) : Optional.empty(),
                system ? Optional.ofNullable(identity.tenantId()) : Optional.empty(), users);
    }

    static AccountEncryption encryption(Encryption e) {
        if (e == null) {
            return AccountEncryption.microsoftManaged();
        }
        KeySource source = KeySource.fromWireName(e.keySource() == null ? null : e.keySource().toString());
        Map<StorageService, ServiceKeyType> services = services(e.services());
        boolean infra = Boolean.TRUE.equals(e.requireInfrastructureEncryption());
        Optional<String> userIdentity = Optional.ofNullable(e.encryptionIdentity())
                .map(EncryptionIdentity::encryptionUserAssignedIdentity).filter(s -> !s.isBlank());
        Optional<String> federated = Optional.ofNullable(e.encryptionIdentity())
                .map(EncryptionIdentity::encryptionFederatedIdentityClientId).filter(s -> !s.isBlank());
        KeyVaultProperties kv = e.keyVaultProperties();
        if (source != KeySource.MICROSOFT_KEYVAULT || kv == null || kv.keyVaultUri() == null
                || kv.keyName() == null) {
            return new AccountEncryption(source, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), userIdentity, federated, services, infra);
        }
        KeyReference key;
        Optional<KeyReference> current;
        try {
            key = KeyReference.of(URI.create(kv.keyVaultUri()), kv.keyName());
            current = Optional.ofNullable(kv.currentVersionedKeyIdentifier()).filter(s -> !s.isBlank())
                    .map(KeyReference::parse);
        } catch (IllegalArgumentException unreadable) {
            // Azure's data, not the caller's input: InvalidInputException would blame the caller
            throw new dev.cmk.api.UnexpectedResponseException("Azure Storage reported a key cmk cannot read (vault "
                    + kv.keyVaultUri() + ", key " + kv.keyName() + ", current version "
                    + kv.currentVersionedKeyIdentifier() + "): " + unreadable.getMessage() + "; nothing was written",
                    dev.cmk.api.AzureErrorDetails.NONE, unreadable);
        }
        return new AccountEncryption(source, Optional.of(key), Optional.ofNullable(kv.keyVersion()), current,
                Optional.ofNullable(kv.lastKeyRotationTimestamp()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(kv.currentVersionedKeyExpirationTimestamp()).map(OffsetDateTime::toInstant)
                        .filter(t -> !NO_EXPIRY.equals(t)),
                userIdentity, federated, services, infra);
    }

    /** Service key types; a service ARM omits is reported with its default (blob, file: account; queue, table: service). */
    private static Map<StorageService, ServiceKeyType> services(EncryptionServices s) {
        Map<StorageService, ServiceKeyType> m = new EnumMap<>(StorageService.class);
        m.put(StorageService.BLOB, keyType(s == null ? null : s.blob(), ServiceKeyType.ACCOUNT));
        m.put(StorageService.FILE, keyType(s == null ? null : s.file(), ServiceKeyType.ACCOUNT));
        m.put(StorageService.QUEUE, keyType(s == null ? null : s.queue(), ServiceKeyType.SERVICE));
        m.put(StorageService.TABLE, keyType(s == null ? null : s.table(), ServiceKeyType.SERVICE));
        return m;
    }

    private static ServiceKeyType keyType(EncryptionService s, ServiceKeyType dflt) {
        if (s == null || s.keyType() == null) {
            return dflt;
        }
        return "Account".equalsIgnoreCase(s.keyType().toString()) ? ServiceKeyType.ACCOUNT : ServiceKeyType.SERVICE;
    }

    /**
     * The whole {@code encryption} to PATCH: key source; for a customer-managed key the key vault properties
     * (with {@code keyversion ""} for auto-update) and the identity; blob and file enabled on the account key (as
     * Azure's own examples send; queue and table key types are fixed at creation and are never sent). For
     * Microsoft-managed keys there are no key vault properties.
     *
     * @param update what to set
     * @return the ARM model
     */
    static Encryption toEncryption(EncryptionUpdate update) {
        return toEncryption(update, false);
    }

    /**
     * As {@link #toEncryption(EncryptionUpdate)}, with the identity's wire forms: the system-assigned identity is
     * sent as {@code "userAssignedIdentity": ""} (what PowerShell and Terraform send; azure-json drops a null, so
     * a null would send {@code "identity": {}}, which clears nothing); leaving cross-tenant sends
     * {@code "federatedIdentityClientId": ""} when {@code clearFederated} (the account had one when last read).
     * Whether Azure clears the field on that value is unconfirmed: the verifying read decides.
     *
     * @param update what to set
     * @param clearFederated whether to send an explicit empty federated client id
     * @return the ARM model
     */
    static Encryption toEncryption(EncryptionUpdate update, boolean clearFederated) {
        EncryptionServices services = new EncryptionServices()
                .withBlob(new EncryptionService().withEnabled(true)
                        .withKeyType(com.azure.resourcemanager.storage.models.KeyType.ACCOUNT))
                .withFile(new EncryptionService().withEnabled(true)
                        .withKeyType(com.azure.resourcemanager.storage.models.KeyType.ACCOUNT));
        Encryption e = new Encryption().withServices(services).withKeySource(
                com.azure.resourcemanager.storage.models.KeySource.fromString(update.keySource().wireName()));
        if (update.keySource() == KeySource.MICROSOFT_KEYVAULT) {
            KeyReference key = update.key().orElseThrow();
            e.withKeyVaultProperties(new KeyVaultProperties().withKeyName(key.name())
                    .withKeyVaultUri(key.vaultUri().toString()).withKeyVersion(update.wireKeyVersion().orElse("")));
            EncryptionIdentity identity = new EncryptionIdentity();
            if (update.identity().orElseThrow() instanceof ManagedIdentity.UserAssigned u) {
                identity.withEncryptionUserAssignedIdentity(u.resourceId());
                if (u.federatedClientId().isPresent()) {
                    identity.withEncryptionFederatedIdentityClientId(u.federatedClientId().get());
                } else if (clearFederated) {
                    identity.withEncryptionFederatedIdentityClientId(CLEARED);
                }
            } else {
                identity.withEncryptionUserAssignedIdentity(CLEARED);
                if (clearFederated) {
                    identity.withEncryptionFederatedIdentityClientId(CLEARED);
                }
            }
            e.withEncryptionIdentity(identity);
        }
        return e;
    }

    /** The value that clears an encryption identity field: an empty string (a null is never sent). */
    static final String CLEARED = "";

    /** What ARM reports as the expiry of a key version that has none. */
    static final java.time.Instant NO_EXPIRY = java.time.Instant.EPOCH;

    /**
     * The top-level identity to PATCH so that the account keeps every identity it has and gains the given one.
     *
     * @param current the account's identities now
     * @param add the identity to add
     * @return the ARM model, or null when the identity is already there
     */
    static Identity withIdentity(AccountIdentity current, ManagedIdentity add) {
        boolean system = current.systemAssignedPrincipalId().isPresent();
        Map<String, UserAssignedIdentity> users = new LinkedHashMap<>();
        current.userAssigned().keySet().forEach(rid -> users.put(rid, new UserAssignedIdentity()));
        boolean changed;
        if (add instanceof ManagedIdentity.UserAssigned u) {
            changed = current.userAssigned(u.resourceId()).isEmpty();
            users.keySet().removeIf(k -> k.equalsIgnoreCase(u.resourceId()));
            users.put(u.resourceId(), new UserAssignedIdentity());
        } else {
            changed = !system;
            system = true;
        }
        if (!changed) {
            return null;
        }
        IdentityType type = IdentityType.fromString(AzureRules.identityType(system, !users.isEmpty()));
        Identity identity = new Identity().withType(type);
        if (!users.isEmpty()) {
            identity.withUserAssignedIdentities(users);
        }
        return identity;
    }

}
