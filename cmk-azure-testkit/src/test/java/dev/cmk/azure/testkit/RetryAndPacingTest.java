package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeyType;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.ThrottledException;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.NewKeyVersion;
import dev.cmk.azure.AzureProviders;
import dev.cmk.azure.PacingSettings;
import dev.cmk.azure.RateLimit;
import dev.cmk.azure.RetrySettings;
import dev.cmk.testkit.Faults;
import dev.cmk.testkit.InMemoryAzure;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries and pacing, on the in-memory Azure's virtual clock: the adapter waits by advancing the clock, never by
 * sleeping, so the waits are asserted exactly.
 */
class RetryAndPacingTest {
    private InMemoryAzure azure;
    private WireFake fake;
    private KeyReference key;
    private StorageAccountId account;
    private Instant start;

    @BeforeEach
    void setUp() {
        azure = InMemoryAzure.create();
        fake = WireFake.over(azure);
        key = azure.key(azure.vault("contoso").create(), "storage-cmk").create();
        account = azure.account("contosodata").systemAssignedIdentity().create();
        start = azure.clock().instant();
    }

    private AzureProviders providers(RetrySettings retry, PacingSettings pacing) {
        return fake.adapter().retry(retry).pacing(pacing).buildProviders();
    }

    private AzureProviders unpaced() {
        return providers(RetrySettings.defaults(), PacingSettings.unlimited());
    }

    private Duration waited() {
        return Duration.between(start, azure.clock().instant());
    }

    private EncryptionUpdate auto() {
        return EncryptionUpdate.customerManaged(key, VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned());
    }

    @Test
    void throttledWrite_isRetriedAfterRetryAfter() {
        azure.grantAccess(key, azure.systemPrincipal(account));
        azure.faults().failNext("storage.updateEncryption", Faults.Kind.THROTTLED);
        unpaced().storageAccounts().updateEncryption(account, auto());
        assertThat(azure.calls().count("storage.updateEncryption")).isEqualTo(2);
        assertThat(fake.requests().count("PATCH storageAccount")).isEqualTo(2);
        assertThat(waited()).isEqualTo(Duration.ofSeconds(30));
        assertThat(azure.peek(account).encryption().isCustomerManaged()).isTrue();
    }

    @Test
    void operationInProgress_isRetriedWithExponentialBackoff() {
        azure.grantAccess(key, azure.systemPrincipal(account));
        azure.faults().failNext("storage.updateEncryption", Faults.Kind.OPERATION_IN_PROGRESS)
                .failNext("storage.updateEncryption", Faults.Kind.OPERATION_IN_PROGRESS);
        unpaced().storageAccounts().updateEncryption(account, auto());
        assertThat(azure.calls().count("storage.updateEncryption")).isEqualTo(3);
        assertThat(waited()).isEqualTo(Duration.ofSeconds(2 + 4));
    }

    @Test
    void transientAndTimeoutReads_areRetried() {
        azure.faults().failNext("keyVault.getKey", Faults.Kind.TRANSIENT).failNext("keyVault.getKey",
                Faults.Kind.TIMEOUT);
        assertThat(unpaced().keyVaults().getKey(key).id()).isEqualTo(key);
        assertThat(azure.calls().count("keyVault.getKey")).isEqualTo(3);
    }

    @Test
    void keyCreation_isNotRetriedAfterA5xx_whoseOutcomeIsUnknown() {
        azure.faults().failNext("keyVault.createVersion", Faults.Kind.TRANSIENT);
        assertThatThrownBy(() -> unpaced().keyVaults().createVersion(key, spec()))
                .isInstanceOfSatisfying(CmkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT));
        assertThat(azure.calls().count("keyVault.createVersion")).isEqualTo(1);
        assertThat(azure.peekVersions(key)).hasSize(1);
    }

    @Test
    void keyCreation_isRetriedAfterA429_whichWasNotExecuted() {
        azure.faults().failNext("keyVault.createVersion", Faults.Kind.THROTTLED);
        unpaced().keyVaults().createVersion(key, spec());
        assertThat(azure.peekVersions(key)).hasSize(2);
        assertThat(waited()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void retryBudget_isBounded_andTheLastErrorKeepsAzuresCode() {
        for (int i = 0; i < 10; i++) {
            azure.faults().failNext("storage.get", Faults.Kind.THROTTLED);
        }
        RetrySettings three = new RetrySettings(3, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofMinutes(5), Duration.ZERO);
        assertThatThrownBy(() -> providers(three, PacingSettings.unlimited()).storageAccounts().get(account))
                .isInstanceOfSatisfying(ThrottledException.class, e -> {
                    assertThat(e.azureErrorCode()).contains("TooManyRequests");
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
                });
        assertThat(azure.calls().count("storage.get")).isEqualTo(3);
        assertThat(waited()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void retryBudget_stopsWhenTheNextWaitWouldPassTheTotalWait() {
        for (int i = 0; i < 10; i++) {
            azure.faults().failNext("storage.get", Faults.Kind.THROTTLED);
        }
        RetrySettings shortBudget = new RetrySettings(10, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(45), Duration.ZERO);
        assertThatThrownBy(() -> providers(shortBudget, PacingSettings.unlimited()).storageAccounts().get(account))
                .isInstanceOf(ThrottledException.class);
        assertThat(azure.calls().count("storage.get")).isEqualTo(2);
        assertThat(waited()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void keyVaultAuthenticationFailure_rightAfterAGrant_isRetriedUntilTheGrantPropagates() {
        azure.grantPropagationDelay(Duration.ofMinutes(3));
        AzureProviders p = unpaced();
        p.keyAccess().grant(key, azure.systemPrincipal(account));
        p.storageAccounts().updateEncryption(account, auto());
        assertThat(azure.peek(account).encryption().isCustomerManaged()).isTrue();
        assertThat(waited()).isGreaterThanOrEqualTo(Duration.ofMinutes(3)).isLessThan(Duration.ofMinutes(5));
        assertThat(azure.calls().count("storage.updateEncryption")).isGreaterThan(1);
    }

    @Test
    void keyVaultAuthenticationFailure_withoutARecentGrant_failsAtOnce() {
        assertThatThrownBy(() -> unpaced().storageAccounts().updateEncryption(account, auto()))
                .isInstanceOfSatisfying(CmkException.class, e ->
                        assertThat(e.azureErrorCode()).contains("KeyVaultAuthenticationFailure"));
        assertThat(azure.calls().count("storage.updateEncryption")).isEqualTo(1);
        assertThat(waited()).isZero();
    }

    @Test
    void keyVaultAuthenticationFailure_isGivenUpWhenThePropagationWindowCloses() {
        azure.grantPropagationDelay(Duration.ofHours(1));
        RetrySettings window = new RetrySettings(6, Duration.ofSeconds(2), Duration.ofSeconds(60),
                Duration.ofMinutes(5), Duration.ofMinutes(2));
        AzureProviders p = providers(window, PacingSettings.unlimited());
        p.keyAccess().grant(key, azure.systemPrincipal(account));
        assertThatThrownBy(() -> p.storageAccounts().updateEncryption(account, auto()))
                .isInstanceOfSatisfying(CmkException.class, e ->
                        assertThat(e.azureErrorCode()).contains("KeyVaultAuthenticationFailure"));
        assertThat(waited()).isLessThanOrEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void storageWrites_arePacedToTenPerSecondPerSubscriptionAndRegion() {
        AzureProviders p = providers(RetrySettings.defaults(), PacingSettings.defaults());
        p.storageAccounts().get(account);
        Instant afterRead = azure.clock().instant();
        for (int i = 0; i < 25; i++) {
            p.storageAccounts().updateEncryption(account, EncryptionUpdate.microsoftManaged());
        }
        // at most 10 in any second: writes 1-10 go at once, 11-20 a second later, 21-25 two seconds later
        assertThat(Duration.between(afterRead, azure.clock().instant())).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void storageWrites_arePacedToTheHourlyLimit() {
        PacingSettings hourly = PacingSettings.unlimited().withStorageWrites(RateLimit.of(10, Duration.ofSeconds(1)),
                RateLimit.of(3, Duration.ofHours(1)));
        AzureProviders p = providers(RetrySettings.defaults(), hourly);
        p.storageAccounts().get(account);
        for (int i = 0; i < 4; i++) {
            p.storageAccounts().updateEncryption(account, EncryptionUpdate.microsoftManaged());
        }
        // at most 3 in any hour: the 4th waits until the 1st has left the window
        assertThat(waited()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void otherRegions_havetheirOwnBucket() {
        StorageAccountId other = azure.account("otherdata").location("eastus").create();
        PacingSettings one = PacingSettings.unlimited().withStorageWrites(RateLimit.of(1, Duration.ofSeconds(10)));
        AzureProviders p = providers(RetrySettings.defaults(), one);
        p.storageAccounts().get(account);
        p.storageAccounts().get(other);
        p.storageAccounts().updateEncryption(account, EncryptionUpdate.microsoftManaged());
        p.storageAccounts().updateEncryption(other, EncryptionUpdate.microsoftManaged());
        assertThat(waited()).isZero();
        p.storageAccounts().updateEncryption(account, EncryptionUpdate.microsoftManaged());
        assertThat(waited()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void vaultCalls_arePacedPerVault() {
        PacingSettings slowVault = PacingSettings.unlimited().withVaultCalls(RateLimit.of(2, Duration.ofSeconds(10)));
        AzureProviders p = providers(RetrySettings.defaults(), slowVault);
        for (int i = 0; i < 4; i++) {
            p.keyVaults().getKey(key);
        }
        assertThat(waited()).isEqualTo(Duration.ofSeconds(10));
    }

    private static NewKeyVersion spec() {
        return new NewKeyVersion(KeyType.RSA, 2048, Set.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY),
                Optional.empty(), Map.of("cmk-rotation", "r1"));
    }
}
