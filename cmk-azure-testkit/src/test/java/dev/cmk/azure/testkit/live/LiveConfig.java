package dev.cmk.azure.testkit.live;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of {@link LiveAzureFixture}, read from environment variables, and the opt-in flag. Reading it
 * never calls Azure: {@link #refusal()} says, before anything is created, why the live kits will not run.
 *
 * @param subscriptionId {@value #SUBSCRIPTION}
 * @param tenantId {@value #TENANT}, or {@code AZURE_TENANT_ID}; may be null (DefaultAzureCredential's tenant)
 * @param resourceGroup {@value #RESOURCE_GROUP}: where the fixture creates and deletes its storage accounts
 * @param region {@value #REGION}: the accounts' region, the vault's region
 * @param vault {@value #VAULT}: an existing vault with soft delete, purge protection and Azure RBAC
 * @param weakVault {@value #WEAK_VAULT}: optional vault with soft delete but without purge protection
 * @param userAssignedIdentityId {@value #IDENTITY}: optional user-assigned identity (ARM id), for callers
 * @param grantWait {@value #GRANT_WAIT}: how long to wait after a grant for Storage to see it (default 30 s)
 */
record LiveConfig(String subscriptionId, String tenantId, String resourceGroup, String region, URI vault,
        Optional<URI> weakVault, Optional<String> userAssignedIdentityId, Duration grantWait) {

    /** The system property that opts in: {@code -Dcmk.live=true}. */
    static final String FLAG = "cmk.live";
    static final String SUBSCRIPTION = "CMK_LIVE_SUBSCRIPTION_ID";
    static final String TENANT = "CMK_LIVE_TENANT_ID";
    static final String RESOURCE_GROUP = "CMK_LIVE_RESOURCE_GROUP";
    static final String REGION = "CMK_LIVE_REGION";
    static final String VAULT = "CMK_LIVE_VAULT_URI";
    static final String WEAK_VAULT = "CMK_LIVE_WEAK_VAULT_URI";
    static final String IDENTITY = "CMK_LIVE_IDENTITY_ID";
    static final String GRANT_WAIT = "CMK_LIVE_GRANT_WAIT_SECONDS";

    /** The variables without which the live kits refuse to run. */
    static final List<String> REQUIRED = List.of(SUBSCRIPTION, RESOURCE_GROUP, REGION, VAULT);

    /** The outcome of reading the environment: a configuration, or why there is none. */
    record Read(Optional<LiveConfig> config, Optional<String> refusal) {
    }

    /**
     * Reads the configuration.
     *
     * @param flag the value of the system property {@value #FLAG} (null when unset)
     * @param env the environment
     * @return the configuration, or a refusal naming the flag, every missing variable and every malformed one
     */
    static Read read(String flag, Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        for (String name : REQUIRED) {
            if (blank(env.get(name))) {
                missing.add(name);
            }
        }
        List<String> malformed = new ArrayList<>();
        URI vault = uri(env, VAULT, malformed);
        URI weak = uri(env, WEAK_VAULT, malformed);
        Duration wait = Duration.ofSeconds(30);
        if (!blank(env.get(GRANT_WAIT))) {
            try {
                wait = Duration.ofSeconds(Long.parseLong(env.get(GRANT_WAIT).trim()));
                if (wait.isNegative()) {
                    malformed.add(GRANT_WAIT + "=" + env.get(GRANT_WAIT) + " (seconds, 0 or more)");
                }
            } catch (NumberFormatException e) {
                malformed.add(GRANT_WAIT + "=" + env.get(GRANT_WAIT) + " (seconds, 0 or more)");
            }
        }
        List<String> reasons = new ArrayList<>();
        if (!"true".equalsIgnoreCase(flag == null ? "" : flag.trim())) {
            reasons.add("not opted in: run with -D" + FLAG + "=true (live tests create real resources and cost money)");
        }
        if (!missing.isEmpty()) {
            reasons.add("missing environment variable" + (missing.size() > 1 ? "s" : "") + ": "
                    + String.join(", ", missing));
        }
        if (!malformed.isEmpty()) {
            reasons.add("malformed: " + String.join(", ", malformed));
        }
        if (!reasons.isEmpty()) {
            return new Read(Optional.empty(), Optional.of("live contract kits skipped: " + String.join("; ", reasons)
                    + ". See README, Testkit, \"Contract kits against a live subscription\"."));
        }
        String tenant = blank(env.get(TENANT)) ? env.get("AZURE_TENANT_ID") : env.get(TENANT).trim();
        return new Read(Optional.of(new LiveConfig(env.get(SUBSCRIPTION).trim(), blank(tenant) ? null : tenant,
                env.get(RESOURCE_GROUP).trim(), env.get(REGION).trim(), vault, Optional.ofNullable(weak),
                Optional.ofNullable(blank(env.get(IDENTITY)) ? null : env.get(IDENTITY).trim()), wait)),
                Optional.empty());
    }

    /**
     * Reads the configuration from this JVM's system property and environment.
     *
     * @return the configuration or the refusal
     */
    static Read fromSystem() {
        return read(System.getProperty(FLAG), System.getenv());
    }

    private static URI uri(Map<String, String> env, String name, List<String> malformed) {
        String v = env.get(name);
        if (blank(v)) {
            return null;
        }
        try {
            URI u = URI.create(v.trim());
            if ("https".equalsIgnoreCase(u.getScheme()) && u.getHost() != null) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        malformed.add(name + "=" + v + " (a vault URI such as https://contoso.vault.azure.net)");
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
