package dev.cmk.azure.internal;

import java.util.Locale;

/**
 * The ARM id of a Key Vault ({@code Microsoft.KeyVault/vaults}) or Managed HSM
 * ({@code Microsoft.KeyVault/managedHSMs}).
 *
 * @param subscriptionId the subscription
 * @param resourceGroup the resource group
 * @param name the vault name
 * @param managedHsm whether it is a Managed HSM
 */
record VaultArmId(String subscriptionId, String resourceGroup, String name, boolean managedHsm) {

    /**
     * Parses {@code /subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>} (segment
     * names case-insensitive, as ARM treats them).
     *
     * @param id the resource id
     * @return the parts
     * @throws IllegalArgumentException if the id is not a vault or Managed HSM id
     */
    static VaultArmId parse(String id) {
        String[] s = id.startsWith("/") ? id.substring(1).split("/") : id.split("/");
        if (s.length != 8 || !s[0].equalsIgnoreCase("subscriptions") || !s[2].equalsIgnoreCase("resourceGroups")
                || !s[4].equalsIgnoreCase("providers") || !s[5].equalsIgnoreCase("Microsoft.KeyVault")
                || !(s[6].equalsIgnoreCase("vaults") || s[6].equalsIgnoreCase("managedHSMs"))) {
            throw new IllegalArgumentException("not a Key Vault or Managed HSM resource id: '" + id + "'; expected "
                    + "/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>");
        }
        return new VaultArmId(s[1].toLowerCase(Locale.ROOT), s[3], s[7], s[6].equalsIgnoreCase("managedHSMs"));
    }

    /**
     * The resource id.
     *
     * @return the ARM id
     */
    String id() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.KeyVault/" + (managedHsm ? "managedHSMs/" : "vaults/") + name;
    }

    /**
     * The scope of one key, for role assignments.
     *
     * @param keyName the key name
     * @return {@code <vault id>/keys/<name>}
     */
    String keyScope(String keyName) {
        return id() + "/keys/" + keyName;
    }
}
