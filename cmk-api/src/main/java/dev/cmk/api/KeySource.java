package dev.cmk.api;

/** Who holds the key that protects a storage account's data, as {@code encryption.keySource} reports it. */
public enum KeySource {
    /** Microsoft-managed keys ({@code Microsoft.Storage}). */
    MICROSOFT_STORAGE("Microsoft.Storage"),
    /** Customer-managed keys in Key Vault or Managed HSM ({@code Microsoft.Keyvault}). */
    MICROSOFT_KEYVAULT("Microsoft.Keyvault"),
    /**
     * A key source this version of cmk does not know (Azure added one). Read as data, never an error; cmk treats
     * the account as not under a customer-managed key it manages.
     */
    UNKNOWN("Unknown");

    private final String wireName;

    KeySource(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The value Azure uses on the wire.
     *
     * @return {@code Microsoft.Storage} or {@code Microsoft.Keyvault} ({@code Unknown} for {@link #UNKNOWN})
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Reads Azure's value, case-insensitively; a missing value means Microsoft-managed keys.
     *
     * @param wireName the value Azure reported; may be null
     * @return the key source; {@link #UNKNOWN} for a value cmk does not know
     */
    public static KeySource fromWireName(String wireName) {
        if (wireName == null || wireName.isEmpty()) {
            return MICROSOFT_STORAGE;
        }
        for (KeySource s : values()) {
            if (s.wireName.equalsIgnoreCase(wireName)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
