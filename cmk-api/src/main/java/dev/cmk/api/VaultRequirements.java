package dev.cmk.api;

import dev.cmk.api.internal.AzureRules;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The requirements a key and its vault must meet before an account is pointed at it: data, not prose.
 *
 * <p>{@link #azureStorageDefaults()} holds exactly what Azure Storage documents: soft delete and purge protection;
 * key type RSA or RSA-HSM; size 2048, 3072 or 4096; key enabled and inside its not-before/expiry window; key
 * operations include wrapKey and unwrapKey; the identity holds get, wrapKey and unwrapKey. cmk adds one safety
 * margin of its own: the key must not expire within 30 days. {@link #custom()} builds a stricter set (HSM-backed
 * keys, a minimum size, a maximum key age, same region) or relaxes what Azure itself does not enforce (the
 * validity margin, the access check). Rules Azure enforces cannot be relaxed: the builder refuses.
 */
public final class VaultRequirements {
    private static final Set<KeyType> STORAGE_TYPES = AzureRules.STORAGE_KEY_TYPES;
    private static final Set<Integer> STORAGE_SIZES = AzureRules.RSA_KEY_SIZES;
    private static final VaultRequirements DEFAULTS = new Builder().build();

    private final Set<KeyType> keyTypes;
    private final Set<Integer> keySizes;
    private final Duration minimumValidity;
    private final Duration maximumKeyAge;
    private final boolean requireSameRegion;
    private final boolean requireAccessCheck;

    private VaultRequirements(Builder b) {
        this.keyTypes = Collections.unmodifiableSet(EnumSet.copyOf(b.keyTypes));
        this.keySizes = Collections.unmodifiableSet(new TreeSet<>(b.keySizes));
        this.minimumValidity = b.minimumValidity;
        this.maximumKeyAge = b.maximumKeyAge;
        this.requireSameRegion = b.requireSameRegion;
        this.requireAccessCheck = b.requireAccessCheck;
    }

    /**
     * Exactly Azure Storage's documented requirements, plus a 30-day validity margin.
     *
     * @return the defaults
     */
    public static VaultRequirements azureStorageDefaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from {@link #azureStorageDefaults()}.
     *
     * @return a new builder
     */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * A builder starting from these requirements.
     *
     * @return a new builder with this object's values
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.keyTypes = EnumSet.copyOf(keyTypes);
        b.keySizes = new TreeSet<>(keySizes);
        b.minimumValidity = minimumValidity;
        b.maximumKeyAge = maximumKeyAge;
        b.requireSameRegion = requireSameRegion;
        b.requireAccessCheck = requireAccessCheck;
        return b;
    }

    /**
     * Soft delete is required on the vault. Always true: Azure Storage refuses keys from vaults without it.
     *
     * @return true
     */
    public boolean requireSoftDelete() {
        return true;
    }

    /**
     * Purge protection is required on the vault. Always true: Azure Storage refuses keys from vaults without it.
     *
     * @return true
     */
    public boolean requirePurgeProtection() {
        return true;
    }

    /**
     * The allowed key types.
     *
     * @return a non-empty subset of RSA and RSA-HSM
     */
    public Set<KeyType> keyTypes() {
        return keyTypes;
    }

    /**
     * The allowed key sizes in bits.
     *
     * @return a non-empty subset of 2048, 3072 and 4096
     */
    public Set<Integer> keySizes() {
        return keySizes;
    }

    /**
     * The operations the key must permit. Always wrapKey and unwrapKey.
     *
     * @return wrapKey and unwrapKey
     */
    public Set<KeyOperation> requiredOperations() {
        return Collections.unmodifiableSet(EnumSet.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY));
    }

    /**
     * The permissions the account's identity must hold on the key. Always get, wrapKey and unwrapKey.
     *
     * @return get, wrapKey and unwrapKey
     */
    public Set<KeyPermission> requiredPermissions() {
        return Collections.unmodifiableSet(EnumSet.allOf(KeyPermission.class));
    }

    /**
     * How long the key must stay valid from now.
     *
     * @return the minimum validity (30 days by default; zero means only "not expired")
     */
    public Duration minimumValidity() {
        return minimumValidity;
    }

    /**
     * The oldest a key version may be, for compliance policies.
     *
     * @return the maximum age, or empty for none (the default)
     */
    public Optional<Duration> maximumKeyAge() {
        return Optional.ofNullable(maximumKeyAge);
    }

    /**
     * Whether the vault must be in the account's region. Azure no longer needs this; off by default.
     *
     * @return true when the same region is required
     */
    public boolean requireSameRegion() {
        return requireSameRegion;
    }

    /**
     * Whether a missing access check is an error rather than a warning. Off by default: without a key access
     * provider, cmk warns that the identity's permissions were not checked.
     *
     * @return true when the access check must be made
     */
    public boolean requireAccessCheck() {
        return requireAccessCheck;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VaultRequirements r && keyTypes.equals(r.keyTypes) && keySizes.equals(r.keySizes)
                && minimumValidity.equals(r.minimumValidity) && java.util.Objects.equals(maximumKeyAge,
                r.maximumKeyAge) && requireSameRegion == r.requireSameRegion
                && requireAccessCheck == r.requireAccessCheck;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(keyTypes, keySizes, minimumValidity, maximumKeyAge, requireSameRegion,
                requireAccessCheck);
    }

    @Override
    public String toString() {
        return "VaultRequirements{softDelete, purgeProtection, keyTypes=" + keyTypes + ", keySizes=" + keySizes
                + ", operations=[wrapKey, unwrapKey], permissions=[get, wrapKey, unwrapKey], minimumValidity="
                + minimumValidity + (maximumKeyAge == null ? "" : ", maximumKeyAge=" + maximumKeyAge)
                + ", sameRegion=" + requireSameRegion + ", accessCheckRequired=" + requireAccessCheck + "}";
    }

    /** Builds {@link VaultRequirements}; every setter checks its argument at once. */
    public static final class Builder {
        private Set<KeyType> keyTypes = EnumSet.copyOf(STORAGE_TYPES);
        private Set<Integer> keySizes = new TreeSet<>(STORAGE_SIZES);
        private Duration minimumValidity = Duration.ofDays(30);
        private Duration maximumKeyAge;
        private boolean requireSameRegion;
        private boolean requireAccessCheck;

        private Builder() {
        }

        /**
         * Restricts the allowed key types.
         *
         * @param types a non-empty subset of RSA and RSA-HSM
         * @return this builder
         * @throws InvalidInputException if empty or holding a type Azure Storage cannot use
         */
        public Builder keyTypes(KeyType... types) {
            if (types == null || types.length == 0) {
                throw new InvalidInputException("key types", "at least one key type is required", "[]", "RSA_HSM");
            }
            EnumSet<KeyType> set = EnumSet.noneOf(KeyType.class);
            for (KeyType t : types) {
                if (t == null || !STORAGE_TYPES.contains(t)) {
                    throw new InvalidInputException("key type",
                            "Azure Storage accepts only RSA and RSA-HSM keys", String.valueOf(t), "RSA_HSM");
                }
                set.add(t);
            }
            this.keyTypes = set;
            return this;
        }

        /**
         * Requires HSM-protected keys (RSA-HSM only).
         *
         * @return this builder
         */
        public Builder requireHsm() {
            return keyTypes(KeyType.RSA_HSM);
        }

        /**
         * Restricts the allowed key sizes.
         *
         * @param sizes a non-empty subset of 2048, 3072 and 4096
         * @return this builder
         * @throws InvalidInputException if empty or holding a size Azure Storage cannot use
         */
        public Builder keySizes(int... sizes) {
            if (sizes == null || sizes.length == 0) {
                throw new InvalidInputException("key sizes", "at least one key size is required", "[]", "3072");
            }
            TreeSet<Integer> set = new TreeSet<>();
            for (int s : sizes) {
                if (!STORAGE_SIZES.contains(s)) {
                    throw new InvalidInputException("key size",
                            "Azure Storage accepts RSA keys of 2048, 3072 or 4096 bits", Integer.toString(s),
                            "3072");
                }
                set.add(s);
            }
            this.keySizes = set;
            return this;
        }

        /**
         * Allows only sizes of at least the given number of bits.
         *
         * @param bits 2048, 3072 or 4096
         * @return this builder
         * @throws InvalidInputException if bits is not one of those sizes
         */
        public Builder minimumKeySize(int bits) {
            if (!STORAGE_SIZES.contains(bits)) {
                throw new InvalidInputException("minimum key size", "the minimum is 2048, 3072 or 4096 bits",
                        Integer.toString(bits), "3072");
            }
            return keySizes(STORAGE_SIZES.stream().filter(s -> s >= bits).mapToInt(Integer::intValue).toArray());
        }

        /**
         * How long the key must stay valid from now.
         *
         * @param validity zero or positive, at most 10 years
         * @return this builder
         * @throws InvalidInputException if null, negative or longer than 10 years
         */
        public Builder minimumValidity(Duration validity) {
            if (validity == null || validity.isNegative() || validity.compareTo(Duration.ofDays(3660)) > 0) {
                throw new InvalidInputException("minimum validity", "the minimum validity is between 0 and 3660 "
                        + "days", String.valueOf(validity), "P30D");
            }
            this.minimumValidity = validity;
            return this;
        }

        /**
         * The oldest a key version may be (for example, rotate at least yearly).
         *
         * @param age positive, or null for no limit
         * @return this builder
         * @throws InvalidInputException if zero or negative
         */
        public Builder maximumKeyAge(Duration age) {
            if (age != null && (age.isZero() || age.isNegative())) {
                throw new InvalidInputException("maximum key age", "the maximum key age is positive",
                        age.toString(), "P365D");
            }
            this.maximumKeyAge = age;
            return this;
        }

        /**
         * Requires the vault to be in the account's region (Azure no longer needs it; some policies do).
         *
         * @param required true to require it
         * @return this builder
         */
        public Builder requireSameRegion(boolean required) {
            this.requireSameRegion = required;
            return this;
        }

        /**
         * Makes a missing access check (no key access provider) an error instead of a warning.
         *
         * @param required true to require the check
         * @return this builder
         */
        public Builder requireAccessCheck(boolean required) {
            this.requireAccessCheck = required;
            return this;
        }

        /**
         * Builds the requirements. Cannot fail: every setter already checked its argument.
         *
         * @return the requirements
         */
        public VaultRequirements build() {
            return new VaultRequirements(this);
        }
    }
}
