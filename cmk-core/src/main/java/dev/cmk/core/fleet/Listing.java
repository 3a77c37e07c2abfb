package dev.cmk.core.fleet;

import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountProvider;
import java.util.function.Consumer;

/** Streams the accounts of a fleet scope page by page, counting pages, listed and matched accounts. */
final class Listing {
    long pages;
    long listed;
    long matched;

    void run(StorageAccountProvider storage, FleetScope scope, Consumer<StorageAccount> matchedAccount) {
        for (Scope s : scope.scopes()) {
            pages += storage.forEachAccount(s, a -> {
                listed++;
                if (scope.filter().test(a)) {
                    matched++;
                    matchedAccount.accept(a);
                }
            });
        }
    }
}
