package dev.cmk.core.fleet;

import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountPage;
import dev.cmk.api.spi.StorageAccountProvider;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Streams the accounts of a fleet scope page by page, counting pages, listed and matched accounts, and passing on
 * the accounts the pages carried but cmk could not read (never filtered: nothing is known to filter them by).
 */
final class Listing {
    long pages;
    long listed;
    long matched;
    long unreadable;

    void run(StorageAccountProvider storage, FleetScope scope, Consumer<StorageAccount> matchedAccount) {
        run(storage, scope, matchedAccount, u -> { });
    }

    void run(StorageAccountProvider storage, FleetScope scope, Consumer<StorageAccount> matchedAccount,
             Consumer<StorageAccountPage.UnreadableAccount> unreadableAccount) {
        for (Scope s : scope.scopes()) {
            Optional<String> token = Optional.empty();
            do {
                StorageAccountPage page = storage.listAccounts(s, token);
                pages++;
                for (StorageAccount a : page.accounts()) {
                    listed++;
                    if (scope.filter().test(a)) {
                        matched++;
                        matchedAccount.accept(a);
                    }
                }
                for (StorageAccountPage.UnreadableAccount u : page.unreadable()) {
                    unreadable++;
                    unreadableAccount.accept(u);
                }
                token = page.nextPageToken();
            } while (token.isPresent());
        }
    }
}
