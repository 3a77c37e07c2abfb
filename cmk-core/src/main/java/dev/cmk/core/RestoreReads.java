package dev.cmk.core;

import dev.cmk.api.CmkException;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads made after an operation's writes, only to report on them (package-private): a failure there must not turn
 * a restore that took effect into an exception, so it is logged and the account left out of the report.
 */
final class RestoreReads {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreReads.class);

    private RestoreReads() {
    }

    /** The account, or null (logged) when it cannot be read: not found, no permission, Azure unavailable. */
    static StorageAccount readOrNull(StorageAccountProvider storage, StorageAccountId id) {
        try {
            return storage.get(id);
        } catch (CmkException e) {
            LOG.warn("restore done; cannot report on account {}: {}", id.name(), e.getMessage());
            return null;
        }
    }
}
