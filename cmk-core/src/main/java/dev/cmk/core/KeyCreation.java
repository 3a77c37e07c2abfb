package dev.cmk.core;

import dev.cmk.api.ApplyFailedException;
import dev.cmk.api.ConflictException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeyType;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.RequirementViolatedException;
import dev.cmk.api.Severity;
import dev.cmk.api.StorageKeySpec;
import dev.cmk.api.ValidationReport;
import dev.cmk.api.VaultKind;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.Violation;
import dev.cmk.api.ViolationCode;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.NewKeyVersion;
import dev.cmk.api.spi.VaultInfo;
import dev.cmk.core.validation.KeyRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Creates a key fit for Azure Storage: every check first, then one create call (and the rotation policy). */
final class KeyCreation {
    /** A placeholder version for checking the key before it exists. */
    private static final String PLANNED_VERSION = "00000000000000000000000000000000";

    private KeyCreation() {
    }

    static KeyVersionProperties create(Services services, KeyReference key, StorageKeySpec spec,
                                       VaultRequirements requirements) {
        if (key.isVersioned()) {
            throw new InvalidInputException("key", "a new key is named without a version (Key Vault assigns it)",
                    key.keyId(), key.versionless().keyId());
        }
        if (key.vaultKind() == VaultKind.MANAGED_HSM && spec.keyType() != KeyType.RSA_HSM) {
            throw new InvalidInputException("key type", "a Managed HSM holds only HSM keys",
                    spec.keyType().wireName(), "RSA-HSM");
        }
        spec.rotationPolicy().ifPresent(p -> p.validateFor(key.vaultKind()));
        Instant now = services.clock().instant();
        Optional<VaultInfo> vault = services.keys().describeVault(key);
        Optional<Boolean> softDelete = vault.flatMap(VaultInfo::softDelete);
        Optional<Boolean> purgeProtection = vault.flatMap(VaultInfo::purgeProtection);
        // check the key as it will be, with the recovery level the vault's settings give it
        String recoveryLevel = softDelete.orElse(true) && purgeProtection.orElse(true) ? "Recoverable"
                : softDelete.orElse(true) ? "Recoverable+Purgeable" : "Purgeable";
        KeyVersionProperties planned = new KeyVersionProperties(key.withVersion(PLANNED_VERSION), spec.keyType(),
                spec.keySize(), true, Optional.empty(), spec.expiresOn(), now, recoveryLevel, 90, spec.operations(),
                spec.tags());
        List<Violation> violations = new ArrayList<>(KeyRules.check(planned, requirements, now).stream()
                .filter(v -> v.severity() == Severity.ERROR).toList());
        if (softDelete.isEmpty() || purgeProtection.isEmpty()) {
            violations.add(Violation.warning(ViolationCode.VAULT_PURGE_PROTECTION_DISABLED, key.vaultUri().toString(),
                    "the vault's soft delete and purge protection could not be read before creating the key; they "
                            + "are checked on the created key instead",
                    "grant Microsoft.KeyVault/vaults/read (Reader) on the vault"));
        }
        ValidationReport report = new ValidationReport(violations);
        if (!report.isValid()) {
            throw new RequirementViolatedException("creating key " + key, report);
        }
        try {
            KeyVersionProperties existing = services.keys().getKey(key);
            throw new ConflictException(ErrorCode.CONFLICT, "key " + key + " already exists (current version "
                    + existing.version() + "); a new key is never made over it. To add a version, rotate it: "
                    + "cmk.key(key).rotation(dependents). Nothing was changed.");
        } catch (NotFoundException absent) {
            // the name is free
        }
        KeyVersionProperties created = services.keys().createVersion(key, new NewKeyVersion(spec.keyType(),
                spec.keySize(), spec.operations(), spec.expiresOn(), spec.tags()));
        List<String> done = List.of("created " + created.id());
        if (spec.rotationPolicy().isPresent()) {
            try {
                services.keys().setRotationPolicy(key, spec.rotationPolicy().get());
            } catch (RuntimeException e) {
                throw new ApplyFailedException(ErrorCode.PARTIALLY_APPLIED, "key " + created.id() + " was created "
                        + "but its rotation policy was not set: " + e.getMessage() + "; set it with cmk.key(key)"
                        + ".setRotationPolicy(..)", done, e);
            }
        }
        if (!created.purgeProtectionEnabled()) {
            throw new ApplyFailedException(ErrorCode.VERIFICATION_FAILED, "key " + created.id() + " was created, "
                    + "but its vault reports recovery level '" + created.recoveryLevel() + "', which Azure Storage "
                    + "refuses; enable soft delete and purge protection on the vault (az keyvault update --name "
                    + key.vaultName() + " --enable-purge-protection true) before using the key", done, null);
        }
        return created;
    }
}
