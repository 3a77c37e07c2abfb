package dev.cmk.api;

/** The storage services whose encryption an account reports separately. */
public enum StorageService {
    /** Blob storage (always covered by the account's key). */
    BLOB,
    /** Azure Files (always covered by the account's key). */
    FILE,
    /** Queue storage (covered by a customer-managed key only if the account was created with account-scoped keys). */
    QUEUE,
    /** Table storage (covered by a customer-managed key only if the account was created with account-scoped keys). */
    TABLE
}
