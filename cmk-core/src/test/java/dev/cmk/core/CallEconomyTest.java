package dev.cmk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Calls per operation, counted by the in-memory Azure. These numbers are documented in the README ("Call
 * economy"); a change that adds a call fails here first.
 */
class CallEconomyTest {
    private final Fixture f = new Fixture();
    private final CustomerManagedKeys cmk = f.cmk();

    @Test
    void status_costsOneAccountRead() {
        cmk.storageAccount(f.account).status();
        assertThat(f.azure.calls().snapshot()).isEqualTo(Map.of("storage.get", 1L));
    }

    @Test
    void enable_whenIdentityHasAccess_costsOneAccountRead_twoKeyReads_oneWrite_oneVerifyingRead() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        assertThat(f.azure.calls().snapshot()).isEqualTo(Map.of(
                "storage.get", 2L,                 // plan read + verifying read
                "keyVault.getKey", 1L,             // the version to be used
                "keyVault.describeVault", 1L,      // firewall / region
                "keyAccess.permissions", 1L,       // the identity's access
                "storage.updateEncryption", 1L));
    }

    @Test
    void alreadySatisfiedApply_costsNoWrite() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        f.azure.calls().reset();
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        assertThat(f.azure.calls().writes()).isZero();
        assertThat(f.azure.calls().count("storage.get")).isEqualTo(1);
    }

    @Test
    void backToMicrosoftManaged_costsOneRead_oneWrite_oneVerifyingRead() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        f.azure.calls().reset();
        cmk.storageAccount(f.account).useMicrosoftManagedKeys().apply();
        assertThat(f.azure.calls().snapshot()).isEqualTo(Map.of("storage.get", 2L, "storage.updateEncryption", 1L));
    }
}
