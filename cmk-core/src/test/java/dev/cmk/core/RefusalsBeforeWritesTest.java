package dev.cmk.core;

import static dev.cmk.testkit.AzureAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.ConfigurationException;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountIdentity;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountPage;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.core.fleet.FleetScope;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.testkit.InMemoryAzure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Refusals come before any write, with typed errors, and never from an account outside the operation. */
class RefusalsBeforeWritesTest {
    private final Fixture f = new Fixture();
    private final CustomerManagedKeys cmk = f.cmk();

    @Test
    void restore_ofNullAccounts_refusesBeforeReenablingAnything() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        cmk.key(f.key).revoke(List.of(f.account)).apply(Set.of(f.account));
        f.azure.calls().reset();
        assertThatThrownBy(() -> cmk.key(f.key).restore(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> cmk.key(f.key).restore(Arrays.asList(f.account, null)))
                .isInstanceOf(NullPointerException.class);
        assertThat(f.azure.calls().writes()).isZero();
        assertThat(f.azure).account(f.account).isLockedOut();
    }

    @Test
    void restore_reportsWithoutFailing_whenAListedAccountCannotBeRead() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        cmk.key(f.key).revoke(List.of(f.account)).apply(Set.of(f.account));
        StorageAccountId gone = StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg", "neverexisted");
        RestoreResult r = cmk.key(f.key).restore(List.of(gone, f.account));
        assertThat(r.reenabledVersions()).containsExactly(f.v1Version());
        assertThat(r.accountsWithAccess()).containsExactly(f.account);
        assertThat(f.azure).account(f.account).isAccessible();
    }

    /** Reports one account's identities as empty, as Azure does for an account whose identity was removed. */
    private static StorageAccountProvider withoutIdentity(StorageAccountProvider d, StorageAccountId hidden) {
        return new StorageAccountProvider() {
            private StorageAccount strip(StorageAccount a) {
                return a.id().equals(hidden) ? new StorageAccount(a.id(), a.location(), a.kind(),
                        AccountIdentity.none(), a.encryption()) : a;
            }

            @Override
            public StorageAccount get(StorageAccountId id) {
                return strip(d.get(id));
            }

            @Override
            public StorageAccount updateEncryption(StorageAccountId id, EncryptionUpdate update) {
                return d.updateEncryption(id, update);
            }

            @Override
            public StorageAccount enableIdentity(StorageAccountId id, ManagedIdentity identity) {
                return d.enableIdentity(id, identity);
            }

            @Override
            public List<StorageAccountId> list(Scope scope) {
                return d.list(scope);
            }

            @Override
            public StorageAccountPage listAccounts(Scope scope, Optional<String> pageToken) {
                StorageAccountPage p = d.listAccounts(scope, pageToken);
                List<StorageAccount> out = new ArrayList<>();
                p.accounts().forEach(a -> out.add(strip(a)));
                return new StorageAccountPage(out, p.nextPageToken(), p.unreadable());
            }
        };
    }

    @Test
    void perAccountRevoke_skipsAnUnrelatedAccountWhoseIdentityReportsNoPrincipal() {
        StorageAccountId other = f.azure.account("otherdata").systemAssignedIdentity().create();
        f.azure.grantAccess(f.key, f.azure.systemPrincipal(other));
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        cmk.storageAccount(other).useCustomerManagedKey(f.key).apply();
        CustomerManagedKeys seen = CustomerManagedKeys.builder().keyVaults(f.azure.keyVaults())
                .storageAccounts(withoutIdentity(f.azure.storageAccounts(), other)).keyAccess(f.azure.keyAccess())
                .clock(f.azure.clock()).build();
        String principal = seen.storageAccount(f.account).revokeKeyAccess(Set.of(f.account),
                Dependents.discoveredIn(Scope.subscription(InMemoryAzure.DEFAULT_SUBSCRIPTION)));
        assertThat(principal).isEqualTo(f.azure.systemPrincipal(f.account));
        assertThat(f.azure).account(f.account).isLockedOut();
        assertThat(f.azure).account(other).isAccessible();
    }

    @Test
    void grantKeyAccess_withoutAProvider_isRefusedAtPlan_notDropped() {
        StorageAccountId bare = f.azure.account("bare").create();
        f.azure.calls().reset();
        assertThatThrownBy(() -> f.cmkWithoutKeyAccess().storageAccount(bare).useCustomerManagedKey(f.key)
                .grantKeyAccess().plan()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("KeyAccessProvider").hasMessageContaining("Nothing was read or changed");
        f.azure.createUserAssignedIdentity(Fixture.UAI);
        assertThatThrownBy(() -> f.cmkWithoutKeyAccess().newStorageAccount(StorageAccountId.of(
                InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-new", "newdata")).location("westeurope")
                .identity(ManagedIdentity.userAssigned(Fixture.UAI)).useCustomerManagedKey(f.key).grantKeyAccess()
                .plan()).isInstanceOf(ConfigurationException.class);
        assertThat(f.azure.calls().reads() + f.azure.calls().writes()).isZero();
    }

    @Test
    void misconfigurations_areConfigurationExceptions() {
        assertThatThrownBy(() -> cmk.newStorageAccount(StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION,
                "rg-new", "newdata")).versionPolicy(VersionPolicy.autoUpdate()))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> f.cmkWithoutKeyAccess().fleet().audit(FleetScope.of(Scope.subscription(
                InMemoryAzure.DEFAULT_SUBSCRIPTION))).checkKeyAccess()).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void creatingWithAProviderThatCannotCreate_isAConfigurationException_beforeAnyWrite() {
        StorageAccountProvider d = f.azure.storageAccounts();
        StorageAccountProvider cannotCreate = new StorageAccountProvider() {
            @Override
            public StorageAccount get(StorageAccountId id) {
                return d.get(id);
            }

            @Override
            public StorageAccount updateEncryption(StorageAccountId id, EncryptionUpdate update) {
                return d.updateEncryption(id, update);
            }

            @Override
            public StorageAccount enableIdentity(StorageAccountId id, ManagedIdentity identity) {
                return d.enableIdentity(id, identity);
            }

            @Override
            public List<StorageAccountId> list(Scope scope) {
                return d.list(scope);
            }
        };
        f.azure.createUserAssignedIdentity(Fixture.UAI);
        CustomerManagedKeys c = CustomerManagedKeys.builder().keyVaults(f.azure.keyVaults())
                .storageAccounts(cannotCreate).keyAccess(f.azure.keyAccess()).clock(f.azure.clock()).build();
        f.azure.calls().reset();
        assertThatThrownBy(() -> c.newStorageAccount(StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION,
                "rg-new", "newdata")).location("westeurope").identity(ManagedIdentity.userAssigned(Fixture.UAI))
                .useCustomerManagedKey(f.key).plan()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cannot read user-assigned identities");
        assertThat(f.azure.calls().writes()).isZero();
    }
}
