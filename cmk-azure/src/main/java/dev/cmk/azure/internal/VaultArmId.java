package dev.cmk.azure.internal;

import dev.cmk.api.AzureResourceId;

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
     * @throws dev.cmk.api.InvalidInputException if the id is not a vault or Managed HSM id
     */
    static VaultArmId parse(String id) {
        AzureResourceId parsed = AzureResourceId.parse(id);
        boolean hsm = parsed.isOfType("Microsoft.KeyVault", "managedHSMs");
        if (!hsm && !parsed.isOfType("Microsoft.KeyVault", "vaults")) {
            throw new dev.cmk.api.InvalidInputException("vault resource id", "a vault resource id names a "
                    + "Microsoft.KeyVault/vaults or Microsoft.KeyVault/managedHSMs resource", id,
                    "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-keys/providers/"
                            + "Microsoft.KeyVault/vaults/contoso");
        }
        return new VaultArmId(parsed.subscriptionId(), parsed.resourceGroup(), parsed.name(), hsm);
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
