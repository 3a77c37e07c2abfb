package dev.cmk.api.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The managed identities attached to a storage account (top-level {@code identity}).
 *
 * @param systemAssignedPrincipalId the system-assigned identity's principal (object) id, if enabled
 * @param tenantId the tenant of the system-assigned identity, if enabled
 * @param userAssigned the attached user-assigned identities, by lower-case resource id
 */
public record AccountIdentity(Optional<String> systemAssignedPrincipalId, Optional<String> tenantId,
                              Map<String, UserAssignedIdentity> userAssigned) {
    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param systemAssignedPrincipalId the system-assigned identity's principal (object) id, if enabled
     * @param tenantId the tenant of the system-assigned identity, if enabled
     * @param userAssigned the attached user-assigned identities, by lower-case resource id
     */
    public AccountIdentity {
        Objects.requireNonNull(systemAssignedPrincipalId, "systemAssignedPrincipalId");
        Objects.requireNonNull(tenantId, "tenantId");
        Map<String, UserAssignedIdentity> m = new java.util.LinkedHashMap<>();
        userAssigned.forEach((k, v) -> m.put(k.toLowerCase(java.util.Locale.ROOT), v));
        userAssigned = java.util.Collections.unmodifiableMap(m);
    }

    /**
     * An account with no managed identity.
     *
     * @return the empty identity
     */
    public static AccountIdentity none() {
        return new AccountIdentity(Optional.empty(), Optional.empty(), Map.of());
    }

    /**
     * Looks up an attached user-assigned identity.
     *
     * @param resourceId the identity's resource id, any case
     * @return the identity, or empty if not attached
     */
    public Optional<UserAssignedIdentity> userAssigned(String resourceId) {
        return Optional.ofNullable(userAssigned.get(resourceId.toLowerCase(java.util.Locale.ROOT)));
    }

    /**
     * A user-assigned identity as attached to an account.
     *
     * @param principalId its principal (object) id
     * @param clientId its client (application) id
     */
    public record UserAssignedIdentity(String principalId, String clientId) {
    }
}
