package dev.cmk.core.fleet;

import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountPage;
import dev.cmk.api.spi.StorageAccountProvider;
import java.util.Optional;
import java.util.function.Consumer;

/** Streams the accounts of a fleet scope page by page, counting pages, listed and matched accounts. */
final class Listing {
    long pages;
    long listed;
    long matched;

    void run(StorageAccountProvider storage, FleetScope scope, Consumer<StorageAccount> matchedAccount) {
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
                token = page.nextPageToken();
            } while (token.isPresent());
        }
    }
}
