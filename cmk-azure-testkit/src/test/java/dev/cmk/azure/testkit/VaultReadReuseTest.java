package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.azure.AzureProviders;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One operation over many accounts reads a vault's ARM resource once, not once per account. */
class VaultReadReuseTest {
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final URI vault = azure.vault("contoso").create();
    private final KeyReference key = azure.key(vault, "k").create().versionless();

    @Test
    void describeVault_reusesAReadFromTheLast30Seconds() {
        WireFake fake = WireFake.over(azure);
        AzureProviders p = fake.providers();
        for (int i = 0; i < 5; i++) {
            assertThat(p.keyVaults().describeVault(key)).isPresent();
        }
        assertThat(fake.requests().count("GET vault")).isEqualTo(1);
        azure.clock().advance(Duration.ofSeconds(31));
        p.keyVaults().describeVault(key);
        assertThat(fake.requests().count("GET vault")).isEqualTo(2);
    }

    @Test
    void accessPolicyPermissionChecks_shareARead_andThisAdaptersOwnPolicyWriteIsSeenAtOnce() {
        WireFake fake = WireFake.over(azure).accessPolicies(vault);
        AzureProviders p = fake.providers();
        StorageAccountId a = azure.account("accounta").systemAssignedIdentity().create();
        StorageAccountId b = azure.account("accountb").systemAssignedIdentity().create();
        assertThat(p.keyAccess().permissions(key, azure.systemPrincipal(a))).isEmpty();
        assertThat(p.keyAccess().permissions(key, azure.systemPrincipal(b))).isEmpty();
        long reads = fake.requests().count("GET vault");
        assertThat(reads).isEqualTo(1);
        p.keyAccess().grant(key, azure.systemPrincipal(a)); // grant reads afresh, then writes the policy
        assertThat(p.keyAccess().permissions(key, azure.systemPrincipal(a)))
                .contains(KeyPermission.GET, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY);
        assertThat(fake.requests().count("GET vault")).isEqualTo(reads + 2);
    }
}
