package dev.cmk.api.internal;

import dev.cmk.api.AccessDeniedException;
import dev.cmk.api.CmkException;
import dev.cmk.api.ConflictException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.ThrottledException;
import java.time.Duration;
import java.util.Map;

/**
 * The one mapping from what Azure answers (HTTP status and error code) to cmk's typed errors, shared by every
 * provider so that the Azure adapter and the in-memory Azure fail the same way for the same cause. Azure's code,
 * message and status are kept on the exception.
 *
 * <p>Not public API: {@code dev.cmk.api.internal} is exported only to cmk's own modules and may change in any release.
 */
public final class AzureErrors {
    private static final Map<String, ErrorCode> BY_AZURE_CODE = Map.ofEntries(
            Map.entry("KeyVaultPolicyError", ErrorCode.VAULT_POLICY),
            Map.entry("KeyVaultAuthenticationFailure", ErrorCode.ACCESS_DENIED),
            Map.entry("KeyVaultAccessTokenCannotBeAcquired", ErrorCode.ACCESS_DENIED),
            Map.entry("ForbiddenByFirewall", ErrorCode.FORBIDDEN_BY_FIREWALL),
            Map.entry("ForbiddenByPolicy", ErrorCode.ACCESS_DENIED),
            Map.entry("Forbidden", ErrorCode.ACCESS_DENIED),
            Map.entry("AuthorizationFailed", ErrorCode.ACCESS_DENIED),
            Map.entry("MissingPrerequisites", ErrorCode.MISSING_PREREQUISITE),
            Map.entry("PropertiesCannotBeUpdatedInSingleOperation", ErrorCode.MISSING_PREREQUISITE),
            Map.entry("StorageAccountOperationInProgress", ErrorCode.OPERATION_IN_PROGRESS),
            Map.entry("OperationInProgress", ErrorCode.OPERATION_IN_PROGRESS),
            Map.entry("Conflict", ErrorCode.CONFLICT),
            Map.entry("TooManyRequests", ErrorCode.THROTTLED),
            Map.entry("Throttled", ErrorCode.THROTTLED),
            Map.entry("KeyNotFound", ErrorCode.NOT_FOUND),
            Map.entry("KeyVaultEncryptionKeyNotFound", ErrorCode.ACCESS_DENIED),
            Map.entry("KeyVaultVaultNotFound", ErrorCode.NOT_FOUND),
            Map.entry("ResourceNotFound", ErrorCode.NOT_FOUND),
            Map.entry("StorageAccountNotFound", ErrorCode.NOT_FOUND),
            Map.entry("ResourceGroupNotFound", ErrorCode.NOT_FOUND),
            Map.entry("KeyVaultKeyInvalid", ErrorCode.MISSING_PREREQUISITE),
            Map.entry("KeyVaultKeyNotFound", ErrorCode.NOT_FOUND),
            Map.entry("VaultNotFound", ErrorCode.NOT_FOUND),
            Map.entry("FeatureNotSupportedForAccount", ErrorCode.MISSING_PREREQUISITE),
            Map.entry("BadParameter", ErrorCode.AZURE_ERROR),
            Map.entry("InternalServerError", ErrorCode.TRANSIENT),
            Map.entry("ServiceUnavailable", ErrorCode.TRANSIENT),
            Map.entry("GatewayTimeout", ErrorCode.TRANSIENT),
            Map.entry("RequestTimeout", ErrorCode.TRANSIENT));

    private AzureErrors() {
    }

    /**
     * Maps an Azure error to cmk's code: Azure's error code first, then the HTTP status (401/403 access denied,
     * 404 not found, 409 conflict, 429 throttled, 408 and 5xx transient).
     *
     * @param httpStatus the HTTP status, or 0 when unknown
     * @param azureCode Azure's error code, or null
     * @return the cmk error code
     */
    public static ErrorCode code(int httpStatus, String azureCode) {
        if (azureCode != null) {
            ErrorCode byCode = BY_AZURE_CODE.get(azureCode);
            if (byCode != null) {
                return byCode;
            }
        }
        if (httpStatus == 401 || httpStatus == 403) {
            return ErrorCode.ACCESS_DENIED;
        }
        if (httpStatus == 404) {
            return ErrorCode.NOT_FOUND;
        }
        if (httpStatus == 409) {
            return ErrorCode.CONFLICT;
        }
        if (httpStatus == 429) {
            return ErrorCode.THROTTLED;
        }
        if (httpStatus == 408 || httpStatus >= 500) {
            return ErrorCode.TRANSIENT;
        }
        return ErrorCode.AZURE_ERROR;
    }

    /**
     * As {@link #code(int, String)}, refined by Azure's message where one code covers several causes: 400
     * {@code InvalidValuesForRequestParameters} naming {@code properties.encryption.identity} is how Storage refuses
     * a user-assigned encryption identity that is not attached to the account, a missing prerequisite (attach the
     * identity first); naming anything else it is a plain Azure error.
     *
     * @param httpStatus the HTTP status, or 0 when unknown
     * @param azureCode Azure's error code, or null
     * @param message Azure's message, or null
     * @return the cmk error code
     */
    public static ErrorCode code(int httpStatus, String azureCode, String message) {
        if (UNATTACHED_IDENTITY_CODE.equals(azureCode) && message != null
                && message.contains("encryption.identity")) {
            return ErrorCode.MISSING_PREREQUISITE;
        }
        return code(httpStatus, azureCode);
    }

    /** Storage's code for a request value it refuses, such as an encryption identity not attached to the account. */
    public static final String UNATTACHED_IDENTITY_CODE = "InvalidValuesForRequestParameters";

    /**
     * Builds the typed exception for an Azure error.
     *
     * @param httpStatus the HTTP status, or 0
     * @param azureCode Azure's error code, or null
     * @param message Azure's message (never contains tokens or key material)
     * @param retryAfter Azure's Retry-After, or null
     * @param cause the underlying exception, or null
     * @return the exception, of the subtype that fits the code
     */
    public static CmkException toException(int httpStatus, String azureCode, String message, Duration retryAfter,
                                           Throwable cause) {
        return toException(dev.cmk.api.AzureErrorDetails.of(azureCode, httpStatus, retryAfter, null), message,
                cause);
    }

    /**
     * Builds the typed exception for an Azure error: the type follows the code ({@code VaultPolicyException} for
     * {@code VAULT_POLICY}, {@code PrerequisiteMissingException} for {@code MISSING_PREREQUISITE},
     * {@code TransientException} for {@code TRANSIENT}, and so on).
     *
     * @param details what Azure said (code, status, Retry-After, request id)
     * @param message Azure's message (never contains tokens or key material)
     * @param cause the underlying exception, or null
     * @return the exception, of the subtype that fits the code
     */
    public static CmkException toException(dev.cmk.api.AzureErrorDetails details, String message, Throwable cause) {
        String azureCode = details.code().orElse(null);
        ErrorCode code = code(details.httpStatus().orElse(0), azureCode, message);
        String text = (azureCode == null ? "" : azureCode + ": ") + message;
        return switch (code) {
            case NOT_FOUND -> new NotFoundException(code, text, details, cause);
            case ACCESS_DENIED, FORBIDDEN_BY_FIREWALL -> new AccessDeniedException(code, text, details, cause);
            case THROTTLED -> new ThrottledException(code, text, details, cause);
            case OPERATION_IN_PROGRESS, CONFLICT -> new ConflictException(code, text, details, cause);
            case VAULT_POLICY -> new dev.cmk.api.VaultPolicyException(text, details, cause);
            case MISSING_PREREQUISITE -> new dev.cmk.api.PrerequisiteMissingException(text, details, cause);
            case TRANSIENT -> new dev.cmk.api.TransientException(text, details, cause);
            default -> new CmkException(code, text, details, cause);
        };
    }
}
