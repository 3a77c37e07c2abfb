package dev.cmk.api;

import java.util.Locale;

/** The Azure cloud a key store lives in, recognised from its DNS suffix. */
public enum AzureCloud {
    /** Azure public cloud. */
    PUBLIC("vault.azure.net", "managedhsm.azure.net"),
    /** Azure operated by 21Vianet (China). */
    CHINA("vault.azure.cn", "managedhsm.azure.cn"),
    /** Azure US Government. */
    US_GOVERNMENT("vault.usgovcloudapi.net", "managedhsm.usgovcloudapi.net");

    private final String keyVaultSuffix;
    private final String managedHsmSuffix;

    AzureCloud(String keyVaultSuffix, String managedHsmSuffix) {
        this.keyVaultSuffix = keyVaultSuffix;
        this.managedHsmSuffix = managedHsmSuffix;
    }

    /**
     * The DNS suffix of a key store of the given kind in this cloud.
     *
     * @param kind the key store kind; never null
     * @return for example {@code vault.azure.net}
     */
    public String dnsSuffix(VaultKind kind) {
        return kind == VaultKind.MANAGED_HSM ? managedHsmSuffix : keyVaultSuffix;
    }

    /**
     * The resource to request tokens for when calling a key store of the given kind in this cloud.
     *
     * @param kind the key store kind; never null
     * @return for example {@code https://vault.azure.net}
     */
    public String tokenResource(VaultKind kind) {
        return "https://" + dnsSuffix(kind);
    }

    /**
     * Finds the cloud and kind whose suffix the lower-case host ends with after exactly one DNS label.
     *
     * @param host a lower-case host name
     * @return the match, or null when the host is not {@code <label>.<known suffix>}
     */
    static Match match(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (AzureCloud cloud : values()) {
            for (VaultKind kind : VaultKind.values()) {
                String suffix = "." + cloud.dnsSuffix(kind);
                if (h.endsWith(suffix)) {
                    String label = h.substring(0, h.length() - suffix.length());
                    return new Match(cloud, kind, label);
                }
            }
        }
        return null;
    }

    /** A host split into its first label and a known suffix. */
    record Match(AzureCloud cloud, VaultKind kind, String label) {
    }
}
