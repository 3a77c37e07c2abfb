/** Runnable examples of cmk, each with a test, and the demo. */
module dev.cmk.examples {
    requires dev.cmk.core;
    requires dev.cmk.testkit;
    requires dev.cmk.azure;

    exports dev.cmk.examples;
}
