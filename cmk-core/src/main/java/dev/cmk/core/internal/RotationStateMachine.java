package dev.cmk.core.internal;

import dev.cmk.api.ApplyFailedException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.UnsafeOperationException;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.Violation;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.KeyVersionUpdate;
import dev.cmk.api.spi.NewKeyVersion;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.core.rotation.DependentProgress;
import dev.cmk.core.rotation.IllegalRotationTransitionException;
import dev.cmk.core.rotation.KeyRotation;
import dev.cmk.core.rotation.RotationEvent;
import dev.cmk.core.rotation.RotationListener;
import dev.cmk.core.rotation.RotationState;
import dev.cmk.core.rotation.RotationStatus;
import dev.cmk.core.rotation.RotationTransition;
import dev.cmk.core.validation.KeyRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rotation state machine (not API; see {@link KeyRotation} for the contract). It keeps no state that matters
 * between calls except the last state it observed, which only serves the transition guard: everything else is
 * derived from Azure on every call. Over 400 lines because derivation, stepping and abort share one vocabulary
 * (the versions list, the dependents' reads and the tags) and splitting them would scatter the safety rules.
 */
public final class RotationStateMachine implements KeyRotation {
    private static final Logger LOG = LoggerFactory.getLogger(RotationStateMachine.class);
    private static final Map<String, Object> KEY_LOCKS = new ConcurrentHashMap<>();
    private static final DateTimeFormatter ID_DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd")
            .withZone(ZoneOffset.UTC);

    private final KeyVaultProvider keys;
    private final StorageAccountProvider storage;
    private final Clock clock;
    private final KeyReference key;
    private final List<StorageAccountId> dependents;
    private final List<RotationListener> listeners = new CopyOnWriteArrayList<>();
    private volatile String id;
    private volatile Boolean retire;
    private volatile Duration window = Duration.ofHours(24);
    private volatile Duration margin = Duration.ofHours(1);
    private volatile RotationState lastObserved;
    private volatile VaultRequirements requirements = VaultRequirements.azureStorageDefaults();

    /**
     * Creates a rotation.
     *
     * @param keys the key vault port
     * @param storage the storage port
     * @param clock the clock
     * @param key the key (version ignored)
     * @param dependents the accounts that use the key
     * @param id the rotation id, or null to resume the key's unfinished rotation or start a new one
     */
    public RotationStateMachine(KeyVaultProvider keys, StorageAccountProvider storage, Clock clock, KeyReference key,
                                List<StorageAccountId> dependents, String id) {
        this.keys = keys;
        this.storage = storage;
        this.clock = clock;
        this.key = key.versionless();
        this.dependents = List.copyOf(dependents);
        if (id != null && (id.isEmpty() || id.length() > 64 || !id.matches("[A-Za-z0-9._-]+"))) {
            throw new InvalidInputException("rotation id", "a rotation id is 1-64 letters, digits, '.', '_' or '-'",
                    id, "2026-q4");
        }
        this.id = id;
    }

    @Override
    public String id() {
        if (id == null) {
            resolveId();
        }
        return id;
    }

    @Override
    public KeyRotation retireOldVersions(boolean retire) {
        this.retire = retire;
        return this;
    }

    @Override
    public KeyRotation pickupWindow(Duration window, Duration margin) {
        if (window == null || window.isZero() || window.isNegative()) {
            throw new InvalidInputException("pickup window", "the pickup window is positive", String.valueOf(window),
                    "PT24H");
        }
        if (margin == null || margin.isNegative()) {
            throw new InvalidInputException("pickup margin", "the margin is zero or positive", String.valueOf(margin),
                    "PT1H");
        }
        this.window = window;
        this.margin = margin;
        return this;
    }

    @Override
    public KeyRotation requirements(VaultRequirements requirements) {
        this.requirements = java.util.Objects.requireNonNull(requirements, "requirements");
        return this;
    }

    @Override
    public KeyRotation onTransition(RotationListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public RotationStatus status() {
        return derive(keys.listVersions(key), new HashMap<>());
    }

    @Override
    public RotationStatus advance() {
        Map<StorageAccountId, StorageAccount> read = new HashMap<>();
        List<KeyVersionProperties> versions = keys.listVersions(key);
        RotationStatus s0 = observe(derive(versions, read));
        RotationState stepFrom = s0.state();
        List<StorageAccountId> moved = new ArrayList<>();
        switch (s0.state()) {
            case PLANNED -> {
                Optional<KeyVersionProperties> created = createVersion(s0);
                created.ifPresent(c -> publish(RotationTransition.check(key, RotationState.PLANNED,
                        RotationState.VERSION_CREATED), "created version " + c.version()));
                stepFrom = created.isPresent() ? RotationState.VERSION_CREATED : RotationState.PLANNED;
            }
            case VERSION_CREATED, PROPAGATING, STALLED -> {
                recordRetireFlag(versions);
                moved = movePinned(s0, read, versions);
            }
            case PROPAGATED -> recordRetireFlag(versions);
            case RETIRING -> {
                recordRetireFlag(versions);
                if (retire == null || retire) {
                    retire(s0, versions);
                }
            }
            default -> {
                markCompleted(s0, versions);
                return s0;
            }
        }
        List<KeyVersionProperties> after = keys.listVersions(key);
        RotationStatus s1 = derive(after, new HashMap<>());
        for (StorageAccountId a : moved) {
            boolean ok = s1.dependents().stream().anyMatch(d -> d.account().equals(a) && d.onNewVersion());
            if (!ok) {
                throw new ApplyFailedException(ErrorCode.VERIFICATION_FAILED, "Azure accepted pinning "
                        + a.name() + " to " + s1.newVersion().orElse("?") + " but the re-read shows "
                        + s1.dependents().stream().filter(d -> d.account().equals(a)).findFirst()
                        .map(d -> "it pinned to " + d.configuredVersion().orElse("auto")).orElse("no such account")
                        + "; nothing else was changed. Check the account, then advance the rotation again",
                        List.of("pinned " + moved), null);
            }
        }
        if (stepFrom == RotationState.PLANNED && s1.state() != RotationState.PLANNED
                && s1.state() != RotationState.VERSION_CREATED) {
            stepFrom = RotationState.VERSION_CREATED; // a concurrent caller created the version and moved on
        }
        if (s1.state() != stepFrom) {
            publish(RotationTransition.check(key, stepFrom, s1.state()), s1.reason());
        }
        markCompleted(s1, after);
        lastObserved = s1.state();
        return s1;
    }

    @Override
    public RotationStatus run() {
        RotationStatus s = advance();
        for (int i = 0; i < 10 && !s.state().isTerminal(); i++) {
            RotationState before = s.state();
            s = advance();
            if (s.state() == before && waiting(s)) {
                return s;
            }
        }
        return s;
    }

    @Override
    public RotationStatus abort() {
        Map<StorageAccountId, StorageAccount> read = new HashMap<>();
        List<KeyVersionProperties> versions = keys.listVersions(key);
        RotationStatus s0 = observe(derive(versions, read));
        if (s0.state() == RotationState.PLANNED || s0.state().isTerminal() || s0.state() == RotationState.RETIRING) {
            throw new IllegalRotationTransitionException(key, s0.state(), RotationState.ABORTED);
        }
        String from = s0.fromVersion().orElseThrow();
        String nv = s0.newVersion().orElseThrow();
        KeyVersionProperties fromProps = versions.stream().filter(v -> v.version().equals(from)).findFirst()
                .orElseThrow();
        if (!fromProps.isUsableAt(clock.instant())) {
            throw new UnsafeOperationException(ErrorCode.UNSAFE_OPERATION, "cannot abort rotation " + id + " of "
                    + key + ": the version to move pinned accounts back to, " + from + ", is disabled, expired or "
                    + "not yet valid, and no account may be pointed at an unusable version. Enable that version, or "
                    + "let the rotation finish. Nothing was changed.");
        }
        List<StorageAccountId> movedBack = new ArrayList<>();
        for (DependentProgress d : s0.dependents()) {
            if (d.usesKey() && !d.autoUpdating() && d.configuredVersion().map(nv::equals).orElse(false)) {
                StorageAccount a = read.get(d.account());
                storage.updateEncryption(d.account(), EncryptionUpdate.customerManaged(key, VersionPolicy.pinned(from),
                        Statuses.identity(a.encryption()).orElseThrow()));
                movedBack.add(d.account());
            }
        }
        KeyVersionProperties n = newVersionOf(versions).orElseThrow();
        Map<String, String> tags = new HashMap<>(n.tags());
        tags.put(RotationTags.ABORTED, "true");
        keys.updateVersion(n.id(), KeyVersionUpdate.tags(tags));
        RotationStatus s1 = status();
        for (StorageAccountId a : movedBack) {
            if (s1.dependents().stream().noneMatch(d -> d.account().equals(a) && d.configuredVersion()
                    .map(from::equals).orElse(false))) {
                throw new ApplyFailedException(ErrorCode.VERIFICATION_FAILED, "Azure accepted pinning " + a.name()
                        + " back to " + from + " but the re-read shows otherwise; the rotation is marked aborted. "
                        + "Check the account and pin it yourself", List.of("moved back " + movedBack,
                        "tagged aborted"), null);
            }
        }
        publish(RotationTransition.check(key, s0.state(), s1.state()), "pinned dependents moved back to " + from
                + ": " + movedBack.stream().map(StorageAccountId::name).toList());
        lastObserved = s1.state();
        return s1;
    }

    // ------------------------------------------------------------------ derivation

    /** Derives the state from the versions and one read per dependent, which it leaves in {@code read}. */
    private RotationStatus derive(List<KeyVersionProperties> versions, Map<StorageAccountId, StorageAccount> read) {
        if (id == null) {
            resolveId();
        }
        Instant now = clock.instant();
        Optional<KeyVersionProperties> nv = newVersionOf(versions);
        Optional<String> from = nv.map(v -> v.tags().get(RotationTags.ROTATED_FROM))
                .or(() -> versions.isEmpty() ? Optional.empty() : Optional.of(last(versions).version()));
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < versions.size(); i++) {
            order.put(versions.get(i).version(), i);
        }
        int newIndex = nv.map(v -> order.get(v.version())).orElse(Integer.MAX_VALUE);
        List<DependentProgress> progress = new ArrayList<>();
        for (StorageAccountId dep : dependents) {
            StorageAccount a = storage.get(dep);
            read.put(dep, a);
            progress.add(progressOf(a, order, newIndex));
        }
        if (nv.isEmpty()) {
            return status(RotationState.PLANNED, from, nv, progress, List.of(), List.of(), "the next step creates a "
                    + "new version from " + from.orElse("(no version)"));
        }
        KeyVersionProperties n = nv.get();
        if ("true".equals(n.tags().get(RotationTags.ABORTED))) {
            return status(RotationState.ABORTED, from, nv, progress, List.of(), List.of(), "aborted");
        }
        if ("true".equals(n.tags().get(RotationTags.COMPLETED))) {
            return status(RotationState.COMPLETED, from, nv, progress, List.of(), List.of(), "");
        }
        List<DependentProgress> pending = progress.stream().filter(d -> d.usesKey() && !d.onNewVersion()).toList();
        if (pending.isEmpty()) {
            boolean wantRetire = retire != null ? retire : "true".equals(n.tags().get(RotationTags.RETIRE));
            List<String> retirable = wantRetire ? retirable(versions, n, progress) : List.of();
            boolean revoked = versions.stream().anyMatch(RotationStateMachine::revokedAndDisabled);
            if (wantRetire && revoked) {
                return status(RotationState.PROPAGATED, from, nv, progress, List.of(), List.of(), "the key is "
                        + "revoked: old versions are retired only after a restore");
            }
            if (retirable.isEmpty()) {
                return status(RotationState.COMPLETED, from, nv, progress, List.of(), List.of(), "");
            }
            Instant safeAt = n.createdOn().plus(window).plus(margin);
            if (now.isBefore(safeAt)) {
                return status(RotationState.PROPAGATED, from, nv, progress, List.of(), retirable, "old versions can "
                        + "be retired from " + safeAt + " (pickup window plus margin)");
            }
            return status(RotationState.RETIRING, from, nv, progress, List.of(), retirable, "");
        }
        boolean anyOnNew = progress.stream().anyMatch(DependentProgress::onNewVersion);
        RotationState moving = anyOnNew ? RotationState.PROPAGATING : RotationState.VERSION_CREATED;
        List<Violation> unfit = unfit(n);
        if (!unfit.isEmpty()) {
            return status(RotationState.STALLED, from, nv, progress, pending.stream().map(DependentProgress::account)
                    .toList(), List.of(), "the new version " + n.version() + " fails the requirements, so no account "
                    + "will be moved to it: " + unfit.stream().map(v -> v.code() + " (" + v.remediation() + ")")
                    .toList());
        }
        Instant late = n.createdOn().plus(window).plus(margin);
        List<StorageAccountId> stalled = pending.stream().filter(DependentProgress::autoUpdating)
                .filter(d -> !now.isBefore(late)).map(DependentProgress::account).toList();
        if (!stalled.isEmpty()) {
            return status(RotationState.STALLED, from, nv, progress, stalled, List.of(), "auto-updating accounts "
                    + stalled.stream().map(StorageAccountId::name).toList() + " have not picked up " + n.version()
                    + " since " + n.createdOn() + " (window " + window + " + margin " + margin + "); check their "
                    + "identity's access and the vault firewall");
        }
        boolean pinnedPending = pending.stream().anyMatch(d -> !d.autoUpdating());
        return status(moving, from, nv, progress, List.of(), List.of(), pinnedPending ? "the next step pins the "
                + "pinned dependents to " + n.version() : "waiting for auto-updating accounts to pick up "
                + n.version() + " (Azure checks about daily; expected by " + n.createdOn().plus(window) + ")");
    }

    private RotationStatus status(RotationState state, Optional<String> from, Optional<KeyVersionProperties> nv,
                                  List<DependentProgress> progress, List<StorageAccountId> stalled,
                                  List<String> retirable, String reason) {
        return new RotationStatus(key, id, state, from, nv.map(KeyVersionProperties::version), progress, stalled,
                retirable, reason);
    }

    /** The error-level requirement violations of the new version (empty when accounts may be pointed at it). */
    private List<Violation> unfit(KeyVersionProperties n) {
        return KeyRules.check(n, requirements, clock.instant()).stream()
                .filter(v -> v.severity() == dev.cmk.api.Severity.ERROR).toList();
    }

    /**
     * Where one dependent stands. An account counts as on the new version when it uses (auto-updating) or pins a
     * version at or after it, so a version the vault's own auto-rotation created later does not stall the rotation.
     */
    private DependentProgress progressOf(StorageAccount a, Map<String, Integer> order, int newIndex) {
        var e = a.encryption();
        boolean usesKey = e.isCustomerManaged() && e.key().map(k -> k.sameKeyAs(key)).orElse(false);
        Optional<String> inUse = usesKey ? e.currentVersionedKey().flatMap(KeyReference::version) : Optional.empty();
        boolean auto = usesKey && e.keyVersion().isEmpty();
        Optional<String> relevant = auto ? inUse : e.keyVersion();
        boolean onNew = usesKey && newIndex != Integer.MAX_VALUE && relevant.map(v -> order.getOrDefault(v, -1))
                .map(i -> i >= newIndex).orElse(false);
        return new DependentProgress(a.id(), auto, usesKey ? e.keyVersion() : Optional.empty(), inUse, onNew, usesKey);
    }

    /** Old, enabled versions that no dependent reports in use or pins: the only versions retirement may touch. */
    private static List<String> retirable(List<KeyVersionProperties> versions, KeyVersionProperties newVersion,
                                          List<DependentProgress> progress) {
        Set<String> used = new HashSet<>();
        for (DependentProgress d : progress) {
            d.versionInUse().ifPresent(used::add);
            d.configuredVersion().ifPresent(used::add);
        }
        List<String> out = new ArrayList<>();
        for (KeyVersionProperties v : versions) {
            if (v.version().equals(newVersion.version())) {
                break;
            }
            if (v.enabled() && !used.contains(v.version())) {
                out.add(v.version());
            }
        }
        return out;
    }

    private Optional<KeyVersionProperties> newVersionOf(List<KeyVersionProperties> versions) {
        return versions.stream().filter(v -> id.equals(v.tags().get(RotationTags.ROTATION))).findFirst();
    }

    private static boolean revokedAndDisabled(KeyVersionProperties v) {
        return !v.enabled() && v.tags().containsKey(RotationTags.REVOKED_BY);
    }

    /**
     * The default id, {@code rot-<UTC date>}: a re-run on the same day finds the rotation it started (finished or
     * not) instead of creating another version; a second rotation of the same key on one day needs an explicit id.
     */
    private void resolveId() {
        this.id = "rot-" + ID_DAY.format(clock.instant());
    }

    /**
     * The key's unfinished rotation, if any: the latest version carrying a rotation tag, if that rotation is neither
     * completed nor aborted (not API; used by resume and by the one-rotation-at-a-time guard).
     */
    public static Optional<String> unfinishedRotationId(KeyVaultProvider keys, StorageAccountProvider storage,
                                                        Clock clock, KeyReference key,
                                                        List<StorageAccountId> dependents) {
        return unfinished(keys.listVersions(key), keys, storage, clock, key, dependents, null);
    }

    private static Optional<String> unfinished(List<KeyVersionProperties> versions, KeyVaultProvider keys,
                                               StorageAccountProvider storage, Clock clock, KeyReference key,
                                               List<StorageAccountId> dependents, String except) {
        for (int i = versions.size() - 1; i >= 0; i--) {
            String tagged = versions.get(i).tags().get(RotationTags.ROTATION);
            if (tagged != null && !tagged.equals(except)) {
                RotationStateMachine other = new RotationStateMachine(keys, storage, clock, key, dependents, tagged);
                return other.derive(versions, new HashMap<>()).state().isTerminal() ? Optional.empty()
                        : Optional.of(tagged);
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ steps

    private Optional<KeyVersionProperties> createVersion(RotationStatus s0) {
        Object lock = KEY_LOCKS.computeIfAbsent(key.keyId().toLowerCase(Locale.ROOT), k -> new Object());
        synchronized (lock) {
            List<KeyVersionProperties> versions = keys.listVersions(key);
            if (newVersionOf(versions).isPresent()) {
                return Optional.empty();
            }
            Optional<KeyVersionProperties> revoked = versions.stream().filter(RotationStateMachine::revokedAndDisabled)
                    .findFirst();
            if (revoked.isPresent()) {
                throw new UnsafeOperationException(ErrorCode.UNSAFE_OPERATION, "key " + key + " is revoked ("
                        + revoked.get().tags().get(RotationTags.REVOKED_BY) + "); a new version would give "
                        + "auto-updating accounts their access back. Restore the key first, then rotate. Nothing was "
                        + "changed.");
            }
            // One unfinished rotation per key: never start a second one over it.
            Optional<String> unfinished = unfinished(versions, keys, storage, clock, key, dependents, id);
            if (unfinished.isPresent()) {
                throw new UnsafeOperationException(ErrorCode.UNSAFE_OPERATION, "rotation "
                        + unfinished.get() + " of " + key + " is not finished; resume it (cmk.key(key).rotation(\""
                        + unfinished.get() + "\", dependents) or resumeRotation(..)) or abort it before starting "
                        + id + ". Nothing was changed.");
            }
            KeyVersionProperties current = last(versions);
            Map<String, String> tags = new HashMap<>();
            tags.put(RotationTags.ROTATION, id);
            tags.put(RotationTags.ROTATED_FROM, current.version());
            tags.put(RotationTags.RETIRE, Boolean.toString(Boolean.TRUE.equals(retire)));
            Optional<Instant> expiry = current.expiresOn().map(e -> clock.instant().plus(
                    Duration.between(current.createdOn(), e)));
            return Optional.of(keys.createVersion(key, new NewKeyVersion(current.keyType(), current.keySize(),
                    current.operations(), expiry, tags)));
        }
    }

    /** Records the caller's retirement choice on the new version, if it differs from what Azure has. */
    private void recordRetireFlag(List<KeyVersionProperties> versions) {
        Optional<KeyVersionProperties> n = newVersionOf(versions);
        if (retire == null || n.isEmpty() || Boolean.toString(retire).equals(n.get().tags().get(RotationTags.RETIRE))) {
            return;
        }
        Map<String, String> tags = new HashMap<>(n.get().tags());
        tags.put(RotationTags.RETIRE, Boolean.toString(retire));
        keys.updateVersion(n.get().id(), KeyVersionUpdate.tags(tags));
    }

    /** Makes COMPLETED terminal in Azure, so a later restore or re-enable cannot reopen the rotation. */
    private void markCompleted(RotationStatus s, List<KeyVersionProperties> versions) {
        if (s.state() != RotationState.COMPLETED) {
            return;
        }
        newVersionOf(versions).filter(n -> !"true".equals(n.tags().get(RotationTags.COMPLETED))).ifPresent(n -> {
            Map<String, String> tags = new HashMap<>(n.tags());
            tags.put(RotationTags.COMPLETED, "true");
            keys.updateVersion(n.id(), KeyVersionUpdate.tags(tags));
        });
    }

    private List<StorageAccountId> movePinned(RotationStatus s0, Map<StorageAccountId, StorageAccount> read,
                                              List<KeyVersionProperties> versions) {
        List<StorageAccountId> moved = new ArrayList<>();
        KeyVersionProperties n = newVersionOf(versions).orElseThrow();
        if (!unfit(n).isEmpty()) {
            return moved; // never point an account at a version that fails the requirements
        }
        for (DependentProgress d : s0.dependents()) {
            if (d.usesKey() && !d.autoUpdating() && !d.onNewVersion()) {
                StorageAccount a = read.get(d.account());
                storage.updateEncryption(d.account(), EncryptionUpdate.customerManaged(key,
                        VersionPolicy.pinned(n.version()), Statuses.identity(a.encryption()).orElseThrow()));
                moved.add(d.account());
            }
        }
        return moved;
    }

    private void retire(RotationStatus s0, List<KeyVersionProperties> versions) {
        for (String v : s0.retirable()) {
            KeyVersionProperties p = versions.stream().filter(x -> x.version().equals(v)).findFirst().orElseThrow();
            Map<String, String> tags = new HashMap<>(p.tags());
            tags.put(RotationTags.RETIRED_BY, id);
            keys.updateVersion(p.id(), new KeyVersionUpdate(Optional.of(false), Optional.of(tags)));
        }
    }

    // ------------------------------------------------------------------ transitions and events

    private RotationStatus observe(RotationStatus s) {
        RotationState prev = lastObserved;
        if (prev != null && prev != s.state()) {
            publish(RotationTransition.check(key, prev, s.state()), s.reason());
        }
        lastObserved = s.state();
        return s;
    }

    private void publish(RotationTransition t, String detail) {
        LOG.debug("rotation {} of {}: {} -> {} {}", id, key, t.from(), t.to(), detail);
        RotationEvent event = new RotationEvent(key, id, t, clock.instant(), detail);
        for (RotationListener l : listeners) {
            try {
                l.onTransition(event);
            } catch (RuntimeException e) {
                LOG.warn("rotation listener failed on {} -> {} for {}; the rotation goes on", t.from(), t.to(), key, e);
            }
        }
    }

    private static boolean waiting(RotationStatus s) {
        return s.state() == RotationState.PROPAGATED || s.state() == RotationState.STALLED
                || s.state() == RotationState.PROPAGATING || s.state() == RotationState.VERSION_CREATED;
    }

    private static KeyVersionProperties last(List<KeyVersionProperties> versions) {
        return versions.get(versions.size() - 1);
    }
}
