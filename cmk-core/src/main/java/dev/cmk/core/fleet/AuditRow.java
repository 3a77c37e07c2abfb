package dev.cmk.core.fleet;

import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountKind;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One account in a fleet audit: what it reports and what was found.
 *
 * @param account the account
 * @param location its region
 * @param kind its kind
 * @param state its encryption state
 * @param keySource its key source
 * @param key the versionless key, when customer-managed
 * @param versionPolicy auto-update or pinned, when customer-managed
 * @param versionInUse the name (32 hexadecimal characters) of the key version Storage uses now, when Azure reports
 *     it: the version segment of its {@code currentVersionedKeyIdentifier}
 * @param versionInUseExpiry the expiry of the version in use, when it has one
 * @param daysToExpiry whole days from the audit's time to that expiry (negative when expired)
 * @param identity the identity Storage uses to reach the key, when customer-managed
 * @param findings what was found, most risky first
 * @param risk the highest risk among the findings ({@link Risk#NONE} without findings)
 */
public record AuditRow(StorageAccountId account, String location, AccountKind kind, EncryptionState state,
                       KeySource keySource, Optional<KeyReference> key, Optional<VersionPolicy> versionPolicy,
                       Optional<String> versionInUse, Optional<Instant> versionInUseExpiry,
                       Optional<Long> daysToExpiry, Optional<ManagedIdentity> identity, List<AuditFinding> findings,
                       Risk risk) {
    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param account the account
     * @param location its region
     * @param kind its kind
     * @param state its encryption state
     * @param keySource its key source
     * @param key the versionless key
     * @param versionPolicy the version policy
     * @param versionInUse the version in use
     * @param versionInUseExpiry its expiry
     * @param daysToExpiry days to that expiry
     * @param identity the encryption identity
     * @param findings the findings
     * @param risk the highest risk
     */
    public AuditRow {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(keySource, "keySource");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionPolicy, "versionPolicy");
        Objects.requireNonNull(versionInUse, "versionInUse");
        Objects.requireNonNull(versionInUseExpiry, "versionInUseExpiry");
        Objects.requireNonNull(daysToExpiry, "daysToExpiry");
        Objects.requireNonNull(identity, "identity");
        findings = List.copyOf(findings);
        Objects.requireNonNull(risk, "risk");
    }
}
