package dev.cmk.core.internal;

import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.UnsafeOperationException;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.core.rotation.Dependents;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.Set;

/**
 * Reads the accounts that depend on a key (not API). The only place where rotation and revoke list a scope, so that
 * the listing can switch to list pages that carry each account's encryption without touching the machines that use
 * it. Today: one list call per scope and one read per listed account.
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
     * Reads the dependents: for discovered ones, lists each scope and keeps the accounts that use the key; for a
     * declared list, reads each account.
     *
     * @param dependents the dependents
     * @return the accounts as read
     */
    public List<StorageAccount> read(Dependents dependents) {
        if (dependents.isDiscovered()) {
            List<StorageAccount> out = new ArrayList<>();
            Set<StorageAccountId> seen = new HashSet<>();
            for (Scope scope : dependents.scopes()) {
                for (StorageAccount a : listWithEncryption(scope)) {
                    if (seen.add(a.id()) && RotationDerivation.usesKey(a, key)) {
                        out.add(a);
                    }
                }
            }
            return out;
        }
        List<StorageAccount> out = new ArrayList<>(dependents.declaredAccounts().size());
        for (StorageAccountId id : dependents.declaredAccounts()) {
            out.add(storage.get(id));
        }
        return out;
    }

    /**
     * Re-confirms the dependents right before a disabling write: reads them again and, for a declared list, also
     * lists the subscriptions the declared accounts live in, to find unlisted accounts that use the key.
     *
     * @param dependents the dependents
     * @return what the write must respect
     */
    public Confirmation confirm(Dependents dependents) {
        List<StorageAccount> deps = read(dependents);
        if (dependents.isDiscovered()) {
            return new Confirmation(deps, List.of());
        }
        Set<StorageAccountId> declared = new HashSet<>(dependents.declaredAccounts());
        Set<String> subscriptions = new LinkedHashSet<>();
        dependents.declaredAccounts().forEach(a -> subscriptions.add(a.subscriptionId()));
        List<StorageAccount> unlisted = new ArrayList<>();
        for (String sub : subscriptions) {
            for (StorageAccount a : listWithEncryption(Scope.subscription(sub))) {
                if (!declared.contains(a.id()) && RotationDerivation.usesKey(a, key)) {
                    unlisted.add(a);
                }
            }
        }
        return new Confirmation(deps, unlisted);
    }

    /**
     * Every account cmk can see for these dependents, whatever key it uses: the accounts in the scopes, or the
     * declared accounts plus every account in their subscriptions. For checks that reach beyond one key (a vault-wide
     * access policy reaches every key of the vault).
     *
     * @param dependents the dependents
     * @return the accounts as read, each once
     */
    public List<StorageAccount> everyAccountSeen(Dependents dependents) {
        Map<StorageAccountId, StorageAccount> out = new LinkedHashMap<>();
        List<Scope> scopes = new ArrayList<>(dependents.scopes());
        if (!dependents.isDiscovered()) {
            for (StorageAccountId id : dependents.declaredAccounts()) {
                out.put(id, storage.get(id));
            }
            Set<String> subscriptions = new LinkedHashSet<>();
            dependents.declaredAccounts().forEach(a -> subscriptions.add(a.subscriptionId()));
            subscriptions.forEach(sub -> scopes.add(Scope.subscription(sub)));
        }
        for (Scope scope : scopes) {
            for (StorageAccountId id : storage.list(scope)) {
                if (!out.containsKey(id)) { // the declared accounts were read just above
                    readIfExists(id).ifPresent(a -> out.put(id, a));
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /**
     * The accounts of a scope with their encryption: the one listing call (to be replaced by list pages). An account
     * deleted between the list and its read is skipped: it depends on nothing any more.
     */
    private List<StorageAccount> listWithEncryption(Scope scope) {
        List<StorageAccount> out = new ArrayList<>();
        for (StorageAccountId id : storage.list(scope)) {
            readIfExists(id).ifPresent(out::add);
        }
        return out;
    }

    private Optional<StorageAccount> readIfExists(StorageAccountId id) {
        try {
            return Optional.of(storage.get(id));
        } catch (NotFoundException deleted) {
            return Optional.empty(); // gone since the list: nothing to protect
        }
    }
}
