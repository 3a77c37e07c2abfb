/** cmk's operations: validation, planning, applying and rotating, over the ports of {@code dev.cmk.api.spi}. */
module dev.cmk.core {
    requires transitive dev.cmk.api;
    requires org.slf4j;

    exports dev.cmk.core;
    exports dev.cmk.core.fleet;
    exports dev.cmk.core.rotation;
}
