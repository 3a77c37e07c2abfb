package dev.cmk.core.validation;

import dev.cmk.api.internal.AzureRules;
import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyReference;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.Violation;
import dev.cmk.api.ViolationCode;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.VaultInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a key version and its vault must meet for Azure Storage, checked on what the vault reports. Pure
 * functions: no calls, no clock of their own. Each violation names the value, the rule and the fix.
 */
public final class KeyRules {
    private KeyRules() {
    }

    /**
     * Checks one key version against the requirements at an instant: vault soft delete and purge protection (from
     * the recovery level), key type, size, enabled, not-before, expiry, minimum validity, maximum age, and the
     * wrapKey/unwrapKey operations. All violations are returned, not just the first.
     *
     * @param key the key version's properties
     * @param req the requirements
     * @param now the instant to check at
     * @return the violations, empty when the version is fit
     */
    public static List<Violation> check(KeyVersionProperties key, VaultRequirements req, Instant now) {
        List<Violation> out = new ArrayList<>();
        String subject = key.id().keyId();
        String vault = key.id().vaultUri().toString();
        if (!key.softDeleteEnabled()) {
            out.add(Violation.error(ViolationCode.VAULT_SOFT_DELETE_DISABLED, vault,
                    "vault " + vault + " has recovery level '" + key.recoveryLevel() + "': soft delete is off, and "
                            + "Azure Storage refuses it (\"Keyvault policy recoverable is not set\")",
                    "enable soft delete on the vault (az keyvault update --name " + key.id().vaultName()
                            + " --enable-soft-delete true); it cannot be turned off again"));
        }
        if (!key.purgeProtectionEnabled()) {
            out.add(Violation.error(ViolationCode.VAULT_PURGE_PROTECTION_DISABLED, vault,
                    "vault " + vault + " has recovery level '" + key.recoveryLevel() + "': purge protection is off, "
                            + "and Azure Storage refuses it (\"Keyvault policy recoverable is not set\")",
                    "enable purge protection on the vault (az keyvault update --name " + key.id().vaultName()
                            + " --enable-purge-protection true); it cannot be turned off again"));
        }
        if (!req.keyTypes().contains(key.keyType())) {
            out.add(Violation.error(ViolationCode.KEY_TYPE_NOT_ALLOWED, subject,
                    "key type " + key.keyType().wireName() + " is not allowed; allowed: " + wireNames(req),
                    "create the key as " + wireNames(req) + " (Azure Storage wraps its account key with RSA only)"));
        }
        if (!req.keySizes().contains(key.keySize())) {
            out.add(Violation.error(ViolationCode.KEY_SIZE_NOT_ALLOWED, subject,
                    "key size " + key.keySize() + " bits is not allowed; allowed: " + req.keySizes(),
                    "create a new version of the key with one of the sizes " + req.keySizes()));
        }
        if (!key.enabled()) {
            out.add(Violation.error(ViolationCode.KEY_DISABLED, subject, "key version " + key.version()
                    + " is disabled", "enable the version, or use another enabled version of the key"));
        }
        key.notBefore().filter(nb -> now.isBefore(nb)).ifPresent(nb -> out.add(Violation.error(
                ViolationCode.KEY_NOT_YET_VALID, subject, "key version " + key.version() + " is not valid before "
                        + nb + " (now " + now + ")", "wait until " + nb + " or clear the version's not-before date")));
        Optional<Instant> expiry = key.expiresOn();
        if (expiry.isPresent() && !now.isBefore(expiry.get())) {
            out.add(Violation.error(ViolationCode.KEY_EXPIRED, subject, "key version " + key.version()
                    + " expired at " + expiry.get() + "; Azure Storage cannot be newly configured with it",
                    "create a new key version (cmk.key(key).rotation(...)) or extend the expiry"));
        } else if (expiry.isPresent() && now.plus(req.minimumValidity()).isAfter(expiry.get())) {
            out.add(Violation.error(ViolationCode.KEY_EXPIRES_SOON, subject, "key version " + key.version()
                    + " expires at " + expiry.get() + ", within the required minimum validity of "
                    + req.minimumValidity().toDays() + " days",
                    "rotate to a new version or extend the expiry beyond " + now.plus(req.minimumValidity())));
        }
        req.maximumKeyAge().ifPresent(max -> {
            Duration age = Duration.between(key.createdOn(), now);
            if (age.compareTo(max) > 0) {
                out.add(Violation.error(ViolationCode.KEY_TOO_OLD, subject, "key version " + key.version()
                        + " is " + age.toDays() + " days old; the maximum key age is " + max.toDays() + " days",
                        "rotate the key to create a new version"));
            }
        });
        Set<KeyOperation> missing = EnumSet.copyOf(req.requiredOperations());
        missing.removeAll(key.operations());
        if (!missing.isEmpty()) {
            out.add(Violation.error(ViolationCode.KEY_OPERATIONS_MISSING, subject, "key version " + key.version()
                    + " does not permit " + missing.stream().map(KeyOperation::wireName).toList()
                    + " (permitted: " + key.operations().stream().map(KeyOperation::wireName).sorted().toList() + ")",
                    "update the key's permitted operations to include wrapKey and unwrapKey"));
        }
        return out;
    }

    /**
     * Whether a not-found error is about the vault rather than the key: Azure's {@code VaultNotFound} or
     * {@code KeyVaultVaultNotFound}, or a vault host name that does not resolve.
     *
     * @param e the error
     * @return true when the vault is missing
     */
    public static boolean isVaultMissing(dev.cmk.api.NotFoundException e) {
        String code = e.azureErrorCode().orElse("");
        if (code.equals("VaultNotFound") || code.equals("KeyVaultVaultNotFound")) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The violation for a vault that does not exist (or whose name is mistyped).
     *
     * @param key the key whose vault was looked up
     * @param cause the provider's not-found error
     * @return a {@link ViolationCode#VAULT_NOT_FOUND} error
     */
    public static Violation vaultNotFound(KeyReference key, RuntimeException cause) {
        return Violation.error(ViolationCode.VAULT_NOT_FOUND, key.vaultUri().toString(), "vault "
                + key.vaultUri() + " was not found (" + cause.getMessage() + ")", "check the vault name in the key "
                + "identifier (list vaults with: az keyvault list --query [].name), or create the vault with soft "
                + "delete and purge protection");
    }

    /**
     * The violation for a key or version the vault does not have.
     *
     * @param key the reference that was looked up
     * @param cause the provider's not-found error (its message names what Azure said)
     * @return a {@link ViolationCode#KEY_VERSION_NOT_FOUND} or {@link ViolationCode#KEY_NOT_FOUND} error
     */
    public static Violation notFound(KeyReference key, RuntimeException cause) {
        return Violation.error(key.isVersioned() ? ViolationCode.KEY_VERSION_NOT_FOUND : ViolationCode.KEY_NOT_FOUND,
                key.keyId(), (key.isVersioned() ? "key version " : "key ") + key.keyId() + " was not found ("
                        + cause.getMessage() + ")", key.isVersioned() ? "pin an existing version (list them with "
                        + "cmk.key(key).versions()) or use VersionPolicy.autoUpdate()" : "create the key in the vault, "
                        + "or check the vault URI and key name");
    }

    /**
     * Checks what the management plane reports about the vault: the firewall must let trusted Microsoft services
     * through, and, when required, the vault must be in the account's region.
     *
     * @param key the key
     * @param info what is known about the vault, or empty
     * @param accountLocation the account's region, or null when no account is involved
     * @param req the requirements
     * @return the violations
     */
    public static List<Violation> checkVault(KeyReference key, Optional<VaultInfo> info, String accountLocation,
                                             VaultRequirements req) {
        List<Violation> out = new ArrayList<>();
        String vault = key.vaultUri().toString();
        if (info.flatMap(VaultInfo::trustedServicesAllowed).map(b -> !b).orElse(false)) {
            out.add(Violation.error(ViolationCode.VAULT_FIREWALL_BLOCKS_STORAGE, vault, "the firewall of vault "
                    + vault + " does not allow trusted Microsoft services, so Azure Storage cannot reach the key "
                    + "(ForbiddenByFirewall)", "enable 'Allow trusted Microsoft services to bypass this firewall' "
                    + "on the vault's networking settings"));
        }
        if (req.requireSameRegion() && accountLocation != null) {
            Optional<String> loc = info.flatMap(VaultInfo::location);
            if (loc.isEmpty()) {
                out.add(Violation.warning(ViolationCode.REGION_MISMATCH, vault, "the vault's region is unknown, so "
                        + "the same-region requirement was not checked", "configure a key vault provider that "
                        + "can read vault properties"));
            } else if (!normalise(loc.get()).equals(normalise(accountLocation))) {
                out.add(Violation.error(ViolationCode.REGION_MISMATCH, vault, "vault " + vault + " is in "
                        + loc.get() + " but the account is in " + accountLocation + ", and the requirements ask "
                        + "for the same region", "use a vault in " + accountLocation + " or relax requireSameRegion"));
            }
        }
        return out;
    }

    private static String normalise(String location) {
        return AzureRules.region(location);
    }

    private static List<String> wireNames(VaultRequirements req) {
        return req.keyTypes().stream().map(t -> t.wireName()).toList();
    }
}
