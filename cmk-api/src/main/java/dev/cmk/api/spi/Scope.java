package dev.cmk.api.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Where to look for storage accounts: a whole subscription or one resource group.
 *
 * @param subscriptionId the subscription GUID, lower case
 * @param resourceGroup the resource group, or empty for the whole subscription
 */
public record Scope(String subscriptionId, Optional<String> resourceGroup) {
    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param subscriptionId the subscription GUID
     * @param resourceGroup the resource group name
     */
    public Scope {
        Objects.requireNonNull(resourceGroup, "resourceGroup");
        dev.cmk.api.StorageAccountId.of(subscriptionId, resourceGroup.orElse("rg"), "placeholder");
        subscriptionId = subscriptionId.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A whole subscription.
     *
     * @param subscriptionId the subscription GUID
     * @return the scope
     */
    public static Scope subscription(String subscriptionId) {
        return new Scope(subscriptionId, Optional.empty());
    }

    /**
     * One resource group.
     *
     * @param subscriptionId the subscription GUID
     * @param resourceGroup the resource group name
     * @return the scope
     */
    public static Scope resourceGroup(String subscriptionId, String resourceGroup) {
        return new Scope(subscriptionId, Optional.of(resourceGroup));
    }

    /**
     * Whether an account lies in this scope.
     *
     * @param id the account
     * @return true if it is in the subscription (and group, when set)
     */
    public boolean contains(dev.cmk.api.StorageAccountId id) {
        return id.subscriptionId().equals(subscriptionId)
                && resourceGroup.map(rg -> rg.equalsIgnoreCase(id.resourceGroup())).orElse(true);
    }
}
