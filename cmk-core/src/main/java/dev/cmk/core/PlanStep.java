package dev.cmk.core;

import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.spi.EncryptionUpdate;
import java.util.List;
import java.util.Objects;

/**
 * One write of an {@link EncryptionPlan}: what it does, why, and the fields it changes, in the form of a
 * reviewable diff ({@code encryption.keySource: Microsoft.Storage -> Microsoft.Keyvault}).
 */
public final class PlanStep {
    /** The kinds of step a plan can hold. */
    public enum Kind {
        /** Enable the account's system-assigned identity (one account write). */
        ENABLE_SYSTEM_IDENTITY,
        /** Attach a user-assigned identity to the account (one account write). */
        ATTACH_USER_IDENTITY,
        /** Grant the identity get, wrapKey and unwrapKey on the key (through the key access provider). */
        GRANT_KEY_ACCESS,
        /** Switch the identity Storage uses while keeping the current key (one account write). */
        SET_ENCRYPTION_IDENTITY,
        /** Point the account at the customer-managed key with its version policy (one account write). */
        SET_CUSTOMER_MANAGED_KEY,
        /** Switch the account back to Microsoft-managed keys (one account write). */
        SET_MICROSOFT_MANAGED_KEYS,
        /**
         * Create the account with its user-assigned identity and customer-managed key in one long-running
         * {@code PUT} (see {@link AccountCreationPlan}).
         */
        CREATE_ACCOUNT
    }

    private final Kind kind;
    private final String reason;
    private final List<String> changes;
    final EncryptionUpdate encryption;
    final ManagedIdentity identity;
    final dev.cmk.api.KeyReference grantKey;

    PlanStep(Kind kind, String reason, List<String> changes, EncryptionUpdate encryption, ManagedIdentity identity,
             dev.cmk.api.KeyReference grantKey) {
        this.kind = Objects.requireNonNull(kind);
        this.reason = reason;
        this.changes = List.copyOf(changes);
        this.encryption = encryption;
        this.identity = identity;
        this.grantKey = grantKey;
    }

    /**
     * What the step does.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Why the step is needed.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }

    /**
     * The fields the step changes, each as {@code field: old -> new}.
     *
     * @return the diff lines
     */
    public List<String> changes() {
        return changes;
    }

    /**
     * The step as a diff block.
     *
     * @return the printable step
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.name()).append("  # ").append(reason);
        for (String c : changes) {
            sb.append("\n      ").append(c);
        }
        return sb.toString();
    }
}
