package dev.cmk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.AccessDeniedException;
import dev.cmk.api.CmkException;
import dev.cmk.api.ConflictException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeyType;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.ThrottledException;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountKind;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.KeyVersionUpdate;
import dev.cmk.api.spi.NewKeyVersion;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InMemoryAzureExtension.class)
class InMemoryAzureTest {
    private static final String UAI = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
            + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai";

    private static final class World {
        final InMemoryAzure azure;
        final URI vault;
        final KeyReference v1;
        final StorageAccountId account;

        World(InMemoryAzure azure) {
            this.azure = azure;
            vault = azure.vault("contoso").create();
            v1 = azure.key(vault, "k").create();
            account = azure.account("data").systemAssignedIdentity().create();
            azure.grantAccess(v1, azure.systemPrincipal(account));
        }

        void enableAuto() {
            azure.storageAccounts().updateEncryption(account, EncryptionUpdate.customerManaged(v1,
                    VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned()));
        }
    }

    @Test
    void extension_injectsAFreshAzureAndItsClock(InMemoryAzure azure, VirtualClock clock) {
        assertThat(azure.clock()).isSameAs(clock);
        assertThat(azure.accountIds()).isEmpty();
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void virtualClock_onlyMovesForward(VirtualClock clock) {
        clock.advance(Duration.ofHours(2));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.set(Instant.parse("2025-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void autoUpdatingAccount_picksUpNewestVersionOnlyAtItsDailyCheck(InMemoryAzure azure) {
        World w = new World(azure);
        w.enableAuto();
        azure.clock().advance(Duration.ofHours(3));
        KeyReference v2 = azure.key(w.vault, "k").create();
        azure.clock().advance(Duration.ofHours(20));
        assertThat(azure.peek(w.account).encryption().currentVersionedKey()).contains(w.v1);
        azure.clock().advance(Duration.ofHours(1));
        assertThat(azure.peek(w.account).encryption().currentVersionedKey()).contains(v2);
        assertThat(azure.peek(w.account).encryption().lastKeyRotation())
                .contains(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(azure.history()).extracting(InMemoryAzure.AzureEvent::operation).contains("storage.pickup");
    }

    @Test
    void pickup_skipsDisabledNewestVersion(InMemoryAzure azure) {
        World w = new World(azure);
        w.enableAuto();
        azure.key(w.vault, "k").disabled().create();
        azure.clock().advance(Duration.ofHours(24));
        assertThat(azure.peek(w.account).encryption().currentVersionedKey()).contains(w.v1);
    }

    @Test
    void pickup_neverMovesBack_evenOffADisabledVersionInUse(InMemoryAzure azure) {
        World w = new World(azure);
        w.enableAuto();
        KeyReference v2 = azure.key(w.vault, "k").create();
        azure.clock().advance(Duration.ofHours(24));
        assertThat(azure.peek(w.account).encryption().currentVersionedKey()).contains(v2);
        azure.setEnabledOutOfBand(v2, false);
        azure.clock().advance(Duration.ofHours(48));
        assertThat(azure.peek(w.account).encryption().currentVersionedKey()).contains(v2);
        assertThat(azure.dataPlane(w.account).isAccessible()).isFalse();
    }

    @Test
    void dataPlane_answers403WithAzureCodes_whenKeyOrAccessIsGone(InMemoryAzure azure) {
        World w = new World(azure);
        w.enableAuto();
        azure.dataPlane(w.account).read();
        azure.setEnabledOutOfBand(w.v1, false);
        assertThatThrownBy(() -> azure.dataPlane(w.account).read())
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.azureErrorCode()).contains("KeyVaultEncryptionKeyNotFound");
                });
        azure.setEnabledOutOfBand(w.v1, true);
        azure.keyAccess().revoke(w.v1, azure.systemPrincipal(w.account));
        assertThatThrownBy(() -> azure.dataPlane(w.account).read()).isInstanceOfSatisfying(
                AccessDeniedException.class, e -> assertThat(e.azureErrorCode()).contains(
                        "KeyVaultAuthenticationFailure"));
    }

    @Test
    void expiredVersion_stillUnwrapsForExistingAccount_butCannotBeNewlyConfigured(InMemoryAzure azure) {
        World w = new World(azure);
        KeyReference expiring = azure.key(w.vault, "exp").expiresOn(azure.clock().instant().plus(Duration.ofDays(1)))
                .create();
        azure.grantAccess(expiring, azure.systemPrincipal(w.account));
        azure.storageAccounts().updateEncryption(w.account, EncryptionUpdate.customerManaged(expiring,
                VersionPolicy.pinned(expiring.version().orElseThrow()), ManagedIdentity.systemAssigned()));
        azure.clock().advance(Duration.ofDays(2));
        assertThat(azure.dataPlane(w.account).isAccessible()).isTrue();
        StorageAccountId other = azure.account("other").systemAssignedIdentity().create();
        azure.grantAccess(expiring, azure.systemPrincipal(other));
        assertThatThrownBy(() -> azure.storageAccounts().updateEncryption(other, EncryptionUpdate.customerManaged(
                expiring, VersionPolicy.pinned(expiring.version().orElseThrow()), ManagedIdentity.systemAssigned())))
                .isInstanceOfSatisfying(CmkException.class, e -> assertThat(e.azureErrorCode())
                        .contains("KeyVaultKeyInvalid"));
    }

    @Test
    void identityAndKeyInOneWrite_isRefusedAsAzureRefusesIt(InMemoryAzure azure) {
        World w = new World(azure);
        w.enableAuto();
        String p = azure.createUserAssignedIdentity(UAI);
        azure.storageAccounts().enableIdentity(w.account, ManagedIdentity.userAssigned(UAI));
        KeyReference k2 = azure.key(w.vault, "k2").create();
        azure.grantAccess(k2, p);
        assertThatThrownBy(() -> azure.storageAccounts().updateEncryption(w.account, EncryptionUpdate
                .customerManaged(k2, VersionPolicy.autoUpdate(), ManagedIdentity.userAssigned(UAI))))
                .isInstanceOfSatisfying(CmkException.class, e -> {
                    assertThat(e.getMessage()).contains("cannot be updated in a single operation");
                    assertThat(e.code()).isEqualTo(ErrorCode.MISSING_PREREQUISITE);
                });
    }

    @Test
    void systemIdentityMissing_andClassicAccount_areRefused(InMemoryAzure azure) {
        World w = new World(azure);
        StorageAccountId bare = azure.account("bare").create();
        assertThatThrownBy(() -> azure.storageAccounts().updateEncryption(bare, EncryptionUpdate.customerManaged(
                w.v1, VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned())))
                .hasMessageContaining("Missing pre-requisites");
        StorageAccountId classic = azure.account("classic").kind(AccountKind.CLASSIC).systemAssignedIdentity()
                .create();
        assertThatThrownBy(() -> azure.storageAccounts().updateEncryption(classic, EncryptionUpdate
                .microsoftManaged())).hasMessageContaining("not supported");
    }

    @Test
    void grantPropagationDelay_makesFreshGrantsInvisibleForAWhile(InMemoryAzure azure) {
        World w = new World(azure);
        azure.grantPropagationDelay(Duration.ofMinutes(5));
        StorageAccountId other = azure.account("other").systemAssignedIdentity().create();
        azure.keyAccess().grant(w.v1, azure.systemPrincipal(other));
        assertThat(azure.keyAccess().permissions(w.v1, azure.systemPrincipal(other))).isEmpty();
        azure.clock().advance(Duration.ofMinutes(5));
        assertThat(azure.keyAccess().permissions(w.v1, azure.systemPrincipal(other))).hasSize(3);
    }

    @Test
    void vaultWideGrant_coversEveryKeyOfTheVault_likeAnAccessPolicy(InMemoryAzure azure) {
        World w = new World(azure);
        StorageAccountId other = azure.account("other").systemAssignedIdentity().create();
        String p = azure.systemPrincipal(other);
        azure.grantVaultAccess(w.vault, p);
        KeyReference later = azure.key(w.vault, "later").create();
        assertThat(azure.keyAccess().permissions(w.v1, p)).hasSize(3);
        assertThat(azure.keyAccess().permissions(later, p)).hasSize(3);
        assertThat(azure.vaults()).containsExactly(w.vault);
        assertThat(azure.keyNames(w.vault)).containsExactly("k", "later");
        azure.revokeVaultAccess(w.vault, p);
        assertThat(azure.keyAccess().permissions(later, p)).isEmpty();
        assertThat(azure.calls().count("keyAccess.grantVault")).isEqualTo(1);
    }

    @Test
    void managedHsm_refusesSoftwareKeys(InMemoryAzure azure) {
        URI hsm = azure.vault("contosohsm").managedHsm().create();
        KeyReference k = KeyReference.of(hsm, "k");
        assertThatThrownBy(() -> azure.keyVaults().createVersion(k, new NewKeyVersion(KeyType.RSA, 2048,
                Set.of(KeyOperation.WRAP_KEY), Optional.empty(), Map.of()))).hasMessageContaining("HSM");
        assertThat(azure.keyVaults().createVersion(k, new NewKeyVersion(KeyType.RSA_HSM, 3072,
                Set.of(KeyOperation.WRAP_KEY), Optional.empty(), Map.of())).keyType()).isEqualTo(KeyType.RSA_HSM);
    }

    @Test
    void faults_failNext_random_andCrash(InMemoryAzure azure) {
        World w = new World(azure);
        azure.faults().failNext("storage.get", Faults.Kind.THROTTLED);
        assertThatThrownBy(() -> azure.storageAccounts().get(w.account)).isInstanceOfSatisfying(
                ThrottledException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));
        azure.storageAccounts().get(w.account);
        azure.faults().failNext("storage", Faults.Kind.OPERATION_IN_PROGRESS);
        assertThatThrownBy(() -> azure.storageAccounts().get(w.account)).isInstanceOf(ConflictException.class);

        azure.faults().crashAfter(1);
        azure.storageAccounts().get(w.account);
        assertThatThrownBy(() -> azure.keyVaults().updateVersion(w.v1, KeyVersionUpdate.enabled(false)))
                .isInstanceOf(Faults.SimulatedCrash.class);
        assertThat(azure.peekVersions(w.v1).get(0).enabled()).as("a crashed call has no effect").isTrue();

        azure.faults().random(1.0);
        assertThatThrownBy(() -> azure.storageAccounts().get(w.account)).isInstanceOf(CmkException.class)
                .matches(e -> ((CmkException) e).isRetryable());
        azure.faults().clear();
        assertThat(azure.faults().injected()).isEqualTo(3);
    }

    @Test
    void randomFaults_areReproducibleFromTheSeed() {
        String first = faultSequence(7);
        assertThat(faultSequence(7)).isEqualTo(first);
        assertThat(faultSequence(8)).isNotEqualTo(first);
    }

    private static String faultSequence(long seed) {
        InMemoryAzure azure = InMemoryAzure.create(new VirtualClock(Instant.parse("2026-01-01T00:00:00Z")), seed);
        World w = new World(azure);
        azure.faults().random(0.5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            try {
                azure.storageAccounts().get(w.account);
                sb.append('.');
            } catch (CmkException e) {
                sb.append(e.httpStatus()).append(' ');
            }
        }
        return sb.toString();
    }

    @Test
    void callCounter_separatesReadsAndWrites_andPeekIsNotCounted(InMemoryAzure azure) {
        World w = new World(azure);
        azure.storageAccounts().get(w.account);
        azure.keyVaults().getKey(w.v1);
        w.enableAuto();
        azure.peek(w.account);
        azure.peekVersions(w.v1);
        assertThat(azure.calls().reads()).isEqualTo(2);
        assertThat(azure.calls().writes()).isEqualTo(1);
        assertThat(azure.calls().snapshot()).containsEntry("storage.updateEncryption", 1L);
        azure.calls().reset();
        assertThat(azure.calls().snapshot()).isEmpty();
    }

    @Test
    void sameSeed_givesSameVersionIds() {
        InMemoryAzure a = InMemoryAzure.create();
        InMemoryAzure b = InMemoryAzure.create();
        assertThat(a.key(a.vault("v1x").create(), "k").create())
                .isEqualTo(b.key(b.vault("v1x").create(), "k").create());
    }
}
