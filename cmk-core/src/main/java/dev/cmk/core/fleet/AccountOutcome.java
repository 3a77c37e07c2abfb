package dev.cmk.core.fleet;

import dev.cmk.api.StorageAccountId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a fleet apply did to one account: exactly which writes were made, and why not when not.
 *
 * @param account the account
 * @param status what happened
 * @param writes the writes Azure accepted for this account, in order (empty when nothing was written)
 * @param errorCode the cmk error code or violation code when it failed or was blocked
 * @param reason why it failed, was blocked or not attempted, with the fix
 */
public record AccountOutcome(StorageAccountId account, Status status, List<String> writes, Optional<String> errorCode,
                             Optional<String> reason) {
    /**
     * Checks the components and copies the list.
     *
     * @param account the account
     * @param status what happened
     * @param writes the writes made
     * @param errorCode the error code
     * @param reason the reason
     */
    public AccountOutcome {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(status, "status");
        writes = List.copyOf(writes);
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(reason, "reason");
    }

    /** What happened to an account. */
    public enum Status {
        /** Written and verified (from the write's own response or a re-read). */
        WRITTEN,
        /** Already as desired: no write. */
        UNCHANGED,
        /** The plan's rules were not met: not written; the reason names the fix. */
        BLOCKED,
        /** A write failed or could not be verified; {@link AccountOutcome#writes()} lists what was written first. */
        FAILED,
        /** Not started: the run was cancelled or stopped after another account's failure. */
        NOT_ATTEMPTED
    }
}
