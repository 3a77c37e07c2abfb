package dev.cmk.testkit;

import dev.cmk.api.StorageAccountId;
import dev.cmk.api.StorageService;
import dev.cmk.api.spi.AccountCreation;
import dev.cmk.api.spi.AccountIdentity;
import dev.cmk.api.internal.AzureErrors;
import dev.cmk.api.spi.StorageAccount;
import java.util.Locale;

/**
 * Creation of an account with a customer-managed key, checked as Azure checks the {@code PUT} (package-private;
 * runs inside {@link InMemoryAzure#call}, which holds the lock). The identity must exist (Azure: 400
 * {@code InvalidValuesForRequestParameters} naming {@code properties.encryption.identity}); the key is checked by the
 * same rules as an encryption update, and a refused creation leaves no account behind. A {@code PUT} of an account
 * that exists with the same creation-only settings updates it as a PATCH would; one whose creation-only settings
 * differ is refused.
 */
final class InMemoryAccountCreation {
    private InMemoryAccountCreation() {
    }

    static StorageAccount create(InMemoryAzure azure, InMemoryStorageAccounts storage, StorageAccountId id,
                                 AccountCreation c) {
        AccountState.IdentityRecord identity = azure.identities.get(c.identity().resourceId()
                .toLowerCase(Locale.ROOT));
        if (identity == null) {
            throw unattached(c.identity().resourceId());
        }
        AccountState existing;
        try {
            existing = azure.accountState(id);
        } catch (dev.cmk.api.NotFoundException absent) {
            existing = null;
        }
        if (existing != null) {
            if (!existing.location.equalsIgnoreCase(c.location()) || existing.kind != c.kind()
                    || existing.infrastructureEncryption != c.infrastructureEncryption()
                    || existing.services.get(StorageService.QUEUE) != c.serviceKeyTypes().get(StorageService.QUEUE)
                    || existing.services.get(StorageService.TABLE) != c.serviceKeyTypes().get(StorageService.TABLE)) {
                throw AzureErrors.toException(409, "StorageAccountAlreadyExists", "The storage account named "
                        + id.name() + " already exists with a different location, kind, service key types or "
                        + "infrastructure encryption, which cannot be changed.", null, null);
            }
            long mark = azure.historyMark();
            String key = identity.resourceId().toLowerCase(Locale.ROOT);
            boolean wasAttached = existing.userAssigned.containsKey(key);
            existing.userAssigned.put(key, identity);
            try {
                storage.applyCustomerManaged(existing, c.encryption());
            } catch (RuntimeException refused) {
                if (!wasAttached) {
                    existing.userAssigned.remove(key);
                }
                throw refused;
            }
            azure.recordInstead(mark, "storage.create", id.resourceId(), "existing account updated: identity "
                    + c.identity() + ", key " + c.key());
            return storage.view(existing);
        }
        // check on an unregistered probe first, so that a refused creation leaves nothing behind
        long mark = azure.historyMark();
        AccountState probe = new AccountState(id, c.location(), c.kind());
        probe.userAssigned.put(identity.resourceId().toLowerCase(Locale.ROOT), identity);
        storage.applyCustomerManaged(probe, c.encryption());
        AccountSetup setup = azure.account(id).location(c.location()).kind(c.kind())
                .userAssignedIdentity(identity.resourceId());
        if (c.accountScopedQueuesAndTables()) {
            setup.queueAndTableAccountKeys();
        }
        if (c.infrastructureEncryption()) {
            setup.infrastructureEncryption();
        }
        setup.create();
        AccountState a = azure.accountState(id);
        storage.applyCustomerManaged(a, c.encryption());
        azure.recordInstead(mark, "storage.create", id.resourceId(), "location=" + c.location() + " kind="
                + c.kind().wireName() + " sku=" + c.sku() + " queue/table=" + a.services.get(StorageService.QUEUE)
                + " infrastructure=" + c.infrastructureEncryption() + " identity=" + c.identity() + " key="
                + c.key().keyId() + " version=" + c.encryption().wireKeyVersion().filter(v -> !v.isEmpty())
                .orElse("auto(" + a.currentVersion + ")"));
        return storage.view(a);
    }

    static AccountIdentity.UserAssignedIdentity identity(InMemoryAzure azure, String resourceId) {
        AccountState.IdentityRecord r = azure.identities.get(resourceId.toLowerCase(Locale.ROOT));
        if (r == null) {
            throw AzureErrors.toException(404, "ResourceNotFound", "The Resource "
                    + "'Microsoft.ManagedIdentity/userAssignedIdentities/" + resourceId.substring(
                    resourceId.lastIndexOf('/') + 1) + "' was not found.", null, null);
        }
        return new AccountIdentity.UserAssignedIdentity(r.principalId(), r.clientId());
    }

    /** Azure's answer to an encryption identity that is not attached to the account (or does not exist). */
    static RuntimeException unattached(String identity) {
        return InMemoryAzure.badRequest("InvalidValuesForRequestParameters", "Values for request parameters are "
                + "invalid: properties.encryption.identity. The user assigned identity " + identity + " is not "
                + "associated with the storage account.");
    }
}
