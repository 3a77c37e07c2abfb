package dev.cmk.core.internal;

import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.Violation;
import dev.cmk.api.ViolationCode;

/**
 * Cross-tenant customer-managed keys: which principal must hold get, wrapKey and unwrapKey on the key.
 *
 * <p>With a federated client id, Storage reaches the key as the multi-tenant application's service principal in the
 * vault's tenant; the user-assigned identity is only a federated credential of that app in the account's tenant.
 * cmk cannot read that principal from Azure Resource Manager (it takes Microsoft Graph), so the caller names it with
 * {@link ManagedIdentity.UserAssigned#keyAccessPrincipal(String)}; it is never sent to Azure.
 */
public final class CrossTenant {
    /** The fix every refusal and warning about an unnamed cross-tenant principal names. */
    public static final String FIX = "name the multi-tenant app's service principal (its object id in the key "
            + "vault's tenant) with ManagedIdentity.userAssigned(identityId).withFederatedClientId(appId)"
            + ".keyAccessPrincipal(objectId), with a KeyAccessProvider whose credential acts in the vault's tenant; "
            + "or grant that service principal get, wrapKey and unwrapKey on the key yourself";

    /** A syntactically valid identity id, only to reuse cmk-api's GUID rule for a bare object id. */
    public static final String PROBE_IDENTITY = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
            + "rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/probe";
    /** A syntactically valid client id, only to reuse cmk-api's GUID rule for a bare object id. */
    public static final String PROBE_IDENTITY_CLIENT = "00000000-0000-0000-0000-000000000000";

    private CrossTenant() {
    }

    /**
     * Whether the identity is cross-tenant (user-assigned with a federated client id).
     *
     * @param identity the identity, or null
     * @return true for a federated user-assigned identity
     */
    public static boolean is(ManagedIdentity identity) {
        return identity instanceof ManagedIdentity.UserAssigned u && u.federatedClientId().isPresent();
    }

    /**
     * The named vault-tenant principal.
     *
     * @param identity the identity, or null
     * @return the object id, or null (also for same-tenant identities)
     */
    public static String principal(ManagedIdentity identity) {
        return identity instanceof ManagedIdentity.UserAssigned u ? u.keyAccessPrincipal().orElse(null) : null;
    }

    /**
     * The identity as Azure stores and reports it: without the key access principal.
     *
     * @param identity the identity, or null
     * @return the identity without the principal
     */
    public static ManagedIdentity asSent(ManagedIdentity identity) {
        if (identity instanceof ManagedIdentity.UserAssigned u && u.keyAccessPrincipal().isPresent()) {
            return ManagedIdentity.userAssigned(u.resourceId()).withFederatedClientId(u.federatedClientId().get());
        }
        return identity;
    }

    /**
     * The user-assigned identity as Azure stores and reports it: without the key access principal.
     *
     * @param identity the identity
     * @return the identity without the principal
     */
    public static ManagedIdentity.UserAssigned asSent(ManagedIdentity.UserAssigned identity) {
        return (ManagedIdentity.UserAssigned) asSent((ManagedIdentity) identity);
    }

    /**
     * The warning for a cross-tenant identity whose vault-tenant principal was not named.
     *
     * @param subject the account's resource id
     * @param key the key
     * @return a {@code KEY_ACCESS_NOT_CHECKED} warning naming the fix
     */
    public static Violation notChecked(String subject, KeyReference key) {
        return notChecked(subject, key, false);
    }

    /**
     * As {@link #notChecked(String, KeyReference)}, as an error when the requirements demand an access check
     * ({@code VaultRequirements.requireAccessCheck()}), as the same-tenant path does.
     *
     * @param subject the account's resource id
     * @param key the key
     * @param required whether the requirements demand the access check
     * @return the violation
     */
    public static Violation notChecked(String subject, KeyReference key, boolean required) {
        String message = "cross-tenant access to " + key + " is held by the multi-tenant app's service principal in "
                + "the key vault's tenant, not by the user-assigned identity, and no key access principal was named, "
                + "so its get/wrapKey/unwrapKey permissions were not checked";
        return required ? Violation.error(ViolationCode.KEY_ACCESS_NOT_CHECKED, subject, message, FIX)
                : Violation.warning(ViolationCode.KEY_ACCESS_NOT_CHECKED, subject, message, FIX);
    }

    /**
     * Refuses an operation that must grant to an unnamed cross-tenant principal, before any call.
     *
     * @param identity the identity, or null
     * @param operation what is refused, for the message
     * @throws dev.cmk.api.ConfigurationException if the identity is cross-tenant and names no principal
     */
    public static void requireNamedPrincipal(ManagedIdentity identity, String operation) {
        if (is(identity) && principal(identity) == null) {
            throw new dev.cmk.api.ConfigurationException(operation + " with cross-tenant identity " + identity
                    + " cannot know which principal holds the key: " + FIX + ". Nothing was changed.");
        }
    }
}
