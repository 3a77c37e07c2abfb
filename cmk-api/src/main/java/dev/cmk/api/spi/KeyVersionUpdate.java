package dev.cmk.api.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A change to one key version's attributes: enable or disable it, and/or replace its tags. Everything else (type,
 * size, operations, dates) is kept as it is.
 *
 * @param enabled the new enabled flag, or empty to keep it
 * @param tags the new complete tag set, or empty to keep the tags
 */
public record KeyVersionUpdate(Optional<Boolean> enabled, Optional<Map<String, String>> tags) {
    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param enabled the new flag
     * @param tags the complete new tag set
     */
    public KeyVersionUpdate {
        Objects.requireNonNull(enabled, "enabled");
        tags = Objects.requireNonNull(tags, "tags").map(Map::copyOf);
    }

    /**
     * Enable or disable the version.
     *
     * @param enabled the new flag
     * @return the update
     */
    public static KeyVersionUpdate enabled(boolean enabled) {
        return new KeyVersionUpdate(Optional.of(enabled), Optional.empty());
    }

    /**
     * Replace the version's tags.
     *
     * @param tags the complete new tag set
     * @return the update
     */
    public static KeyVersionUpdate tags(Map<String, String> tags) {
        return new KeyVersionUpdate(Optional.empty(), Optional.of(tags));
    }
}
