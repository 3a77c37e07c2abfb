package dev.cmk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.RequirementViolatedException;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.UnsafeOperationException;
import dev.cmk.api.internal.AzureErrors;
import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.core.internal.RotationTags;
import dev.cmk.core.rotation.RotationState;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Port mocks (Mockito, delegating to the in-memory Azure so the answers are real) prove what cmk sends to the
 * ports: a refused operation calls no write method at all, and a version creation whose outcome is unknown is not
 * sent again; the next run finds the version by its rotation tag.
 */
class PortMocksTest {
    private final Fixture f = new Fixture();
    private final KeyVaultProvider keyVaults = mock(KeyVaultProvider.class, delegatesTo(f.azure.keyVaults()));
    private final StorageAccountProvider storage = mock(StorageAccountProvider.class,
            delegatesTo(f.azure.storageAccounts()));
    private final KeyAccessProvider access = mock(KeyAccessProvider.class, delegatesTo(f.azure.keyAccess()));
    private final CustomerManagedKeys cmk = CustomerManagedKeys.builder().keyVaults(keyVaults)
            .storageAccounts(storage).keyAccess(access).clock(f.azure.clock()).build();

    private void verifyNoWrite() {
        verify(storage, never()).updateEncryption(any(), any());
        verify(storage, never()).enableIdentity(any(), any());
        verify(keyVaults, never()).createVersion(any(), any());
        verify(keyVaults, never()).updateVersion(any(), any());
        verify(keyVaults, never()).setRotationPolicy(any(), any());
        verify(access, never()).grant(any(), any());
        verify(access, never()).revoke(any(), any());
    }

    @Test
    void aRefusedPlan_callsNoWriteMethod() {
        StorageAccountId bare = f.azure.account("baredata").create();
        assertThatThrownBy(() -> cmk.storageAccount(bare).useCustomerManagedKey(f.key).apply())
                .isInstanceOf(RequirementViolatedException.class);
        verifyNoWrite();
    }

    @Test
    void aRefusedKeyWideRevoke_callsNoWriteMethod() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        StorageAccountId second = f.azure.account("seconddata").systemAssignedIdentity().create();
        f.azure.grantAccess(f.key, f.azure.systemPrincipal(second));
        cmk.storageAccount(second).useCustomerManagedKey(f.key).apply();
        RevocationPlan plan = cmk.key(f.key).revoke(List.of(f.account, second));
        clearInvocations(keyVaults, storage, access);

        assertThatThrownBy(() -> plan.apply(Set.of(f.account))).isInstanceOf(UnsafeOperationException.class);
        verifyNoWrite();
    }

    @Test
    void aRefusedPerAccountRevoke_callsNoWriteMethod() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        clearInvocations(keyVaults, storage, access);

        assertThatThrownBy(() -> cmk.storageAccount(f.account).revokeKeyAccess(Set.of(), List.of(f.account)))
                .isInstanceOf(UnsafeOperationException.class);
        verifyNoWrite();
    }

    @Test
    void aRefusedRotationOrRetire_callsNoWriteMethod() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        cmk.key(f.key).rotation("first", List.of(f.account)).retireOldVersions(true).run();
        clearInvocations(keyVaults, storage, access);

        assertThatThrownBy(() -> cmk.key(f.key).rotation("second", List.of(f.account)).retireOldVersions(true)
                .run()).isInstanceOf(UnsafeOperationException.class);
        verifyNoWrite();
    }

    @Test
    void aVersionCreationWithAnUnknownOutcome_isNotSentTwice_andIsFoundByItsRotationTag() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        doAnswer(call -> {
            f.azure.keyVaults().createVersion(call.getArgument(0), call.getArgument(1));
            throw AzureErrors.toException(503, "ServiceUnavailable", "answer lost after the version was created",
                    null, null);
        }).when(keyVaults).createVersion(any(), any());

        assertThatThrownBy(() -> cmk.key(f.key).rotation("r1", List.of(f.account)).run())
                .isInstanceOfSatisfying(CmkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT));
        var status = cmk.key(f.key).rotation("r1", List.of(f.account)).run();

        verify(keyVaults, times(1)).createVersion(any(), any());
        assertThat(status.state()).isNotEqualTo(RotationState.PLANNED);
        List<KeyVersionProperties> tagged = f.azure.peekVersions(f.key).stream()
                .filter(v -> "r1".equals(v.tags().get(RotationTags.ROTATION))).toList();
        assertThat(tagged).hasSize(1);
        assertThat(f.azure.peekVersions(f.key)).hasSize(2);
    }
}
