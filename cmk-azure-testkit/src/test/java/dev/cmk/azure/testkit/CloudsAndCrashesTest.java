package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.AzureEnvironment;
import dev.cmk.api.AzureCloud;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VaultKind;
import dev.cmk.azure.AzureProviders;
import dev.cmk.testkit.Faults;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The adapter in each supported cloud, Managed HSM hosts, and what is not Azure's error. */
class CloudsAndCrashesTest {

    static AzureEnvironment environment(AzureCloud cloud) {
        return switch (cloud) {
            case PUBLIC -> AzureEnvironment.AZURE;
            case CHINA -> AzureEnvironment.AZURE_CHINA;
            case US_GOVERNMENT -> AzureEnvironment.AZURE_US_GOVERNMENT;
        };
    }

    @ParameterizedTest
    @EnumSource(AzureCloud.class)
    void eachCloud_readsKeysVaultsAndAccountsOnItsOwnHosts(AzureCloud cloud) {
        InMemoryAzure azure = InMemoryAzure.create();
        URI vault = azure.vault("contoso" + cloud.ordinal()).cloud(cloud).location("chinanorth").create();
        URI hsm = azure.vault("contosohsm" + cloud.ordinal()).cloud(cloud).managedHsm().create();
        KeyReference key = azure.key(vault, "storage-cmk").create();
        KeyReference hsmKey = azure.key(hsm, "storage-cmk").type(dev.cmk.api.KeyType.RSA_HSM, 3072).create();
        StorageAccountId account = azure.account("contosodata").create();
        WireFake fake = WireFake.over(azure);
        AzureProviders p = fake.adapter().profile(WireFake.profile(environment(cloud))).buildProviders();

        assertThat(p.keyVaults().getKey(key).id()).isEqualTo(key);
        assertThat(p.keyVaults().getKey(hsmKey).keySize()).isEqualTo(3072);
        assertThat(hsmKey.vaultKind()).isEqualTo(VaultKind.MANAGED_HSM);
        assertThat(p.keyVaults().describeVault(key).orElseThrow().location()).contains("chinanorth");
        assertThat(p.keyVaults().describeVault(hsmKey).orElseThrow().trustedServicesAllowed()).contains(true);
        assertThat(p.storageAccounts().get(account).id()).isEqualTo(account);
    }

    @Test
    void aKeyInAnotherCloud_isRefusedBeforeAnyCall() {
        InMemoryAzure azure = InMemoryAzure.create();
        WireFake fake = WireFake.over(azure);
        AzureProviders p = fake.adapter().buildProviders();
        assertThatThrownBy(() -> p.keyVaults().getKey(KeyReference.parse("https://contoso.vault.azure.cn/keys/k")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("PUBLIC");
        assertThat(fake.requests().snapshot()).isEmpty();
    }

    @Test
    void aSimulatedCrash_isNotTranslatedIntoAnAzureError() {
        InMemoryAzure azure = InMemoryAzure.create();
        StorageAccountId account = azure.account("contosodata").create();
        AzureProviders p = WireFake.over(azure).providers();
        azure.faults().crashAfter(0);
        assertThatThrownBy(() -> p.storageAccounts().get(account)).isInstanceOf(Faults.SimulatedCrash.class);
    }

    @Test
    void aVaultNameThatDoesNotResolve_isNotFound_notRetriedAsTransient() {
        InMemoryAzure azure = InMemoryAzure.create();
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        com.azure.core.http.HttpClient unresolvable = new com.azure.core.http.HttpClient() {
            @Override
            public reactor.core.publisher.Mono<com.azure.core.http.HttpResponse> send(
                    com.azure.core.http.HttpRequest request) {
                sent.incrementAndGet();
                return reactor.core.publisher.Mono.error(new java.io.UncheckedIOException(
                        new java.net.UnknownHostException(request.getUrl().getHost())));
            }
        };
        AzureProviders p = WireFake.over(azure).adapter().httpClient(unresolvable).buildProviders();
        assertThatThrownBy(() -> p.keyVaults().getKey(KeyReference.parse("https://contso.vault.azure.net/keys/k")))
                .isInstanceOfSatisfying(dev.cmk.api.NotFoundException.class,
                        e -> assertThat(e.getMessage()).contains("does not resolve").contains("contso"));
        assertThat(sent.get()).as("no retries").isEqualTo(1);
    }
}
