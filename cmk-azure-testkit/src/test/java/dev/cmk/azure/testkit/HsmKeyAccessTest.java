package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeyType;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.UnsafeOperationException;
import dev.cmk.api.spi.AccessScope;
import dev.cmk.azure.AzureProviders;
import dev.cmk.azure.BuiltInRoles;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Managed HSM key access by the HSM's local RBAC, through the adapter's HTTP pipeline and the wire fake: the role
 * is "Managed HSM Crypto Service Encryption User" at {@code /keys/<name>}, recognised at {@code /keys}.
 */
class HsmKeyAccessTest {
    private static final String UAI = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
            + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/shared";

    private final InMemoryAzure azure = InMemoryAzure.create();
    private final URI hsm = azure.vault("contosohsm").managedHsm().create();
    private final KeyReference k1 = azure.key(hsm, "key-one").type(KeyType.RSA_HSM, 3072).create().versionless();
    private final KeyReference k2 = azure.key(hsm, "key-two").type(KeyType.RSA_HSM, 3072).create().versionless();
    private final WireFake fake = WireFake.over(azure);
    private final WireFormsTest.Recorder recorder = new WireFormsTest.Recorder(fake);
    private final List<String[]> sent = recorder.requests;
    private final CustomerManagedKeys cmk = fake.adapter().httpClient(recorder).build();
    private final AzureProviders providers = fake.providers();

    @Test
    void enablingCmkWithAnHsmKey_grantsTheServiceEncryptionRoleAtTheKeyScope_andChecksIt() {
        StorageAccountId a = azure.account("hsmdata").systemAssignedIdentity().create();
        String principal = azure.systemPrincipal(a);

        cmk.storageAccount(a).useCustomerManagedKey(k1).grantKeyAccess().apply();

        assertThat(azure.peek(a).encryption().key()).contains(k1);
        assertThat(azure.dataPlane(a).isAccessible()).isTrue();
        assertThat(fake.requests().count("PUT hsmRoleAssignment")).isEqualTo(1);
        String[] put = sent.stream().filter(r -> r[0].equals("PUT") && r[1].contains("roleAssignments"))
                .findFirst().orElseThrow();
        assertThat(put[1]).startsWith("https://contosohsm.managedhsm.azure.net/keys/key-one/providers/"
                + "Microsoft.Authorization/roleAssignments/");
        assertThat(put[2]).contains(BuiltInRoles.MANAGED_HSM_CRYPTO_SERVICE_ENCRYPTION_USER)
                .contains("\"principalId\":\"" + principal + "\"").doesNotContain("21dbd100");
        assertThat(providers.keyAccess().permissions(k1, principal)).containsExactlyInAnyOrder(KeyPermission.values());
        assertThat(providers.keyAccess().permissions(k2, principal)).isEmpty();
        assertThat(providers.keyAccess().accessScope(k1, principal)).isEqualTo(AccessScope.KEY);
    }

    @Test
    void grantingAgain_isIdempotent() {
        String principal = azure.createUserAssignedIdentity(UAI);
        providers.keyAccess().grant(k1, principal);
        providers.keyAccess().grant(k1, principal);
        assertThat(fake.requests().count("PUT hsmRoleAssignment")).isEqualTo(2);
        assertThat(azure.keyAccess().permissions(k1, principal)).hasSize(3);
        providers.keyAccess().revoke(k1, principal);
        assertThat(azure.keyAccess().permissions(k1, principal)).isEmpty();
        assertThat(fake.requests().count("DELETE hsmRoleAssignment")).isEqualTo(1);
    }

    @Test
    void aRoleHeldAtKeys_isRecognised_andMakesARevokeHsmWide() {
        String principal = azure.createUserAssignedIdentity(UAI);
        assertThat(raw(HttpMethod.PUT, "/keys/providers/Microsoft.Authorization/roleAssignments/"
                + "11111111-2222-3333-4444-555555555555", "{\"properties\":{\"roleDefinitionId\":\"Microsoft.KeyVault/"
                + "providers/Microsoft.Authorization/roleDefinitions/" + BuiltInRoles.MANAGED_HSM_CRYPTO_SERVICE_ENCRYPTION_USER
                + "\",\"principalId\":\"" + principal + "\"}}").getStatusCode()).isEqualTo(201);

        assertThat(providers.keyAccess().permissions(k1, principal)).hasSize(3);
        assertThat(providers.keyAccess().permissions(k2, principal)).hasSize(3);
        assertThat(providers.keyAccess().accessScope(k1, principal)).isEqualTo(AccessScope.VAULT);
    }

    @Test
    void perAccountRevoke_onAnHsmKey_cutsTheAccountOff() {
        StorageAccountId a = azure.account("hsmdata").systemAssignedIdentity().create();
        cmk.storageAccount(a).useCustomerManagedKey(k1).grantKeyAccess().apply();

        cmk.storageAccount(a).revokeKeyAccess(Set.of(a), List.of());

        assertThat(azure.dataPlane(a).isAccessible()).isFalse();
        assertThat(fake.requests().count("DELETE hsmRoleAssignment")).isEqualTo(1);
        cmk.storageAccount(a).restoreKeyAccess();
        assertThat(azure.dataPlane(a).isAccessible()).isTrue();
    }

    @Test
    void perAccountRevoke_whenTheIdentityHoldsTheRoleAtKeys_countsEveryAccountOnTheHsm() {
        String principal = azure.createUserAssignedIdentity(UAI);
        StorageAccountId a = azure.account("accounta").userAssignedIdentity(UAI).create();
        StorageAccountId b = azure.account("accountb").userAssignedIdentity(UAI).create();
        raw(HttpMethod.PUT, "/keys/providers/Microsoft.Authorization/roleAssignments/"
                + "11111111-2222-3333-4444-555555555555", "{\"properties\":{\"roleDefinitionId\":\"Microsoft.KeyVault/"
                + "providers/Microsoft.Authorization/roleDefinitions/" + BuiltInRoles.MANAGED_HSM_CRYPTO_SERVICE_ENCRYPTION_USER
                + "\",\"principalId\":\"" + principal + "\"}}");
        var identity = ManagedIdentity.userAssigned(UAI);
        cmk.storageAccount(a).useCustomerManagedKey(k1).identity(identity).grantKeyAccess().apply();
        cmk.storageAccount(b).useCustomerManagedKey(k2).identity(identity).grantKeyAccess().apply();
        assertThat(fake.requests().count("PUT hsmRoleAssignment")).as("already held at /keys: no grant")
                .isEqualTo(1);

        assertThatThrownBy(() -> cmk.storageAccount(a).revokeKeyAccess(Set.of(a), List.of(b)))
                .isInstanceOf(UnsafeOperationException.class).hasMessageContaining("accountb");
        assertThat(azure.dataPlane(b).isAccessible()).isTrue();

        cmk.storageAccount(a).revokeKeyAccess(Set.of(a, b), List.of(b));
        assertThat(azure.dataPlane(a).isAccessible()).isFalse();
        assertThat(azure.dataPlane(b).isAccessible()).isFalse();
    }

    @Test
    void listingFollowsThePrincipalFilter_andOnlyCoveringScopesCount() {
        String principal = azure.createUserAssignedIdentity(UAI);
        String other = azure.createUserAssignedIdentity(UAI.replace("shared", "other"));
        providers.keyAccess().grant(k2, principal);
        providers.keyAccess().grant(k1, other);
        assertThat(providers.keyAccess().permissions(k1, principal)).isEmpty();
        assertThat(providers.keyAccess().permissions(k2, principal)).hasSize(3);
    }

    @Test
    void revoke_whenAnotherRoleStillCoversTheKey_failsNamingIt() {
        String principal = azure.createUserAssignedIdentity(UAI);
        providers.keyAccess().grant(k1, principal);
        String custom = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
        raw(HttpMethod.PUT, "/keys/providers/Microsoft.Authorization/roleAssignments/"
                + "99999999-2222-3333-4444-555555555555", "{\"properties\":{\"roleDefinitionId\":\"Microsoft.KeyVault/"
                + "providers/Microsoft.Authorization/roleDefinitions/" + custom + "\",\"principalId\":\"" + principal
                + "\"}}");

        assertThatThrownBy(() -> providers.keyAccess().revoke(k1, principal))
                .isInstanceOfSatisfying(dev.cmk.api.ApplyFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo(dev.cmk.api.ErrorCode.VERIFICATION_FAILED);
                    assertThat(e.getMessage()).contains(custom).contains("/keys")
                            .contains("az keyvault role assignment delete");
                });
        assertThat(azure.keyAccess().permissions(k1, principal)).as("the mapped role at the key was removed")
                .isEmpty();
    }

    private HttpResponse raw(HttpMethod method, String path, String body) {
        HttpRequest r = new HttpRequest(method, "https://contosohsm.managedhsm.azure.net" + path + "?api-version=7.4");
        r.setHeader(HttpHeaderName.AUTHORIZATION, "Bearer admin");
        r.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
        if (body != null) {
            r.setBody(body);
        }
        HttpResponse response = fake.sendSync(r, Context.NONE);
        assertThat(response.getStatusCode()).as(String.valueOf(Map.of("path", path))).isLessThan(300);
        return response;
    }
}
