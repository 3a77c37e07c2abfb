package dev.cmk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.EncryptionUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plan steps are typed: each record carries exactly what its write needs, and prints as before. */
class TypedPlanStepTest {
    private final Fixture f = new Fixture();
    private final CustomerManagedKeys cmk = f.cmk();

    @Test
    void systemIdentityPlan_carriesTheKeyToGrantAndTheUpdateToWrite() {
        StorageAccountId bare = f.azure.account("baredata").create();
        List<PlanStep> steps = cmk.storageAccount(bare).useCustomerManagedKey(f.key).grantKeyAccess().plan().steps();

        assertThat(steps).hasSize(3);
        assertThat(steps.get(0)).isInstanceOf(PlanStep.EnableSystemIdentity.class);
        assertThat(steps.get(1)).isInstanceOfSatisfying(PlanStep.GrantKeyAccess.class,
                g -> assertThat(g.key()).isEqualTo(f.key.versionless()));
        assertThat(steps.get(2)).isInstanceOfSatisfying(PlanStep.SetEncryption.class, w -> {
            assertThat(w.kind()).isEqualTo(PlanStep.Kind.SET_CUSTOMER_MANAGED_KEY);
            assertThat(w.update()).isEqualTo(EncryptionUpdate.customerManaged(f.key, dev.cmk.api.VersionPolicy
                    .autoUpdate(), ManagedIdentity.systemAssigned()));
        });
        assertThat(steps.get(1).toString()).startsWith("GRANT_KEY_ACCESS  # the identity must hold get, wrapKey")
                .contains("\n      access[" + f.key.versionless().keyId() + "]: + (the new identity)");
    }

    @Test
    void userAssignedPlan_attachesThatIdentity() {
        f.azure.createUserAssignedIdentity(Fixture.UAI);
        ManagedIdentity.UserAssigned uai = ManagedIdentity.userAssigned(Fixture.UAI);
        List<PlanStep> steps = cmk.storageAccount(f.account).useCustomerManagedKey(f.key).identity(uai)
                .grantKeyAccess().plan().steps();
        assertThat(steps.get(0)).isInstanceOfSatisfying(PlanStep.AttachUserIdentity.class,
                a -> assertThat(a.identity()).isEqualTo(uai));
    }

    @Test
    void anEncryptionWrite_refusesANonWriteKind() {
        assertThatThrownBy(() -> new PlanStep.SetEncryption(PlanStep.Kind.GRANT_KEY_ACCESS,
                EncryptionUpdate.microsoftManaged(), "r", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GRANT_KEY_ACCESS");
    }
}
