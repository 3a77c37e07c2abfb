package dev.cmk.api.spi;

/** The kind of a storage account, as ARM reports it, and whether customer-managed keys can be used with it. */
public enum AccountKind {
    /** General-purpose v2 ({@code StorageV2}). */
    STORAGE_V2("StorageV2", true),
    /** General-purpose v1 ({@code Storage}). */
    STORAGE("Storage", true),
    /** Legacy blob storage ({@code BlobStorage}). */
    BLOB_STORAGE("BlobStorage", true),
    /** Premium block blobs ({@code BlockBlobStorage}). */
    BLOCK_BLOB_STORAGE("BlockBlobStorage", true),
    /** Premium file shares ({@code FileStorage}). */
    FILE_STORAGE("FileStorage", true),
    /** A classic (Azure Service Management) account: customer-managed keys are not supported. */
    CLASSIC("Classic", false),
    /**
     * A kind this version of cmk does not know (ARM added one). Read as data, never an error: cmk lets Azure decide
     * whether customer-managed keys apply to it.
     */
    UNKNOWN("Unknown", true);

    private final String wireName;
    private final boolean supportsCustomerManagedKeys;

    AccountKind(String wireName, boolean supportsCustomerManagedKeys) {
        this.wireName = wireName;
        this.supportsCustomerManagedKeys = supportsCustomerManagedKeys;
    }

    /**
     * The value ARM reports.
     *
     * @return for example {@code StorageV2}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Whether customer-managed keys can be configured on accounts of this kind.
     *
     * @return false only for classic accounts
     */
    public boolean supportsCustomerManagedKeys() {
        return supportsCustomerManagedKeys;
    }

    /**
     * Reads ARM's value, case-insensitively.
     *
     * @param wireName the reported kind
     * @return the kind; {@link #STORAGE_V2} when ARM reports none, {@link #UNKNOWN} for a kind cmk does not know
     */
    public static AccountKind fromWireName(String wireName) {
        if (wireName == null || wireName.isEmpty()) {
            return STORAGE_V2;
        }
        for (AccountKind k : values()) {
            if (k.wireName.equalsIgnoreCase(wireName)) {
                return k;
            }
        }
        return UNKNOWN;
    }
}
