package dev.cmk.testkit;

import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.StorageAccount;
import java.util.List;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;

/**
 * AssertJ assertions over the in-memory Azure. Reads bypass call counters and faults, so assertions never change
 * what a test measures.
 *
 * <pre>{@code
 * AzureAssertions.assertThat(azure).account(id).isEncryptedWith(key).hasAutoUpdatingVersion().usesVersion(v1);
 * AzureAssertions.assertThat(azure).key(key).hasVersionCount(2).hasEnabledVersion(v2);
 * }</pre>
 */
public final class AzureAssertions extends AbstractAssert<AzureAssertions, InMemoryAzure> {

    private AzureAssertions(InMemoryAzure actual) {
        super(actual, AzureAssertions.class);
    }

    /**
     * Starts assertions on an in-memory Azure. Named so that a static import does not clash with AssertJ's
     * {@code Assertions.assertThat}.
     *
     * @param azure the Azure
     * @return the assertions
     */
    public static AzureAssertions assertThatAzure(InMemoryAzure azure) {
        return new AzureAssertions(azure);
    }

    /**
     * Starts assertions on an in-memory Azure, BDD style (same as {@link #assertThatAzure}).
     *
     * @param azure the Azure
     * @return the assertions
     */
    public static AzureAssertions then(InMemoryAzure azure) {
        return new AzureAssertions(azure);
    }

    /**
     * Starts assertions on an in-memory Azure.
     *
     * @param azure the Azure
     * @return the assertions
     * @deprecated clashes with AssertJ's static {@code assertThat}; use {@link #assertThatAzure} or {@link #then}
     */
    @Deprecated
    public static AzureAssertions assertThat(InMemoryAzure azure) {
        return new AzureAssertions(azure);
    }

    /**
     * Assertions on one account.
     *
     * @param id the account
     * @return the account assertions
     */
    public AccountAssert account(StorageAccountId id) {
        isNotNull();
        return new AccountAssert(actual, id);
    }

    /**
     * Assertions on one key.
     *
     * @param key the key
     * @return the key assertions
     */
    public KeyAssert key(KeyReference key) {
        isNotNull();
        return new KeyAssert(actual, key);
    }

    /** Assertions on one storage account of the in-memory Azure. */
    public static final class AccountAssert extends AbstractAssert<AccountAssert, StorageAccount> {
        private final InMemoryAzure azure;

        AccountAssert(InMemoryAzure azure, StorageAccountId id) {
            super(azure.inspect().account(id), AccountAssert.class);
            this.azure = azure;
        }

        /**
         * The account uses Microsoft-managed keys.
         *
         * @return this
         */
        public AccountAssert usesMicrosoftManagedKeys() {
            if (actual.encryption().isCustomerManaged()) {
                failWithMessage("Expected account %s to use Microsoft-managed keys but it uses %s",
                        actual.id().name(), actual.encryption().key().orElse(null));
            }
            return this;
        }

        /**
         * The account uses the given key (versions ignored) as its customer-managed key.
         *
         * @param key the key
         * @return this
         */
        public AccountAssert isEncryptedWith(KeyReference key) {
            if (!actual.encryption().isCustomerManaged()
                    || !actual.encryption().key().map(k -> k.sameKeyAs(key)).orElse(false)) {
                failWithMessage("Expected account %s to be encrypted with %s but its key source is %s and key %s",
                        actual.id().name(), key.versionless(), actual.encryption().keySource(),
                        actual.encryption().key().orElse(null));
            }
            return this;
        }

        /**
         * Storage reports this version as the one in use ({@code currentVersionedKeyIdentifier}).
         *
         * @param version the version
         * @return this
         */
        public AccountAssert usesVersion(String version) {
            String inUse = actual.encryption().currentVersionedKey().flatMap(KeyReference::version).orElse(null);
            if (!version.equalsIgnoreCase(String.valueOf(inUse))) {
                failWithMessage("Expected account %s to use key version %s but it uses %s", actual.id().name(),
                        version, inUse);
            }
            return this;
        }

        /**
         * The account is configured with an auto-updating version.
         *
         * @return this
         */
        public AccountAssert hasAutoUpdatingVersion() {
            return hasVersionPolicy(VersionPolicy.autoUpdate());
        }

        /**
         * The account is pinned to this version.
         *
         * @param version the version
         * @return this
         */
        public AccountAssert isPinnedTo(String version) {
            return hasVersionPolicy(VersionPolicy.pinned(version));
        }

        private AccountAssert hasVersionPolicy(VersionPolicy policy) {
            VersionPolicy actualPolicy = !actual.encryption().isCustomerManaged() ? null
                    : actual.encryption().keyVersion().map(VersionPolicy::pinned).orElse(VersionPolicy.autoUpdate());
            if (!policy.equals(actualPolicy)) {
                failWithMessage("Expected account %s to have version policy %s but it has %s", actual.id().name(),
                        policy, actualPolicy);
            }
            return this;
        }

        /**
         * Storage reaches the key with this identity.
         *
         * @param identity the identity
         * @return this
         */
        public AccountAssert usesIdentity(ManagedIdentity identity) {
            String user = actual.encryption().userAssignedIdentity().orElse(null);
            boolean ok = identity instanceof ManagedIdentity.UserAssigned u
                    ? u.resourceId().equalsIgnoreCase(String.valueOf(user))
                    && u.federatedClientId().equals(actual.encryption().federatedClientId())
                    : user == null && actual.encryption().isCustomerManaged();
            if (!ok) {
                failWithMessage("Expected account %s to reach its key with %s but it uses %s", actual.id().name(),
                        identity, user == null ? "the system-assigned identity" : user);
            }
            return this;
        }

        /**
         * Data operations succeed (Storage can unwrap the account key).
         *
         * @return this
         */
        public AccountAssert isAccessible() {
            if (!azure.dataPlane(actual.id()).isAccessible()) {
                failWithMessage("Expected data operations on account %s to succeed but they answer 403",
                        actual.id().name());
            }
            return this;
        }

        /**
         * Data operations answer 403 (the account is locked out of its key).
         *
         * @return this
         */
        public AccountAssert isLockedOut() {
            if (azure.dataPlane(actual.id()).isAccessible()) {
                failWithMessage("Expected data operations on account %s to answer 403 but they succeed",
                        actual.id().name());
            }
            return this;
        }
    }

    /** Assertions on one key of the in-memory Azure. */
    public static final class KeyAssert extends AbstractAssert<KeyAssert, List<KeyVersionProperties>> {
        KeyAssert(InMemoryAzure azure, KeyReference key) {
            super(azure.inspect().versions(key), KeyAssert.class);
        }

        /**
         * The key has exactly this many versions.
         *
         * @param count the count
         * @return this
         */
        public KeyAssert hasVersionCount(int count) {
            Assertions.assertThat(actual).as("versions of the key").hasSize(count);
            return this;
        }

        /**
         * The version exists and is enabled.
         *
         * @param version the version
         * @return this
         */
        public KeyAssert hasEnabledVersion(String version) {
            Assertions.assertThat(find(version).enabled()).as("version %s is enabled", version).isTrue();
            return this;
        }

        /**
         * The version exists and is disabled.
         *
         * @param version the version
         * @return this
         */
        public KeyAssert hasDisabledVersion(String version) {
            Assertions.assertThat(find(version).enabled()).as("version %s is enabled", version).isFalse();
            return this;
        }

        private KeyVersionProperties find(String version) {
            return actual.stream().filter(p -> p.version().equalsIgnoreCase(version)).findFirst()
                    .orElseThrow(() -> new AssertionError("key has no version " + version + "; versions: "
                            + actual.stream().map(KeyVersionProperties::version).toList()));
        }
    }
}
