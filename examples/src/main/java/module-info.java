/** Runnable examples of cmk, each with a test, and the demo. */
module dev.cmk.examples {
    requires dev.cmk.core;
    requires dev.cmk.testkit;
    requires dev.cmk.azure;
    requires dev.cmk.azure.testkit;

    exports dev.cmk.examples;
}
