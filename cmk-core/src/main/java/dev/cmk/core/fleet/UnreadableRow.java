package dev.cmk.core.fleet;

import dev.cmk.api.spi.StorageAccountPage;
import java.util.Objects;

/**
 * An account a fleet audit's list pages carried but cmk could not read (its resource id breaks a rule of
 * {@link dev.cmk.api.StorageAccountId}), in state {@link EncryptionState#UNREADABLE}. It is never filtered out,
 * since nothing but its id and the vault its encryption names is known. Its one finding
 * ({@link FleetRule#ACCOUNT_UNREADABLE}) carries {@link Risk#HIGH} when its encryption names a key vault (it may
 * use a customer-managed key nothing can check) and {@link Risk#LOW} otherwise.
 *
 * @param account the account as the list page reported it
 * @param finding its finding, with the fix (move the account to a resource group cmk can read)
 */
public record UnreadableRow(StorageAccountPage.UnreadableAccount account, AuditFinding finding) {
    /**
     * Checks the components (none may be null).
     *
     * @param account the account as listed
     * @param finding its finding
     */
    public UnreadableRow {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(finding, "finding");
    }

    /**
     * The risk of its finding.
     *
     * @return {@link Risk#HIGH} when its encryption names a key vault, else {@link Risk#LOW}
     */
    public Risk risk() {
        return finding.risk();
    }

    /**
     * The row for an unreadable account.
     *
     * @param u the account as listed
     * @return its row
     */
    static UnreadableRow of(StorageAccountPage.UnreadableAccount u) {
        boolean vault = u.keyVaultUri().isPresent();
        String message = "the list page carried account " + u.resourceId() + ", which cmk cannot read (" + u.reason()
                + ")" + (vault ? "; its encryption names key vault " + u.keyVaultUri().get() + ", so it may use a "
                + "customer-managed key that nothing could check" : "; its encryption names no key vault");
        return new UnreadableRow(u, new AuditFinding(FleetRule.ACCOUNT_UNREADABLE.name(), dev.cmk.api.Severity.ERROR,
                vault ? Risk.HIGH : Risk.LOW, u.resourceId(), message, "move the account to a resource group cmk "
                + "can read (letters, digits, '_', '-', '.', '(', ')'), then audit again"));
    }
}
