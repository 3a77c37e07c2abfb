package dev.cmk.core;

import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.AccountCreation;
import dev.cmk.api.spi.AccountIdentity;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountProvider;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A storage provider that answers the first read of one account from a read just made, so that a plan built on
 * top of another plan's read does not read the account twice; every other call, and any later read, goes to the
 * delegate (package-private).
 */
final class ReadOnceStorage implements StorageAccountProvider {
    private final StorageAccountProvider delegate;
    private final AtomicReference<StorageAccount> cached;

    ReadOnceStorage(StorageAccountProvider delegate, StorageAccount justRead) {
        this.delegate = delegate;
        this.cached = new AtomicReference<>(justRead);
    }

    static Services over(Services s, StorageAccount justRead) {
        return new Services(s.keys(), new ReadOnceStorage(s.storage(), justRead), s.access(), s.clock());
    }

    @Override
    public StorageAccount get(StorageAccountId id) {
        StorageAccount a = cached.get();
        if (a != null && a.id().equals(id) && cached.compareAndSet(a, null)) {
            return a;
        }
        return delegate.get(id);
    }

    @Override
    public StorageAccount updateEncryption(StorageAccountId id, EncryptionUpdate update) {
        cached.set(null);
        return delegate.updateEncryption(id, update);
    }

    @Override
    public StorageAccount enableIdentity(StorageAccountId id, ManagedIdentity identity) {
        cached.set(null);
        return delegate.enableIdentity(id, identity);
    }

    @Override
    public List<StorageAccountId> list(Scope scope) {
        return delegate.list(scope);
    }

    @Override
    public dev.cmk.api.spi.StorageAccountPage listAccounts(Scope scope, java.util.Optional<String> pageToken) {
        return delegate.listAccounts(scope, pageToken);
    }

    @Override
    public int forEachAccount(Scope scope, java.util.function.Consumer<? super StorageAccount> action) {
        return delegate.forEachAccount(scope, action);
    }

    @Override
    public StorageAccount create(StorageAccountId id, AccountCreation creation) {
        cached.set(null);
        return delegate.create(id, creation);
    }

    @Override
    public AccountIdentity.UserAssignedIdentity userAssignedIdentity(String resourceId) {
        return delegate.userAssignedIdentity(resourceId);
    }
}
