package dev.cmk.api;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The managed identity a storage account uses to reach its key.
 *
 * <p>{@link #systemAssigned()} is the account's own identity (it must exist and hold access before the key is set;
 * it cannot be used when creating an account with CMK). {@link #userAssigned(String)} is a user-assigned identity
 * attached to the account; add {@link UserAssigned#withFederatedClientId(String)} for a key vault in another
 * Microsoft Entra tenant (cross-tenant CMK).
 */
public sealed interface ManagedIdentity permits ManagedIdentity.SystemAssigned, ManagedIdentity.UserAssigned {

    /**
     * The account's system-assigned identity.
     *
     * @return the system-assigned identity
     */
    static ManagedIdentity systemAssigned() {
        return SystemAssigned.INSTANCE;
    }

    /**
     * A user-assigned identity by resource id.
     *
     * @param resourceId {@code /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.ManagedIdentity/
     *     userAssignedIdentities/<name>}
     * @return the identity
     * @throws InvalidInputException if the id is not a user-assigned identity resource id
     */
    static UserAssigned userAssigned(String resourceId) {
        return new UserAssigned(resourceId, null, null);
    }

    /** The account's system-assigned identity. */
    final class SystemAssigned implements ManagedIdentity {
        static final SystemAssigned INSTANCE = new SystemAssigned();

        private SystemAssigned() {
        }

        @Override
        public String toString() {
            return "system-assigned";
        }
    }

    /** A user-assigned identity, optionally with a federated client id for cross-tenant CMK. */
    final class UserAssigned implements ManagedIdentity {
        private static final String EXAMPLE = "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/"
                + "rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/storage-cmk-identity";
        private final String resourceId;
        private final String federatedClientId;
        private final String keyAccessPrincipal;

        private UserAssigned(String resourceId, String federatedClientId, String keyAccessPrincipal) {
            AzureResourceId p = AzureResourceId.parse("user-assigned identity id", resourceId,
                    "Microsoft.ManagedIdentity", "userAssignedIdentities", EXAMPLE);
            String n = p.name();
            boolean ok = n.length() >= 3 && n.length() <= 128 && Character.isLetterOrDigit(n.charAt(0));
            for (int i = 0; ok && i < n.length(); i++) {
                char c = n.charAt(i);
                ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                        || c == '_';
            }
            if (!ok) {
                throw new InvalidInputException("user-assigned identity name",
                        "an identity name is 3-128 letters, digits, '-' or '_' and starts with a letter or digit",
                        n, "storage-cmk-identity");
            }
            this.resourceId = "/subscriptions/" + p.subscriptionId() + "/resourceGroups/" + p.resourceGroup()
                    + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + n;
            this.federatedClientId = federatedClientId == null ? null
                    : Syntax.checkGuid("federated client id", federatedClientId);
            this.keyAccessPrincipal = keyAccessPrincipal == null ? null
                    : Syntax.checkGuid("key access principal", keyAccessPrincipal);
        }

        /**
         * The same identity, used with a multi-tenant application registration to reach a key vault in another
         * Microsoft Entra tenant.
         *
         * @param clientId the application (client) id of the multi-tenant app, a GUID
         * @return a new identity carrying the federated client id
         * @throws InvalidInputException if the client id is not a GUID
         */
        public UserAssigned withFederatedClientId(String clientId) {
            return new UserAssigned(resourceId, Syntax.checkGuid("federated client id", clientId), keyAccessPrincipal);
        }

        /**
         * The same cross-tenant identity, naming the principal that holds access to the key: the object id of the
         * multi-tenant application's service principal in the key vault's (customer's) tenant. Across tenants
         * Storage reaches the key as that service principal, not as this user-assigned identity (which lives in
         * the storage account's tenant and is only a federated credential of the application). cmk cannot derive
         * that object id from Azure Resource Manager (it takes Microsoft Graph), so name it here to let cmk check,
         * grant ({@code .grantKeyAccess()}) and revoke its get, wrapKey and unwrapKey on the key; the
         * {@code KeyAccessProvider} must then act in the vault's tenant. Not sent to Azure and not read back: an
         * account read reports the identity without it.
         *
         * <pre>{@code
         * ManagedIdentity.userAssigned(identityId)
         *         .withFederatedClientId(multiTenantAppId)
         *         .keyAccessPrincipal(appServicePrincipalObjectIdInVaultTenant)
         * }</pre>
         *
         * @param objectId the service principal's object id in the vault's tenant, a GUID
         * @return a new identity carrying the principal
         * @throws InvalidInputException if the object id is not a GUID, or no federated client id was set first
         */
        public UserAssigned keyAccessPrincipal(String objectId) {
            String oid = Syntax.checkGuid("key access principal", objectId);
            if (federatedClientId == null) {
                throw new InvalidInputException("key access principal", "a key access principal names the "
                        + "multi-tenant app's service principal in the vault's tenant, which only applies across "
                        + "tenants; set the federated client id first", oid,
                        "ManagedIdentity.userAssigned(id).withFederatedClientId(appId).keyAccessPrincipal(objectId)");
            }
            return new UserAssigned(resourceId, federatedClientId, oid);
        }

        /**
         * The principal named with {@link #keyAccessPrincipal(String)} for cross-tenant CMK.
         *
         * @return the lower-case object id, or empty
         */
        public Optional<String> keyAccessPrincipal() {
            return Optional.ofNullable(keyAccessPrincipal);
        }

        /**
         * The identity's canonical resource id.
         *
         * @return the ARM id
         */
        public String resourceId() {
            return resourceId;
        }

        /**
         * The federated client id for cross-tenant CMK.
         *
         * @return the lower-case client id, or empty
         */
        public Optional<String> federatedClientId() {
            return Optional.ofNullable(federatedClientId);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UserAssigned u && resourceId.equalsIgnoreCase(u.resourceId)
                    && Objects.equals(federatedClientId, u.federatedClientId)
                    && Objects.equals(keyAccessPrincipal, u.keyAccessPrincipal);
        }

        @Override
        public int hashCode() {
            return Objects.hash(resourceId.toLowerCase(Locale.ROOT), federatedClientId, keyAccessPrincipal);
        }

        @Override
        public String toString() {
            return "user-assigned(" + resourceId + (federatedClientId == null ? "" : ", federated client "
                    + federatedClientId) + (keyAccessPrincipal == null ? "" : ", key access principal "
                    + keyAccessPrincipal) + ")";
        }
    }
}
