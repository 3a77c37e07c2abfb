package dev.cmk.api.internal;

import dev.cmk.api.KeyType;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The one home of small Azure facts that the domain, the in-memory Azure, the Azure adapter and the wire fake all
 * apply: which keys Storage accepts, when a key version is usable, how ARM spells regions and identity types.
 *
 * <p>Not public API: {@code dev.cmk.api.internal} is exported only to cmk's own modules and may change in any
 * release.
 */
public final class AzureRules {
    /** The key types Azure Storage encrypts with: RSA and RSA-HSM. */
    public static final Set<KeyType> STORAGE_KEY_TYPES = Collections.unmodifiableSet(EnumSet.of(KeyType.RSA,
            KeyType.RSA_HSM));
    /** The RSA key sizes Key Vault creates and Azure Storage accepts, in bits. */
    public static final Set<Integer> RSA_KEY_SIZES = Set.of(2048, 3072, 4096);

    private AzureRules() {
    }

    /**
     * Whether Azure Storage can encrypt with a key of this type.
     *
     * @param type the key type
     * @return true for RSA and RSA-HSM
     */
    public static boolean isStorageKeyType(KeyType type) {
        return STORAGE_KEY_TYPES.contains(type);
    }

    /**
     * Whether a key version can be newly configured at an instant: enabled, past not-before, not expired.
     *
     * @param enabled whether the version is enabled
     * @param notBefore its not-before date, or null for none
     * @param expiresOn its expiry, or null for none
     * @param now the instant
     * @return true when usable
     */
    public static boolean usableAt(boolean enabled, Instant notBefore, Instant expiresOn, Instant now) {
        return enabled && (notBefore == null || !now.isBefore(notBefore))
                && (expiresOn == null || now.isBefore(expiresOn));
    }

    /**
     * ARM's canonical region name: lower case without spaces.
     *
     * @param location a location such as {@code West Europe}; may be null
     * @return for example {@code westeurope}, or null for null
     */
    public static String region(String location) {
        return location == null ? null : location.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    /**
     * ARM's identity type string for an account with these identities.
     *
     * @param systemAssigned whether the account has its system-assigned identity
     * @param userAssigned whether the account has at least one user-assigned identity
     * @return {@code SystemAssigned,UserAssigned}, {@code SystemAssigned}, {@code UserAssigned} or {@code None}
     */
    public static String identityType(boolean systemAssigned, boolean userAssigned) {
        return systemAssigned && userAssigned ? "SystemAssigned,UserAssigned"
                : systemAssigned ? "SystemAssigned" : userAssigned ? "UserAssigned" : "None";
    }
}
