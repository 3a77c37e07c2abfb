package dev.cmk.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.testkit.InMemoryAzure;
import dev.cmk.testkit.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The read-once wrapper forwards every call it does not answer, list pages included. */
class ReadOnceStorageTest {
    @Test
    void listPagesGoToTheDelegate_notToTheDefaultListAndGetPerAccount() {
        InMemoryAzure azure = InMemoryAzure.create();
        StorageAccountId a = azure.account("one").create();
        azure.account("two").create();
        StorageAccount justRead = azure.inspect().account(a);
        ReadOnceStorage storage = new ReadOnceStorage(azure.storageAccounts(), justRead);
        Scope sub = Scope.subscription(a.subscriptionId());
        azure.calls().reset();
        assertThat(storage.listAccounts(sub, Optional.empty()).accounts()).hasSize(2);
        List<StorageAccountId> seen = new ArrayList<>();
        storage.forEachAccount(sub, x -> seen.add(x.id()));
        assertThat(seen).hasSize(2);
        // one page each, no storage.list and no GET per account (the default implementation's pattern)
        assertThat(azure.calls().reads()).isEqualTo(2);
        assertThat(azure.calls().count(Operation.STORAGE_LIST_ACCOUNTS)).isEqualTo(2);
    }
}
