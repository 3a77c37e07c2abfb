package dev.cmk.examples.snippets;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.core.AccountCreationPlan;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.EncryptionPlan;
import dev.cmk.core.fleet.AccountFilter;
import dev.cmk.core.fleet.FleetScope;
import dev.cmk.core.rotation.KeyRotation;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.core.rotation.RotationOptions;
import java.util.Set;

/** The Javadoc examples of cmk-core. */
final class CoreJavaDocCodeSnippets {
    private CoreJavaDocCodeSnippets() {
    }

    /** {@code CustomerManagedKeys}. */
    static EncryptionStatus customerManagedKeys(KeyVaultProvider keyVaultProvider,
                                                StorageAccountProvider storageAccountProvider,
                                                KeyAccessProvider keyAccessProvider, String id) {
        CustomerManagedKeys cmk = CustomerManagedKeys.builder()
                .keyVaults(keyVaultProvider)
                .storageAccounts(storageAccountProvider)
                .keyAccess(keyAccessProvider)          // optional
                .build();
        EncryptionPlan plan = cmk.storageAccount(StorageAccountId.parse(id))
                .useCustomerManagedKey(KeyReference.parse("https://contoso.vault.azure.net/keys/storage-cmk"))
                .plan();
        System.out.println(plan);
        EncryptionStatus status = plan.apply();
        return status;
    }

    /** {@code KeyRotation}. */
    static void keyRotation(CustomerManagedKeys cmk, KeyReference key, Scope scope) {
        RotationOptions options = RotationOptions.custom().retireOldVersions(true).build();
        KeyRotation rotation = cmk.key(key).rotation(Dependents.discoveredIn(scope), options);
        rotation.run();                 // creates, moves pinned accounts; returns when it must wait for pickup
        // 25 hours later, in this or any other process:
        cmk.key(key).resumeRotation(Dependents.discoveredIn(scope), options).ifPresent(KeyRotation::run);
    }

    /** {@code RotationOptions}. */
    static void rotationOptions(CustomerManagedKeys cmk, KeyReference key, Scope scope) {
        RotationOptions options = RotationOptions.custom().retireOldVersions(true).build();
        cmk.key(key).rotation(Dependents.discoveredIn(scope), options).run();
    }

    /** {@code NewStorageAccount}. */
    static EncryptionStatus newStorageAccount(CustomerManagedKeys cmk, String id, String identityId) {
        AccountCreationPlan plan = cmk.newStorageAccount(StorageAccountId.parse(id))
                .location("westeurope")
                .identity(ManagedIdentity.userAssigned(identityId))
                .useCustomerManagedKey(KeyReference.parse("https://contoso.vault.azure.net/keys/storage-cmk"))
                .accountScopedKeysForQueuesAndTables()
                .infrastructureEncryption()
                .grantKeyAccess()
                .plan();                 // reads only; checks what configure checks; printable
        EncryptionStatus status = plan.apply();   // the PUT, polled as Azure asks, then a verifying read
        return status;
    }

    /** {@code FleetScope}. */
    static FleetScope fleetScope() {
        FleetScope scope = FleetScope.parse("/subscriptions/00000000-1111-2222-3333-444444444444",
                        "/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/rg-data")
                .filter(AccountFilter.inRegions("westeurope"));
        return scope;
    }

    /** {@code StorageAccountEncryption#withKeyAccessPrincipal}. */
    static String revokeCrossTenant(CustomerManagedKeys cmk, StorageAccountId accountId, String subscriptionId,
                                    String appServicePrincipalObjectIdInVaultTenant) {
        return cmk.storageAccount(accountId)
                .withKeyAccessPrincipal(appServicePrincipalObjectIdInVaultTenant)
                .revokeKeyAccess(Set.of(accountId), Dependents.discoveredIn(Scope.subscription(subscriptionId)));
    }
}
