package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import dev.cmk.api.AccessDeniedException;
import dev.cmk.api.CmkException;
import dev.cmk.api.ConflictException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.ThrottledException;
import dev.cmk.api.spi.EncryptionUpdate;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every Azure error code of the shared mapping ({@code AzureErrors}), answered by a stub through the real SDK,
 * reaches the caller as the right typed exception with Azure's status, code and message kept. Retries are off.
 */
class ErrorMappingTest {
    private static final StorageAccountId ACCOUNT = StorageAccountId.of("00000000-1111-2222-3333-444444444444",
            "rg", "contosodata");
    private static final KeyReference KEY = KeyReference.parse("https://contoso.vault.azure.net/keys/k");

    static Stream<Arguments> mappedCodes() {
        return Stream.of(
                Arguments.of(400, "KeyVaultPolicyError", ErrorCode.VAULT_POLICY, dev.cmk.api.VaultPolicyException.class),
                Arguments.of(400, "KeyVaultAuthenticationFailure", ErrorCode.ACCESS_DENIED,
                        AccessDeniedException.class),
                Arguments.of(400, "KeyVaultAccessTokenCannotBeAcquired", ErrorCode.ACCESS_DENIED,
                        AccessDeniedException.class),
                Arguments.of(403, "ForbiddenByFirewall", ErrorCode.FORBIDDEN_BY_FIREWALL, AccessDeniedException.class),
                Arguments.of(403, "ForbiddenByPolicy", ErrorCode.ACCESS_DENIED, AccessDeniedException.class),
                Arguments.of(403, "Forbidden", ErrorCode.ACCESS_DENIED, AccessDeniedException.class),
                Arguments.of(403, "AuthorizationFailed", ErrorCode.ACCESS_DENIED, AccessDeniedException.class),
                Arguments.of(400, "MissingPrerequisites", ErrorCode.MISSING_PREREQUISITE, dev.cmk.api.PrerequisiteMissingException.class),
                Arguments.of(400, "PropertiesCannotBeUpdatedInSingleOperation", ErrorCode.MISSING_PREREQUISITE,
                        dev.cmk.api.PrerequisiteMissingException.class),
                Arguments.of(409, "StorageAccountOperationInProgress", ErrorCode.OPERATION_IN_PROGRESS,
                        ConflictException.class),
                Arguments.of(409, "OperationInProgress", ErrorCode.OPERATION_IN_PROGRESS, ConflictException.class),
                Arguments.of(409, "Conflict", ErrorCode.CONFLICT, ConflictException.class),
                Arguments.of(429, "TooManyRequests", ErrorCode.THROTTLED, ThrottledException.class),
                Arguments.of(429, "Throttled", ErrorCode.THROTTLED, ThrottledException.class),
                Arguments.of(404, "KeyNotFound", ErrorCode.NOT_FOUND, NotFoundException.class),
                Arguments.of(403, "KeyVaultEncryptionKeyNotFound", ErrorCode.ACCESS_DENIED,
                        AccessDeniedException.class),
                Arguments.of(400, "KeyVaultVaultNotFound", ErrorCode.NOT_FOUND, NotFoundException.class),
                Arguments.of(404, "ResourceNotFound", ErrorCode.NOT_FOUND, NotFoundException.class),
                Arguments.of(404, "StorageAccountNotFound", ErrorCode.NOT_FOUND, NotFoundException.class),
                Arguments.of(404, "ResourceGroupNotFound", ErrorCode.NOT_FOUND, NotFoundException.class),
                Arguments.of(400, "KeyVaultKeyInvalid", ErrorCode.MISSING_PREREQUISITE, dev.cmk.api.PrerequisiteMissingException.class),
                Arguments.of(400, "KeyVaultKeyNotFound", ErrorCode.NOT_FOUND, NotFoundException.class),
                Arguments.of(404, "VaultNotFound", ErrorCode.NOT_FOUND, NotFoundException.class),
                Arguments.of(400, "FeatureNotSupportedForAccount", ErrorCode.MISSING_PREREQUISITE,
                        dev.cmk.api.PrerequisiteMissingException.class),
                Arguments.of(400, "BadParameter", ErrorCode.AZURE_ERROR, CmkException.class),
                Arguments.of(500, "InternalServerError", ErrorCode.TRANSIENT, dev.cmk.api.TransientException.class),
                Arguments.of(503, "ServiceUnavailable", ErrorCode.TRANSIENT, dev.cmk.api.TransientException.class),
                Arguments.of(504, "GatewayTimeout", ErrorCode.TRANSIENT, dev.cmk.api.TransientException.class),
                Arguments.of(408, "RequestTimeout", ErrorCode.TRANSIENT, dev.cmk.api.TransientException.class),
                // unknown codes fall back to the status
                Arguments.of(401, "SomethingNew", ErrorCode.ACCESS_DENIED, AccessDeniedException.class),
                Arguments.of(404, "SomethingNew", ErrorCode.NOT_FOUND, NotFoundException.class),
                Arguments.of(409, "SomethingNew", ErrorCode.CONFLICT, ConflictException.class),
                Arguments.of(502, "SomethingNew", ErrorCode.TRANSIENT, dev.cmk.api.TransientException.class),
                Arguments.of(400, "SomethingNew", ErrorCode.AZURE_ERROR, CmkException.class));
    }

    @ParameterizedTest(name = "ARM {0} {1} -> {2}")
    @MethodSource("mappedCodes")
    void armError_isMappedWithAzuresCodeAndMessage(int status, String code, ErrorCode expected,
                                                   Class<? extends CmkException> type) {
        StubHttp http = new StubHttp(r -> StubHttp.Answer.error(status, code, "Azure says " + code + "."));
        Throwable t = catchThrowable(() -> WireConformanceTest.adapter(http).storageAccounts().updateEncryption(
                ACCOUNT, EncryptionUpdate.microsoftManaged()));
        assertMapped(t, status, code, expected, type);
    }

    @ParameterizedTest(name = "Key Vault {0} {1} -> {2}")
    @MethodSource("mappedCodes")
    void keyVaultError_isMappedWithAzuresCodeAndMessage(int status, String code, ErrorCode expected,
                                                        Class<? extends CmkException> type) {
        StubHttp http = new StubHttp(r -> StubHttp.Answer.error(status, code, "Azure says " + code + "."));
        Throwable t = catchThrowable(() -> WireConformanceTest.adapter(http).keyVaults().getKey(KEY));
        assertMapped(t, status, code, expected, type);
    }

    private static void assertMapped(Throwable t, int status, String code, ErrorCode expected,
                                     Class<? extends CmkException> type) {
        assertThat(t).isExactlyInstanceOf(type);
        CmkException e = (CmkException) t;
        assertThat(e.code()).isEqualTo(expected);
        assertThat(e.azureErrorCode()).contains(code);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.getMessage()).contains("Azure says " + code + ".").doesNotContain("wirefake-token");
    }

    @Test
    void keyVaultInnerError_theSpecificCodeIsKept() {
        StubHttp http = new StubHttp(r -> new StubHttp.Answer(403, "{\"error\":{\"code\":\"Forbidden\",\"message\":"
                + "\"Client address is not authorized and caller is not a trusted service.\",\"innererror\":"
                + "{\"code\":\"ForbiddenByFirewall\"}}}", new HttpHeaders()));
        Throwable t = catchThrowable(() -> WireConformanceTest.adapter(http).keyVaults().getKey(KEY));
        assertThat(t).isInstanceOfSatisfying(AccessDeniedException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN_BY_FIREWALL);
            assertThat(e.azureErrorCode()).contains("ForbiddenByFirewall");
            assertThat(e.getMessage()).contains("not a trusted service");
        });
    }

    @Test
    void throttling_keepsRetryAfter() {
        StubHttp http = new StubHttp(r -> new StubHttp.Answer(429, "{\"error\":{\"code\":\"TooManyRequests\","
                + "\"message\":\"slow down\"}}", new HttpHeaders().set(HttpHeaderName.RETRY_AFTER, "30")));
        Throwable t = catchThrowable(() -> WireConformanceTest.adapter(http).storageAccounts().get(ACCOUNT));
        assertThat(t).isInstanceOfSatisfying(ThrottledException.class, e ->
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));
    }

    @Test
    void errorWithoutBody_isMappedByStatus() {
        StubHttp http = new StubHttp(r -> new StubHttp.Answer(503, null, new HttpHeaders()));
        Throwable t = catchThrowable(() -> WireConformanceTest.adapter(http).storageAccounts().get(ACCOUNT));
        assertThat(t).isInstanceOfSatisfying(CmkException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT);
            assertThat(e.httpStatus()).isEqualTo(503);
            assertThat(e.getMessage()).contains("HTTP 503");
        });
    }
}
