package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.testkit.InMemoryAzure;
import org.junit.jupiter.api.Test;

/**
 * The wire fake's role assignments stay consistent with the in-memory grants they stand for (found by the
 * full-stack campaign at 20,000 schedules: a stale assignment answered a later grant 409, so no grant was made).
 */
class RoleAssignmentBookkeepingTest {
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final KeyReference key = azure.key(azure.vault("contoso").create(), "storage-cmk").create().versionless();
    private final StorageAccountId account = azure.account("contosodata").systemAssignedIdentity().create();
    private final WireFake fake = WireFake.over(azure);

    RoleAssignmentBookkeepingTest() {
        azure.grantAccess(key, azure.systemPrincipal(account));
    }

    @Test
    void grantRevokeGrant_afterAListNamedTheGrantDifferently_grantsAgain() {
        String principal = azure.systemPrincipal(account);
        var access = fake.providers().keyAccess();
        access.permissions(key, principal); // the list names the setup grant (one assignment name)
        access.grant(key, principal);       // the adapter's PUT uses its own name for the same grant
        access.revoke(key, principal);
        assertThat(access.permissions(key, principal)).isEmpty();

        access.grant(key, principal);

        assertThat(access.permissions(key, principal)).as("no stale assignment answers the PUT 409").isNotEmpty();
    }

}
