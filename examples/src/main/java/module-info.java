/** Runnable examples of cmk, each with a test, and the demo. */
module dev.cmk.examples {
    requires dev.cmk.core;
    requires dev.cmk.testkit;
    requires dev.cmk.azure;
    requires dev.cmk.azure.testkit;
    requires com.azure.identity;
    requires org.junit.jupiter.api;
    requires org.assertj.core;

    exports dev.cmk.examples;
}
