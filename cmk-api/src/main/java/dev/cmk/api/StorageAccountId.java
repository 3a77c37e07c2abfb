package dev.cmk.api;

import java.util.Objects;

/**
 * The Azure Resource Manager id of a storage account:
 * {@code /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name>}.
 *
 * <p>Segment names are case-insensitive, as ARM treats them; the subscription id is a GUID (normalised to lower
 * case); the resource group is 1-90 of letters and digits (Unicode ones too, as ARM allows), {@code _-.()}, not
 * ending in {@code .} (compared case-insensitively, per character); no spaces, control characters, {@code /} or
 * {@code %}; the account name is 3-24 lower-case letters and digits. One trailing slash is tolerated.
 * Every refusal is an {@link InvalidInputException}.
 */
public final class StorageAccountId {
    private static final String EXAMPLE = "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/"
            + "rg-storage/providers/Microsoft.Storage/storageAccounts/contosodata";

    private final String subscriptionId;
    private final String resourceGroup;
    private final String name;

    private StorageAccountId(String subscriptionId, String resourceGroup, String name) {
        this.subscriptionId = subscriptionId;
        this.resourceGroup = resourceGroup;
        this.name = name;
    }

    /**
     * Parses a storage account resource id.
     *
     * @param resourceId the ARM id
     * @return the parsed id
     * @throws InvalidInputException if the id breaks a rule in the class description (including null input)
     */
    public static StorageAccountId parse(String resourceId) {
        AzureResourceId p = AzureResourceId.parse("storage account id", resourceId, "Microsoft.Storage",
                "storageAccounts", EXAMPLE);
        return new StorageAccountId(p.subscriptionId(), p.resourceGroup(), checkName(p.name()));
    }

    /**
     * Builds an id from its parts, with the same rules as {@link #parse(String)}.
     *
     * @param subscriptionId the subscription GUID
     * @param resourceGroup the resource group name
     * @param accountName the account name, 3-24 lower-case letters and digits
     * @return the id
     * @throws InvalidInputException if a part breaks its rule
     */
    public static StorageAccountId of(String subscriptionId, String resourceGroup, String accountName) {
        return new StorageAccountId(Syntax.checkGuid("subscription id", subscriptionId),
                Syntax.checkResourceGroup(resourceGroup), checkName(accountName));
    }

    private static String checkName(String name) {
        String rule = "a storage account name is 3-24 lower-case letters and digits";
        if (name == null || name.length() < 3 || name.length() > 24) {
            throw new InvalidInputException("storage account name", rule, name, "contosodata");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                throw new InvalidInputException("storage account name", rule, name, "contosodata");
            }
        }
        return name;
    }

    /**
     * The subscription.
     *
     * @return the lower-case subscription GUID
     */
    public String subscriptionId() {
        return subscriptionId;
    }

    /**
     * The resource group, as given.
     *
     * @return the resource group name
     */
    public String resourceGroup() {
        return resourceGroup;
    }

    /**
     * The account name.
     *
     * @return the account name
     */
    public String name() {
        return name;
    }

    /**
     * The canonical resource id, which {@link #parse(String)} turns back into an equal id.
     *
     * @return the ARM id
     */
    public String resourceId() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Storage/storageAccounts/" + name;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof StorageAccountId)) {
            return false;
        }
        StorageAccountId that = (StorageAccountId) o;
        return subscriptionId.equals(that.subscriptionId)
                && Syntax.fold(resourceGroup).equals(Syntax.fold(that.resourceGroup))
                && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subscriptionId, Syntax.fold(resourceGroup), name);
    }

    /**
     * The canonical resource id.
     *
     * @return {@link #resourceId()}
     */
    @Override
    public String toString() {
        return resourceId();
    }
}
