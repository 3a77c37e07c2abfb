package dev.cmk.core.internal;

import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.UnsafeOperationException;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountPage;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.core.rotation.Dependents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * Reads the accounts that depend on a key (not API). The only place where rotation and revoke read dependents. Every
 * scope is read by list pages that carry each account's full encryption ({@link StorageAccountProvider#forEachAccount}:
 * one request per page), never by a GET per listed account; GETs are left only for declared accounts that no page
 * read covers. A finder's candidates are confirmed by listing their subscriptions: the index is never acted on.
 */
public final class DependentReader {
    private final StorageAccountProvider storage;
    private final KeyReference key;

    /**
     * Creates a reader.
     *
     * @param storage the storage port
     * @param key the key whose dependents are read
     */
    public DependentReader(StorageAccountProvider storage, KeyReference key) {
        this.storage = storage;
        this.key = key;
    }

    /**
     * Refuses a declared list without its acknowledgement, before any call to Azure.
     *
     * @param dependents the dependents
     * @param operation what they are used for, for the message
     * @return the dependents
     * @throws UnsafeOperationException ({@link ErrorCode#CONFIRMATION_REQUIRED}) if declared and not acknowledged
     */
    public static Dependents requireUsable(Dependents dependents, String operation) {
        if (!dependents.isDiscovered() && !dependents.isAcknowledged()) {
            throw new UnsafeOperationException(ErrorCode.CONFIRMATION_REQUIRED, operation + " with a declared list of "
                    + dependents.declaredAccounts().size() + " account(s) protects only those accounts: an unlisted "
                    + "account that uses the key may lose access. Let cmk find them with "
                    + "Dependents.discoveredIn(Scope...), or accept the risk with Dependents.declared(accounts)"
                    + ".acknowledgingUnlistedAccountsMayLoseAccess(). Nothing was changed.");
        }
        return dependents;
    }

    /**
     * What a disabling write must respect, read now.
     *
     * @param dependents the dependents as read (discovered: the accounts in the scopes that use the key; declared:
     *     every declared account, whatever it uses)
     * @param unlisted accounts outside a declared list, found in the declared accounts' subscriptions, that use the
     *     key (always empty for discovered dependents, which are all in {@code dependents})
     */
    public record Confirmation(List<StorageAccount> dependents, List<StorageAccount> unlisted) {
        /**
         * Copies the lists.
         *
         * @param dependents the dependents
         * @param unlisted the unlisted users
         */
        public Confirmation {
            dependents = List.copyOf(dependents);
            unlisted = List.copyOf(unlisted);
        }

        /**
         * Every account seen that uses the key.
         *
         * @param key the key
         * @return the users, dependents first
         */
        public List<StorageAccount> users(KeyReference key) {
            List<StorageAccount> out = new ArrayList<>();
            dependents.stream().filter(a -> RotationDerivation.usesKey(a, key)).forEach(out::add);
            out.addAll(unlisted);
            return out;
        }
    }

    /**
     * Reads the dependents. Discovered in scopes: each scope by list pages (one request per page; a resource group
     * inside a subscription also in the scopes is not listed twice), keeping the accounts that use the key.
     * Discovered by a finder: the subscriptions the finder names candidates in, by list pages, keeping the accounts
     * that use the key (the index is never trusted as it reports). Declared: a resource group holding two or more
     * declared accounts is listed by pages (one page replaces their GETs), any other declared account is read with
     * one GET; an account missing from its group's pages is read with a GET too (which fails if it is gone).
     *
     * @param dependents the dependents
     * @return the accounts as read (discovered: the users of the key; declared: every declared account, in order)
     */
    public List<StorageAccount> read(Dependents dependents) {
        if (dependents.isDiscovered()) {
            return readDiscovered(dependents, new ArrayList<>());
        }
        Map<Scope, List<StorageAccountId>> byGroup = new LinkedHashMap<>();
        for (StorageAccountId id : dependents.declaredAccounts()) {
            byGroup.computeIfAbsent(Scope.resourceGroup(id.subscriptionId(), id.resourceGroup()),
                    g -> new ArrayList<>()).add(id);
        }
        Map<StorageAccountId, StorageAccount> found = new HashMap<>();
        for (Map.Entry<Scope, List<StorageAccountId>> g : byGroup.entrySet()) {
            if (g.getValue().size() >= 2) {
                Set<StorageAccountId> wanted = new HashSet<>(g.getValue());
                storage.forEachAccount(g.getKey(), a -> {
                    if (wanted.contains(a.id())) {
                        found.put(a.id(), a);
                    }
                });
            }
        }
        return declaredInOrder(dependents, found);
    }

    /**
     * Re-confirms the dependents right before a disabling write, from the resource provider: reads them again and,
     * for a declared list, lists the subscriptions the declared accounts live in (by pages; the declared accounts
     * are taken from those pages, so the confirmation costs no GET per account) to find unlisted accounts that use
     * the key.
     *
     * @param dependents the dependents
     * @return what the write must respect
     * @throws UnsafeOperationException ({@link ErrorCode#UNSAFE_OPERATION}) if a page listed an account cmk could
     *     not read whose encryption names the key's vault (it may use the key)
     */
    public Confirmation confirm(Dependents dependents) {
        List<StorageAccountPage.UnreadableAccount> unreadable = new ArrayList<>();
        if (dependents.isDiscovered()) {
            List<StorageAccount> users = readDiscovered(dependents, unreadable);
            refuseUnreadable(unreadable);
            return new Confirmation(users, List.of());
        }
        Set<StorageAccountId> declared = new HashSet<>(dependents.declaredAccounts());
        Map<StorageAccountId, StorageAccount> found = new HashMap<>();
        List<StorageAccount> unlisted = new ArrayList<>();
        for (Scope sub : subscriptionsOf(dependents.declaredAccounts())) {
            forEachAccount(sub, a -> {
                if (declared.contains(a.id())) {
                    found.put(a.id(), a);
                } else if (RotationDerivation.usesKey(a, key)) {
                    unlisted.add(a);
                }
            }, unreadable);
        }
        refuseUnreadable(unreadable);
        return new Confirmation(declaredInOrder(dependents, found), unlisted);
    }

    private List<StorageAccount> readDiscovered(Dependents dependents,
                                                List<StorageAccountPage.UnreadableAccount> unreadable) {
        List<StorageAccount> out = new ArrayList<>();
        Set<StorageAccountId> seen = new HashSet<>();
        for (Scope scope : discoveryScopes(dependents)) {
            forEachAccount(scope, a -> {
                if (RotationDerivation.usesKey(a, key) && seen.add(a.id())) {
                    out.add(a);
                }
            }, unreadable);
        }
        return out;
    }

    /** {@link StorageAccountProvider#forEachAccount}, also collecting the accounts the pages could not read. */
    private void forEachAccount(Scope scope, java.util.function.Consumer<StorageAccount> action,
                                List<StorageAccountPage.UnreadableAccount> unreadable) {
        java.util.Optional<String> token = java.util.Optional.empty();
        do {
            StorageAccountPage page = storage.listAccounts(scope, token);
            page.accounts().forEach(action);
            unreadable.addAll(page.unreadable());
            token = page.nextPageToken();
        } while (token.isPresent());
    }

    /**
     * Refuses before a disabling write while a listed account cmk could not read names the key's vault: it may
     * use the key, and nothing could protect or confirm it.
     */
    private void refuseUnreadable(List<StorageAccountPage.UnreadableAccount> unreadable) {
        List<String> blocking = unreadable.stream().filter(u -> u.mayUseVault(key.vaultUri()))
                .map(u -> u.resourceId() + " (key vault " + u.keyVaultUri().orElse("?") + ": " + u.reason() + ")")
                .toList();
        if (!blocking.isEmpty()) {
            throw new UnsafeOperationException(ErrorCode.UNSAFE_OPERATION, "storage account(s) " + blocking
                    + " were listed with encryption in the vault of " + key.versionless() + " but cmk cannot read "
                    + "them, so they may use the key and could not be checked: disabling a version could lock them "
                    + "out. Move such an account to a resource group cmk can read, or switch it to another vault, "
                    + "then retry. Nothing was changed.");
        }
    }

    /**
     * Every account cmk can see for these dependents, whatever key it uses: the accounts in the scopes (or in the
     * subscriptions a finder names candidates in), or the declared accounts plus every account in their
     * subscriptions, all by list pages. For checks that reach beyond one key (a vault-wide access policy reaches
     * every key of the vault).
     *
     * @param dependents the dependents
     * @return the accounts as read, each once (declared accounts first)
     * @throws UnsafeOperationException ({@link ErrorCode#UNSAFE_OPERATION}) if a page listed an account cmk could
     *     not read whose encryption names the key's vault
     */
    public List<StorageAccount> everyAccountSeen(Dependents dependents) {
        Map<StorageAccountId, StorageAccount> out = new LinkedHashMap<>();
        List<StorageAccountPage.UnreadableAccount> unreadable = new ArrayList<>();
        if (dependents.isDiscovered()) {
            for (Scope scope : discoveryScopes(dependents)) {
                forEachAccount(scope, a -> out.putIfAbsent(a.id(), a), unreadable);
            }
            refuseUnreadable(unreadable);
            return new ArrayList<>(out.values());
        }
        Set<StorageAccountId> declared = new HashSet<>(dependents.declaredAccounts());
        Map<StorageAccountId, StorageAccount> found = new HashMap<>();
        Map<StorageAccountId, StorageAccount> others = new LinkedHashMap<>();
        for (Scope sub : subscriptionsOf(dependents.declaredAccounts())) {
            forEachAccount(sub, a -> (declared.contains(a.id()) ? found : others).putIfAbsent(a.id(), a),
                    unreadable);
        }
        refuseUnreadable(unreadable);
        for (StorageAccount a : declaredInOrder(dependents, found)) {
            out.put(a.id(), a);
        }
        others.forEach(out::putIfAbsent);
        return new ArrayList<>(out.values());
    }

    /** The scopes to list for discovered dependents: the scopes, or the subscriptions a finder names. */
    private List<Scope> discoveryScopes(Dependents dependents) {
        if (dependents.finder().isPresent()) {
            return subscriptionsOf(dependents.finder().get().candidates(key.versionless()));
        }
        Set<String> wholeSubscriptions = new HashSet<>();
        dependents.scopes().stream().filter(s -> s.resourceGroup().isEmpty())
                .forEach(s -> wholeSubscriptions.add(s.subscriptionId()));
        return dependents.scopes().stream().filter(s -> s.resourceGroup().isEmpty()
                || !wholeSubscriptions.contains(s.subscriptionId())).toList();
    }

    private static List<Scope> subscriptionsOf(List<StorageAccountId> accounts) {
        Set<String> subscriptions = new LinkedHashSet<>();
        accounts.forEach(a -> subscriptions.add(a.subscriptionId()));
        return subscriptions.stream().map(Scope::subscription).toList();
    }

    /**
     * The declared accounts in declared order, from the pages read, each account not on them read with one GET (a
     * deleted account fails as a GET fails, with {@link NotFoundException}).
     */
    private List<StorageAccount> declaredInOrder(Dependents dependents, Map<StorageAccountId, StorageAccount> found) {
        List<StorageAccount> out = new ArrayList<>(dependents.declaredAccounts().size());
        for (StorageAccountId id : dependents.declaredAccounts()) {
            StorageAccount a = found.get(id);
            out.add(a != null ? a : storage.get(id));
        }
        return out;
    }
}
