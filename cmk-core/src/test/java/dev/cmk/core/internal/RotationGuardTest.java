package dev.cmk.core.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.KeyReference;
import dev.cmk.core.rotation.IllegalRotationTransitionException;
import dev.cmk.core.rotation.RotationState;
import org.junit.jupiter.api.Test;

class RotationGuardTest {
    private final KeyReference key = KeyReference.parse("https://contoso.vault.azure.net/keys/storage-cmk");

    @Test
    void aStepRefusedByTheGuard_namesTheStateItWouldLeadTo() {
        assertThatThrownBy(() -> RotationStateMachine.checkStepFrom(key, RotationStateMachine.Step.CREATE,
                RotationState.COMPLETED))
                .isInstanceOfSatisfying(IllegalRotationTransitionException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.from()).isEqualTo(RotationState.COMPLETED);
                    org.assertj.core.api.Assertions.assertThat(e.to()).isEqualTo(RotationState.VERSION_CREATED);
                })
                .hasMessageContaining("from COMPLETED to VERSION_CREATED");
    }
}
