package dev.cmk.core.rotation;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import java.util.List;
import java.util.Optional;

/**
 * A rotation's state and everything it was derived from.
 *
 * @param key the rotated key (versionless)
 * @param rotationId the rotation's id
 * @param state the derived state
 * @param fromVersion the version being rotated away from
 * @param newVersion the rotation's new version, once created
 * @param dependents each dependent's progress
 * @param stalledAccounts the auto-updating accounts that did not pick up the new version in time
 * @param retirable old versions that the next step would disable (empty unless retiring)
 * @param reason why the rotation waits or is stalled, in words
 * @param dependentsSource how the dependents were obtained, for example {@code "3 declared, not discovered"}
 * @param warnings what the caller should know but that did not stop the rotation: drift (an account moved by
 *     someone else), versions spared because an unlisted account uses them, a record written by a newer cmk
 */
public record RotationStatus(KeyReference key, String rotationId, RotationState state, Optional<String> fromVersion,
                             Optional<String> newVersion, List<DependentProgress> dependents,
                             List<StorageAccountId> stalledAccounts, List<String> retirable, String reason,
                             String dependentsSource, List<String> warnings) {
    /**
     * Copies the lists.
     *
     * @param key the rotated key (versionless)
     * @param rotationId the rotation's id
     * @param state the derived state
     * @param fromVersion the version being rotated away from
     * @param newVersion the rotation's new version, once created
     * @param dependents each dependent's progress
     * @param stalledAccounts the auto-updating accounts that did not pick up the new version in time
     * @param retirable old versions that the next step would disable
     * @param reason why the rotation waits or is stalled
     * @param dependentsSource how the dependents were obtained
     * @param warnings what did not stop the rotation but should be known
     */
    public RotationStatus {
        dependents = List.copyOf(dependents);
        stalledAccounts = List.copyOf(stalledAccounts);
        retirable = List.copyOf(retirable);
        dependentsSource = dependentsSource == null ? "" : dependentsSource;
        warnings = List.copyOf(warnings);
    }

    /**
     * A status without a dependents source or warnings (the form of earlier releases).
     *
     * @param key the rotated key (versionless)
     * @param rotationId the rotation's id
     * @param state the derived state
     * @param fromVersion the version being rotated away from
     * @param newVersion the rotation's new version, once created
     * @param dependents each dependent's progress
     * @param stalledAccounts the auto-updating accounts that did not pick up the new version in time
     * @param retirable old versions that the next step would disable
     * @param reason why the rotation waits or is stalled
     */
    public RotationStatus(KeyReference key, String rotationId, RotationState state, Optional<String> fromVersion,
                          Optional<String> newVersion, List<DependentProgress> dependents,
                          List<StorageAccountId> stalledAccounts, List<String> retirable, String reason) {
        this(key, rotationId, state, fromVersion, newVersion, dependents, stalledAccounts, retirable, reason, "",
                List.of());
    }

    /**
     * A copy with more warnings.
     *
     * @param more the warnings to add
     * @return the status with the warnings appended
     */
    public RotationStatus withWarnings(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new RotationStatus(key, rotationId, state, fromVersion, newVersion, dependents, stalledAccounts,
                retirable, reason, dependentsSource, all);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Rotation ").append(rotationId).append(" of ").append(key).append(": ")
                .append(state);
        fromVersion.ifPresent(v -> sb.append("\n  from version : ").append(v));
        newVersion.ifPresent(v -> sb.append("\n  new version  : ").append(v));
        for (DependentProgress d : dependents) {
            sb.append("\n  ").append(d.onNewVersion() ? "[x] " : d.usesKey() ? "[ ] " : "[-] ")
                    .append(d.account().name()).append(d.autoUpdating() ? " (auto-update)" : " (pinned)")
                    .append(" uses ").append(d.versionInUse().orElse("(none)"));
        }
        if (!retirable.isEmpty()) {
            sb.append("\n  to retire    : ").append(retirable);
        }
        if (!reason.isEmpty()) {
            sb.append("\n  ").append(reason);
        }
        if (!dependentsSource.isEmpty()) {
            sb.append("\n  dependents   : ").append(dependentsSource);
        }
        for (String w : warnings) {
            sb.append("\n  WARNING: ").append(w);
        }
        return sb.toString();
    }
}
