package dev.cmk.azure.internal;

import com.azure.core.util.Context;
import com.azure.resourcemanager.keyvault.fluent.models.ManagedHsmInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceExpandedInner;
import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import dev.cmk.api.VaultKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the ARM resource of a vault from its URI, and reads it. A vault's ARM id is taken from the builder's
 * explicit mapping first; otherwise it is discovered once with one Resources list call per searched subscription,
 * filtered by type and name ({@code resourceType eq 'Microsoft.KeyVault/vaults' and name eq '<name>'}), and
 * cached for the life of the adapter (a vault's id never changes). Discovery needs
 * {@code Microsoft.Resources/subscriptions/resources/read} on the searched subscriptions.
 */
final class VaultDirectory {
    private final SdkClients clients;
    private final CallRunner runner;
    private final Map<String, VaultArmId> ids = new ConcurrentHashMap<>();
    /** The last read of each vault resource, by ARM id, with when it was read. */
    private final Map<String, Read> lastReads = new ConcurrentHashMap<>();
    private final List<String> searchSubscriptions;

    VaultDirectory(SdkClients clients, CallRunner runner, Map<String, String> explicit, List<String> subscriptions) {
        this.clients = clients;
        this.runner = runner;
        explicit.forEach((host, id) -> ids.put(host.toLowerCase(Locale.ROOT), VaultArmId.parse(id)));
        Set<String> subs = new LinkedHashSet<>();
        subscriptions.forEach(s -> subs.add(s.toLowerCase(Locale.ROOT)));
        if (clients.profile().getSubscriptionId() != null) {
            subs.add(clients.profile().getSubscriptionId().toLowerCase(Locale.ROOT));
        }
        this.searchSubscriptions = List.copyOf(subs);
    }

    /**
     * The ARM id of the key's vault.
     *
     * @param key a key in the vault
     * @return the id
     * @throws dev.cmk.api.NotFoundException if no searched subscription holds the vault
     */
    VaultArmId locate(KeyReference key) {
        String host = key.vaultUri().getHost();
        VaultArmId known = ids.get(host);
        if (known != null) {
            return known;
        }
        boolean hsm = key.vaultKind() == VaultKind.MANAGED_HSM;
        String type = hsm ? "Microsoft.KeyVault/managedHSMs" : "Microsoft.KeyVault/vaults";
        String filter = "resourceType eq '" + type + "' and name eq '" + key.vaultName() + "'";
        for (String sub : searchSubscriptions) {
            List<GenericResourceExpandedInner> found = runner.run("find " + type + " " + key.vaultName()
                    + " in subscription " + sub, CallRunner.Kind.IDEMPOTENT, runner.armRead(sub), null,
                    () -> {
                        List<GenericResourceExpandedInner> l = new ArrayList<>();
                        clients.resources(sub).list(filter, null, null, Context.NONE).forEach(l::add);
                        return l;
                    });
            for (GenericResourceExpandedInner r : found) {
                if (r.name() != null && r.name().equalsIgnoreCase(key.vaultName())) {
                    VaultArmId id = VaultArmId.parse(r.id());
                    ids.put(host, id);
                    return id;
                }
            }
        }
        throw new dev.cmk.api.NotFoundException(ErrorCode.NOT_FOUND, "the ARM resource of " + key.vaultUri()
                + " was not found in subscription(s) " + searchSubscriptions + "; fix: name it with "
                + "AzureCustomerManagedKeys.builder().vaultResourceId(URI, String) or add its subscription with "
                + ".vaultSubscriptions(..)");
    }

    /** Reads a Key Vault's ARM resource (properties, access policies, network ACLs). */
    VaultInner vault(VaultArmId id) {
        VaultInner v = runner.run("read vault " + id.id(), CallRunner.Kind.IDEMPOTENT,
                runner.armRead(id.subscriptionId()), null,
                () -> clients.keyVaultArm(id.subscriptionId()).getVaults().getByResourceGroup(id.resourceGroup(),
                        id.name()));
        lastReads.put(id.id(), new Read(v, runner.clock().instant()));
        return v;
    }

    /**
     * The last read of a vault resource if it is younger than {@code maxAge}, else a fresh read.
     *
     * @param id the vault
     * @param maxAge how old a read may be
     * @return the vault resource
     */
    VaultInner vault(VaultArmId id, java.time.Duration maxAge) {
        Read r = lastReads.get(id.id());
        if (r != null && !runner.clock().instant().isAfter(r.at().plus(maxAge))) {
            return r.vault();
        }
        return vault(id);
    }

    /** The last read of a vault resource, or null. */
    VaultInner lastRead(VaultArmId id) {
        Read r = lastReads.get(id.id());
        return r == null ? null : r.vault();
    }

    /** Forgets the last read of a vault resource (after this adapter changed it). */
    void forget(VaultArmId id) {
        lastReads.remove(id.id());
    }

    /** One read of a vault resource. */
    private record Read(VaultInner vault, java.time.Instant at) {
    }

    /** Reads a Managed HSM's ARM resource. */
    ManagedHsmInner managedHsm(VaultArmId id) {
        return runner.run("read managed HSM " + id.id(), CallRunner.Kind.IDEMPOTENT,
                runner.armRead(id.subscriptionId()), null,
                () -> clients.keyVaultArm(id.subscriptionId()).getManagedHsms().getByResourceGroup(
                        id.resourceGroup(), id.name()));
    }

    static CmkException unsupported(String what, String fix) {
        return new CmkException(ErrorCode.AZURE_ERROR, what + " is not supported by the Azure adapter; fix: " + fix);
    }
}
