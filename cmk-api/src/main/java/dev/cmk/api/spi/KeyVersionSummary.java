package dev.cmk.api.spi;

import dev.cmk.api.KeyReference;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a key's version list says about one version: exactly what Key Vault's list response carries (the id and
 * the attributes enabled, not-before, expiry, created, updated, recovery level and retention, plus the tags). It
 * has no key type, size or operations; read those with {@link KeyVersionProperties} from
 * {@link KeyVaultProvider#getKey} where they are needed. No key material.
 *
 * @param id the versioned key reference
 * @param enabled whether the version is enabled
 * @param notBefore the version is not valid before this instant
 * @param expiresOn the version expires at this instant
 * @param createdOn when the version was created
 * @param updatedOn when the version's attributes or tags last changed, when reported
 * @param recoveryLevel the vault's recovery level, for example {@code Recoverable+Purgeable}
 * @param recoverableDays the soft-delete retention in days
 * @param tags the version's tags
 */
public record KeyVersionSummary(KeyReference id, boolean enabled, Optional<Instant> notBefore,
                                Optional<Instant> expiresOn, Instant createdOn, Optional<Instant> updatedOn,
                                String recoveryLevel, int recoverableDays, Map<String, String> tags) {
    /**
     * Checks the components (none may be null) and copies the tags, so the value is immutable.
     *
     * @param id the versioned key reference
     * @param enabled whether the version is enabled
     * @param notBefore the version is not valid before this instant
     * @param expiresOn the version expires at this instant
     * @param createdOn when the version was created
     * @param updatedOn when the version's attributes or tags last changed, when reported
     * @param recoveryLevel the vault's recovery level, for example {@code Recoverable+Purgeable}
     * @param recoverableDays the soft-delete retention in days
     * @param tags the version's tags
     * @throws IllegalArgumentException if the id names no version
     */
    public KeyVersionSummary {
        Objects.requireNonNull(id, "id");
        if (!id.isVersioned()) {
            throw new IllegalArgumentException("a key version summary needs a versioned id, got " + id);
        }
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(expiresOn, "expiresOn");
        Objects.requireNonNull(createdOn, "createdOn");
        Objects.requireNonNull(updatedOn, "updatedOn");
        recoveryLevel = recoveryLevel == null ? "" : recoveryLevel;
        tags = Map.copyOf(tags);
    }

    /**
     * The summary of full properties (for providers that read each version anyway).
     *
     * @param p the full properties
     * @param updatedOn when the version last changed, when known
     * @return the summary
     */
    public static KeyVersionSummary of(KeyVersionProperties p, Optional<Instant> updatedOn) {
        return new KeyVersionSummary(p.id(), p.enabled(), p.notBefore(), p.expiresOn(), p.createdOn(), updatedOn,
                p.recoveryLevel(), p.recoverableDays(), p.tags());
    }

    /**
     * The version string.
     *
     * @return the 32-character lower-case version
     */
    public String version() {
        return id.version().orElseThrow();
    }

    /**
     * Whether the version can be newly configured at the instant as far as the list tells: enabled, past
     * not-before, not expired. Type, size and operations are not known here.
     *
     * @param now the instant
     * @return true when usable by its attributes
     */
    public boolean isUsableAt(Instant now) {
        return dev.cmk.api.internal.AzureRules.usableAt(enabled, notBefore.orElse(null), expiresOn.orElse(null),
                now);
    }

    /**
     * Orders versions as cmk wants them, oldest first by creation time, then by version id for equal times. Key
     * Vault's list is ordered by version id, which is random.
     *
     * @return the comparator
     */
    public static java.util.Comparator<KeyVersionSummary> oldestFirst() {
        return java.util.Comparator.comparing(KeyVersionSummary::createdOn).thenComparing(KeyVersionSummary::version);
    }
}
