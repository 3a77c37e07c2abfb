package dev.cmk.core.validation;

import dev.cmk.api.ServiceKeyType;
import dev.cmk.api.StorageService;
import dev.cmk.api.Violation;
import dev.cmk.api.ViolationCode;
import dev.cmk.api.spi.StorageAccount;
import java.util.ArrayList;
import java.util.List;

/** The rules a storage account itself must meet for customer-managed keys. Pure functions. */
public final class AccountRules {
    private AccountRules() {
    }

    /**
     * Checks the account kind (classic accounts never support CMK), reports a federated client id that Azure shows
     * without a user-assigned identity, and reports queue and table data that stays under service-scoped
     * Microsoft-managed keys (fixed at creation).
     *
     * @param account the account as read
     * @return the violations
     */
    public static List<Violation> check(StorageAccount account) {
        List<Violation> out = new ArrayList<>();
        String subject = account.id().resourceId();
        if (!account.kind().supportsCustomerManagedKeys()) {
            out.add(Violation.error(ViolationCode.ACCOUNT_KIND_UNSUPPORTED, subject, "account "
                    + account.id().name() + " is of kind " + account.kind().wireName()
                    + ", which does not support customer-managed keys", "migrate the account to an Azure Resource "
                    + "Manager general-purpose v2 account"));
        }
        var enc = account.encryption();
        if (enc.federatedClientId().isPresent() && enc.userAssignedIdentity().isEmpty()) {
            out.add(Violation.warning(ViolationCode.FEDERATED_CLIENT_ID_WITHOUT_USER_IDENTITY, subject, "account "
                    + account.id().name() + " reports federated client id " + enc.federatedClientId().get()
                    + " without a user-assigned encryption identity; cross-tenant keys need both",
                    "configure ManagedIdentity.userAssigned(id).withFederatedClientId(clientId)"));
        }
        List<String> uncovered = new ArrayList<>();
        for (StorageService s : List.of(StorageService.QUEUE, StorageService.TABLE)) {
            if (account.encryption().serviceKeyTypes().get(s) == ServiceKeyType.SERVICE) {
                uncovered.add(s.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        if (!uncovered.isEmpty()) {
            out.add(Violation.warning(ViolationCode.SERVICE_NOT_COVERED, subject, String.join(" and ", uncovered)
                    + " data of account " + account.id().name() + " uses service-scoped Microsoft-managed keys and "
                    + "will not be protected by the customer-managed key", "this is fixed when an account is "
                    + "created: create an account with account-scoped keys for queues and tables and move the data, "
                    + "if it must be covered"));
        }
        return out;
    }
}
