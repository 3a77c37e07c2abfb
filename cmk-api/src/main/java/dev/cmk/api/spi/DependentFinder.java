package dev.cmk.api.spi;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import java.util.List;

/**
 * Finds candidate dependents of a key across many subscriptions at once, from an <em>index</em> of Azure resources
 * (Azure Resource Graph in cmk-azure: {@code dev.cmk.azure.AzureResourceGraphFinder}). An index lags behind the
 * resource providers (Resource Graph usually by seconds to minutes), so its answer is a list of candidates, never a
 * confirmation: it may name an account that no longer uses the key, and it may miss an account configured with the
 * key within the lag.
 *
 * <p>cmk therefore never acts on a candidate as the index reports it: {@code Dependents.discoveredBy(finder)} lists,
 * by pages through the {@link StorageAccountProvider}, every subscription in which the index found a candidate,
 * and takes as dependents the accounts there that the resource provider reports configured with the key, at every
 * step and again right before every disabling write (retire, revoke). Accounts the index misses in those
 * subscriptions are found by that listing; an account in a subscription where the index shows no candidate at all
 * is seen only once the index has caught up.
 *
 * <p>Implementations must be safe for use from several threads and must not write anything.
 */
public interface DependentFinder {

    /**
     * The accounts the index reports configured with the key (its vault and key name; any version policy). Reads
     * only. Needs read access to the index over the searched subscriptions or management groups.
     *
     * @param key the key (a version is ignored)
     * @return the candidates, each once, possibly empty; possibly stale
     */
    List<StorageAccountId> candidates(KeyReference key);

    /**
     * What the finder searches, for statuses and messages.
     *
     * @return for example {@code "Azure Resource Graph over management group contoso-prod"}
     */
    String describe();
}
