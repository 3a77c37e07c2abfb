package dev.cmk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ManagedIdentityTest {
    static final String SUB = "00000000-1111-2222-3333-444444444444";
    static final String ID = "/subscriptions/" + SUB + "/resourceGroups/rg-identity/providers/"
            + "Microsoft.ManagedIdentity/userAssignedIdentities/storage-cmk-identity";
    static final String CLIENT = "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d";

    @Test
    void systemAssigned_isASingleton() {
        assertThat(ManagedIdentity.systemAssigned()).isSameAs(ManagedIdentity.systemAssigned())
                .isInstanceOf(ManagedIdentity.SystemAssigned.class).hasToString("system-assigned");
    }

    @Test
    void userAssigned_keepsTheCanonicalResourceId() {
        ManagedIdentity.UserAssigned identity = ManagedIdentity.userAssigned(ID);
        assertThat(identity.resourceId()).isEqualTo(ID);
        assertThat(identity.federatedClientId()).isEmpty();
        assertThat(identity).hasToString("user-assigned(" + ID + ")");
    }

    @Test
    void userAssigned_normalisesSegmentNamesSubscriptionCaseAndTrailingSlash() {
        String messy = "/SUBSCRIPTIONS/" + SUB.toUpperCase() + "/resourcegroups/rg-identity/PROVIDERS/"
                + "microsoft.managedidentity/USERASSIGNEDIDENTITIES/storage-cmk-identity/";
        assertThat(ManagedIdentity.userAssigned(messy).resourceId()).isEqualTo(ID);
    }

    @Test
    void userAssigned_acceptsNamesWithUnderscoresAndDigits() {
        String id = ID.replace("storage-cmk-identity", "0id_for-storage");
        assertThat(ManagedIdentity.userAssigned(id).resourceId()).isEqualTo(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "storage-cmk-identity",
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Storage/"
                + "storageAccounts/contosodata",
        "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1",
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg./providers/"
                + "Microsoft.ManagedIdentity/userAssignedIdentities/id1",
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/"
                + "Microsoft.ManagedIdentity/userAssignedIdentities/ab",
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/"
                + "Microsoft.ManagedIdentity/userAssignedIdentities/-identity",
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/"
                + "Microsoft.ManagedIdentity/userAssignedIdentities/id.with.dots",
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/"
                + "Microsoft.ManagedIdentity/userAssignedIdentities//",
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/"
                + "Microsoft.ManagedIdentity/userAssignedIdentities/id\u0430",
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/"
                + "Microsoft.ManagedIdentity/userAssignedIdentities/identity/extra"})
    void userAssigned_refusesIdsThatAreNotUserAssignedIdentities(String id) {
        assertThatThrownBy(() -> ManagedIdentity.userAssigned(id))
                .isExactlyInstanceOf(InvalidInputException.class);
    }

    @Test
    void userAssigned_refusalOfAWrongNameNamesTheRule() {
        assertThatThrownBy(() -> ManagedIdentity.userAssigned(ID.replace("storage-cmk-identity", "id.x")))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("3-128 letters")
                .extracting(e -> ((InvalidInputException) e).part()).isEqualTo("user-assigned identity name");
    }

    @Test
    void userAssigned_refusesANameOf129() {
        assertThat(ManagedIdentity.userAssigned(ID.replace("storage-cmk-identity", "i".repeat(128)))).isNotNull();
        assertThatThrownBy(() -> ManagedIdentity.userAssigned(ID.replace("storage-cmk-identity", "i".repeat(129))))
                .isExactlyInstanceOf(InvalidInputException.class);
    }

    @Test
    void withFederatedClientId_keepsTheIdentityAndAddsTheLowerCaseClientId() {
        ManagedIdentity.UserAssigned plain = ManagedIdentity.userAssigned(ID);
        ManagedIdentity.UserAssigned federated = plain.withFederatedClientId(CLIENT.toUpperCase());
        assertThat(federated.resourceId()).isEqualTo(ID);
        assertThat(federated.federatedClientId()).contains(CLIENT);
        assertThat(plain.federatedClientId()).isEmpty();
        assertThat(federated.toString()).contains(ID).contains("federated client " + CLIENT);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"not-a-guid", "9a8b7c6d5e4f4a3b2c1d0e9f8a7b6c5d", "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5",
        "{9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d}", "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5g",
        "9a8b7c6d_5e4f-4a3b-2c1d-0e9f8a7b6c5d"})
    void withFederatedClientId_refusesAnythingButAGuid(String clientId) {
        ManagedIdentity.UserAssigned identity = ManagedIdentity.userAssigned(ID);
        assertThatThrownBy(() -> identity.withFederatedClientId(clientId))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("GUID")
                .extracting(e -> ((InvalidInputException) e).part()).isEqualTo("federated client id");
    }

    @Test
    void equals_ignoresCaseOfTheResourceIdAndComparesTheClientId() {
        ManagedIdentity.UserAssigned a = ManagedIdentity.userAssigned(ID);
        ManagedIdentity.UserAssigned b = ManagedIdentity.userAssigned(ID.replace("rg-identity", "RG-IDENTITY")
                .replace("storage-cmk-identity", "Storage-CMK-Identity"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.withFederatedClientId(CLIENT)).isEqualTo(b.withFederatedClientId(CLIENT.toUpperCase()))
                .hasSameHashCodeAs(b.withFederatedClientId(CLIENT));
        assertThat(a).isNotEqualTo(a.withFederatedClientId(CLIENT));
        assertThat(a.withFederatedClientId(CLIENT))
                .isNotEqualTo(a.withFederatedClientId("00000000-0000-0000-0000-000000000001"));
        assertThat(a).isNotEqualTo(ManagedIdentity.userAssigned(ID.replace("storage-cmk-identity", "other-id")));
        assertThat((ManagedIdentity) a).isNotEqualTo(ManagedIdentity.systemAssigned());
        assertThat(a.equals(null)).isFalse();
    }
}
