package dev.cmk.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An Azure Resource Manager resource id, parsed once:
 * {@code /subscriptions/<guid>/resourceGroups/<group>/providers/<namespace>/<type>/<name>[/<type>/<name>...]}.
 *
 * <p>The one ARM-id parser of cmk: {@link StorageAccountId}, {@link ManagedIdentity#userAssigned(String)} and the
 * Azure adapter's vault ids all go through it. Rules: printable ASCII only (except the Unicode letters and digits
 * ARM allows in a resource group name), at most 1024 characters, segment names
 * ({@code subscriptions}, {@code resourceGroups}, {@code providers}, namespace and types) compared
 * case-insensitively as ARM does, a GUID subscription id (normalised to lower case), a valid resource group name,
 * non-empty resource names, one trailing slash tolerated. Subscription- and group-level ids (without
 * {@code providers}) are refused. Every refusal is an {@link InvalidInputException} naming the rule and an example;
 * no input produces any other exception.
 *
 * <pre>{@code
 * AzureResourceId vault = AzureResourceId.parse("/subscriptions/00000000-1111-2222-3333-444444444444"
 *         + "/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/contoso");
 * boolean isVault = vault.isOfType("Microsoft.KeyVault", "vaults"); // true
 * AzureResourceId key = vault.child("keys", "storage-cmk");
 * }</pre>
 */
public final class AzureResourceId {
    private static final int MAX_LENGTH = 1024;
    private static final String EXAMPLE = "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/"
            + "rg-keys/providers/Microsoft.KeyVault/vaults/contoso";

    private final String subscriptionId;
    private final String resourceGroup;
    private final String namespace;
    private final List<String> types;
    private final List<String> names;

    private AzureResourceId(String subscriptionId, String resourceGroup, String namespace, List<String> types,
                            List<String> names) {
        this.subscriptionId = subscriptionId;
        this.resourceGroup = resourceGroup;
        this.namespace = namespace;
        this.types = List.copyOf(types);
        this.names = List.copyOf(names);
    }

    /**
     * Parses any resource id of a resource inside a resource group.
     *
     * @param resourceId the ARM id
     * @return the parsed id
     * @throws InvalidInputException if the id breaks a rule in the class description (including null input)
     */
    public static AzureResourceId parse(String resourceId) {
        return parse("resource id", resourceId, EXAMPLE, "the id must be /subscriptions/<subscription-guid>/"
                + "resourceGroups/<group>/providers/<namespace>/<type>/<name>", false);
    }

    /**
     * Parses a resource id and requires its type.
     *
     * @param resourceId the ARM id
     * @param namespace the resource provider namespace, for example {@code Microsoft.KeyVault}
     * @param type the resource type, for example {@code vaults} or {@code vaults/keys} for a child resource
     * @return the parsed id
     * @throws InvalidInputException if the id breaks a rule in the class description or has another type
     */
    public static AzureResourceId parse(String resourceId, String namespace, String type) {
        return parse("resource id", resourceId, namespace, type, EXAMPLE);
    }

    /**
     * The shared parse with a caller's part name and example (package-private for the typed ids). An empty last
     * name passes, so that the typed id refuses it with its own name rule.
     */
    static AzureResourceId parse(String what, String id, String namespace, String type, String example) {
        String shape = "the id must be /subscriptions/<subscription-guid>/resourceGroups/<group>/providers/"
                + namespace + "/" + type.replace("/", "/<name>/") + "/<name>";
        AzureResourceId parsed = parse(what, id, example, shape, true);
        if (!parsed.isOfType(namespace, type)) {
            throw new InvalidInputException(what, shape, id, example);
        }
        return parsed;
    }

    private static AzureResourceId parse(String what, String id, String example, String shape,
                                         boolean emptyNameChecked) {
        if (id == null) {
            throw new InvalidInputException(what, "a resource id is required", null, example);
        }
        if (id.length() > MAX_LENGTH) {
            throw new InvalidInputException(what, "a resource id is at most " + MAX_LENGTH + " characters", id,
                    example);
        }
        int groupStart = -1;
        int groupEnd = -1;
        for (int i = 0, slashes = 0; i < id.length() && groupEnd < 0; i++) {
            if (id.charAt(i) == '/' && ++slashes == 4) {
                groupStart = i + 1;
            } else if (id.charAt(i) == '/' && slashes == 5) {
                groupEnd = i;
            }
        }
        // ARM allows Unicode letters and digits in a resource group name only; everything else is printable ASCII.
        Syntax.checkPrintableAsciiOutside(what, id, example, groupStart, groupEnd);
        String s = id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
        String[] seg = s.split("/", -1);
        if (seg.length < 9 || seg.length % 2 == 0 || !seg[0].isEmpty()
                || !seg[1].equalsIgnoreCase("subscriptions")
                || !seg[3].equalsIgnoreCase("resourceGroups")
                || !seg[5].equalsIgnoreCase("providers")
                || seg[6].isEmpty()) {
            throw new InvalidInputException(what, shape, id, example);
        }
        List<String> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 7; i < seg.length; i += 2) {
            boolean last = i + 2 == seg.length;
            if (seg[i].isEmpty() || (seg[i + 1].isEmpty() && !(last && emptyNameChecked))) {
                throw new InvalidInputException(what, shape, id, example);
            }
            types.add(seg[i]);
            names.add(seg[i + 1]);
        }
        return new AzureResourceId(Syntax.checkGuid("subscription id", seg[2]),
                Syntax.checkResourceGroup(seg[4]), seg[6], types, names);
    }

    /**
     * Whether this id has the given namespace and type, compared case-insensitively.
     *
     * @param namespace for example {@code Microsoft.Storage}
     * @param type for example {@code storageAccounts}, or {@code vaults/keys} for a child resource
     * @return true when both match
     */
    public boolean isOfType(String namespace, String type) {
        return this.namespace.equalsIgnoreCase(namespace) && resourceType().equalsIgnoreCase(type);
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
     * The resource provider namespace, as given.
     *
     * @return for example {@code Microsoft.KeyVault}
     */
    public String providerNamespace() {
        return namespace;
    }

    /**
     * The resource type below the namespace; child types are joined with {@code /}.
     *
     * @return for example {@code vaults}, or {@code vaults/keys} for a key
     */
    public String resourceType() {
        return String.join("/", types);
    }

    /**
     * The resource's own name (the last segment).
     *
     * @return for example {@code contoso}
     */
    public String name() {
        return names.get(names.size() - 1);
    }

    /**
     * The parent resource of a child resource.
     *
     * @return the parent (for a key, its vault), or empty for a top-level resource
     */
    public Optional<AzureResourceId> parent() {
        if (types.size() == 1) {
            return Optional.empty();
        }
        return Optional.of(new AzureResourceId(subscriptionId, resourceGroup, namespace,
                types.subList(0, types.size() - 1), names.subList(0, names.size() - 1)));
    }

    /**
     * A child resource of this one.
     *
     * @param type the child type, for example {@code keys}
     * @param name the child's name
     * @return the child's id
     * @throws InvalidInputException if the type or name is empty or contains {@code /} or non-printable characters
     */
    public AzureResourceId child(String type, String name) {
        for (String part : new String[] {type, name}) {
            if (part == null || part.isEmpty() || part.indexOf('/') >= 0) {
                throw new InvalidInputException("child resource", "a child type and name are non-empty and have "
                        + "no '/'", part, "keys");
            }
            Syntax.checkPrintableAscii("child resource", part, "keys");
        }
        List<String> t = new ArrayList<>(types);
        List<String> n = new ArrayList<>(names);
        t.add(type);
        n.add(name);
        return new AzureResourceId(subscriptionId, resourceGroup, namespace, t, n);
    }

    /**
     * The id, with the subscription in lower case and other segments as given.
     *
     * @return for example
     *     {@code /subscriptions/<guid>/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/contoso}
     */
    public String id() {
        StringBuilder b = new StringBuilder("/subscriptions/").append(subscriptionId).append("/resourceGroups/")
                .append(resourceGroup).append("/providers/").append(namespace);
        for (int i = 0; i < types.size(); i++) {
            b.append('/').append(types.get(i)).append('/').append(names.get(i));
        }
        return b.toString();
    }

    /** Equal when the ids are the same, compared case-insensitively as ARM does. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AzureResourceId other && Syntax.fold(id()).equals(Syntax.fold(other.id()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(Syntax.fold(id()));
    }

    /**
     * The id.
     *
     * @return {@link #id()}
     */
    @Override
    public String toString() {
        return id();
    }
}
