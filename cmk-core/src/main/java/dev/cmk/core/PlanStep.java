package dev.cmk.core;

import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.spi.AccountCreation;
import dev.cmk.api.spi.EncryptionUpdate;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One write of an {@link EncryptionPlan}: what it does, why, and the fields it changes, in the form of a
 * reviewable diff ({@code encryption.keySource: Microsoft.Storage -> Microsoft.Keyvault}).
 *
 * <p>Each kind of step is its own record carrying exactly what it writes: {@link EnableSystemIdentity},
 * {@link AttachUserIdentity}, {@link GrantKeyAccess}, {@link SetEncryption} and {@link CreateAccount}. {@link #kind()} names the step for
 * callers that only need to tell them apart.
 */
public sealed interface PlanStep {
    /** The kinds of step a plan can hold. */
    enum Kind {
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

    /**
     * What the step does.
     *
     * @return the kind
     */
    Kind kind();

    /**
     * Why the step is needed.
     *
     * @return the reason
     */
    String reason();

    /**
     * The fields the step changes, each as {@code field: old -> new}.
     *
     * @return the diff lines
     */
    List<String> changes();

    /**
     * Enable the account's system-assigned identity.
     *
     * @param reason why the step is needed
     * @param changes the diff lines
     */
    record EnableSystemIdentity(String reason, List<String> changes) implements PlanStep {
        /**
         * Copies the changes.
         *
         * @param reason why the step is needed
         * @param changes the diff lines
         */
        public EnableSystemIdentity {
            changes = List.copyOf(changes);
        }

        @Override
        public Kind kind() {
            return Kind.ENABLE_SYSTEM_IDENTITY;
        }

        @Override
        public String toString() {
            return format(this);
        }
    }

    /**
     * Attach a user-assigned identity to the account.
     *
     * @param identity the identity to attach
     * @param reason why the step is needed
     * @param changes the diff lines
     */
    record AttachUserIdentity(ManagedIdentity.UserAssigned identity, String reason, List<String> changes)
            implements PlanStep {
        /**
         * Checks the identity and copies the changes.
         *
         * @param identity the identity to attach; never null
         * @param reason why the step is needed
         * @param changes the diff lines
         */
        public AttachUserIdentity {
            Objects.requireNonNull(identity, "identity");
            changes = List.copyOf(changes);
        }

        @Override
        public Kind kind() {
            return Kind.ATTACH_USER_IDENTITY;
        }

        @Override
        public String toString() {
            return format(this);
        }
    }

    /**
     * Grant the account's encryption identity get, wrapKey and unwrapKey on a key.
     *
     * @param key the key (versionless)
     * @param reason why the step is needed
     * @param changes the diff lines
     */
    record GrantKeyAccess(KeyReference key, String reason, List<String> changes) implements PlanStep {
        /**
         * Checks the key and copies the changes.
         *
         * @param key the key; never null
         * @param reason why the step is needed
         * @param changes the diff lines
         */
        public GrantKeyAccess {
            Objects.requireNonNull(key, "key");
            changes = List.copyOf(changes);
        }

        @Override
        public Kind kind() {
            return Kind.GRANT_KEY_ACCESS;
        }

        @Override
        public String toString() {
            return format(this);
        }
    }

    /**
     * Create the account, with its user-assigned identity and customer-managed key, in one long-running PUT.
     *
     * @param creation what the account is created with
     * @param reason why the step is needed
     * @param changes the diff lines
     */
    record CreateAccount(AccountCreation creation, String reason, List<String> changes) implements PlanStep {
        /**
         * Checks the creation and copies the changes.
         *
         * @param creation what the account is created with; never null
         * @param reason why the step is needed
         * @param changes the diff lines
         */
        public CreateAccount {
            Objects.requireNonNull(creation, "creation");
            changes = List.copyOf(changes);
        }

        @Override
        public Kind kind() {
            return Kind.CREATE_ACCOUNT;
        }

        @Override
        public String toString() {
            return format(this);
        }
    }

    /**
     * One write of the account's encryption settings.
     *
     * @param kind {@link Kind#SET_ENCRYPTION_IDENTITY}, {@link Kind#SET_CUSTOMER_MANAGED_KEY} or
     *     {@link Kind#SET_MICROSOFT_MANAGED_KEYS}
     * @param update the encryption settings written
     * @param reason why the step is needed
     * @param changes the diff lines
     */
    record SetEncryption(Kind kind, EncryptionUpdate update, String reason, List<String> changes)
            implements PlanStep {
        private static final Set<Kind> KINDS = EnumSet.of(Kind.SET_ENCRYPTION_IDENTITY, Kind.SET_CUSTOMER_MANAGED_KEY,
                Kind.SET_MICROSOFT_MANAGED_KEYS);

        /**
         * Checks the kind and update and copies the changes.
         *
         * @param kind one of the three encryption-write kinds
         * @param update the settings; never null
         * @param reason why the step is needed
         * @param changes the diff lines
         * @throws IllegalArgumentException if the kind is not an encryption write
         */
        public SetEncryption {
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("an encryption write is one of " + KINDS + ", not " + kind);
            }
            Objects.requireNonNull(update, "update");
            changes = List.copyOf(changes);
        }

        @Override
        public String toString() {
            return format(this);
        }
    }

    /** The step as a diff block: the kind, the reason, and each changed field on its own line. */
    private static String format(PlanStep step) {
        StringBuilder sb = new StringBuilder(step.kind().name()).append("  # ").append(step.reason());
        for (String c : step.changes()) {
            sb.append("\n      ").append(c);
        }
        return sb.toString();
    }
}
