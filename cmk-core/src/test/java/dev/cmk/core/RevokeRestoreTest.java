package dev.cmk.core;

import static dev.cmk.testkit.AzureAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.AccessDeniedException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.RotationPolicy;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.UnsafeOperationException;
import java.net.URI;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RevokeRestoreTest {
    private final Fixture f = new Fixture();
    private final CustomerManagedKeys cmk = f.cmk();
    private final StorageAccountId second = f.azure.account("seconddata").systemAssignedIdentity().create();
    private final StorageAccountId unrelated = f.azure.account("otherdata").create();
    private final List<StorageAccountId> known = List.of(f.account, second, unrelated);

    RevokeRestoreTest() {
        f.azure.grantAccess(f.key, f.azure.systemPrincipal(second));
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        cmk.storageAccount(second).useCustomerManagedKey(f.key).apply();
    }

    @Test
    void keyWideRevoke_listsBlastRadius_andRefusesWithoutExactConfirmation() {
        RevocationPlan plan = cmk.key(f.key).revoke(known);
        assertThat(plan.blastRadius()).containsExactlyInAnyOrder(f.account, second);
        assertThat(plan.toString()).contains("contosodata").contains("seconddata").doesNotContain("otherdata");
        f.azure.calls().reset();
        assertThatThrownBy(() -> plan.apply(Set.of(f.account)))
                .isInstanceOfSatisfying(UnsafeOperationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIRMATION_REQUIRED);
                    assertThat(e.getMessage()).contains("seconddata").contains("Nothing was changed");
                });
        assertThat(f.azure.calls().writes()).isZero();
        assertThat(f.azure).account(f.account).isAccessible();
    }

    @Test
    void keyWideRevoke_locksOutEveryDependent_andRestoreBringsThemBack() {
        RevocationPlan plan = cmk.key(f.key).revoke(known);
        plan.apply(Set.of(f.account, second));
        assertThat(f.azure).account(f.account).isLockedOut();
        assertThat(f.azure).account(second).isLockedOut();
        assertThatThrownBy(() -> f.azure.dataPlane(f.account).read())
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.azureErrorCode()).contains("KeyVaultEncryptionKeyNotFound");
                });
        assertThat(f.azure).account(unrelated).isAccessible();

        RestoreResult restored = cmk.key(f.key).restore(known);
        assertThat(restored.reenabledVersions()).containsExactly(f.v1Version());
        assertThat(restored.accountsWithAccess()).containsExactlyInAnyOrder(f.account, second);
        assertThat(f.azure).account(f.account).isAccessible();
        assertThat(f.azure).account(second).isAccessible();
    }

    @Test
    @SuppressWarnings("deprecation")
    void deprecatedExecute_behavesAsApply_refusingThenRevoking() {
        RevocationPlan plan = cmk.key(f.key).revoke(known);
        f.azure.calls().reset();
        assertThatThrownBy(() -> plan.execute(Set.of(f.account)))
                .isInstanceOfSatisfying(UnsafeOperationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIRMATION_REQUIRED));
        assertThat(f.azure.calls().writes()).isZero();
        String id = plan.execute(Set.of(f.account, second));
        assertThat(id).startsWith("rev-");
        assertThat(f.azure).account(f.account).isLockedOut();
        assertThat(f.azure).account(second).isLockedOut();
    }

    @Test
    void restore_neverReenablesAVersionRetiredEarlier() {
        var rotation = cmk.key(f.key).rotation(List.of(f.account, second)).retireOldVersions(true);
        rotation.run();
        f.azure.clock().advance(Duration.ofHours(25));
        rotation.run();
        assertThat(f.azure).key(f.key).hasDisabledVersion(f.v1Version());

        cmk.key(f.key).revoke(known).apply(Set.of(f.account, second));
        RestoreResult restored = cmk.key(f.key).restore(known);
        assertThat(restored.reenabledVersions()).hasSize(1).doesNotContain(f.v1Version());
        assertThat(f.azure).key(f.key).hasDisabledVersion(f.v1Version());
        assertThat(f.azure).account(f.account).isAccessible();
    }

    @Test
    void perAccountRevoke_cutsOnlyThatAccount_andRestoreGrantsAgain() {
        assertThatThrownBy(() -> cmk.storageAccount(f.account).revokeKeyAccess(Set.of(), known))
                .isInstanceOf(UnsafeOperationException.class);
        assertThat(f.azure).account(f.account).isAccessible();

        cmk.storageAccount(f.account).revokeKeyAccess(Set.of(f.account), known);
        assertThat(f.azure).account(f.account).isLockedOut();
        assertThat(f.azure).account(second).isAccessible();
        assertThat(f.azure).key(f.key).hasEnabledVersion(f.v1Version());

        cmk.storageAccount(f.account).restoreKeyAccess();
        assertThat(f.azure).account(f.account).isAccessible();
    }

    @Test
    void perAccountRevoke_ofSharedUserIdentity_demandsConfirmationOfEveryAccountSharingIt() {
        String principal = f.azure.createUserAssignedIdentity(Fixture.UAI);
        f.azure.grantAccess(f.key, principal);
        var uai = dev.cmk.api.ManagedIdentity.userAssigned(Fixture.UAI);
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).identity(uai).apply();
        cmk.storageAccount(second).useCustomerManagedKey(f.key).identity(uai).apply();
        assertThatThrownBy(() -> cmk.storageAccount(f.account).revokeKeyAccess(Set.of(f.account), known))
                .isInstanceOf(UnsafeOperationException.class).hasMessageContaining("seconddata");
        cmk.storageAccount(f.account).revokeKeyAccess(Set.of(f.account, second), known);
        assertThat(f.azure).account(second).isLockedOut();
    }

    @Test
    void rotationPolicy_boundsAreCheckedBeforeAnyCall() {
        RotationPolicy tooOften = new RotationPolicy(Optional.of(Period.ofDays(3)), Optional.empty(),
                Optional.of(Period.ofDays(90)));
        f.azure.calls().reset();
        assertThatThrownBy(() -> cmk.key(f.key).setRotationPolicy(tooOften)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least 7 days");
        assertThat(f.azure.calls().snapshot()).isEmpty();

        URI hsm = f.azure.vault("contosohsm").managedHsm().create();
        KeyReference hsmKey = f.azure.key(hsm, "k").type(dev.cmk.api.KeyType.RSA_HSM, 3072).create();
        RotationPolicy weekly = new RotationPolicy(Optional.of(Period.ofDays(14)), Optional.empty(),
                Optional.of(Period.ofDays(90)));
        assertThatThrownBy(() -> cmk.key(hsmKey).setRotationPolicy(weekly)).hasMessageContaining("28 days");

        RotationPolicy ok = new RotationPolicy(Optional.of(Period.ofDays(60)), Optional.empty(),
                Optional.of(Period.ofDays(90)));
        cmk.key(f.key).setRotationPolicy(ok);
        assertThat(cmk.key(f.key).rotationPolicy()).contains(ok);
    }

    @Test
    void keyWideRevoke_refusesWhenTheKeyChangedSinceThePlan() {
        RevocationPlan plan = cmk.key(f.key).revoke(known);
        f.azure.key(f.vault, "storage-cmk").create(); // e.g. the vault's auto-rotation
        f.azure.calls().reset();
        assertThatThrownBy(() -> plan.apply(Set.of(f.account, second)))
                .isInstanceOfSatisfying(UnsafeOperationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_OPERATION);
                    assertThat(e.getMessage()).contains("plan the revoke again");
                });
        assertThat(f.azure.calls().writes()).isZero();
        assertThat(f.azure).account(f.account).isAccessible();
    }

    @Test
    void perAccountRevoke_failsLoudly_whenAccessRemainsThroughAVaultWideGrant() {
        f.azure.grantVaultAccess(f.vault, f.azure.systemPrincipal(f.account));
        assertThatThrownBy(() -> cmk.storageAccount(f.account).revokeKeyAccess(Set.of(f.account), known))
                .isInstanceOfSatisfying(dev.cmk.api.ApplyFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION_FAILED);
                    assertThat(e.getMessage()).contains("is NOT cut off");
                });
    }
}
