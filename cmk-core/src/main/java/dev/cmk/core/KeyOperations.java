package dev.cmk.core;

import dev.cmk.api.KeyReference;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.ValidationReport;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.Violation;
import dev.cmk.api.ViolationCode;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.core.validation.KeyRules;
import java.util.ArrayList;
import java.util.List;

/** Operations on one key, from {@link CustomerManagedKeys#key}. */
public final class KeyOperations {
    private final Services services;
    private final KeyReference key;

    KeyOperations(Services services, KeyReference key) {
        this.services = services;
        this.key = key;
    }

    /**
     * Checks the key (its current version, or the referenced version) and its vault against the requirements.
     * Reads only: one key read and one vault read. Needs {@code get} on the key.
     *
     * @param requirements the requirements
     * @return every violation found; {@link ValidationReport#isValid()} when the key is fit for Azure Storage
     */
    public ValidationReport validate(VaultRequirements requirements) {
        List<Violation> v = new ArrayList<>();
        try {
            KeyVersionProperties p = services.keys().getKey(key);
            v.addAll(KeyRules.check(p, requirements, services.clock().instant()));
        } catch (NotFoundException e) {
            v.add(Violation.error(key.isVersioned() ? ViolationCode.KEY_VERSION_NOT_FOUND : ViolationCode.KEY_NOT_FOUND,
                    key.keyId(), key.keyId() + " was not found (" + e.getMessage() + ")",
                    "check the vault URI, key name and version, or create the key"));
        }
        v.addAll(KeyRules.checkVault(key, services.keys().describeVault(key), null, requirements));
        return new ValidationReport(v);
    }

    /**
     * Every version of the key with its properties, oldest first. One list call. Needs {@code list} on the key.
     *
     * @return the versions
     */
    public List<KeyVersionProperties> versions() {
        return services.keys().listVersions(key);
    }
}
