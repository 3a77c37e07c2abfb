package dev.cmk.api;

import java.util.Optional;

/** Operations a Key Vault key permits ({@code key_ops}). Azure Storage needs {@link #WRAP_KEY} and {@link #UNWRAP_KEY}. */
public enum KeyOperation {
    /** {@code encrypt}. */
    ENCRYPT("encrypt"),
    /** {@code decrypt}. */
    DECRYPT("decrypt"),
    /** {@code sign}. */
    SIGN("sign"),
    /** {@code verify}. */
    VERIFY("verify"),
    /** {@code wrapKey}. */
    WRAP_KEY("wrapKey"),
    /** {@code unwrapKey}. */
    UNWRAP_KEY("unwrapKey"),
    /** {@code import}. */
    IMPORT("import"),
    /** {@code export}. */
    EXPORT("export");

    private final String wireName;

    KeyOperation(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name Key Vault uses on the wire.
     *
     * @return for example {@code wrapKey}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Looks up an operation by its wire name, case-insensitively.
     *
     * @param wireName for example {@code unwrapKey}
     * @return the operation, or empty when unknown
     */
    public static Optional<KeyOperation> fromWireName(String wireName) {
        for (KeyOperation o : values()) {
            if (o.wireName.equalsIgnoreCase(wireName)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
