package dev.cmk.azure;

import java.util.Set;

/**
 * The built-in Azure role definition ids (GUIDs) the adapter grants, checks or removes, each written once here and
 * shared with the wire fake. Ids are lower case, as Azure returns them.
 *
 * <p>The adapter grants only the two "Crypto Service Encryption User" roles: they hold exactly what Storage needs
 * (keys read, wrapKey, unwrapKey). It never grants the broader "Managed HSM Crypto User" (which may also create,
 * delete, sign and decrypt), nor the broader Key Vault roles, which it only recognises when checking access.
 */
public final class BuiltInRoles {
    /** "Key Vault Crypto Service Encryption User": keys read, wrapKey, unwrapKey on a vault with Azure RBAC. */
    public static final String KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER = "e147488a-f6f5-4113-8e2d-b22465e65bf6";
    /** "Key Vault Crypto User": key operations including wrapKey and unwrapKey (recognised, never granted). */
    public static final String KEY_VAULT_CRYPTO_USER = "12338af0-0e69-4776-bea7-57ae8d297424";
    /** "Key Vault Crypto Officer": every key action (recognised, never granted). */
    public static final String KEY_VAULT_CRYPTO_OFFICER = "14b46e9e-c2b7-41b4-b07b-48a6ebf60603";
    /** "Key Vault Administrator": every data action of the vault (recognised, never granted). */
    public static final String KEY_VAULT_ADMINISTRATOR = "00482a5a-887f-4fb3-b363-3b7fe8e74483";
    /**
     * "Managed HSM Crypto Service Encryption User": keys read, wrapKey, unwrapKey, as a Managed HSM local RBAC role
     * at scope {@code /keys/<name>}, {@code /keys} or {@code /}.
     */
    public static final String MANAGED_HSM_CRYPTO_SERVICE_ENCRYPTION_USER = "33413926-3206-4cdd-b39a-83574fe37a17";

    /** Key Vault (Azure RBAC) roles that hold get, wrapKey and unwrapKey on keys. */
    public static final Set<String> KEY_VAULT_ROLES_WITH_KEY_ACCESS = Set.of(KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER,
            KEY_VAULT_CRYPTO_USER, KEY_VAULT_CRYPTO_OFFICER, KEY_VAULT_ADMINISTRATOR);

    private BuiltInRoles() {
    }
}
