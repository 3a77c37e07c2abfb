package dev.cmk.core;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.core.rotation.RotationListener;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The entry point: customer-managed keys for Azure Storage accounts, checked before every write.
 *
 * <pre>{@code
 * CustomerManagedKeys cmk = CustomerManagedKeys.builder()
 *         .keyVaults(keyVaultProvider)
 *         .storageAccounts(storageAccountProvider)
 *         .keyAccess(keyAccessProvider)          // optional
 *         .build();
 * EncryptionPlan plan = cmk.storageAccount(StorageAccountId.parse(id))
 *         .useCustomerManagedKey(KeyReference.parse("https://contoso.vault.azure.net/keys/storage-cmk"))
 *         .plan();
 * System.out.println(plan);
 * EncryptionStatus status = plan.apply();
 * }</pre>
 *
 * <p>Providers come from {@code dev.cmk.azure.AzureCustomerManagedKeys} (the real Azure) or from the testkit's
 * {@code InMemoryAzure}. Instances are immutable and thread-safe; operations on different accounts may run
 * concurrently.
 */
public final class CustomerManagedKeys {
    private final Services services;

    private CustomerManagedKeys(Services services) {
        this.services = services;
    }

    /**
     * Starts building an instance.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The per-account operation handle: status, configuration, per-account revoke and restore of one storage
     * account's encryption. Makes no call until an operation runs.
     *
     * @param account the account
     * @return the account's operation handle
     * @throws NullPointerException if account is null
     */
    public StorageAccountEncryption storageAccount(StorageAccountId account) {
        return new StorageAccountEncryption(services, Objects.requireNonNull(account, "account"));
    }

    /**
     * Starts describing a storage account to create with a customer-managed key from its first write (a
     * user-assigned identity, optionally cross-tenant; optionally account-scoped keys for queues and tables and
     * infrastructure encryption, which only creation can choose). Makes no call until
     * {@link NewStorageAccount#plan()}.
     *
     * @param account the account to create
     * @return the new account's settings, to refine, plan and apply
     * @throws NullPointerException if account is null
     */
    public NewStorageAccount newStorageAccount(StorageAccountId account) {
        return new NewStorageAccount(services, Objects.requireNonNull(account, "account"));
    }

    /**
     * The per-key operation handle: validation, creation, rotation, key-wide revoke and restore of one key. Makes
     * no call until an operation runs.
     *
     * @param key the key, versioned or not
     * @return the key's operation handle
     * @throws NullPointerException if key is null
     */
    public KeyOperations key(KeyReference key) {
        return new KeyOperations(services, Objects.requireNonNull(key, "key"));
    }

    /**
     * Fleet operations over many accounts: audit, plan and apply, reading accounts from list pages. Makes no call
     * until an operation runs.
     *
     * @return the fleet operations over this instance's ports and clock
     */
    public dev.cmk.core.fleet.Fleet fleet() {
        return dev.cmk.core.fleet.Fleet.over(services.keys(), services.storage(), services.access().orElse(null),
                services.clock());
    }

    /** Builds {@link CustomerManagedKeys}. */
    public static final class Builder {
        private KeyVaultProvider keyVaults;
        private StorageAccountProvider storageAccounts;
        private KeyAccessProvider keyAccess;
        private Clock clock = Clock.systemUTC();
        private final java.util.List<RotationListener> rotationListeners = new java.util.ArrayList<>();

        private Builder() {
        }

        /**
         * The key vault port (required).
         *
         * @param provider the provider
         * @return this builder
         * @throws NullPointerException if provider is null
         */
        public Builder keyVaults(KeyVaultProvider provider) {
            this.keyVaults = Objects.requireNonNull(provider, "keyVaults");
            return this;
        }

        /**
         * The storage account port (required).
         *
         * @param provider the provider
         * @return this builder
         * @throws NullPointerException if provider is null
         */
        public Builder storageAccounts(StorageAccountProvider provider) {
            this.storageAccounts = Objects.requireNonNull(provider, "storageAccounts");
            return this;
        }

        /**
         * The key access port (optional). Without it, plans warn that the identity's access was not checked and
         * cannot grant access.
         *
         * @param provider the provider, or null for none
         * @return this builder
         */
        public Builder keyAccess(KeyAccessProvider provider) {
            this.keyAccess = provider;
            return this;
        }

        /**
         * The clock used for expiry checks and rotation timing (optional; UTC system clock by default).
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException if clock is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * A listener for every rotation of every key run through the built instance (transitions and drift), in
         * addition to those registered on a rotation handle; may be called more than once. A listener that throws
         * is logged and never stops a rotation. Listeners may be called from any thread that drives a rotation.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if listener is null
         */
        public Builder rotationListener(RotationListener listener) {
            rotationListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the instance.
         *
         * @return the instance
         * @throws dev.cmk.api.ConfigurationException if {@link #keyVaults} or {@link #storageAccounts} was not set
         */
        public CustomerManagedKeys build() {
            if (keyVaults == null || storageAccounts == null) {
                throw new dev.cmk.api.ConfigurationException("CustomerManagedKeys needs keyVaults(..) and storageAccounts(..); "
                        + "missing: " + (keyVaults == null ? "keyVaults " : "") + (storageAccounts == null
                        ? "storageAccounts" : ""));
            }
            return new CustomerManagedKeys(new Services(keyVaults, storageAccounts, Optional.ofNullable(keyAccess),
                    clock, rotationListeners));
        }
    }
}
