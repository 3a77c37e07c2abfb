package dev.cmk.core;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;

/** A small Azure for core tests: one vault, one key, one account whose system identity holds access. */
final class Fixture {
    static final String UAI = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
            + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cmk-identity";
    static final String UAI2 = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
            + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cmk-identity-2";

    final InMemoryAzure azure = InMemoryAzure.create();
    final URI vault = azure.vault("contoso").create();
    final KeyReference v1 = azure.key(vault, "storage-cmk").create();
    final KeyReference key = v1.versionless();
    final StorageAccountId account = azure.account("contosodata").systemAssignedIdentity().create();

    Fixture() {
        azure.grantAccess(key, azure.systemPrincipal(account));
    }

    CustomerManagedKeys cmk() {
        return CustomerManagedKeys.builder().keyVaults(azure.keyVaults()).storageAccounts(azure.storageAccounts())
                .keyAccess(azure.keyAccess()).clock(azure.clock()).build();
    }

    CustomerManagedKeys cmkWithoutKeyAccess() {
        return CustomerManagedKeys.builder().keyVaults(azure.keyVaults()).storageAccounts(azure.storageAccounts())
                .clock(azure.clock()).build();
    }

    String v1Version() {
        return v1.version().orElseThrow();
    }
}
