package dev.cmk.examples;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;

/**
 * The in-memory Azure every example runs on by default, so no subscription is needed: a vault {@code contoso}
 * with a key {@code storage-cmk}, and accounts whose system-assigned identity holds get, wrapKey and unwrapKey on
 * the key. In production, build {@link CustomerManagedKeys} with {@code AzureCustomerManagedKeys.builder()}
 * instead, as {@link EnableOnRealAzure} does; the example code itself does not change.
 */
public final class Sandbox {
    /** The in-memory Azure. */
    public final InMemoryAzure azure = InMemoryAzure.create();
    /** The vault. */
    public final URI vault = azure.vault("contoso").create();
    /** The key, versionless. */
    public final KeyReference key = azure.key(vault, "storage-cmk").create().versionless();

    /**
     * An account with a system-assigned identity that holds access to {@link #key}.
     *
     * @param name the account name
     * @return its id
     */
    public StorageAccountId account(String name) {
        StorageAccountId id = azure.account(name).systemAssignedIdentity().create();
        azure.grantAccess(key, azure.systemPrincipal(id));
        return id;
    }

    /**
     * cmk over the in-memory Azure.
     *
     * @return the entry point
     */
    public CustomerManagedKeys cmk() {
        return CustomerManagedKeys.builder().keyVaults(azure.keyVaults()).storageAccounts(azure.storageAccounts())
                .keyAccess(azure.keyAccess()).clock(azure.clock()).build();
    }
}
