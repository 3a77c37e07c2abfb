package dev.cmk.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cmk.api.spi.AccountKind;
import dev.cmk.api.internal.AzureErrors;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Errors callers can branch on: one details record, a type for each branchable code, server enums as data. */
class ErrorTypesTest {

    static Stream<Arguments> codesAndTypes() {
        return Stream.of(
                Arguments.of(400, "KeyVaultPolicyError", ErrorCode.VAULT_POLICY, VaultPolicyException.class),
                Arguments.of(503, "ServiceUnavailable", ErrorCode.TRANSIENT, TransientException.class),
                Arguments.of(500, null, ErrorCode.TRANSIENT, TransientException.class),
                Arguments.of(408, "RequestTimeout", ErrorCode.TRANSIENT, TransientException.class),
                Arguments.of(404, "VaultNotFound", ErrorCode.NOT_FOUND, NotFoundException.class),
                Arguments.of(429, "TooManyRequests", ErrorCode.THROTTLED, ThrottledException.class));
    }

    @ParameterizedTest
    @MethodSource("codesAndTypes")
    void theTypeFollowsTheCode_andTheDetailsTravelInOneRecord(int status, String azureCode, ErrorCode code,
                                                              Class<? extends CmkException> type) {
        CmkException e = AzureErrors.toException(AzureErrorDetails.of(azureCode, status, Duration.ofSeconds(3),
                "req-1"), "message", null);
        assertThat(e).isInstanceOf(type);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.azureDetails().httpStatus()).isEqualTo(OptionalInt.of(status));
        assertThat(e.azureDetails().requestId()).contains("req-1");
        assertThat(e.azureDetails().retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(e.httpStatus()).as("the old accessors still answer").isEqualTo(status);
    }

    @Test
    void aMissingPrerequisite_hasItsType() {
        assertThat(AzureErrors.toException(400, "PropertiesCannotBeUpdatedInSingleOperation", "identity first", null,
                null)).isInstanceOfSatisfying(PrerequisiteMissingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_PREREQUISITE));
        PrerequisiteMissingException e = new PrerequisiteMissingException("identity first");
        assertThat(e.azureDetails()).isEqualTo(AzureErrorDetails.NONE);
    }

    @Test
    void configurationAndUnexpectedResponse_fixTheirCodes() {
        assertThat(new ConfigurationException("no key access").code()).isEqualTo(ErrorCode.CONFIGURATION);
        assertThat(new UnexpectedResponseException("bad id").code()).isEqualTo(ErrorCode.UNEXPECTED_RESPONSE);
        assertThat(new ConfigurationException("x").isRetryable()).isFalse();
        assertThat(new TransientException("x").isRetryable()).isTrue();
    }

    @Test
    void noStatus_isEmpty_notZero() {
        CmkException e = new CmkException(ErrorCode.UNSAFE_OPERATION, "refused");
        assertThat(e.azureDetails().httpStatus()).isEmpty();
        assertThat(e.azureDetails()).isEqualTo(AzureErrorDetails.NONE);
    }

    @Test
    void serverSentEnums_keepUnknownValuesAsData_insteadOfThrowing() {
        assertThat(AccountKind.fromWireName("FutureStorageV3")).isEqualTo(AccountKind.UNKNOWN);
        assertThat(AccountKind.fromWireName("storagev2")).isEqualTo(AccountKind.STORAGE_V2);
        assertThat(KeySource.fromWireName("Microsoft.FutureHsm")).isEqualTo(KeySource.UNKNOWN);
        assertThat(KeySource.fromWireName("microsoft.keyvault")).isEqualTo(KeySource.MICROSOFT_KEYVAULT);
    }
}
