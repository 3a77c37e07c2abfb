package dev.cmk.examples;

import dev.cmk.api.KeyReference;
import dev.cmk.api.KeyType;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.RequirementViolatedException;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.UnsafeOperationException;
import dev.cmk.core.AccountCreationPlan;
import dev.cmk.api.spi.Scope;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.EncryptionPlan;
import dev.cmk.core.RevocationPlan;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.core.rotation.KeyRotation;
import dev.cmk.core.rotation.RotationOptions;
import dev.cmk.core.rotation.RotationStatus;
import dev.cmk.testkit.InMemoryAzure;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The end-to-end demo: a platform team puts two storage accounts under a customer-managed key, is refused (with
 * the reasons and fixes) when it tries an unfit key, rotates the key without locking anyone out, revokes and
 * restores access in a drill, and moves one account back to Microsoft-managed keys. Runs on the in-memory Azure;
 * with {@code --azure-sdk} the same scenario goes through the real Azure SDK clients against the wire-level fake.
 */
public final class Demo {
    private static final String UAI = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
            + "/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/logs-cmk";

    /** The demo operator's answer when asked which accounts the revoke drill may cut off. */
    public static final List<String> DEFAULT_REVOKE_CONFIRMATION = List.of("contosodata", "contosologs");

    private final PrintStream out;
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final CustomerManagedKeys cmk;
    private final List<String> revokeConfirmation;

    /**
     * Prepares the demo, with the operator confirming {@link #DEFAULT_REVOKE_CONFIRMATION} in the revoke drill.
     *
     * @param out where the transcript goes
     * @param factory builds cmk over the in-memory Azure (directly, or through the Azure SDK)
     */
    public Demo(PrintStream out, Function<InMemoryAzure, CustomerManagedKeys> factory) {
        this(out, factory, DEFAULT_REVOKE_CONFIRMATION);
    }

    /**
     * Prepares the demo.
     *
     * @param out where the transcript goes
     * @param factory builds cmk over the in-memory Azure (directly, or through the Azure SDK)
     * @param revokeConfirmation the account names the operator confirms in the revoke drill; the revoke runs only
     *     when they are exactly its blast radius
     */
    public Demo(PrintStream out, Function<InMemoryAzure, CustomerManagedKeys> factory,
                List<String> revokeConfirmation) {
        this.out = out;
        this.cmk = factory.apply(azure);
        this.revokeConfirmation = List.copyOf(revokeConfirmation);
    }

    /**
     * cmk directly over the in-memory providers.
     *
     * @param azure the in-memory Azure
     * @return the entry point
     */
    public static CustomerManagedKeys inMemory(InMemoryAzure azure) {
        return CustomerManagedKeys.builder().keyVaults(azure.keyVaults()).storageAccounts(azure.storageAccounts())
                .keyAccess(azure.keyAccess()).clock(azure.clock()).build();
    }

    /**
     * Runs the demo.
     *
     * @param args {@code --azure-sdk} to go through the real Azure SDK against the wire-level fake;
     *     {@code --confirm-revoke=a,b} for the account names the operator confirms in the revoke drill (default
     *     {@code contosodata,contosologs})
     */
    public static void main(String[] args) {
        boolean sdk = List.of(args).contains("--azure-sdk");
        List<String> confirm = DEFAULT_REVOKE_CONFIRMATION;
        for (String a : args) {
            if (a.startsWith("--confirm-revoke=")) {
                confirm = List.of(a.substring("--confirm-revoke=".length()).split(","));
            }
        }
        new Demo(System.out, sdk ? AzureSdkMode.factory() : Demo::inMemory, confirm).run(sdk ? "the Azure SDK over "
                + "the wire-level fake" : "the in-memory Azure");
        if (sdk) {
            System.out.println("Served by the wire-level fake: " + AzureSdkMode.requests());
        }
    }

    /**
     * Runs the scenario and prints the transcript.
     *
     * @param through what the calls go through, for the heading
     */
    public void run(String through) {
        heading("cmk demo: customer-managed keys for Azure Storage, through " + through);
        URI vault = azure.vault("contoso").create();
        KeyReference key = azure.key(vault, "storage-cmk").type(KeyType.RSA, 3072).create().versionless();
        URI legacy = azure.vault("legacyvault").purgeProtection(false).create();
        KeyReference weak = azure.key(legacy, "old-key").type(KeyType.RSA, 1024)
                .expiresOn(azure.clock().instant().plus(Duration.ofDays(10))).create().versionless();
        StorageAccountId data = azure.account("contosodata").systemAssignedIdentity().create();
        StorageAccountId logs = azure.account("contosologs").create();
        String logsPrincipal = azure.createUserAssignedIdentity(UAI);
        azure.grantAccess(key, azure.systemPrincipal(data));
        azure.grantAccess(key, logsPrincipal);
        azure.grantAccess(weak, azure.systemPrincipal(data));
        out.println("Vault contoso (soft delete + purge protection) with RSA-3072 key storage-cmk; vault legacyvault "
                + "(no purge protection) with an RSA-1024 key expiring in 10 days; accounts contosodata and "
                + "contosologs.");

        chapter("1. Where we start");
        out.println(cmk.storageAccount(data).status());

        chapter("2. A key that would fail: the plan says why and how to fix it, and changes nothing");
        EncryptionPlan refused = cmk.storageAccount(data).useCustomerManagedKey(weak).plan();
        out.println(refused);
        try {
            refused.apply();
        } catch (RequirementViolatedException e) {
            out.println("apply() refused with " + e.code() + "; account still on "
                    + cmk.storageAccount(data).status().keySource());
        }

        chapter("3. Enable the customer-managed key (auto-updating version, system-assigned identity)");
        EncryptionPlan plan = cmk.storageAccount(data).useCustomerManagedKey(key).plan();
        out.println(plan);
        out.println(plan.apply());

        chapter("4. contosologs: user-assigned identity, pinned version (identity attached first, then the key)");
        String v1 = cmk.key(key).versions().get(0).version();
        EncryptionPlan pinPlan = cmk.storageAccount(logs).useCustomerManagedKey(key.withVersion(v1))
                .identity(ManagedIdentity.userAssigned(UAI)).plan();
        out.println(pinPlan);
        out.println(pinPlan.apply());

        chapter("5. Applying the same configuration again makes no write");
        out.println(cmk.storageAccount(data).useCustomerManagedKey(key).plan());

        chapter("6. Rotate storage-cmk without locking anyone out");
        // Dependents are discovered in the subscription (no list to forget an account from), and re-confirmed
        // right before old versions are retired.
        Dependents dependents = Dependents.discoveredIn(Scope.subscription(InMemoryAzure.DEFAULT_SUBSCRIPTION));
        KeyRotation rotation = cmk.key(key).rotation("storage-cmk-2026q1", dependents,
                RotationOptions.custom().retireOldVersions(true).build());
        rotation.onTransition(e -> out.println("  event " + e.kind() + " " + e.from() + " -> " + e.to()
                + (e.detail().isEmpty() ? "" : ": " + e.detail())));
        RotationStatus s = rotation.run();
        out.println(s);
        out.println("... 25 hours pass (virtual clock); Storage checks the vault for the auto-updating account ...");
        azure.clock().advance(Duration.ofHours(25));
        s = rotation.run();
        out.println(s);
        out.println("contosodata readable: " + azure.dataPlane(data).isAccessible() + ", contosologs readable: "
                + azure.dataPlane(logs).isAccessible());

        chapter("7. Incident drill: revoke the key (blast radius confirmed by name), then restore exactly");
        RevocationPlan revoke = cmk.key(key).revoke(dependents);
        out.println(revoke);
        out.println("The operator confirms: " + String.join(", ", revokeConfirmation));
        try {
            String id = revoke.apply(RevokeAndRestore.confirmation(List.of(data, logs), revokeConfirmation));
            out.println("revoked as " + id + "; contosodata readable: " + azure.dataPlane(data).isAccessible());
        } catch (UnsafeOperationException | IllegalArgumentException e) {
            out.println("revoke refused, nothing changed: " + e.getMessage());
        }
        var restored = cmk.key(key).restore(List.of(data, logs));
        out.println("restored versions " + restored.reenabledVersions() + "; accounts with their key back: "
                + restored.accountsWithAccess().stream().map(StorageAccountId::name).toList()
                + "; contosodata readable: " + azure.dataPlane(data).isAccessible());

        chapter("8. contosologs goes back to Microsoft-managed keys");
        out.println(cmk.storageAccount(logs).useMicrosoftManagedKeys().apply());

        chapter("9. A new account born encrypted: user-assigned identity, queues and tables under the key, "
                + "infrastructure encryption (creation-only choices)");
        StorageAccountId born = StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-storage", "contosoarchive");
        AccountCreationPlan create = cmk.newStorageAccount(born).location("westeurope")
                .identity(ManagedIdentity.userAssigned(UAI)).useCustomerManagedKey(key)
                .accountScopedKeysForQueuesAndTables().infrastructureEncryption().plan();
        out.println(create);
        out.println(create.apply());
        out.println("contosoarchive readable: " + azure.dataPlane(born).isAccessible());

        chapter("Calls made through cmk's ports in this demo");
        out.println(azure.calls());
        out.println("Virtual time now " + azure.clock().instant() + " (started " + Instant.parse("2026-01-01T00:00:00Z")
                + ")");
    }

    private void heading(String text) {
        out.println("=".repeat(text.length()));
        out.println(text);
        out.println("=".repeat(text.length()));
    }

    private void chapter(String text) {
        out.println();
        out.println("--- " + text + " ---");
    }
}
