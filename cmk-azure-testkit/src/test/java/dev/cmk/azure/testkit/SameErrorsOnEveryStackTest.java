package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.ApplyFailedException;
import dev.cmk.api.ConfigurationException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import dev.cmk.api.PrerequisiteMissingException;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.ViolationCode;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same condition gives the same outcome, of the same type, whether cmk runs on the testkit's in-memory
 * providers or on {@code AzureCustomerManagedKeys} over the real SDK and the wire fake.
 */
class SameErrorsOnEveryStackTest {

    static Stream<Arguments> stacks() {
        Function<InMemoryAzure, CustomerManagedKeys> inMemory = azure -> CustomerManagedKeys.builder()
                .keyVaults(azure.keyVaults()).storageAccounts(azure.storageAccounts()).keyAccess(azure.keyAccess())
                .clock(azure.clock()).build();
        Function<InMemoryAzure, CustomerManagedKeys> wire = WireFake::customerManagedKeys;
        return Stream.of(Arguments.of("in-memory", inMemory), Arguments.of("adapter over the wire fake", wire));
    }

    private final InMemoryAzure azure = InMemoryAzure.create();
    private final URI vault = azure.vault("contoso").create();
    private final KeyReference key = azure.key(vault, "storage-cmk").create().versionless();
    private final StorageAccountId account = azure.account("contosodata").systemAssignedIdentity().create();
    private final KeyReference mistyped = KeyReference.parse("https://contsoo.vault.azure.net/keys/storage-cmk");

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void accessLeftAfterAPerAccountRevoke_isVerificationFailed(String stack,
                                                                Function<InMemoryAzure, CustomerManagedKeys> cmkOf) {
        CustomerManagedKeys cmk = cmkOf.apply(azure);
        cmk.storageAccount(account).useCustomerManagedKey(key).grantKeyAccess().apply();
        azure.grantVaultAccess(vault, azure.systemPrincipal(account)); // access above the key

        assertThatThrownBy(() -> cmk.storageAccount(account).revokeKeyAccess(Set.of(account), List.of(account)))
                .isInstanceOfSatisfying(ApplyFailedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION_FAILED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void aMistypedVault_isAViolationWithItsFix_inPlanAndValidate(String stack,
                                                                 Function<InMemoryAzure, CustomerManagedKeys> cmkOf) {
        CustomerManagedKeys cmk = cmkOf.apply(azure);

        var plan = cmk.storageAccount(account).useCustomerManagedKey(mistyped).plan();
        assertThat(plan.violations().has(ViolationCode.VAULT_NOT_FOUND)).as(plan.violations().toString()).isTrue();
        assertThat(plan.violations().toString()).contains("contsoo").contains("check the vault name");

        var report = cmk.key(mistyped).validate(VaultRequirements.azureStorageDefaults());
        assertThat(report.has(ViolationCode.VAULT_NOT_FOUND)).as(report.toString()).isTrue();
        assertThat(report.isValid()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void revokingAccessOfAMicrosoftManagedAccount_isAMissingPrerequisite(String stack,
                                                                        Function<InMemoryAzure,
                                                                                CustomerManagedKeys> cmkOf) {
        CustomerManagedKeys cmk = cmkOf.apply(azure);
        assertThatThrownBy(() -> cmk.storageAccount(account).restoreKeyAccess())
                .isInstanceOf(PrerequisiteMissingException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void aMissingKeyAccessProvider_isAConfigurationError(String stack,
                                                        Function<InMemoryAzure, CustomerManagedKeys> cmkOf) {
        cmkOf.apply(azure).storageAccount(account).useCustomerManagedKey(key).grantKeyAccess().apply();
        CustomerManagedKeys withoutAccess = CustomerManagedKeys.builder().keyVaults(azure.keyVaults())
                .storageAccounts(azure.storageAccounts()).clock(azure.clock()).build();
        assertThatThrownBy(() -> withoutAccess.storageAccount(account).revokeKeyAccess(Set.of(account),
                List.of(account))).isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION));
    }
}
