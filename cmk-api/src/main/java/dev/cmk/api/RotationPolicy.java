package dev.cmk.api;

import java.time.Period;
import java.util.Objects;
import java.util.Optional;

/**
 * A Key Vault key rotation policy: when the vault creates a new key version by itself, and the expiry it gives
 * new versions.
 *
 * <p>The vault's auto-rotation only <em>creates</em> versions. Auto-updating accounts pick a new version up
 * within about 24 hours; pinned accounts keep using the old version until cmk's rotation (or someone) moves them,
 * and old versions are never disabled by the vault. Periods are day-, month- or year-based as Azure's ISO 8601
 * durations are.
 *
 * @param rotateAfterCreate rotate this long after a version is created
 * @param rotateBeforeExpiry rotate this long before a version expires
 * @param expiryTime the expiry given to new versions
 */
public record RotationPolicy(Optional<Period> rotateAfterCreate, Optional<Period> rotateBeforeExpiry,
                             Optional<Period> expiryTime) {
    /** Minimum expiry Azure accepts. */
    public static final int MIN_EXPIRY_DAYS = 28;
    /** Minimum rotation interval on Key Vault. */
    public static final int MIN_ROTATION_DAYS_KEY_VAULT = 7;
    /** Minimum rotation interval on Managed HSM. */
    public static final int MIN_ROTATION_DAYS_MANAGED_HSM = 28;

    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param rotateAfterCreate rotate this long after a version is created
     * @param rotateBeforeExpiry rotate this long before a version expires
     * @param expiryTime the expiry given to new versions
     */
    public RotationPolicy {
        Objects.requireNonNull(rotateAfterCreate, "rotateAfterCreate");
        Objects.requireNonNull(rotateBeforeExpiry, "rotateBeforeExpiry");
        Objects.requireNonNull(expiryTime, "expiryTime");
    }

    /**
     * Checks Azure's bounds for a vault of the given kind, before any call: expiry at least 28 days; rotation
     * interval at least 7 days (28 on Managed HSM); a rotation must come at least that interval after creation and
     * at least that interval before expiry; rotating before expiry needs an expiry.
     *
     * @param kind the vault kind the policy is for
     * @return this policy
     * @throws InvalidInputException naming the bound that is broken
     */
    public RotationPolicy validateFor(VaultKind kind) {
        if (kind == null) {
            throw new InvalidInputException("vault kind", "a vault kind is required to check rotation bounds", null,
                    "VaultKind.KEY_VAULT");
        }
        int minRotation = kind == VaultKind.MANAGED_HSM ? MIN_ROTATION_DAYS_MANAGED_HSM : MIN_ROTATION_DAYS_KEY_VAULT;
        if (rotateAfterCreate.isPresent() && rotateBeforeExpiry.isPresent()) {
            throw new InvalidInputException("rotation policy", "set either rotate-after-create or "
                    + "rotate-before-expiry, not both", this.toString(), "rotateAfterCreate=P90D");
        }
        expiryTime.ifPresent(e -> {
            if (minDays(e) < MIN_EXPIRY_DAYS) {
                throw new InvalidInputException("rotation policy expiry time", "the expiry time is at least "
                        + MIN_EXPIRY_DAYS + " days", e.toString(), "P90D");
            }
        });
        rotateAfterCreate.ifPresent(r -> {
            if (minDays(r) < minRotation) {
                throw new InvalidInputException("rotation interval", "rotate-after-create is at least " + minRotation
                        + " days on " + kind, r.toString(), "P90D");
            }
            expiryTime.ifPresent(e -> {
                if (minDays(e) - maxDays(r) < minRotation) {
                    throw new InvalidInputException("rotation interval", "rotate-after-create must leave at least "
                            + minRotation + " days before the expiry time " + e + " on " + kind, r.toString(),
                            "P60D with expiry P90D");
                }
            });
        });
        rotateBeforeExpiry.ifPresent(r -> {
            Period e = expiryTime.orElseThrow(() -> new InvalidInputException("rotation policy",
                    "rotate-before-expiry needs an expiry time", this.toString(), "expiryTime=P90D"));
            if (minDays(r) < minRotation || minDays(e) - maxDays(r) < minRotation) {
                throw new InvalidInputException("rotate-before-expiry", "rotate-before-expiry is at least "
                        + minRotation + " days and leaves at least " + minRotation + " days after creation on " + kind,
                        r.toString(), "P30D with expiry P90D");
            }
        });
        return this;
    }

    private static long minDays(Period p) {
        return p.getYears() * 365L + p.getMonths() * 28L + p.getDays();
    }

    private static long maxDays(Period p) {
        return p.getYears() * 366L + p.getMonths() * 31L + p.getDays();
    }
}
