package dev.cmk.core.internal;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountEncryption;
import dev.cmk.api.spi.StorageAccount;
import java.util.Optional;

/** Reads domain meaning out of what a provider reported (not API). */
public final class Statuses {
    private Statuses() {
    }

    /**
     * The account's encryption as an {@link EncryptionStatus}.
     *
     * @param account the account as read
     * @return the status
     */
    public static EncryptionStatus of(StorageAccount account) {
        AccountEncryption e = account.encryption();
        return new EncryptionStatus(account.id(), e.keySource(), e.key(), versionPolicy(e),
                e.currentVersionedKey(), e.currentVersionExpiry(), identity(e), e.lastKeyRotation(),
                e.serviceKeyTypes(), e.infrastructureEncryption());
    }

    /**
     * The version policy configured, or empty with Microsoft-managed keys.
     *
     * @param e the encryption
     * @return the policy
     */
    public static Optional<VersionPolicy> versionPolicy(AccountEncryption e) {
        if (!e.isCustomerManaged()) {
            return Optional.empty();
        }
        return Optional.of(e.keyVersion().map(VersionPolicy::pinned).orElse(VersionPolicy.autoUpdate()));
    }

    /**
     * The identity used to reach the key, or empty with Microsoft-managed keys.
     *
     * @param e the encryption
     * @return the identity
     */
    public static Optional<ManagedIdentity> identity(AccountEncryption e) {
        if (!e.isCustomerManaged()) {
            return Optional.empty();
        }
        if (e.userAssignedIdentity().isEmpty()) {
            return Optional.of(ManagedIdentity.systemAssigned());
        }
        ManagedIdentity.UserAssigned u = ManagedIdentity.userAssigned(e.userAssignedIdentity().get());
        return Optional.of(e.federatedClientId().map(u::withFederatedClientId).orElse(u));
    }
}
