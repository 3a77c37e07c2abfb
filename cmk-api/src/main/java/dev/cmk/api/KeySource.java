package dev.cmk.api;

/** Who holds the key that protects a storage account's data, as {@code encryption.keySource} reports it. */
public enum KeySource {
    /** Microsoft-managed keys ({@code Microsoft.Storage}). */
    MICROSOFT_STORAGE("Microsoft.Storage"),
    /** Customer-managed keys in Key Vault or Managed HSM ({@code Microsoft.Keyvault}). */
    MICROSOFT_KEYVAULT("Microsoft.Keyvault");

    private final String wireName;

    KeySource(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The value Azure uses on the wire.
     *
     * @return {@code Microsoft.Storage} or {@code Microsoft.Keyvault}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Reads Azure's value, case-insensitively; a missing value means Microsoft-managed keys.
     *
     * @param wireName the value Azure reported; may be null
     * @return the key source
     * @throws InvalidInputException if the value is neither known source
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
        throw new InvalidInputException("key source", "the key source is Microsoft.Storage or Microsoft.Keyvault",
                wireName, "Microsoft.Keyvault");
    }
}
