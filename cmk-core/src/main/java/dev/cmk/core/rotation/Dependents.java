package dev.cmk.core.rotation;

import dev.cmk.api.InvalidInputException;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.DependentFinder;
import dev.cmk.api.spi.Scope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which storage accounts depend on a key, for a rotation or a revoke: discovered by cmk (the default and the
 * recommended form), or declared by the caller with an explicit acknowledgement that unlisted accounts are not
 * protected (as the AWS Encryption SDK separates discovery from strict mode).
 *
 * <ul>
 *   <li>{@link #discoveredIn(Scope...)}: every account in the scopes configured with the key is a dependent. cmk
 *       lists the scopes at every step, and lists them again right before every disabling write (retire,
 *       revoke). Each scope is read by list pages that carry every account's encryption: one request per page,
 *       not one per account.</li>
 *   <li>{@link #discoveredBy(DependentFinder)}: candidates come from an index across subscriptions and
 *       management groups (Azure Resource Graph), which lags; cmk confirms them with the resource provider by
 *       listing, by pages, every subscription the index found a candidate in, at every step and right before every
 *       disabling write. Only accounts Storage reports configured with the key are dependents.</li>
 *   <li>{@link #declared(List)}{@code .}{@link #acknowledgingUnlistedAccountsMayLoseAccess()}: only the listed
 *       accounts are moved and waited for. Before a disabling write cmk still re-reads them and lists the
 *       subscriptions they live in, and spares any version an unlisted account there uses; accounts in other
 *       subscriptions are not seen. Statuses say "declared, not discovered". Without the acknowledgement the list
 *       is refused with {@link dev.cmk.api.ErrorCode#CONFIRMATION_REQUIRED} when it is used.</li>
 * </ul>
 * Instances are immutable. Discovery needs {@code Microsoft.Storage/storageAccounts/read} on the scopes.
 */
public final class Dependents {
    private final List<Scope> scopes;
    private final List<StorageAccountId> declared;
    private final boolean acknowledged;
    private final DependentFinder finder;

    private Dependents(List<Scope> scopes, List<StorageAccountId> declared, boolean acknowledged) {
        this(scopes, declared, acknowledged, null);
    }

    private Dependents(List<Scope> scopes, List<StorageAccountId> declared, boolean acknowledged,
                       DependentFinder finder) {
        this.scopes = List.copyOf(scopes);
        this.declared = List.copyOf(declared);
        this.acknowledged = acknowledged;
        this.finder = finder;
    }

    /**
     * Dependents discovered through an index across subscriptions and management groups, for example
     * {@code AzureResourceGraphFinder} in cmk-azure. The index only proposes candidates: cmk lists, by pages, every
     * subscription in which it found one and keeps the accounts the Storage resource provider reports configured
     * with the key, at every step and again right before every disabling write. An account configured with the key
     * in a subscription where the index shows no candidate yet (within the index's lag) is not seen until the index
     * catches up. Needs what the finder needs, plus {@code Microsoft.Storage/storageAccounts/read} on those
     * subscriptions.
     *
     * @param finder the index to ask
     * @return the dependents
     * @throws NullPointerException if finder is null
     */
    public static Dependents discoveredBy(DependentFinder finder) {
        return new Dependents(List.of(), List.of(), false, Objects.requireNonNull(finder, "finder"));
    }

    /**
     * Dependents discovered in one or more subscriptions or resource groups.
     *
     * @param scopes at least one scope
     * @return the dependents
     * @throws InvalidInputException if no scope is given
     * @throws NullPointerException if a scope is null
     */
    public static Dependents discoveredIn(Scope... scopes) {
        if (scopes == null || scopes.length == 0) {
            throw new InvalidInputException("dependent discovery scopes", "discovery needs at least one subscription "
                    + "or resource group", "(none)", "Dependents.discoveredIn(Scope.subscription(subscriptionId))");
        }
        Set<Scope> unique = new LinkedHashSet<>();
        for (Scope s : scopes) {
            unique.add(Objects.requireNonNull(s, "scope"));
        }
        return new Dependents(new ArrayList<>(unique), List.of(), false);
    }

    /**
     * Dependents the caller declares. Usable only after
     * {@link #acknowledgingUnlistedAccountsMayLoseAccess()}.
     *
     * @param accounts the accounts, at least one
     * @return the declared dependents, not yet acknowledged
     * @throws InvalidInputException if the list is empty (an empty list protects nothing)
     * @throws NullPointerException if the list or an account is null
     */
    public static Dependents declared(List<StorageAccountId> accounts) {
        Objects.requireNonNull(accounts, "accounts");
        if (accounts.isEmpty()) {
            throw new InvalidInputException("declared dependents", "a declared list names at least one account (an "
                    + "empty list would protect nothing and confirm an empty blast radius)", "[]",
                    "Dependents.discoveredIn(Scope.subscription(subscriptionId))");
        }
        return new Dependents(List.of(), List.copyOf(new LinkedHashSet<>(accounts)), false);
    }

    /**
     * The caller's acknowledgement that accounts missing from a declared list are not moved or waited for, and may
     * lose access when old versions are retired or the key is revoked (cmk still spares versions used by accounts
     * it sees in the listed accounts' subscriptions).
     *
     * @return the acknowledged declared dependents
     * @throws InvalidInputException if these dependents are discovered, not declared
     */
    public Dependents acknowledgingUnlistedAccountsMayLoseAccess() {
        if (isDiscovered()) {
            throw new InvalidInputException("dependents", "only a declared list needs an acknowledgement", "discovered"
                    + " in " + scopes, "Dependents.declared(accounts).acknowledgingUnlistedAccountsMayLoseAccess()");
        }
        return new Dependents(scopes, declared, true);
    }

    /**
     * Whether cmk discovers the dependents.
     *
     * @return true for {@link #discoveredIn} and {@link #discoveredBy}
     */
    public boolean isDiscovered() {
        return !scopes.isEmpty() || finder != null;
    }

    /**
     * The index that proposes candidates, for {@link #discoveredBy}.
     *
     * @return the finder, or empty for scopes and declared lists
     */
    public Optional<DependentFinder> finder() {
        return Optional.ofNullable(finder);
    }

    /**
     * The scopes searched (empty for a declared list and for {@link #discoveredBy}).
     *
     * @return the scopes
     */
    public List<Scope> scopes() {
        return scopes;
    }

    /**
     * The declared accounts (empty when discovered).
     *
     * @return the accounts
     */
    public List<StorageAccountId> declaredAccounts() {
        return declared;
    }

    /**
     * Whether a declared list carries the acknowledgement.
     *
     * @return true once acknowledged (always false for discovered dependents)
     */
    public boolean isAcknowledged() {
        return acknowledged;
    }

    /**
     * How the dependents were obtained, as statuses print it.
     *
     * @return for example {@code "discovered in [subscription 0000...]"} or {@code "3 declared, not discovered"}
     */
    public String describe() {
        if (finder != null) {
            return "discovered by " + finder.describe() + " (an index that lags; candidates confirmed with Storage)";
        }
        if (isDiscovered()) {
            return "discovered in " + scopes.stream().map(s -> s.resourceGroup().map(rg -> "resource group "
                    + s.subscriptionId() + "/" + rg).orElse("subscription " + s.subscriptionId())).toList();
        }
        return declared.size() + " declared, not discovered" + (acknowledged ? " (unlisted accounts acknowledged "
                + "unprotected)" : " (not acknowledged)");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dependents d && d.scopes.equals(scopes) && d.declared.equals(declared)
                && d.acknowledged == acknowledged && Objects.equals(d.finder, finder);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scopes, declared, acknowledged, finder);
    }

    @Override
    public String toString() {
        return describe();
    }
}
