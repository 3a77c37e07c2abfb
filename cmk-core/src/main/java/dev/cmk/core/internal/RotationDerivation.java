package dev.cmk.core.internal;

import dev.cmk.api.KeyReference;
import dev.cmk.api.Severity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.Violation;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.KeyVersionSummary;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.core.rotation.DependentProgress;
import dev.cmk.core.rotation.RotationOptions;
import dev.cmk.core.rotation.RotationState;
import dev.cmk.core.rotation.RotationStatus;
import dev.cmk.core.validation.KeyRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The rotation's state as a pure function of what Azure reports (not API): the key's versions with their tags, the
 * dependents as read, the time and the options. No I/O, no clock, no fields: the same inputs give the same status in
 * every process, which is what lets any process resume a rotation. Linear in versions plus dependents.
 */
public final class RotationDerivation {
    private RotationDerivation() {
    }

    /**
     * The versions in creation order, with ties made exact. Key Vault reports creation times in whole seconds and
     * lists versions by id, so two versions created within one second come in an arbitrary order; a version a
     * rotation created names the version it rotated from in its record, so it is placed after that version.
     *
     * @param versions the versions as listed, ordered by creation time
     * @return the versions in creation order
     */
    public static List<KeyVersionSummary> inCreationOrder(List<KeyVersionSummary> versions) {
        List<KeyVersionSummary> out = new ArrayList<>(versions);
        for (int pass = 0; pass < out.size(); pass++) {
            boolean moved = false;
            for (int i = 0; i < out.size(); i++) {
                KeyVersionSummary v = out.get(i);
                Optional<String> from = RotationRecord.read(v.tags()).flatMap(RotationRecord::rotatedFrom);
                if (from.isEmpty()) {
                    continue;
                }
                for (int j = i + 1; j < out.size(); j++) {
                    KeyVersionSummary f = out.get(j);
                    if (f.version().equals(from.get()) && f.createdOn().equals(v.createdOn())) {
                        out.remove(i);
                        out.add(j, v);
                        moved = true;
                        break;
                    }
                }
            }
            if (!moved) {
                break;
            }
        }
        return out;
    }

    /**
     * Derives a rotation's status from the version list as Key Vault lists it (no type, size or operations) and the
     * full properties of the rotation's new version, which the requirements are checked on.
     *
     * @param key the rotated key (versionless)
     * @param rotationId the rotation's id
     * @param versions the key's versions, oldest first
     * @param fullProperties reads the full properties of the version this rotation created; called at most once,
     *     only when that version's record is understood, neither completed nor aborted, and a dependent is not on
     *     it yet (the requirements are checked on them then; empty means not read, and no account is moved to it)
     * @param dependents the dependents as read
     * @param now the time
     * @param options the rotation's options (retire, window, margin, requirements)
     * @param dependentsSource how the dependents were obtained, for the status
     * @return the status
     */
    public static RotationStatus derive(KeyReference key, String rotationId, List<KeyVersionSummary> versions,
                                        Function<KeyVersionSummary, Optional<KeyVersionProperties>> fullProperties,
                                        List<StorageAccount> dependents,
                                        Instant now, RotationOptions options, String dependentsSource) {
        Optional<KeyVersionSummary> nv = versionOf(versions, rotationId);
        Optional<RotationRecord> record = nv.flatMap(v -> RotationRecord.read(v.tags()));
        Optional<String> from = record.flatMap(RotationRecord::rotatedFrom)
                .or(() -> versions.isEmpty() ? Optional.empty() : Optional.of(last(versions).version()));
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < versions.size(); i++) {
            order.put(versions.get(i).version(), i);
        }
        int newIndex = nv.map(v -> order.get(v.version())).orElse(Integer.MAX_VALUE);
        List<DependentProgress> progress = new ArrayList<>(dependents.size());
        for (StorageAccount a : dependents) {
            progress.add(progressOf(a, key, order, newIndex));
        }
        Builder b = new Builder(key, rotationId, from, nv.map(KeyVersionSummary::version), progress,
                dependentsSource);
        if (nv.isEmpty()) {
            List<String> blockers = createBlockers(key, rotationId, versions, dependents, now, options,
                    dependentsSource);
            return b.warnings(blockers).done(RotationState.PLANNED, "the next step creates a new version from "
                    + from.orElse("(no version)") + (blockers.isEmpty() ? "" : ", once nothing blocks it"));
        }
        KeyVersionSummary n = nv.get();
        RotationRecord r = record.orElseThrow();
        if (!r.understood()) {
            return b.warnings(List.of("rotation " + rotationId + " was recorded by a newer cmk (schema " + r.schema()
                    + "; this release reads schema " + RotationRecord.SCHEMA + "); nothing will be changed by this "
                    + "release")).done(RotationState.STALLED, "upgrade cmk to continue rotation " + rotationId);
        }
        if (r.aborted()) {
            return b.done(RotationState.ABORTED, "aborted");
        }
        if (r.completed()) {
            return b.done(RotationState.COMPLETED, "");
        }
        List<DependentProgress> pending = progress.stream().filter(d -> d.usesKey() && !d.onNewVersion()).toList();
        if (pending.isEmpty()) {
            boolean retire = options.retireOldVersions();
            List<String> retirable = retire ? retirable(versions, n, progress) : List.of();
            if (retire && versions.stream().anyMatch(RotationDerivation::revokedAndDisabled)) {
                return b.done(RotationState.PROPAGATED, "the key is revoked: old versions are retired only after a "
                        + "restore");
            }
            if (retirable.isEmpty()) {
                return b.done(RotationState.COMPLETED, "");
            }
            Instant safeAt = n.createdOn().plus(options.pickupWindow()).plus(options.margin());
            b.retirable = retirable;
            if (now.isBefore(safeAt)) {
                return b.done(RotationState.PROPAGATED, "old versions can be retired from " + safeAt
                        + " (pickup window plus margin)");
            }
            return b.done(RotationState.RETIRING, "");
        }
        List<Violation> unfit = fullProperties.apply(n).filter(f -> f.version().equals(n.version()))
                .map(f -> unfit(f, options, now)).orElseGet(() -> List.of(Violation.error(
                        dev.cmk.api.ViolationCode.KEY_NOT_FOUND, n.id().keyId(), "the new version's type, size and "
                        + "operations were not read", "advance the rotation again")));
        if (!unfit.isEmpty()) {
            b.stalled = pending.stream().map(DependentProgress::account).toList();
            return b.done(RotationState.STALLED, "the new version " + n.version() + " fails the requirements, so no "
                    + "account will be moved to it: " + unfit.stream().map(v -> v.code() + " (" + v.remediation()
                    + ")").toList());
        }
        Instant late = n.createdOn().plus(options.pickupWindow()).plus(options.margin());
        List<StorageAccountId> stalled = pending.stream().filter(DependentProgress::autoUpdating)
                .filter(d -> !now.isBefore(late)).map(DependentProgress::account).toList();
        if (!stalled.isEmpty()) {
            b.stalled = stalled;
            return b.done(RotationState.STALLED, "auto-updating accounts " + stalled.stream()
                    .map(StorageAccountId::name).toList() + " have not picked up " + n.version() + " since "
                    + n.createdOn() + " (window " + options.pickupWindow() + " + margin " + options.margin()
                    + "); check their identity's access and the vault firewall");
        }
        boolean anyOnNew = progress.stream().anyMatch(DependentProgress::onNewVersion);
        boolean pinnedPending = pending.stream().anyMatch(d -> !d.autoUpdating());
        return b.done(anyOnNew ? RotationState.PROPAGATING : RotationState.VERSION_CREATED, pinnedPending
                ? "the next step pins the pinned dependents to " + n.version() : "waiting for auto-updating accounts "
                + "to pick up " + n.version() + " (Azure checks about daily; expected by "
                + n.createdOn().plus(options.pickupWindow()) + ")");
    }

    /**
     * Why a new rotation must not create its version now, in words (empty when it may): the key is revoked, another
     * rotation of the key is unfinished, or the key's last rotation created its version within the minimum interval
     * (unless the options force it).
     *
     * @param key the key
     * @param rotationId the new rotation's id
     * @param versions the key's versions, oldest first
     * @param dependents the dependents as read
     * @param now the time
     * @param options the new rotation's options
     * @param dependentsSource how the dependents were obtained
     * @return the blockers
     */
    public static List<String> createBlockers(KeyReference key, String rotationId,
                                              List<KeyVersionSummary> versions, List<StorageAccount> dependents,
                                              Instant now, RotationOptions options, String dependentsSource) {
        List<String> out = new ArrayList<>();
        if (versions.isEmpty()) {
            out.add("key " + key + " has no version to rotate from; create the key first");
        }
        versions.stream().filter(RotationDerivation::revokedAndDisabled).findFirst().ifPresent(v -> out.add("key "
                + key + " is revoked (" + RotationRecord.revocation(v.tags()).orElse("") + "); a new version would "
                + "give auto-updating accounts their access back. Restore the key first, then rotate"));
        Optional<KeyVersionSummary> latest = latestRotationVersion(versions);
        if (latest.isPresent()) {
            RotationRecord other = RotationRecord.read(latest.get().tags()).orElseThrow();
            if (!other.rotationId().equals(rotationId)) {
                // whether it is finished does not depend on its version's fitness (unfit only turns one
                // unfinished state into another), so its full properties are not read
                RotationStatus s = derive(key, other.rotationId(), versions, v -> Optional.empty(), dependents, now,
                        RotationOptions.from(options).retireOldVersions(other.retire()).build(), dependentsSource);
                if (!s.state().isTerminal()) {
                    out.add("rotation " + other.rotationId() + " of " + key + " is not finished (" + s.state()
                            + "); resume it (cmk.key(key).rotation(\"" + other.rotationId() + "\", dependents, "
                            + "options) or resumeRotation(..)) or abort it before starting " + rotationId);
                } else if (!options.force() && now.isBefore(latest.get().createdOn()
                        .plus(options.minimumInterval()))) {
                    out.add("rotation " + other.rotationId() + " of " + key + " created its version "
                            + latest.get().version() + " at " + latest.get().createdOn() + ", less than the minimum "
                            + "interval (" + options.minimumInterval() + ") ago, so " + rotationId + " would be a "
                            + "second new version; wait until " + latest.get().createdOn()
                            .plus(options.minimumInterval()) + ", or pass RotationOptions.custom().force(true)");
                }
            }
        }
        return out;
    }

    /**
     * The id of the key's newest rotation if its completion or abort is not recorded: what a driver that does not
     * know the id should resume. A rotation whose state derives as completed but whose completion tag is missing
     * (a crash between the last retire and the tag) is returned too, so that the driver records its completion
     * instead of starting another rotation.
     *
     * @param versions the key's versions, oldest first
     * @return the rotation id
     */
    public static Optional<String> resumable(List<KeyVersionSummary> versions) {
        return latestRotationVersion(versions).flatMap(v -> RotationRecord.read(v.tags()))
                .filter(r -> !r.completed() && !r.aborted()).map(RotationRecord::rotationId);
    }

    /**
     * The newest version created by a rotation.
     *
     * @param versions the key's versions, oldest first
     * @return the version
     */
    public static Optional<KeyVersionSummary> latestRotationVersion(List<KeyVersionSummary> versions) {
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (versions.get(i).tags().containsKey(RotationTags.ROTATION)) {
                return Optional.of(versions.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * The version a rotation created.
     *
     * @param versions the key's versions
     * @param rotationId the rotation's id
     * @return the version
     */
    public static Optional<KeyVersionSummary> versionOf(List<KeyVersionSummary> versions, String rotationId) {
        for (KeyVersionSummary v : versions) {
            if (rotationId.equals(v.tags().get(RotationTags.ROTATION))) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a version was disabled by a key-wide revoke.
     *
     * @param v the version
     * @return true if disabled and tagged by a revoke
     */
    public static boolean revokedAndDisabled(KeyVersionSummary v) {
        return !v.enabled() && RotationRecord.revocation(v.tags()).isPresent();
    }

    /**
     * Whether an account is configured with the key.
     *
     * @param a the account
     * @param key the key
     * @return true if it uses a customer-managed key that is this key
     */
    public static boolean usesKey(StorageAccount a, KeyReference key) {
        return a.encryption().isCustomerManaged() && a.encryption().key().map(k -> k.sameKeyAs(key)).orElse(false);
    }

    /**
     * The versions an account reports in use or pins, if it uses the key.
     *
     * @param a the account
     * @param key the key
     * @return the versions
     */
    public static Set<String> versionsUsedBy(StorageAccount a, KeyReference key) {
        Set<String> used = new HashSet<>();
        if (usesKey(a, key)) {
            a.encryption().keyVersion().ifPresent(used::add);
            a.encryption().currentVersionedKey().flatMap(KeyReference::version).ifPresent(used::add);
        }
        return used;
    }

    /**
     * The error-level requirement violations of a version (empty when accounts may be pointed at it).
     *
     * @param n the version
     * @param options the options with the requirements
     * @param now the time
     * @return the violations
     */
    public static List<Violation> unfit(KeyVersionProperties n, RotationOptions options, Instant now) {
        return KeyRules.check(n, options.requirements(), now).stream()
                .filter(v -> v.severity() == Severity.ERROR).toList();
    }

    /**
     * Where one dependent stands. An account counts as on the new version when it uses (auto-updating) or pins a
     * version at or after it, so a version the vault's own auto-rotation created later does not stall the rotation.
     */
    private static DependentProgress progressOf(StorageAccount a, KeyReference key, Map<String, Integer> order,
                                                int newIndex) {
        var e = a.encryption();
        boolean usesKey = usesKey(a, key);
        Optional<String> inUse = usesKey ? e.currentVersionedKey().flatMap(KeyReference::version) : Optional.empty();
        boolean auto = usesKey && e.keyVersion().isEmpty();
        Optional<String> relevant = auto ? inUse : e.keyVersion();
        boolean onNew = usesKey && newIndex != Integer.MAX_VALUE && relevant.map(v -> order.getOrDefault(v, -1))
                .map(i -> i >= newIndex).orElse(false);
        return new DependentProgress(a.id(), auto, usesKey ? e.keyVersion() : Optional.empty(), inUse, onNew, usesKey);
    }

    /** Old, enabled versions that no dependent reports in use or pins: the only versions retirement may touch. */
    private static List<String> retirable(List<KeyVersionSummary> versions, KeyVersionSummary newVersion,
                                          List<DependentProgress> progress) {
        Set<String> used = new HashSet<>();
        for (DependentProgress d : progress) {
            d.versionInUse().ifPresent(used::add);
            d.configuredVersion().ifPresent(used::add);
        }
        List<String> out = new ArrayList<>();
        for (KeyVersionSummary v : versions) {
            if (v.version().equals(newVersion.version())) {
                break;
            }
            if (v.enabled() && !used.contains(v.version())) {
                out.add(v.version());
            }
        }
        return out;
    }

    private static KeyVersionSummary last(List<KeyVersionSummary> versions) {
        return versions.get(versions.size() - 1);
    }

    /** Collects a status's parts. */
    private static final class Builder {
        private final KeyReference key;
        private final String id;
        private final Optional<String> from;
        private final Optional<String> newVersion;
        private final List<DependentProgress> progress;
        private final String source;
        private List<StorageAccountId> stalled = List.of();
        private List<String> retirable = List.of();
        private List<String> warnings = List.of();

        Builder(KeyReference key, String id, Optional<String> from, Optional<String> newVersion,
                List<DependentProgress> progress, String source) {
            this.key = key;
            this.id = id;
            this.from = from;
            this.newVersion = newVersion;
            this.progress = progress;
            this.source = source;
        }

        Builder warnings(List<String> w) {
            this.warnings = w;
            return this;
        }

        RotationStatus done(RotationState state, String reason) {
            return new RotationStatus(key, id, state, from, newVersion, progress, stalled, retirable, reason, source,
                    warnings);
        }
    }
}
