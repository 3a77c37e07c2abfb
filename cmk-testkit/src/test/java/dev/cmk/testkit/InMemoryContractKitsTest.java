package dev.cmk.testkit;

import dev.cmk.testkit.contract.AzureFixture;
import dev.cmk.testkit.contract.InMemoryFixture;
import dev.cmk.testkit.contract.KeyAccessContract;

/** The in-memory providers pass the fixture-based contract kits. */
class InMemoryContractKitsTest {
    @org.junit.jupiter.api.Nested
    class KeyAccess extends KeyAccessContract {
        @Override
        protected AzureFixture newFixture() {
            return new InMemoryFixture();
        }
    }
}
