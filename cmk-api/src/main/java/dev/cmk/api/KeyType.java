package dev.cmk.api;

import java.util.Optional;

/** Key Vault key types, with their wire names. Azure Storage accepts only {@link #RSA} and {@link #RSA_HSM}. */
public enum KeyType {
    /** Software-protected RSA ({@code RSA}). */
    RSA("RSA"),
    /** HSM-protected RSA ({@code RSA-HSM}); the only RSA type in a Managed HSM. */
    RSA_HSM("RSA-HSM"),
    /** Elliptic curve ({@code EC}). */
    EC("EC"),
    /** HSM-protected elliptic curve ({@code EC-HSM}). */
    EC_HSM("EC-HSM"),
    /** Symmetric ({@code oct}). */
    OCT("oct"),
    /** HSM-protected symmetric ({@code oct-HSM}). */
    OCT_HSM("oct-HSM");

    private final String wireName;

    KeyType(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name Key Vault uses on the wire.
     *
     * @return for example {@code RSA-HSM}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Whether keys of this type are protected by an HSM.
     *
     * @return true for the {@code -HSM} types
     */
    public boolean isHsm() {
        return wireName.endsWith("-HSM");
    }

    /**
     * Looks up a type by its wire name, case-insensitively.
     *
     * @param wireName for example {@code RSA-HSM}
     * @return the type, or empty when unknown
     */
    public static Optional<KeyType> fromWireName(String wireName) {
        for (KeyType t : values()) {
            if (t.wireName.equalsIgnoreCase(wireName)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
