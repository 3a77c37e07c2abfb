package dev.cmk.api;

import java.util.Locale;
import java.util.Optional;

/**
 * An Azure cloud, with the hosts cmk talks to in it: the one place these hosts are written (the Azure adapter and
 * the wire-level fake both read them from here).
 */
public enum AzureCloud {
    /** Azure public cloud. */
    PUBLIC("vault.azure.net", "managedhsm.azure.net", "management.azure.com", "login.microsoftonline.com"),
    /** Azure operated by 21Vianet (China). */
    CHINA("vault.azure.cn", "managedhsm.azure.cn", "management.chinacloudapi.cn", "login.chinacloudapi.cn"),
    /** Azure US Government. */
    US_GOVERNMENT("vault.usgovcloudapi.net", "managedhsm.usgovcloudapi.net", "management.usgovcloudapi.net",
            "login.microsoftonline.us");

    private final String keyVaultSuffix;
    private final String managedHsmSuffix;
    private final String resourceManagerHost;
    private final String loginHost;

    AzureCloud(String keyVaultSuffix, String managedHsmSuffix, String resourceManagerHost, String loginHost) {
        this.keyVaultSuffix = keyVaultSuffix;
        this.managedHsmSuffix = managedHsmSuffix;
        this.resourceManagerHost = resourceManagerHost;
        this.loginHost = loginHost;
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
     * The Azure Resource Manager host of this cloud.
     *
     * @return for example {@code management.azure.com}
     */
    public String resourceManagerHost() {
        return resourceManagerHost;
    }

    /**
     * The Microsoft Entra ID (login) host of this cloud.
     *
     * @return for example {@code login.microsoftonline.com}
     */
    public String loginHost() {
        return loginHost;
    }

    /**
     * The cloud whose Resource Manager host this is.
     *
     * @param host a host name, any case, for example {@code management.azure.com}
     * @return the cloud, or empty for a host of no known cloud
     */
    public static Optional<AzureCloud> ofResourceManagerHost(String host) {
        for (AzureCloud cloud : values()) {
            if (cloud.resourceManagerHost.equalsIgnoreCase(host)) {
                return Optional.of(cloud);
            }
        }
        return Optional.empty();
    }

    /**
     * Recognises a key store host: the cloud and kind whose DNS suffix the host ends with, and the labels before
     * it.
     * It does not check the vault name; {@link VaultReference#parse(String)} does.
     *
     * @param host a host name, any case, for example {@code contoso.vault.azure.net}
     * @return the match, or empty when the host does not end with {@code .<known suffix>}
     */
    public static Optional<Match> match(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (AzureCloud cloud : values()) {
            for (VaultKind kind : VaultKind.values()) {
                String suffix = "." + cloud.dnsSuffix(kind);
                if (h.endsWith(suffix)) {
                    return Optional.of(new Match(cloud, kind, h.substring(0, h.length() - suffix.length())));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A key store host split into what comes before a known suffix and the suffix's cloud and kind.
     *
     * @param cloud the cloud of the suffix
     * @param kind Key Vault or Managed HSM
     * @param label the lower-case part before the suffix (the vault name for a valid host)
     */
    public record Match(AzureCloud cloud, VaultKind kind, String label) {
    }
}
