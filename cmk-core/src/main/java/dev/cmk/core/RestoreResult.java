package dev.cmk.core;

import dev.cmk.api.StorageAccountId;
import java.util.List;

/**
 * What a restore did.
 *
 * @param reenabledVersions the versions re-enabled (only those a revoke disabled)
 * @param accountsWithAccess the listed accounts whose version in use is enabled again, so Storage can unwrap
 *     their key; data operations resume as soon as Storage retries
 */
public record RestoreResult(List<String> reenabledVersions, List<StorageAccountId> accountsWithAccess) {
    /**
     * Copies the lists.
     *
     * @param reenabledVersions the versions re-enabled
     * @param accountsWithAccess the accounts whose key is usable again
     */
    public RestoreResult {
        reenabledVersions = List.copyOf(reenabledVersions);
        accountsWithAccess = List.copyOf(accountsWithAccess);
    }
}
