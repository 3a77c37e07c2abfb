package dev.cmk.core.fleet;

import static dev.cmk.testkit.AzureAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.RequirementViolatedException;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.ViolationCode;
import dev.cmk.api.spi.AccountKind;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.Faults;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetPlanApplyTest {
    static final String SUB = InMemoryAzure.DEFAULT_SUBSCRIPTION;
    final InMemoryAzure azure = InMemoryAzure.create();
    final URI vault = azure.vault("contoso").create();
    final KeyReference v1 = azure.key(vault, "storage-cmk").create();
    final KeyReference key = v1.versionless();
    final CustomerManagedKeys cmk = CustomerManagedKeys.builder().keyVaults(azure.keyVaults())
            .storageAccounts(azure.storageAccounts()).keyAccess(azure.keyAccess()).clock(azure.clock()).build();

    StorageAccountId granted(String name) {
        return granted(name, "westeurope");
    }

    StorageAccountId granted(String name, String region) {
        StorageAccountId id = azure.account(name).location(region).systemAssignedIdentity().create();
        azure.grantAccess(key, azure.systemPrincipal(id));
        return id;
    }

    @Test
    void plan_listsChangesInPlaceAndBlocked_apply_writesOnePatchEach_andReRunConverges() {
        StorageAccountId a = granted("alpha");
        StorageAccountId b = granted("bravo");
        StorageAccountId done = granted("done");
        cmk.storageAccount(done).useCustomerManagedKey(key).apply();
        StorageAccountId noIdentity = azure.account("noidentity").create();
        StorageAccountId classic = azure.account("classic").kind(AccountKind.CLASSIC).systemAssignedIdentity()
                .create();
        azure.calls().reset();

        FleetPlan plan = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key));
        assertThat(azure.calls().writes()).isZero();
        assertThat(plan.with(AccountPlan.Action.CHANGE)).extracting(AccountPlan::account).containsExactly(a, b);
        assertThat(plan.with(AccountPlan.Action.NO_CHANGE)).extracting(AccountPlan::account).containsExactly(done);
        assertThat(plan.with(AccountPlan.Action.BLOCKED)).extracting(AccountPlan::account)
                .containsExactly(noIdentity, classic);
        assertThat(plan.plannedWrites()).isEqualTo(2);
        String text = plan.toString();
        assertThat(text).contains("~ 2 account(s), 1 write(s) each [SET_CUSTOMER_MANAGED_KEY]: alpha (westeurope), "
                + "bravo (westeurope)\n",
                "encryption.keySource: Microsoft.Storage -> Microsoft.Keyvault",
                "= 1 account(s) already as desired: done",
                "~ SERVICE_NOT_COVERED on 5 account(s), for example: ", "! noidentity (rg-storage, westeurope): blocked",
                "SYSTEM_IDENTITY_MISSING", "fix: enable the account's system-assigned identity",
                "! classic", "ACCOUNT_KIND_UNSUPPORTED",
                "Totals: 2 to change (2 write(s)), 1 already as desired, 2 blocked");

        azure.calls().reset();
        List<FleetProgress> events = new ArrayList<>();
        FleetApplyReport report = plan.apply(ApplyOptions.of(FailurePolicy.CONTINUE).listener(events::add));
        assertThat(report.count(AccountOutcome.Status.WRITTEN)).isEqualTo(2);
        assertThat(report.count(AccountOutcome.Status.UNCHANGED)).isEqualTo(1);
        assertThat(report.count(AccountOutcome.Status.BLOCKED)).isEqualTo(2);
        assertThat(report.writes()).isEqualTo(2);
        assertThat(report.with(AccountOutcome.Status.BLOCKED).get(0).reason().orElseThrow())
                .contains("has no system-assigned identity", "fix:");
        // one PATCH per account, verified from its own answer: no re-read
        assertThat(azure.calls().count("storage.updateEncryption")).isEqualTo(2);
        assertThat(azure.calls().count("storage.get")).isZero();
        assertThat(azure).account(a).isEncryptedWith(key).hasAutoUpdatingVersion().isAccessible();
        assertThat(azure).account(b).isEncryptedWith(key).hasAutoUpdatingVersion().isAccessible();
        assertThat(azure).account(noIdentity).usesMicrosoftManagedKeys();
        assertThat(events).extracting(FleetProgress::done).containsExactly(1, 2);
        assertThat(events.get(1).total()).isEqualTo(2);
        assertThat(events.get(1).written()).isEqualTo(2);
        assertThat(events.get(1).fraction()).isEqualTo(1.0);
        assertThat(report.toString()).contains("written: 2", "writes accepted by Azure: 2", "Written:\n  alpha\n"
                + "    + SET_CUSTOMER_MANAGED_KEY: encryption.keySource", "Not done:\n  noidentity BLOCKED "
                + "[SYSTEM_IDENTITY_MISSING]");

        azure.calls().reset();
        FleetPlan again = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key));
        FleetApplyReport second = again.apply(ApplyOptions.of(FailurePolicy.CONTINUE));
        assertThat(again.with(AccountPlan.Action.CHANGE)).isEmpty();
        assertThat(second.writes()).isZero();
        assertThat(azure.calls().writes()).isZero();
        assertThatThrownBy(() -> again.apply(ApplyOptions.of(FailurePolicy.CONTINUE)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("plan again");
    }

    @Test
    void grantOnRequest_enablesIdentityAndGrants_throughTheAccountPlan_orGrantsThenPatches() {
        StorageAccountId bare = azure.account("bare").create();
        StorageAccountId ungranted = azure.account("ungranted").systemAssignedIdentity().create();
        FleetPlan plan = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key)
                .grantKeyAccess());
        assertThat(plan.accounts()).extracting(AccountPlan::steps).containsExactly(
                List.of(AccountPlan.Step.ENABLE_SYSTEM_IDENTITY, AccountPlan.Step.SET_CUSTOMER_MANAGED_KEY),
                List.of(AccountPlan.Step.GRANT_KEY_ACCESS, AccountPlan.Step.SET_CUSTOMER_MANAGED_KEY));
        FleetApplyReport report = plan.apply(ApplyOptions.of(FailurePolicy.STOP_ON_FIRST_FAILURE));
        assertThat(report.converged()).isTrue();
        assertThat(report.outcomes().get(0).writes()).hasSize(3); // identity, grant, key
        assertThat(report.outcomes().get(1).writes()).hasSize(2); // grant, key
        assertThat(azure).account(bare).isEncryptedWith(key).isAccessible();
        assertThat(azure).account(ungranted).isEncryptedWith(key).isAccessible();
    }

    @Test
    void failure_isIsolated_underContinue_andReportedWithReason_throttledCounted() {
        granted("acct1");
        granted("acct2");
        granted("acct3");
        azure.faults().failNext("storage.updateEncryption", Faults.Kind.THROTTLED);
        List<FleetProgress> events = new ArrayList<>();
        FleetApplyReport r = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key))
                .apply(ApplyOptions.of(FailurePolicy.CONTINUE).parallelRegions(1).listener(events::add));
        assertThat(r.outcomes()).extracting(AccountOutcome::status).containsExactly(AccountOutcome.Status.FAILED,
                AccountOutcome.Status.WRITTEN, AccountOutcome.Status.WRITTEN);
        assertThat(r.outcomes().get(0).errorCode()).contains("THROTTLED");
        assertThat(r.outcomes().get(0).reason().orElseThrow()).contains("TooManyRequests");
        assertThat(r.outcomes().get(0).writes()).isEmpty();
        assertThat(events.get(2).failed()).isEqualTo(1);
        assertThat(events.get(2).throttled()).isEqualTo(1);
        assertThat(r.converged()).isFalse();
        // the re-run picks up exactly the failed account
        FleetPlan again = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key));
        assertThat(again.with(AccountPlan.Action.CHANGE)).extracting(p -> p.account().name()).containsExactly("acct1");
        assertThat(again.apply(ApplyOptions.of(FailurePolicy.CONTINUE)).converged()).isTrue();
    }

    @Test
    void stopOnFirstFailure_leavesTheRestNotAttempted() {
        granted("acct1");
        granted("acct2");
        granted("acct3");
        azure.faults().failNext("storage.updateEncryption", Faults.Kind.TRANSIENT);
        FleetApplyReport r = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key))
                .apply(ApplyOptions.of(FailurePolicy.STOP_ON_FIRST_FAILURE).parallelRegions(1));
        assertThat(r.outcomes()).extracting(AccountOutcome::status).containsExactly(AccountOutcome.Status.FAILED,
                AccountOutcome.Status.NOT_ATTEMPTED, AccountOutcome.Status.NOT_ATTEMPTED);
        assertThat(r.stoppedOnFailure()).isTrue();
        assertThat(r.outcomes().get(1).reason().orElseThrow()).contains("STOP_ON_FIRST_FAILURE");
        assertThat(azure.calls().count("storage.updateEncryption")).isEqualTo(1);
        assertThat(r.toString()).contains("STOPPED after a failure", "not attempted: 2");
    }

    @Test
    void cancellation_finishesTheAccountInFlight_andStartsNoOther() {
        for (int i = 0; i < 5; i++) {
            granted("acct" + i);
        }
        FleetCancellation cancel = new FleetCancellation();
        FleetApplyReport r = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key))
                .apply(ApplyOptions.of(FailurePolicy.CONTINUE).parallelRegions(1).cancellation(cancel)
                        .listener(p -> {
                            if (p.done() == 2) {
                                cancel.cancel();
                            }
                        }));
        assertThat(r.cancelled()).isTrue();
        assertThat(r.count(AccountOutcome.Status.WRITTEN)).isEqualTo(2);
        assertThat(r.count(AccountOutcome.Status.NOT_ATTEMPTED)).isEqualTo(3);
        assertThat(azure.calls().count("storage.updateEncryption")).isEqualTo(2);
    }

    @Test
    void regions_runInParallel_andOutcomesKeepPlanOrder() {
        List<StorageAccountId> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(granted("acct" + i, i % 2 == 0 ? "westeurope" : "eastus"));
        }
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        FleetApplyReport r = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key))
                .apply(ApplyOptions.of(FailurePolicy.CONTINUE).listener(p -> threads.add(Thread.currentThread()
                        .getName())));
        assertThat(r.outcomes()).extracting(AccountOutcome::account).containsExactlyElementsOf(ids);
        assertThat(r.converged()).isTrue();
        assertThat(threads).hasSize(6).allMatch(t -> t.startsWith("cmk-fleet-apply-"));
        assertThat(threads.stream().distinct().count()).isEqualTo(2);
    }

    @Test
    void desiredStateBreakingTheRules_isRefusedBeforeAnyListingOrWrite() {
        granted("acct1");
        azure.setEnabledOutOfBand(v1, false);
        azure.calls().reset();
        assertThatThrownBy(() -> cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(v1)))
                .isInstanceOf(RequirementViolatedException.class)
                .satisfies(e -> assertThat(((RequirementViolatedException) e).report().has(ViolationCode.KEY_DISABLED))
                        .isTrue());
        assertThat(azure.calls().count("storage.listAccounts")).isZero();
        assertThat(azure.calls().writes()).isZero();
        assertThatThrownBy(() -> DesiredState.customerManagedKey(v1).versionPolicy(VersionPolicy.autoUpdate()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("contradicts");
        CustomerManagedKeys noAccess = CustomerManagedKeys.builder().keyVaults(azure.keyVaults())
                .storageAccounts(azure.storageAccounts()).clock(azure.clock()).build();
        assertThatThrownBy(() -> noAccess.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key)
                .grantKeyAccess())).isInstanceOf(dev.cmk.api.ConfigurationException.class)
                .hasMessageContaining("KeyAccessProvider");
    }

    @Test
    void userAssignedIdentity_sharedPrincipal_isCheckedWithOneReadOfTheKeysHolders() {
        String uai = "/subscriptions/" + SUB + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/"
                + "userAssignedIdentities/fleet-identity";
        String principal = azure.createUserAssignedIdentity(uai);
        azure.grantAccess(key, principal);
        for (int i = 0; i < 4; i++) {
            azure.account("user" + i).userAssignedIdentity(uai).create();
        }
        azure.calls().reset();
        FleetPlan plan = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key)
                .identity(ManagedIdentity.userAssigned(uai)));
        // one read of the key's holders answers for every identity
        assertThat(azure.calls().count("keyAccess.principalsWithAccess")).isEqualTo(1);
        assertThat(azure.calls().count("keyAccess.permissions")).isZero();
        FleetApplyReport r = plan.apply(ApplyOptions.of(FailurePolicy.CONTINUE));
        assertThat(r.count(AccountOutcome.Status.WRITTEN)).isEqualTo(4);
        assertThat(azure.calls().count("storage.updateEncryption")).isEqualTo(4);
    }

    @Test
    void emptyScope_andFilterMatchingNothing_areSaidInThePlan() {
        granted("acct1");
        FleetPlan empty = cmk.fleet().plan(FleetScope.parse("55555555-6666-7777-8888-999999999999"),
                DesiredState.customerManagedKey(key));
        assertThat(empty.emptyScope()).isTrue();
        assertThat(empty.toString()).contains("holds no storage account");
        assertThat(empty.apply(ApplyOptions.of(FailurePolicy.CONTINUE)).outcomes()).isEmpty();
        FleetPlan none = cmk.fleet().plan(FleetScope.parse(SUB).filter(AccountFilter.inRegions("eastus")),
                DesiredState.customerManagedKey(key));
        assertThat(none.filterMatchedNothing()).isTrue();
        assertThat(none.toString()).contains("the filter matched none of them");
    }

    @Test
    void partialFailure_reportsExactlyTheWritesMadeBeforeIt_andReRunResumes() {
        StorageAccountId bare = azure.account("bare").create();
        azure.faults().failNext("keyAccess.grant", Faults.Kind.TRANSIENT);
        FleetApplyReport r = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key)
                .grantKeyAccess()).apply(ApplyOptions.of(FailurePolicy.CONTINUE));
        AccountOutcome o = r.outcomes().get(0);
        assertThat(o.status()).isEqualTo(AccountOutcome.Status.FAILED);
        assertThat(o.errorCode()).contains("PARTIALLY_APPLIED");
        assertThat(o.writes()).containsExactly("ENABLE_SYSTEM_IDENTITY");
        assertThat(r.writes()).isEqualTo(1);
        assertThat(r.toString()).contains("bare (FAILED after these writes)", "+ ENABLE_SYSTEM_IDENTITY");
        assertThat(azure).account(bare).usesMicrosoftManagedKeys();

        FleetPlan again = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key)
                .grantKeyAccess());
        assertThat(again.accounts().get(0).steps()).containsExactly(AccountPlan.Step.GRANT_KEY_ACCESS,
                AccountPlan.Step.SET_CUSTOMER_MANAGED_KEY);
        assertThat(again.apply(ApplyOptions.of(FailurePolicy.CONTINUE)).converged()).isTrue();
        assertThat(azure).account(bare).isEncryptedWith(key).isAccessible();
    }

    @Test
    void identityAndKeyChange_takeTwoWrites_throughTheAccountPlan() {
        String uai = "/subscriptions/" + SUB + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/"
                + "userAssignedIdentities/fleet-identity";
        String principal = azure.createUserAssignedIdentity(uai);
        azure.grantAccess(key, principal);
        KeyReference other = azure.key(vault, "other").create().versionless();
        StorageAccountId a = azure.account("moving").systemAssignedIdentity().userAssignedIdentity(uai).create();
        azure.grantAccess(other, azure.systemPrincipal(a));
        cmk.storageAccount(a).useCustomerManagedKey(other).apply();
        azure.grantAccess(other, principal); // the new identity must reach the current key for the first write
        FleetPlan plan = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key)
                .identity(ManagedIdentity.userAssigned(uai)));
        assertThat(plan.accounts().get(0).steps()).containsExactly(AccountPlan.Step.SET_ENCRYPTION_IDENTITY,
                AccountPlan.Step.SET_CUSTOMER_MANAGED_KEY);
        FleetApplyReport r = plan.apply(ApplyOptions.of(FailurePolicy.CONTINUE));
        assertThat(r.outcomes().get(0).writes()).hasSize(2);
        assertThat(azure).account(a).isEncryptedWith(key).usesIdentity(ManagedIdentity.userAssigned(uai))
                .isAccessible();
    }

    @Test
    void oneThread_interleavesRegions() {
        for (int i = 0; i < 3; i++) {
            granted("west" + i, "westeurope");
        }
        for (int i = 0; i < 3; i++) {
            granted("east" + i, "eastus");
        }
        List<String> order = new ArrayList<>();
        cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key))
                .apply(ApplyOptions.of(FailurePolicy.CONTINUE).parallelRegions(1).listener(p -> order.add(
                        p.account().name())));
        assertThat(order).containsExactly("west0", "east0", "west1", "east1", "west2", "east2");
    }
}
