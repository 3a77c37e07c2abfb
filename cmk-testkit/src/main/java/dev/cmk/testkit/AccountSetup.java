package dev.cmk.testkit;

import dev.cmk.api.KeySource;
import dev.cmk.api.ServiceKeyType;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.StorageService;
import dev.cmk.api.spi.AccountKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Setup of a storage account. */
public final class AccountSetup {
    private final InMemoryAzure azure;
    private final StorageAccountId id;
    private AccountKind kind = AccountKind.STORAGE_V2;
    private String location = "westeurope";
    private boolean systemAssigned;
    private final List<String> userAssigned = new ArrayList<>();
    private boolean accountScopedQueueTable;
    private boolean infrastructureEncryption;

    AccountSetup(InMemoryAzure azure, StorageAccountId id) {
        this.azure = azure;
        this.id = id;
    }

    /**
     * Sets the kind.
     *
     * @param kind the kind
     * @return this
     */
    public AccountSetup kind(AccountKind kind) {
        this.kind = kind;
        return this;
    }

    /**
     * Sets the region.
     *
     * @param location for example {@code eastus}
     * @return this
     */
    public AccountSetup location(String location) {
        this.location = location;
        return this;
    }

    /**
     * Enables the system-assigned identity at creation.
     *
     * @return this
     */
    public AccountSetup systemAssignedIdentity() {
        this.systemAssigned = true;
        return this;
    }

    /**
     * Attaches a user-assigned identity at creation (created if it does not exist).
     *
     * @param resourceId the identity's resource id
     * @return this
     */
    public AccountSetup userAssignedIdentity(String resourceId) {
        azure.createUserAssignedIdentity(resourceId);
        userAssigned.add(resourceId);
        return this;
    }

    /**
     * Creates the account with queue and table on the account-scoped key.
     *
     * @return this
     */
    public AccountSetup queueAndTableAccountKeys() {
        this.accountScopedQueueTable = true;
        return this;
    }

    /**
     * Creates the account with infrastructure (double) encryption.
     *
     * @return this
     */
    public AccountSetup infrastructureEncryption() {
        this.infrastructureEncryption = true;
        return this;
    }

    /**
     * Creates the account.
     *
     * @return its id
     */
    public StorageAccountId create() {
        synchronized (azure) {
            AccountState a = new AccountState(id, location, kind);
            if (systemAssigned) {
                a.systemPrincipalId = azure.newGuid();
                a.tenantId = InMemoryAzure.TENANT_ID;
            }
            for (String u : userAssigned) {
                AccountState.IdentityRecord r = azure.identities.get(
                        dev.cmk.api.ManagedIdentity.userAssigned(u).resourceId().toLowerCase(Locale.ROOT));
                a.userAssigned.put(r.resourceId().toLowerCase(Locale.ROOT), r);
            }
            if (accountScopedQueueTable) {
                a.services.put(StorageService.QUEUE, ServiceKeyType.ACCOUNT);
                a.services.put(StorageService.TABLE, ServiceKeyType.ACCOUNT);
            }
            a.infrastructureEncryption = infrastructureEncryption;
            a.keySource = KeySource.MICROSOFT_STORAGE;
            azure.accounts.put(id, a);
        }
        return id;
    }
}
