package dev.cmk.examples.snippets;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.EncryptionPlan;
import dev.cmk.core.rotation.KeyRotation;
import dev.cmk.core.rotation.RotationStatus;
import java.util.List;

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
    static RotationStatus keyRotation(CustomerManagedKeys cmk, KeyReference key, StorageAccountId accountA,
                                      StorageAccountId accountB) {
        List<StorageAccountId> dependents = List.of(accountA, accountB);
        KeyRotation rotation = cmk.key(key).rotation(dependents).retireOldVersions(true);
        RotationStatus status = rotation.run(); // creates, moves pinned accounts; returns when it must wait for pickup
        // a day later (Storage picks up a new version within 24 hours), in this process or any other:
        status = cmk.key(key).rotation(rotation.id(), dependents).retireOldVersions(true).run(); // COMPLETED
        return status;
    }
}
