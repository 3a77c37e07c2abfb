package dev.cmk.core.fleet;

import dev.cmk.api.InvalidInputException;
import dev.cmk.api.spi.Scope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a fleet operation looks: one or more subscriptions and resource groups, and a filter on the accounts
 * found there. A resource group inside a subscription that is also in the scope is dropped (its accounts are
 * listed once). Immutable.
 *
 * <pre>{@code
 * FleetScope scope = FleetScope.parse("/subscriptions/00000000-1111-2222-3333-444444444444",
 *                 "/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/rg-data")
 *         .filter(AccountFilter.inRegions("westeurope"));
 * }</pre>
 */
public final class FleetScope {
    private static final String EXAMPLE = "/subscriptions/00000000-1111-2222-3333-444444444444 or "
            + "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-storage";
    private final List<Scope> scopes;
    private final AccountFilter filter;

    private FleetScope(List<Scope> scopes, AccountFilter filter) {
        this.scopes = List.copyOf(scopes);
        this.filter = filter;
    }

    /**
     * A scope made of subscriptions and resource groups.
     *
     * @param scopes at least one
     * @return the fleet scope, with no filter
     * @throws InvalidInputException if no scope is given
     */
    public static FleetScope of(Scope... scopes) {
        return of(List.of(scopes));
    }

    /**
     * A scope made of subscriptions and resource groups.
     *
     * @param scopes at least one
     * @return the fleet scope, with no filter
     * @throws InvalidInputException if the list is empty
     */
    public static FleetScope of(List<Scope> scopes) {
        if (scopes.isEmpty()) {
            throw new InvalidInputException("fleet scope", "name at least one subscription or resource group",
                    "(none)", EXAMPLE);
        }
        LinkedHashSet<Scope> kept = new LinkedHashSet<>();
        for (Scope s : scopes) {
            Objects.requireNonNull(s, "scope");
            boolean coveredBySubscription = s.resourceGroup().isPresent() && scopes.stream().anyMatch(o ->
                    o.resourceGroup().isEmpty() && o.subscriptionId().equals(s.subscriptionId()));
            if (!coveredBySubscription) {
                kept.add(s.resourceGroup().isPresent() ? Scope.resourceGroup(s.subscriptionId(),
                        s.resourceGroup().get().toLowerCase(Locale.ROOT)) : s);
            }
        }
        return new FleetScope(new ArrayList<>(kept), AccountFilter.all());
    }

    /**
     * Parses subscriptions and resource groups: {@code /subscriptions/{id}}, {@code
     * /subscriptions/{id}/resourceGroups/{name}}, or a bare subscription id. Nothing is called.
     *
     * @param resourceIds at least one
     * @return the fleet scope, with no filter
     * @throws InvalidInputException naming the value and the fix if one does not parse, or none is given
     */
    public static FleetScope parse(String... resourceIds) {
        List<Scope> out = new ArrayList<>();
        for (String id : resourceIds) {
            out.add(parseOne(id));
        }
        return of(out);
    }

    private static Scope parseOne(String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("fleet scope", "a scope is a subscription or resource group resource id",
                    id, EXAMPLE);
        }
        String t = id.trim();
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        String[] s = t.startsWith("/") ? t.substring(1).split("/", -1) : new String[]{"subscriptions", t};
        try {
            if (s.length == 2 && s[0].equalsIgnoreCase("subscriptions")) {
                return Scope.subscription(s[1]);
            }
            if (s.length == 4 && s[0].equalsIgnoreCase("subscriptions") && s[2].equalsIgnoreCase("resourceGroups")) {
                return Scope.resourceGroup(s[1], s[3]);
            }
        } catch (InvalidInputException e) {
            throw new InvalidInputException("fleet scope", "a scope is a subscription or resource group resource id "
                    + "with a valid subscription GUID and resource group name (" + e.getMessage() + ")", id, EXAMPLE);
        }
        throw new InvalidInputException("fleet scope", "a scope is a subscription (/subscriptions/{id}) or a "
                + "resource group (/subscriptions/{id}/resourceGroups/{name}), nothing below it", id, EXAMPLE);
    }

    /**
     * Narrows the scope to the accounts the filter accepts (combined with any filter already set).
     *
     * @param filter the filter
     * @return a new scope
     */
    public FleetScope filter(AccountFilter filter) {
        return new FleetScope(scopes, this.filter.and(Objects.requireNonNull(filter, "filter")));
    }

    /**
     * The subscriptions and resource groups, without duplicates.
     *
     * @return the scopes
     */
    public List<Scope> scopes() {
        return scopes;
    }

    /**
     * The account filter ({@link AccountFilter#all()} when none was set).
     *
     * @return the filter
     */
    public AccountFilter filter() {
        return filter;
    }

    /**
     * The scopes as resource ids, for reports.
     *
     * @return for example {@code ["/subscriptions/…", "/subscriptions/…/resourceGroups/rg"]}
     */
    public List<String> resourceIds() {
        return scopes.stream().map(FleetScope::resourceId).toList();
    }

    static String resourceId(Scope s) {
        return "/subscriptions/" + s.subscriptionId() + s.resourceGroup().map(rg -> "/resourceGroups/" + rg)
                .orElse("");
    }

    @Override
    public String toString() {
        return String.join(", ", resourceIds()) + (filter.isAll() ? "" : " where " + filter);
    }

}
