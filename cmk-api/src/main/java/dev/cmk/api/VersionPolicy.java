package dev.cmk.api;

/**
 * Which key version a storage account uses.
 *
 * <p>{@link #autoUpdate()} is the secure default: the account is configured with a versionless key and Azure
 * Storage picks up the newest enabled version within about 24 hours. {@link #pinned(String)} makes the account use
 * exactly one version until told otherwise; rotating then needs an explicit update of the account, which cmk's
 * rotation performs.
 */
public sealed interface VersionPolicy permits VersionPolicy.AutoUpdate, VersionPolicy.Pinned {

    /**
     * The auto-updating policy (sent to Azure as an empty key version).
     *
     * @return the auto-updating policy
     */
    static VersionPolicy autoUpdate() {
        return AutoUpdate.INSTANCE;
    }

    /**
     * A policy that pins one key version.
     *
     * @param version the version, 32 hexadecimal characters
     * @return the pinned policy
     * @throws InvalidInputException if the version is not 32 hexadecimal characters
     */
    static VersionPolicy pinned(String version) {
        return new Pinned(Syntax.checkVersion(version));
    }

    /**
     * Whether this is the auto-updating policy.
     *
     * @return true for {@link #autoUpdate()}
     */
    default boolean isAutoUpdate() {
        return this instanceof AutoUpdate;
    }

    /** The auto-updating policy. */
    final class AutoUpdate implements VersionPolicy {
        static final AutoUpdate INSTANCE = new AutoUpdate();

        private AutoUpdate() {
        }

        @Override
        public String toString() {
            return "auto-update";
        }
    }

    /**
     * A pinned version.
     *
     * @param version the lower-case version
     */
    record Pinned(String version) implements VersionPolicy {
        /**
         * Validates the version.
         *
         * @param version the version, 32 hexadecimal characters
         * @throws InvalidInputException if the version is not 32 hexadecimal characters
         */
        public Pinned {
            version = Syntax.checkVersion(version);
        }

        @Override
        public String toString() {
            return "pinned(" + version + ")";
        }
    }
}
