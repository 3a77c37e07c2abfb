package dev.cmk.testkit;

import dev.cmk.api.AzureCloud;
import dev.cmk.api.KeyReference;
import dev.cmk.api.VaultKind;
import java.net.URI;
import java.util.Locale;

/** Setup of a vault. */
public final class VaultSetup {
    private final InMemoryAzure azure;
    private final String name;
    private VaultKind kind = VaultKind.KEY_VAULT;
    private AzureCloud cloud = AzureCloud.PUBLIC;
    private boolean softDelete = true;
    private boolean purgeProtection = true;
    private String location = "westeurope";
    private boolean trustedServices = true;

    VaultSetup(InMemoryAzure azure, String name) {
        this.azure = azure;
        this.name = name;
    }

    /**
     * Makes it a Managed HSM.
     *
     * @return this
     */
    public VaultSetup managedHsm() {
        this.kind = VaultKind.MANAGED_HSM;
        return this;
    }

    /**
     * Puts it in another cloud.
     *
     * @param cloud the cloud
     * @return this
     */
    public VaultSetup cloud(AzureCloud cloud) {
        this.cloud = cloud;
        return this;
    }

    /**
     * Sets soft delete (on by default).
     *
     * @param on the flag
     * @return this
     */
    public VaultSetup softDelete(boolean on) {
        this.softDelete = on;
        return this;
    }

    /**
     * Sets purge protection (on by default).
     *
     * @param on the flag
     * @return this
     */
    public VaultSetup purgeProtection(boolean on) {
        this.purgeProtection = on;
        return this;
    }

    /**
     * Sets the region.
     *
     * @param location for example {@code eastus}
     * @return this
     */
    public VaultSetup location(String location) {
        this.location = location;
        return this;
    }

    /**
     * Sets whether the firewall lets trusted Microsoft services through (true by default).
     *
     * @param allowed the flag
     * @return this
     */
    public VaultSetup trustedServicesAllowed(boolean allowed) {
        this.trustedServices = allowed;
        return this;
    }

    /**
     * Creates the vault.
     *
     * @return its URI
     */
    public URI create() {
        String host = name.toLowerCase(Locale.ROOT) + "." + cloud.dnsSuffix(kind);
        KeyReference.of(URI.create("https://" + host), "probe");
        synchronized (azure) {
            VaultState v = new VaultState(host, kind);
            v.softDelete = softDelete || purgeProtection;
            v.purgeProtection = purgeProtection;
            v.location = location;
            v.trustedServicesAllowed = trustedServices;
            azure.vaults.put(host, v);
        }
        return URI.create("https://" + host);
    }
}
