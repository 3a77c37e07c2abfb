package dev.cmk.api.spi;

import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.ServiceKeyType;
import dev.cmk.api.StorageService;
import dev.cmk.api.VersionPolicy;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything one {@code PUT} sends to create a storage account that is encrypted with a customer-managed key from
 * its first write. The identity is user-assigned (Azure refuses a system-assigned one with a customer-managed key at
 * creation, because it does not exist before the account does); it is attached to the account and named as the
 * encryption identity in the same request.
 *
 * @param location the Azure region, lower case without spaces (for example {@code westeurope})
 * @param kind the account kind
 * @param sku the SKU name, for example {@code Standard_LRS}
 * @param tags the tags, possibly empty
 * @param key the versionless key
 * @param versionPolicy auto-update (sent as an empty key version) or pinned
 * @param identity the user-assigned identity, with a federated client id for a vault in another tenant
 * @param accountScopedQueuesAndTables whether queue and table data use the account-scoped key (and so the
 *     customer-managed key); fixed at creation
 * @param infrastructureEncryption whether infrastructure (double) encryption is required; fixed at creation
 */
public record AccountCreation(String location, AccountKind kind, String sku, Map<String, String> tags,
                              KeyReference key, VersionPolicy versionPolicy, ManagedIdentity.UserAssigned identity,
                              boolean accountScopedQueuesAndTables, boolean infrastructureEncryption) {
    /**
     * Checks the components (none may be null), normalises the region to lower case without spaces, drops the
     * key's version and copies the tags, so the value is immutable.
     *
     * @param location the Azure region
     * @param kind the account kind
     * @param sku the SKU name
     * @param tags the tags
     * @param key the key (its version, if any, is ignored: the policy decides)
     * @param versionPolicy auto-update or pinned
     * @param identity the user-assigned identity
     * @param accountScopedQueuesAndTables whether queue and table data use the account-scoped key
     * @param infrastructureEncryption whether infrastructure encryption is required
     * @throws InvalidInputException if the region or SKU is blank or malformed, or the kind is
     *     {@link AccountKind#CLASSIC}
     */
    public AccountCreation {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionPolicy, "versionPolicy");
        Objects.requireNonNull(identity, "identity");
        location = dev.cmk.api.internal.AzureRules.region(location);
        if (!location.matches("[a-z0-9]{2,40}")) {
            throw new InvalidInputException("region", "a region is an Azure location name such as westeurope",
                    location, "westeurope");
        }
        if (!sku.matches("[A-Za-z]+_[A-Za-z]+")) {
            throw new InvalidInputException("sku", "a SKU name is tier_replication, for example Standard_LRS",
                    sku, "Standard_LRS");
        }
        if (kind == AccountKind.CLASSIC) {
            throw new InvalidInputException("account kind", "classic accounts cannot be created through Azure "
                    + "Resource Manager and do not support customer-managed keys", kind.wireName(), "StorageV2");
        }
        tags = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(tags, "tags")));
        key = key.versionless();
    }

    /**
     * The {@code encryption} this creation sets (the same value a later configure would write).
     *
     * @return the customer-managed update
     */
    public EncryptionUpdate encryption() {
        return EncryptionUpdate.customerManaged(key, versionPolicy, identity);
    }

    /**
     * The service key types the new account will report: blob and file on the account key always; queue and table
     * on the account key only when asked.
     *
     * @return the key type per service
     */
    public Map<StorageService, ServiceKeyType> serviceKeyTypes() {
        Map<StorageService, ServiceKeyType> m = new EnumMap<>(StorageService.class);
        ServiceKeyType qt = accountScopedQueuesAndTables ? ServiceKeyType.ACCOUNT : ServiceKeyType.SERVICE;
        m.put(StorageService.BLOB, ServiceKeyType.ACCOUNT);
        m.put(StorageService.FILE, ServiceKeyType.ACCOUNT);
        m.put(StorageService.QUEUE, qt);
        m.put(StorageService.TABLE, qt);
        return Map.copyOf(m);
    }
}
