package dev.cmk.core.rotation;

import static dev.cmk.testkit.AzureAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The handle's contract: the deprecated setters, the recorded retire choice, the reads of a step and the events of
 * the rotation's own steps.
 */
class RotationContractTest {
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final URI vault = azure.vault("contoso").create();
    private final KeyReference v1 = azure.key(vault, "storage-cmk").create();
    private final KeyReference key = v1.versionless();
    private final StorageAccountId pinned = account("pinneddata");
    private final StorageAccountId auto = account("autodata");
    private final Dependents dependents = Dependents.declared(List.of(pinned, auto))
            .acknowledgingUnlistedAccountsMayLoseAccess();

    private StorageAccountId account(String name) {
        StorageAccountId id = azure.account(name).systemAssignedIdentity().create();
        azure.grantAccess(v1, azure.systemPrincipal(id));
        return id;
    }

    private CustomerManagedKeys cmk() {
        return CustomerManagedKeys.builder().keyVaults(azure.keyVaults()).storageAccounts(azure.storageAccounts())
                .keyAccess(azure.keyAccess()).clock(azure.clock()).build();
    }

    private void configure() {
        cmk().storageAccount(pinned).useCustomerManagedKey(v1).apply();
        cmk().storageAccount(auto).useCustomerManagedKey(key).apply();
    }

    private String newestVersion() {
        List<KeyVersionProperties> vs = azure.peekVersions(key);
        return vs.get(vs.size() - 1).version();
    }

    @Test
    @SuppressWarnings("deprecation")
    void deprecatedSetters_changeThisHandle_andReturnIt() {
        configure();
        KeyRotation r = cmk().key(key).rotation(dependents, RotationOptions.ofDefaults());
        assertThat(r.retireOldVersions(true)).isSameAs(r);
        assertThat(r.pickupWindow(Duration.ofHours(2), Duration.ZERO)).isSameAs(r);
        VaultRequirements hsmOnly = VaultRequirements.custom().requireHsm().build();
        assertThat(r.requirements(hsmOnly)).isSameAs(r);
        assertThat(r.options().retireOldVersions()).isTrue();
        assertThat(r.options().pickupWindow()).isEqualTo(Duration.ofHours(2));
        assertThat(r.options().requirements()).isEqualTo(hsmOnly);

        RotationStatus s = r.run();
        assertThat(s.state()).as("the software key fails hsmOnly, so nothing is pinned to it")
                .isEqualTo(RotationState.STALLED);
        assertThat(azure).account(pinned).isPinnedTo(v1.version().orElseThrow());
    }

    @Test
    @SuppressWarnings("deprecation")
    void deprecatedRetireSetter_usedAsAStatement_retiresTheOldVersion() {
        configure();
        KeyRotation r = cmk().key(key).rotation(dependents, RotationOptions.ofDefaults());
        r.retireOldVersions(true);
        r.run();
        azure.clock().advance(Duration.ofHours(25));
        assertThat(r.run().state()).isEqualTo(RotationState.COMPLETED);
        assertThat(azure).key(key).hasDisabledVersion(v1.version().orElseThrow()).hasEnabledVersion(newestVersion());
    }

    @Test
    void aRotationResumedWithDefaultOptions_followsTheRecordedRetireChoice() {
        configure();
        cmk().key(key).rotation(dependents, RotationOptions.custom().retireOldVersions(true).build()).run();
        azure.clock().advance(Duration.ofHours(25));
        KeyRotation resumed = cmk().key(key).resumeRotation(dependents).orElseThrow();
        assertThat(resumed.run().state()).isEqualTo(RotationState.COMPLETED);
        assertThat(azure).key(key).hasDisabledVersion(v1.version().orElseThrow()).hasEnabledVersion(newestVersion());
    }

    @Test
    void aRotationResumedWithAnExplicitChoice_followsTheCaller() {
        configure();
        cmk().key(key).rotation(dependents, RotationOptions.custom().retireOldVersions(true).build()).run();
        azure.clock().advance(Duration.ofHours(25));
        RotationOptions keep = RotationOptions.custom().retireOldVersions(false).build();
        assertThat(keep.retireChoiceExplicit()).isTrue();
        assertThat(RotationOptions.ofDefaults().retireChoiceExplicit()).isFalse();
        KeyRotation resumed = cmk().key(key).resumeRotation(dependents, keep).orElseThrow();
        assertThat(resumed.run().state()).isEqualTo(RotationState.COMPLETED);
        assertThat(azure).key(key).hasEnabledVersion(v1.version().orElseThrow()).hasEnabledVersion(newestVersion());
    }

    @Test
    void theCreatingStep_readsOnlyTheVersionItCopies_andTakesTheNewVersionFromTheCreateAnswer() {
        configure();
        KeyRotation r = cmk().key(key).rotation(dependents, RotationOptions.ofDefaults());
        azure.calls().reset();
        assertThat(r.advance().state()).isEqualTo(RotationState.VERSION_CREATED);
        assertThat(azure.calls().count("keyVault.createVersion")).isEqualTo(1);
        assertThat(azure.calls().count("keyVault.getKey")).as("one GET: the current version's type, size and "
                + "operations; the new version's come with the create answer").isEqualTo(1);
        azure.calls().reset();
        assertThat(r.advance().state()).isEqualTo(RotationState.PROPAGATING);
        assertThat(azure.calls().count("keyVault.getKey")).isZero();
        assertThat(azure).account(pinned).isPinnedTo(newestVersion());
    }

    private List<RotationEvent> eventsOfOneStep(RotationOptions options) {
        List<RotationEvent> events = new ArrayList<>();
        cmk().key(key).rotation(dependents, options).onTransition(events::add).advance();
        return events;
    }

    @Test
    void noDependentUsesTheKey_createCompletes_asATransitionNotDrift() {
        List<RotationEvent> events = eventsOfOneStep(RotationOptions.ofDefaults());
        assertThat(events).extracting(RotationEvent::kind).containsExactly(RotationEvent.Kind.TRANSITION);
        assertThat(events).extracting(e -> e.kind() + " " + e.transition())
                .containsExactly("TRANSITION PLANNED_TO_COMPLETED");
    }

    @Test
    void noDependentUsesTheKey_withRetirement_createPropagates_asATransitionNotDrift() {
        List<RotationEvent> events = eventsOfOneStep(RotationOptions.custom().retireOldVersions(true).build());
        assertThat(events).extracting(e -> e.kind() + " " + e.transition())
                .containsExactly("TRANSITION PLANNED_TO_PROPAGATED");
    }

    @Test
    void aNewVersionFailingTheRequirements_stallsAtCreation_asATransitionNotDrift() {
        configure();
        List<RotationEvent> events = eventsOfOneStep(RotationOptions.custom()
                .requirements(VaultRequirements.custom().requireHsm().build()).build());
        assertThat(events).extracting(e -> e.kind() + " " + e.transition())
                .containsExactly("TRANSITION PLANNED_TO_STALLED");
    }
}
