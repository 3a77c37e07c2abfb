package dev.cmk.core.internal;

import dev.cmk.api.ApplyFailedException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.UnsafeOperationException;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.KeyVersionSummary;
import dev.cmk.api.spi.KeyVersionUpdate;
import dev.cmk.api.spi.NewKeyVersion;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.core.rotation.DependentProgress;
import dev.cmk.core.rotation.IllegalRotationTransitionException;
import dev.cmk.core.rotation.KeyRotation;
import dev.cmk.core.rotation.RotationListener;
import dev.cmk.core.rotation.RotationOptions;
import dev.cmk.core.rotation.RotationState;
import dev.cmk.core.rotation.RotationStatus;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rotation's effects (not API; see {@link KeyRotation} for the contract). Each step reads Azure once (the version
 * list and the dependents), derives the state with the pure {@link RotationDerivation}, picks the one step for that
 * state, guards it before any write, performs it, and derives the state after it from the write responses. Tags are
 * read and written only through {@link RotationRecord}; dependents are read only through {@link DependentReader};
 * events go out through {@link RotationEvents}. Over 400 lines because the step and the abort share one skeleton
 * (read once, derive, guard, write, derive from the answers) under the per-key lock ({@link KeyLocks}), and
 * splitting the effects from that skeleton would put a safety check and the write it protects in different files.
 */
public final class RotationStateMachine implements KeyRotation {
    private static final DateTimeFormatter ID_DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd")
            .withZone(ZoneOffset.UTC);

    /** The steps, each with the state it leads to (named when it is refused) and the states it is legal from. */
    enum Step {
        CREATE(RotationState.VERSION_CREATED, RotationState.PLANNED),
        MOVE_PINNED(RotationState.PROPAGATING, RotationState.VERSION_CREATED, RotationState.PROPAGATING,
                RotationState.STALLED),
        RECORD_RETIRE_CHOICE(RotationState.PROPAGATED, RotationState.VERSION_CREATED, RotationState.PROPAGATING,
                RotationState.STALLED, RotationState.PROPAGATED),
        RETIRE(RotationState.COMPLETED, RotationState.RETIRING),
        RECORD_COMPLETION(RotationState.COMPLETED, RotationState.COMPLETED),
        NONE(null, RotationState.values());

        private final RotationState target;
        private final Set<RotationState> from;

        Step(RotationState target, RotationState... from) {
            this.target = target;
            this.from = Set.of(from);
        }
    }

    /**
     * The first check of the guard: the step is legal from the state.
     *
     * @throws IllegalRotationTransitionException naming the state and the state the step leads to
     */
    static void checkStepFrom(KeyReference key, Step step, RotationState state) {
        if (!step.from.contains(state)) {
            throw new IllegalRotationTransitionException(key, state, step.target);
        }
    }

    private final KeyVaultProvider keys;
    private final StorageAccountProvider storage;
    private final Clock clock;
    private final KeyReference key;
    private final Dependents dependents;
    private final DependentReader reader;
    private final String id;
    /** The options; the deprecated setters replace them, each step reads them once. */
    private final AtomicReference<RotationOptions> options;
    private final List<RotationListener> globalListeners;
    private final RotationEvents events;
    private final List<RotationListener> listeners = new CopyOnWriteArrayList<>();
    /** Full properties of versions already read by this handle (see full(..)). */
    private final Map<String, KeyVersionProperties> fullProperties = new ConcurrentHashMap<>();
    private final AtomicReference<RotationState> lastObserved = new AtomicReference<>();

    /**
     * Creates a rotation handle. Makes no call.
     *
     * @param keys the key vault port
     * @param storage the storage port
     * @param clock the clock
     * @param key the key (version ignored)
     * @param dependents the dependents, already checked usable
     * @param id the rotation id, or null for {@code rot-<UTC date>}
     * @param options the options
     * @param globalListeners listeners registered for every rotation
     * @throws InvalidInputException if the id breaks its rule
     */
    public RotationStateMachine(KeyVaultProvider keys, StorageAccountProvider storage, Clock clock, KeyReference key,
                                Dependents dependents, String id, RotationOptions options,
                                List<RotationListener> globalListeners) {
        if (id != null && (id.isEmpty() || id.length() > 64 || !id.matches("[A-Za-z0-9._-]+"))) {
            throw new InvalidInputException("rotation id", "a rotation id is 1-64 letters, digits, '.', '_' or '-'",
                    id, "2026-q4");
        }
        this.keys = keys;
        this.storage = storage;
        this.clock = clock;
        this.key = key.versionless();
        this.dependents = Objects.requireNonNull(dependents, "dependents");
        this.reader = new DependentReader(storage, this.key);
        this.id = id != null ? id : "rot-" + ID_DAY.format(clock.instant());
        this.options = new AtomicReference<>(Objects.requireNonNull(options, "options"));
        this.globalListeners = List.copyOf(globalListeners);
        this.events = new RotationEvents(this.key, this.id, this.globalListeners);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public RotationOptions options() {
        return options.get();
    }

    @Override
    public Dependents dependents() {
        return dependents;
    }

    @Override
    @Deprecated
    public KeyRotation retireOldVersions(boolean retire) {
        options.updateAndGet(o -> RotationOptions.from(o).retireOldVersions(retire).build());
        return this;
    }

    @Override
    @Deprecated
    public KeyRotation pickupWindow(Duration window, Duration margin) {
        options.updateAndGet(o -> RotationOptions.from(o).pickupWindow(window, margin).build());
        return this;
    }

    @Override
    @Deprecated
    public KeyRotation requirements(VaultRequirements requirements) {
        options.updateAndGet(o -> RotationOptions.from(o).requirements(requirements).build());
        return this;
    }

    @Override
    public KeyRotation onTransition(RotationListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public RotationStatus status() {
        List<KeyVersionSummary> versions = RotationDerivation.inCreationOrder(keys.listVersions(key));
        return derive(versions, reader.read(dependents), followingRecord(options.get(), versions));
    }

    /**
     * The options a step runs with: the handle's, with the retire choice recorded on this rotation's new version
     * unless the handle's choice is explicit ({@link RotationOptions#retireChoiceExplicit()}).
     */
    private RotationOptions followingRecord(RotationOptions o, List<KeyVersionSummary> versions) {
        if (o.retireChoiceExplicit()) {
            return o;
        }
        return RotationDerivation.versionOf(versions, id).flatMap(v -> RotationRecord.read(v.tags()))
                .filter(r -> r.understood() && r.retire() != o.retireOldVersions())
                .map(r -> RotationOptions.from(o).retireOldVersions(r.retire()).build()).orElse(o);
    }

    private RotationStatus derive(List<KeyVersionSummary> versions, List<StorageAccount> accounts,
                                  RotationOptions options) {
        return RotationDerivation.derive(key, id, versions, v -> Optional.of(full(v)), accounts, clock.instant(),
                options, dependents.describe());
    }

    /**
     * The full properties (type, size, operations) of a listed version: the list carries none of them. Read once
     * per handle for each state of the version's dates and enabled flag, so the requirements are checked on what
     * Key Vault reports now. A version this handle created is known from the create answer, never read again.
     */
    private KeyVersionProperties full(KeyVersionSummary v) {
        return fullProperties.computeIfAbsent(memoKey(v), x -> keys.getKey(v.id()));
    }

    private static String memoKey(KeyVersionSummary v) {
        return v.version() + "@" + v.enabled() + "@" + v.notBefore().map(Object::toString).orElse("") + "@"
                + v.expiresOn().map(Object::toString).orElse("");
    }

    // ------------------------------------------------------------------ stepping

    @Override
    public RotationStatus advance() {
        return step().status;
    }

    /** The outcome of one step. */
    private record Outcome(RotationStatus status, boolean wrote) {
    }

    private Outcome step() {
        return KeyLocks.exclusive(key, () -> {
            List<KeyVersionSummary> versions = RotationDerivation.inCreationOrder(keys.listVersions(key));
            List<StorageAccount> accounts = new ArrayList<>(reader.read(dependents));
            RotationOptions o = followingRecord(options.get(), versions);
            RotationStatus s0 = derive(versions, accounts, o);
            List<String> warnings = new ArrayList<>(observe(s0));
            Step step = choose(s0, versions, o);
            guard(step, s0, versions, accounts, o);
            int writes = 0;
            switch (step) {
                case CREATE -> {
                    versions.add(create(versions, o));
                    writes++;
                }
                case MOVE_PINNED -> {
                    writes += recordRetireChoice(versions, o);
                    writes += movePinned(s0, versions, accounts, o);
                }
                case RECORD_RETIRE_CHOICE -> writes += recordRetireChoice(versions, o);
                case RETIRE -> writes += retire(s0, versions, accounts, warnings, o);
                default -> {
                    // RECORD_COMPLETION is done below for every step that ends COMPLETED; NONE waits
                }
            }
            RotationStatus s1 = derive(versions, accounts, o);
            if (s1.state() == RotationState.COMPLETED) {
                writes += recordCompletion(versions, o);
            }
            if (s1.state() != s0.state()) {
                publish(s0.state(), s1.state(), step == Step.CREATE ? "created version " + s1.newVersion()
                        .orElse("?") : s1.reason());
            }
            lastObserved.set(s1.state());
            return new Outcome(s1.withWarnings(warnings), writes > 0);
        });
    }

    @Override
    public RotationStatus run() {
        int maxSteps = options.get().maxSteps();
        Outcome o = step();
        for (int i = 1; i < maxSteps && !o.status.state().isTerminal(); i++) {
            RotationState before = o.status.state();
            o = step();
            if (!o.wrote && o.status.state() == before) {
                break; // waiting for time to pass or for Azure; another step now would change nothing
            }
        }
        return o.status;
    }

    private Step choose(RotationStatus s, List<KeyVersionSummary> versions, RotationOptions options) {
        Optional<RotationRecord> record = RotationDerivation.versionOf(versions, id)
                .flatMap(v -> RotationRecord.read(v.tags()));
        if (record.isPresent() && !record.get().understood()) {
            return Step.NONE;
        }
        boolean retireChoiceDiffers = record.map(r -> r.retire() != options.retireOldVersions()).orElse(false);
        return switch (s.state()) {
            case PLANNED -> Step.CREATE;
            case VERSION_CREATED, PROPAGATING, STALLED -> s.dependents().stream().anyMatch(RotationStateMachine::toPin)
                    && RotationDerivation.unfit(full(RotationDerivation.versionOf(versions, id).orElseThrow()),
                    options, clock.instant()).isEmpty() ? Step.MOVE_PINNED
                    : retireChoiceDiffers ? Step.RECORD_RETIRE_CHOICE : Step.NONE;
            case PROPAGATED -> retireChoiceDiffers ? Step.RECORD_RETIRE_CHOICE : Step.NONE;
            case RETIRING -> Step.RETIRE;
            case COMPLETED -> Step.RECORD_COMPLETION;
            case ABORTED -> Step.NONE;
        };
    }

    /** The guard: runs before any write; a refusal changes nothing. */
    private void guard(Step step, RotationStatus s, List<KeyVersionSummary> versions,
                       List<StorageAccount> accounts, RotationOptions options) {
        checkStepFrom(key, step, s.state());
        if (step == Step.CREATE) {
            List<String> blockers = RotationDerivation.createBlockers(key, id, versions, accounts, clock.instant(),
                    options, dependents.describe());
            if (!blockers.isEmpty()) {
                throw new UnsafeOperationException(ErrorCode.UNSAFE_OPERATION, "rotation " + id + " will not create "
                        + "a new version: " + String.join("; ", blockers) + ". Nothing was changed.");
            }
        }
        if (step == Step.RETIRE && s.retirable().isEmpty()) {
            throw new IllegalRotationTransitionException(key, s.state(), RotationState.COMPLETED);
        }
    }

    private static boolean toPin(DependentProgress d) {
        return d.usesKey() && !d.autoUpdating() && !d.onNewVersion();
    }

    /** Reports drift: a state this handle last saw that cannot legally lead to the state derived now. */
    private List<String> observe(RotationStatus s) {
        RotationState prev = lastObserved.getAndSet(s.state());
        if (prev == null || prev == s.state()) {
            return List.of();
        }
        if (RotationEvents.isLegal(prev, s.state())) {
            publish(prev, s.state(), s.reason());
            return List.of();
        }
        String detail = "Azure's state moved from " + prev + " to " + s.state() + " without this rotation (for example"
                + " an account was re-pinned by someone else); the rotation goes on from " + s.state();
        publishDrift(prev, s.state(), detail);
        return List.of(detail);
    }

    // ------------------------------------------------------------------ effects

    private KeyVersionSummary create(List<KeyVersionSummary> versions, RotationOptions options) {
        // the list carries no type, size or operations: read them for the version being copied
        KeyVersionProperties current = full(versions.get(versions.size() - 1));
        Map<String, String> tags = RotationRecord.started(id, current.version(), options.retireOldVersions())
                .writeOnto(Map.of());
        Optional<Instant> expiry = current.expiresOn().map(e -> clock.instant().plus(
                Duration.between(current.createdOn(), e)));
        KeyVersionProperties created = keys.createVersion(key, new NewKeyVersion(current.keyType(),
                current.keySize(), current.operations(), expiry, tags));
        KeyVersionSummary summary = KeyVersionSummary.of(created, Optional.empty());
        fullProperties.put(memoKey(summary), created); // the create answer carries type, size and operations
        return summary;
    }

    /** Records the caller's retirement choice on the new version if Azure holds another; returns writes made. */
    private int recordRetireChoice(List<KeyVersionSummary> versions, RotationOptions options) {
        Optional<KeyVersionSummary> n = RotationDerivation.versionOf(versions, id);
        Optional<RotationRecord> r = n.flatMap(v -> RotationRecord.read(v.tags()));
        if (r.isEmpty() || r.get().retire() == options.retireOldVersions()) {
            return 0;
        }
        replace(versions, keys.updateVersion(n.get().id(), KeyVersionUpdate.tags(
                r.get().withRetire(options.retireOldVersions()).writeOnto(n.get().tags()))));
        return 1;
    }

    /** Makes COMPLETED terminal in Azure, so a later restore or re-enable cannot reopen the rotation. */
    private int recordCompletion(List<KeyVersionSummary> versions, RotationOptions options) {
        Optional<KeyVersionSummary> n = RotationDerivation.versionOf(versions, id);
        Optional<RotationRecord> r = n.flatMap(v -> RotationRecord.read(v.tags()));
        if (r.isEmpty() || r.get().completed() || !r.get().understood()) {
            return 0;
        }
        replace(versions, keys.updateVersion(n.get().id(), KeyVersionUpdate.tags(
                r.get().withRetire(options.retireOldVersions()).markCompleted().writeOnto(n.get().tags()))));
        return 1;
    }

    /**
     * Pins each pinned dependent to the new version; each write is verified by the account Azure returns. Accounts
     * of several subscription-regions are moved in parallel groups ({@link RotationOptions#parallelRegions()}),
     * see {@link PinnedMoves}.
     */
    private int movePinned(RotationStatus s0, List<KeyVersionSummary> versions, List<StorageAccount> accounts,
                           RotationOptions options) {
        KeyVersionSummary n = RotationDerivation.versionOf(versions, id).orElseThrow();
        Map<StorageAccountId, Integer> index = indexOf(accounts);
        Map<String, List<Integer>> groups = new java.util.LinkedHashMap<>();
        for (DependentProgress d : s0.dependents()) {
            if (toPin(d)) {
                int i = index.get(d.account());
                groups.computeIfAbsent(d.account().subscriptionId() + "/" + accounts.get(i).location(),
                        g -> new ArrayList<>()).add(i);
            }
        }
        if (groups.size() > 1 && options.parallelRegions() > 1) {
            return PinnedMoves.run(groups.values(), options.parallelRegions(), i -> accounts.get(i).id().name(),
                    i -> accounts.set(i, movePinned(accounts.get(i), n, List.of())),
                    "pinning the dependents of " + key + " to version " + n.version(), "pinned",
                    "Advance the rotation again to move the rest").size();
        }
        // one thread: one account of each subscription-region in turn, so every region's pacing stays busy
        List<String> moved = new ArrayList<>();
        for (int i : PinnedMoves.interleave(new ArrayList<>(groups.values()))) {
            accounts.set(i, movePinned(accounts.get(i), n, moved));
            moved.add(accounts.get(i).id().name());
        }
        return moved.size();
    }

    /** One pinned move, verified by the account Azure returns; {@code movedBefore} only names earlier moves. */
    private StorageAccount movePinned(StorageAccount a, KeyVersionSummary n, List<String> movedBefore) {
        StorageAccount answer = storage.updateEncryption(a.id(), EncryptionUpdate.customerManaged(key,
                VersionPolicy.pinned(n.version()), Statuses.identity(a.encryption()).orElseThrow()));
        Optional<String> pinnedTo = answer.encryption().keyVersion();
        if (!RotationDerivation.usesKey(answer, key) || !pinnedTo.map(n.version()::equals).orElse(false)) {
            throw new ApplyFailedException(ErrorCode.VERIFICATION_FAILED, "Azure accepted pinning "
                    + a.id().name() + " to " + n.version() + " but answered with the account pinned to "
                    + pinnedTo.orElse("auto") + "; accounts moved in this step before it: " + movedBefore
                    + ". Check the account, then advance the rotation again", List.of("pinned " + movedBefore), null);
        }
        return answer;
    }

    /** One move back to {@code from} (abort), verified by the account Azure returns. */
    private StorageAccount moveBack(StorageAccount a, String from, List<String> movedBefore) {
        StorageAccount answer = storage.updateEncryption(a.id(), EncryptionUpdate.customerManaged(key,
                VersionPolicy.pinned(from), Statuses.identity(a.encryption()).orElseThrow()));
        if (!answer.encryption().keyVersion().map(from::equals).orElse(false)) {
            throw new ApplyFailedException(ErrorCode.VERIFICATION_FAILED, "Azure accepted pinning "
                    + a.id().name() + " back to " + from + " but answered with the account pinned to "
                    + answer.encryption().keyVersion().orElse("auto") + "; moved back before it: "
                    + movedBefore + "; the rotation is not marked aborted. Check the account, then abort "
                    + "again", List.of("moved back " + movedBefore), null);
        }
        return answer;
    }

    /**
     * Re-confirms the dependents, then disables the versions still retirable: retirable at the step's start, still
     * retirable for the dependents read now, and used by no unlisted account seen.
     */
    private int retire(RotationStatus s0, List<KeyVersionSummary> versions, List<StorageAccount> accounts,
                       List<String> warnings, RotationOptions options) {
        // the confirmation may refuse (an account cmk cannot read names the vault): it comes before any write
        DependentReader.Confirmation now = reader.confirm(dependents);
        int writes = recordRetireChoice(versions, options);
        accounts.clear();
        accounts.addAll(now.dependents());
        RotationStatus fresh = derive(versions, accounts, options);
        if (fresh.state() != RotationState.RETIRING) {
            String detail = "right before retiring, the dependents read again show the rotation " + fresh.state()
                    + " (" + fresh.reason() + "); nothing was retired";
            warnings.add(detail); // published as drift with the step's outcome
            return writes;
        }
        Map<String, List<String>> spared = new HashMap<>();
        for (StorageAccount u : now.unlisted()) {
            for (String v : RotationDerivation.versionsUsedBy(u, key)) {
                spared.computeIfAbsent(v, x -> new ArrayList<>()).add(u.id().name());
            }
        }
        Set<String> stillRetirable = new HashSet<>(fresh.retirable());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < versions.size(); i++) {
            index.put(versions.get(i).version(), i);
        }
        for (String v : s0.retirable()) {
            if (spared.containsKey(v)) {
                warnings.add("version " + v + " is not retired: accounts outside the declared dependents use it "
                        + spared.get(v) + "; move them, add them to the list, or use Dependents.discoveredIn(..)");
                continue;
            }
            if (!stillRetirable.contains(v)) {
                continue;
            }
            KeyVersionSummary p = versions.get(index.get(v));
            versions.set(index.get(v), KeyVersionSummary.of(keys.updateVersion(p.id(), new KeyVersionUpdate(
                    Optional.of(false), Optional.of(RotationRecord.retiredBy(p.tags(), id)))), Optional.empty()));
            writes++;
        }
        return writes;
    }

    @Override
    public RotationStatus abort() {
        return KeyLocks.exclusive(key, () -> {
            List<KeyVersionSummary> versions = RotationDerivation.inCreationOrder(keys.listVersions(key));
            List<StorageAccount> accounts = new ArrayList<>(reader.read(dependents));
            RotationOptions o = followingRecord(options.get(), versions);
            RotationStatus s0 = derive(versions, accounts, o);
            List<String> warnings = new ArrayList<>(observe(s0));
            Optional<RotationRecord> record = RotationDerivation.versionOf(versions, id)
                    .flatMap(v -> RotationRecord.read(v.tags()));
            if (s0.state() == RotationState.PLANNED || s0.state().isTerminal()
                    || s0.state() == RotationState.RETIRING || record.map(r -> !r.understood()).orElse(true)) {
                throw new IllegalRotationTransitionException(key, s0.state(), RotationState.ABORTED);
            }
            String from = s0.fromVersion().orElseThrow();
            String nv = s0.newVersion().orElseThrow();
            Optional<KeyVersionSummary> fromProps = versions.stream().filter(v -> v.version().equals(from))
                    .findFirst();
            if (fromProps.isEmpty() || !fromProps.get().isUsableAt(clock.instant())) {
                throw new UnsafeOperationException(ErrorCode.UNSAFE_OPERATION, "cannot abort rotation " + id + " of "
                        + key + ": the version to move pinned accounts back to, " + from + ", is disabled, expired "
                        + "or not yet valid, and no account may be pointed at an unusable version. Enable that "
                        + "version, or let the rotation finish. Nothing was changed.");
            }
            Map<StorageAccountId, Integer> index = indexOf(accounts);
            Map<String, List<Integer>> groups = new java.util.LinkedHashMap<>();
            for (DependentProgress d : s0.dependents()) {
                if (d.usesKey() && !d.autoUpdating() && d.configuredVersion().map(nv::equals).orElse(false)) {
                    int i = index.get(d.account());
                    groups.computeIfAbsent(d.account().subscriptionId() + "/" + accounts.get(i).location(),
                            g -> new ArrayList<>()).add(i);
                }
            }
            if (!groups.isEmpty()) {
                List<dev.cmk.api.Violation> unfit = RotationDerivation.unfit(full(fromProps.get()), o, clock.instant());
                if (!unfit.isEmpty()) {
                    throw new dev.cmk.api.RequirementViolatedException("abort of rotation " + id + " of " + key
                            + " (moving " + groups.values().stream().mapToInt(List::size).sum() + " pinned account(s) "
                            + "back to version " + from + ", which now fails the rotation's requirements; fix that "
                            + "version as each violation says and abort again, or let the rotation finish)",
                            new dev.cmk.api.ValidationReport(unfit));
                }
            }
            List<String> movedBack;
            if (groups.size() > 1 && o.parallelRegions() > 1) {
                movedBack = PinnedMoves.run(groups.values(), o.parallelRegions(),
                        i -> accounts.get(i).id().name(), i -> accounts.set(i, moveBack(accounts.get(i), from,
                                List.of())), "moving the dependents of " + key + " back to version " + from
                                + " (abort)", "moved back", "The rotation is not marked aborted; abort again");
            } else {
                movedBack = new ArrayList<>();
                for (int i : PinnedMoves.interleave(new ArrayList<>(groups.values()))) {
                    accounts.set(i, moveBack(accounts.get(i), from, movedBack));
                    movedBack.add(accounts.get(i).id().name());
                }
            }
            KeyVersionSummary n = RotationDerivation.versionOf(versions, id).orElseThrow();
            replace(versions, keys.updateVersion(n.id(), KeyVersionUpdate.tags(record.orElseThrow().markAborted()
                    .writeOnto(n.tags()))));
            RotationStatus s1 = derive(versions, accounts, o);
            publish(s0.state(), s1.state(), "pinned dependents moved back to " + from + ": " + movedBack);
            lastObserved.set(s1.state());
            return s1.withWarnings(warnings);
        });
    }

    private static Map<StorageAccountId, Integer> indexOf(List<StorageAccount> accounts) {
        Map<StorageAccountId, Integer> index = new HashMap<>();
        for (int i = 0; i < accounts.size(); i++) {
            index.put(accounts.get(i).id(), i);
        }
        return index;
    }

    private static void replace(List<KeyVersionSummary> versions, KeyVersionProperties answer) {
        KeyVersionSummary updated = KeyVersionSummary.of(answer, Optional.empty());
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).version().equals(updated.version())) {
                versions.set(i, updated);
                return;
            }
        }
        versions.add(updated);
    }

    // ------------------------------------------------------------------ events

    private void publish(RotationState from, RotationState to, String detail) {
        events.publish(from, to, detail, clock.instant(), listeners);
    }

    private void publishDrift(RotationState from, RotationState to, String detail) {
        events.publishDrift(from, to, detail, clock.instant(), listeners);
    }
}
