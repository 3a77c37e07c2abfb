package dev.cmk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.RequirementViolatedException;
import dev.cmk.api.Severity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.ViolationCode;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 9 item 7: a policy-only change keeps the identity; an in-place apply with a soon-expiring key warns. */
class PolicyOnlyChangeTest {
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final URI vault = azure.vault("contoso").create();
    private final String uai = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
            + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/storage-id";

    private CustomerManagedKeys cmk() {
        return CustomerManagedKeys.builder().keyVaults(azure.keyVaults()).storageAccounts(azure.storageAccounts())
                .keyAccess(azure.keyAccess()).clock(azure.clock()).build();
    }

    @Test
    void changingOnlyTheVersionPolicy_keepsTheUserAssignedIdentity() {
        KeyReference v1 = azure.key(vault, "storage-cmk").create();
        StorageAccountId id = azure.account("uaidata").userAssignedIdentity(uai).create();
        ManagedIdentity user = ManagedIdentity.userAssigned(uai);
        cmk().storageAccount(id).useCustomerManagedKey(v1).identity(user).grantKeyAccess().apply();
        assertThat(cmk().storageAccount(id).status().identity()).contains(user);

        EncryptionPlan plan = cmk().storageAccount(id).useCustomerManagedKey(v1.versionless())
                .versionPolicy(VersionPolicy.autoUpdate()).plan();
        assertThat(plan.toString()).doesNotContain("encryption.identity");
        plan.apply();
        assertThat(cmk().storageAccount(id).status().identity()).contains(user);
        assertThat(cmk().storageAccount(id).status().versionPolicy()).contains(VersionPolicy.autoUpdate());
        assertThat(azure.dataPlane(id).isAccessible()).isTrue();
    }

    @Test
    void anAccountWithoutACustomerManagedKey_stillDefaultsToTheSystemAssignedIdentity() {
        KeyReference v1 = azure.key(vault, "storage-cmk").create();
        StorageAccountId id = azure.account("sysdata").systemAssignedIdentity().create();
        azure.grantAccess(v1, azure.systemPrincipal(id));
        cmk().storageAccount(id).useCustomerManagedKey(v1.versionless()).apply();
        assertThat(cmk().storageAccount(id).status().identity()).contains(ManagedIdentity.systemAssigned());
    }

    @Test
    void anAlreadySatisfiedApply_withASoonExpiringKey_warnsAndWritesNothing_whileANewConfigurationIsRefused() {
        KeyReference shortLived = azure.key(vault, "short").expiresOn(azure.clock().instant()
                .plus(Duration.ofDays(40))).create();
        StorageAccountId id = azure.account("expiringdata").systemAssignedIdentity().create();
        azure.grantAccess(shortLived, azure.systemPrincipal(id));
        cmk().storageAccount(id).useCustomerManagedKey(shortLived).apply();
        azure.clock().advance(Duration.ofDays(15)); // 25 days left, under the 30-day minimum validity

        azure.calls().reset();
        EncryptionPlan again = cmk().storageAccount(id).useCustomerManagedKey(shortLived).plan();
        assertThat(again.isNoOp()).isTrue();
        assertThat(again.violations().isValid()).isTrue();
        assertThat(again.violations().warnings()).anySatisfy(v -> {
            assertThat(v.code()).isEqualTo(ViolationCode.KEY_EXPIRES_SOON);
            assertThat(v.severity()).isEqualTo(Severity.WARNING);
            assertThat(v.message()).contains("nothing is written");
        });
        again.apply();
        assertThat(azure.calls().writes()).isZero();

        StorageAccountId other = azure.account("otherdata").systemAssignedIdentity().create();
        azure.grantAccess(shortLived, azure.systemPrincipal(other));
        assertThatThrownBy(() -> cmk().storageAccount(other).useCustomerManagedKey(shortLived).apply())
                .isInstanceOf(RequirementViolatedException.class).hasMessageContaining("KEY_EXPIRES_SOON");
    }
}
