/** An in-memory Azure for tests: the cmk ports with Azure's semantics, a virtual clock, faults and assertions. */
module dev.cmk.testkit {
    requires transitive dev.cmk.api;
    requires static org.junit.jupiter.api;
    requires static org.assertj.core;

    exports dev.cmk.testkit;
    exports dev.cmk.testkit.contract;
}
