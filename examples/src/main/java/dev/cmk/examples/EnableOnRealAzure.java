package dev.cmk.examples;

import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.azure.AzureCustomerManagedKeys;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.EncryptionPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Enable a customer-managed key on a real storage account in a real subscription, wired from environment variables
 * with {@code DefaultAzureCredential} (environment, workload identity, managed identity, Azure CLI, ...).
 *
 * <p>Runs only when opted in with {@code CMK_LIVE=1}, and refuses, naming each missing variable, otherwise:
 * <ul>
 *   <li>{@code AZURE_SUBSCRIPTION_ID}: the subscription to search for the key's vault;</li>
 *   <li>{@code CMK_STORAGE_ACCOUNT_ID}: the account's ARM id,
 *       {@code /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<name>};</li>
 *   <li>{@code CMK_KEY_ID}: the key, {@code https://<vault>.vault.azure.net/keys/<name>};</li>
 *   <li>{@code AZURE_TENANT_ID} (optional): the tenant, also read by {@code DefaultAzureCredential}.</li>
 * </ul>
 * Without {@code --apply} it only plans (reads) and prints the plan; with it, it applies and prints the verified
 * status. Permissions: {@code Microsoft.Storage/storageAccounts/read|write} on the account,
 * {@code Microsoft.Resources/resources/read} in the subscription (to find the vault),
 * {@code Microsoft.KeyVault/vaults/read} and key {@code get} on the vault; the account's identity needs get, wrapKey
 * and unwrapKey on the key.
 */
public final class EnableOnRealAzure {
    /** The variable that opts in: it must be {@code 1}. */
    public static final String OPT_IN = "CMK_LIVE";
    /** The variables that must be set. */
    public static final List<String> REQUIRED = List.of("AZURE_SUBSCRIPTION_ID", "CMK_STORAGE_ACCOUNT_ID",
            "CMK_KEY_ID");

    private EnableOnRealAzure() {
    }

    /**
     * What the example works on, parsed from the environment.
     *
     * @param tenantId the tenant, or null to let the credential decide
     * @param subscriptionId the subscription
     * @param account the storage account
     * @param key the key (versionless: the account auto-updates to new versions)
     */
    public record Settings(String tenantId, String subscriptionId, StorageAccountId account, KeyReference key) {
    }

    /** The example is not opted in or not configured; nothing was called. */
    public static final class NotConfiguredException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> missing;

        NotConfiguredException(boolean optedIn, List<String> missing) {
            super(message(optedIn, missing));
            this.missing = List.copyOf(missing);
        }

        /**
         * The required variables that are not set.
         *
         * @return their names
         */
        public List<String> missing() {
            return missing;
        }

        private static String message(boolean optedIn, List<String> missing) {
            StringBuilder b = new StringBuilder("EnableOnRealAzure changes a real storage account, so it runs only "
                    + "when configured and opted in.");
            if (!optedIn) {
                b.append(" Not opted in: set ").append(OPT_IN).append("=1.");
            }
            for (String name : missing) {
                b.append(" Missing: ").append(name).append(".");
            }
            return b.append(" See the class Javadoc for what each variable holds.").toString();
        }
    }

    /**
     * Reads the settings from environment variables.
     *
     * @param env the environment, for example {@code System.getenv()}
     * @return the settings
     * @throws NotConfiguredException if {@code CMK_LIVE} is not {@code 1} or a required variable is missing or blank
     * @throws dev.cmk.api.InvalidInputException if the account id or key id is malformed
     */
    public static Settings settings(Map<String, String> env) {
        boolean optedIn = "1".equals(env.get(OPT_IN));
        List<String> missing = new ArrayList<>();
        for (String name : REQUIRED) {
            String v = env.get(name);
            if (v == null || v.isBlank()) {
                missing.add(name);
            }
        }
        if (!optedIn || !missing.isEmpty()) {
            throw new NotConfiguredException(optedIn, missing);
        }
        String tenant = env.get("AZURE_TENANT_ID");
        return new Settings(tenant == null || tenant.isBlank() ? null : tenant.strip(),
                env.get("AZURE_SUBSCRIPTION_ID").strip(), StorageAccountId.parse(env.get("CMK_STORAGE_ACCOUNT_ID")
                .strip()), KeyReference.parse(env.get("CMK_KEY_ID").strip()).versionless());
    }

    /**
     * cmk over the real Azure SDK clients, authenticated with {@code DefaultAzureCredential}. Calls nothing yet.
     *
     * @param settings the settings
     * @return the entry point
     */
    public static CustomerManagedKeys connect(Settings settings) {
        return AzureCustomerManagedKeys.builder()
                .credential(new DefaultAzureCredentialBuilder().build())
                .profile(new AzureProfile(settings.tenantId(), settings.subscriptionId(), AzureEnvironment.AZURE))
                .build();
    }

    /**
     * Plans the change; reads only.
     *
     * @param cmk the entry point
     * @param settings the settings
     * @return the plan, to review before applying
     */
    public static EncryptionPlan plan(CustomerManagedKeys cmk, Settings settings) {
        return cmk.storageAccount(settings.account()).useCustomerManagedKey(settings.key()).plan();
    }

    /**
     * Plans, prints the plan and, with {@code --apply}, applies it.
     *
     * @param args {@code --apply} to write; without it, a dry run
     */
    public static void main(String[] args) {
        Settings settings;
        try {
            settings = settings(System.getenv());
        } catch (NotConfiguredException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        EncryptionPlan plan = plan(connect(settings), settings);
        System.out.println(plan);
        if (List.of(args).contains("--apply")) {
            System.out.println(plan.apply());
        } else {
            System.out.println("Dry run: nothing changed. Run again with --apply to write.");
        }
    }
}
