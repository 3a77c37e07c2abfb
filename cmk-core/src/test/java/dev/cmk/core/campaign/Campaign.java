package dev.cmk.core.campaign;

import dev.cmk.api.CmkException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.RevocationPlan;
import dev.cmk.core.internal.RotationTags;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.core.rotation.KeyRotation;
import dev.cmk.core.rotation.RotationOptions;
import dev.cmk.testkit.Faults;
import dev.cmk.testkit.InMemoryAzure;
import dev.cmk.testkit.VirtualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Runs schedules of operations over several accounts sharing two keys, with random faults and crashes, and checks
 * DESIGN.md's safety invariants after every step and at the end. A fifth account, the outsider, is in the same
 * subscription but in no declared list; a step pins it to the key's old version, and it must never be locked out
 * without a confirmed revoke either.
 *
 * <p>The model (schedule, steps, world, invariants) is shared: this module's {@link SafetyCampaignTest} runs it on
 * the in-memory providers, and cmk-azure-testkit's full-stack campaign runs it through
 * {@code AzureCustomerManagedKeys}, the Azure SDK and {@code WireFake} by giving the world another {@link Layer}.
 */
public final class Campaign {
    /** Accounts in every world. */
    public static final int ACCOUNTS = 4;
    /** Keys in every world. */
    public static final int KEYS = 2;

    private static final boolean DEBUG = Boolean.getBoolean("cmk.campaign.debug");

    /** Faults injected so far (in-memory and layer faults). */
    public long faultsInjected;
    /** Simulated crashes so far. */
    public long crashes;
    /** Steps run so far. */
    public long steps;

    /**
     * The stack a campaign drives over the world's in-memory Azure: how cmk is built, and any faults the stack
     * adds on top of the in-memory ones.
     */
    public interface Layer {
        /**
         * A fresh entry point, as a restarted process would build it.
         *
         * @return cmk over this layer
         */
        CustomerManagedKeys cmk();

        /**
         * Arms this layer's faults for one step, seeded by the step alone.
         *
         * @param step the step
         */
        default void arm(Step step) {
        }

        /** Clears this layer's faults. */
        default void disarm() {
        }

        /**
         * Faults this layer injected so far.
         *
         * @return the count
         */
        default long injected() {
            return 0;
        }

        /**
         * Indexes in {@code azure.history()} of writes whose answer this layer lost after they took effect.
         *
         * @return the indexes
         */
        default Set<Integer> lostWriteEvents() {
            return Set.of();
        }
    }

    /**
     * A seeded schedule.
     *
     * @param seed the seed
     * @param length the number of steps
     * @return the steps
     */
    public static List<Step> schedule(long seed, int length) {
        Random r = new Random(seed);
        List<Step> out = new ArrayList<>();
        int rotations = 0;
        for (int i = 0; i < length; i++) {
            double faultRate = r.nextInt(3) == 0 ? 0.15 : 0;
            int crash = r.nextInt(8) == 0 ? r.nextInt(10) : -1;
            long fs = r.nextLong();
            int a = r.nextInt(ACCOUNTS);
            int k = r.nextInt(KEYS);
            Step.Op op = Step.Op.values()[weighted(r)];
            String rotationId = "";
            if (op == Step.Op.ROTATE) {
                int choice = r.nextInt(5);
                // the daily default id, resume whatever is unfinished, resume the previous id, or a new id
                rotationId = choice == 0 ? "" : choice == 1 ? "resume"
                        : "r" + (choice == 2 && rotations > 0 ? rotations : ++rotations);
            }
            out.add(new Step(op, a, k, r.nextBoolean(), r.nextBoolean(), 1 + r.nextInt(30), rotationId,
                    op == Step.Op.ADVANCE_TIME ? 0 : faultRate, op == Step.Op.ADVANCE_TIME ? -1 : crash, fs));
        }
        return out;
    }

    private static int weighted(Random r) {
        int[] weights = {5, 1, 4, 4, 1, 1, 1, 1, 2};
        int total = 20;
        int x = r.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return 0;
    }

    /** The world of one run. */
    public static final class World {
        /** The state every layer serves. */
        public final InMemoryAzure azure;
        final List<KeyReference> keys = new ArrayList<>();
        final List<StorageAccountId> accounts = new ArrayList<>();
        /** An account in the same subscription that no declared list names. */
        final StorageAccountId outsider;
        /**
         * Per key index, the accounts a key-wide revoke that took effect cut off: exactly the blast radius its
         * confirmation named. Recorded only once Azure shows the revoke took effect, cleared once a restore did.
         */
        final Map<Integer, Set<StorageAccountId>> revokedKeys = new HashMap<>();
        /** "account|key" of per-account revokes whose grant removal took effect (the confirmation named only it). */
        final Set<String> revokedAccess = new HashSet<>();
        final Layer layer;

        /**
         * A world whose cmk runs on the in-memory providers.
         *
         * @param seed the seed of ids and in-memory faults
         */
        public World(long seed) {
            this(seed, null);
        }

        /**
         * A world whose cmk runs on the given layer over its in-memory Azure.
         *
         * @param seed the seed of ids and in-memory faults
         * @param layer builds the layer over the world's Azure, or null for the in-memory providers
         */
        public World(long seed, java.util.function.Function<InMemoryAzure, Layer> layer) {
            azure = InMemoryAzure.create(new VirtualClock(Instant.parse("2026-01-01T00:00:00Z")), seed);
            URI vault = azure.vault("contoso").create();
            for (int k = 0; k < KEYS; k++) {
                keys.add(azure.key(vault, "key" + k).create().versionless());
            }
            for (int a = 0; a < ACCOUNTS; a++) {
                StorageAccountId id = azure.account("account" + a).systemAssignedIdentity().create();
                accounts.add(id);
                for (KeyReference k : keys) {
                    azure.grantAccess(k, azure.systemPrincipal(id));
                }
            }
            outsider = azure.account("outsider").systemAssignedIdentity().create();
            for (KeyReference k : keys) {
                azure.grantAccess(k, azure.systemPrincipal(outsider));
            }
            this.layer = layer == null ? inMemory(azure) : layer.apply(azure);
        }

        private static Layer inMemory(InMemoryAzure azure) {
            return () -> CustomerManagedKeys.builder().keyVaults(azure.keyVaults())
                    .storageAccounts(azure.storageAccounts()).keyAccess(azure.keyAccess()).clock(azure.clock())
                    .build();
        }

        /** The four accounts, declared as dependents (with the acknowledgement), or discovery in the subscription. */
        Dependents dependents(boolean discover) {
            return discover ? Dependents.discoveredIn(Scope.subscription(InMemoryAzure.DEFAULT_SUBSCRIPTION))
                    : Dependents.declared(accounts).acknowledgingUnlistedAccountsMayLoseAccess();
        }

        /** Every account whose access the invariants watch: the four and the outsider. */
        List<StorageAccountId> allAccounts() {
            List<StorageAccountId> all = new ArrayList<>(accounts);
            all.add(outsider);
            return all;
        }

        CustomerManagedKeys cmk() {
            return layer.cmk();
        }
    }

    /**
     * Runs the steps.
     *
     * @param seed the schedule's seed (for messages)
     * @param schedule the steps
     * @param w the world
     * @param withFaults whether to inject the steps' faults
     * @return the first invariant violation, or null
     */
    public String run(long seed, List<Step> schedule, World w, boolean withFaults) {
        for (int i = 0; i < schedule.size(); i++) {
            Step s = schedule.get(i);
            steps++;
            if (withFaults && (s.faultRate() > 0 || s.crashAfter() >= 0)) {
                w.azure.faults().reseed(s.faultSeed());
                w.azure.faults().random(s.faultRate());
                w.azure.faults().crashAfter(s.crashAfter());
                w.layer.arm(s);
            }
            long before = w.azure.faults().injected() + w.layer.injected();
            boolean done = false;
            for (int attempt = 0; attempt < 4 && !done; attempt++) {
                if (attempt == 3) {
                    w.azure.faults().clear();
                    w.layer.disarm();
                }
                try {
                    perform(s, w, w.cmk());
                    done = true;
                } catch (Faults.SimulatedCrash crash) {
                    crashes++;
                } catch (CmkException e) {
                    if (DEBUG) {
                        System.out.println("  step " + (i + 1) + " (" + s + ") attempt " + attempt + ": " + e);
                    }
                    if (!e.isRetryable() && !(e.getCause() instanceof CmkException c && c.isRetryable())) {
                        done = true; // a refusal (requirement violated, unsafe operation): the step is over
                    }
                }
            }
            w.azure.faults().clear();
            w.layer.disarm();
            faultsInjected += w.azure.faults().injected() + w.layer.injected() - before;
            String violation = Invariants.check(w);
            if (violation != null) {
                return "after step " + (i + 1) + " (" + s + "): " + violation;
            }
        }
        return null;
    }

    static void perform(Step s, World w, CustomerManagedKeys cmk) {
        StorageAccountId a = w.accounts.get(s.account());
        KeyReference k = w.keys.get(s.key());
        switch (s.op()) {
            case CONFIGURE -> {
                KeyReference ref = k;
                if (s.pinned()) {
                    List<KeyVersionProperties> vs = w.azure.inspect().versions(k);
                    ref = vs.get(vs.size() - 1).id();
                }
                cmk.storageAccount(a).useCustomerManagedKey(ref).apply();
            }
            case MICROSOFT_MANAGED -> cmk.storageAccount(a).useMicrosoftManagedKeys().apply();
            case ROTATE -> {
                Dependents deps = w.dependents(s.pinned());
                RotationOptions options = RotationOptions.custom().retireOldVersions(s.retire())
                        .minimumInterval(Duration.ofHours(s.hours())).build();
                if (s.rotationId().equals("resume")) {
                    cmk.key(k).resumeRotation(deps, options).ifPresent(KeyRotation::run);
                } else {
                    (s.rotationId().isEmpty() ? cmk.key(k).rotation(deps, options)
                            : cmk.key(k).rotation(s.rotationId() + "-k" + s.key(), deps, options)).run();
                }
            }
            case CONFIGURE_OUTSIDER -> {
                // pinned to the old version: the newest enabled version before the newest, which a rotation retires
                List<KeyVersionProperties> vs = w.azure.inspect().versions(k);
                KeyVersionProperties old = vs.get(vs.size() - 1);
                for (int i = vs.size() - 2; i >= 0; i--) {
                    if (vs.get(i).enabled()) {
                        old = vs.get(i);
                        break;
                    }
                }
                cmk.storageAccount(w.outsider).useCustomerManagedKey(old.id()).apply();
            }
            case ADVANCE_TIME -> w.azure.clock().advance(Duration.ofHours(s.hours()));
            case REVOKE_KEY -> {
                RevocationPlan plan = cmk.key(k).revoke(w.dependents(s.pinned()));
                Set<String> taggedBefore = revokedVersions(w, k);
                try {
                    plan.apply(plan.blastRadius());
                } finally {
                    // Whether it answered, failed or crashed: the revoke counts once Azure shows a version it
                    // disabled (tagged cmk-revoked-by), and cuts off exactly the blast radius it confirmed.
                    Set<String> taggedNow = revokedVersions(w, k);
                    taggedNow.removeAll(taggedBefore);
                    if (!taggedNow.isEmpty()) {
                        w.revokedKeys.computeIfAbsent(s.key(), x -> new HashSet<>()).addAll(plan.blastRadius());
                    }
                }
            }
            case RESTORE_KEY -> {
                try {
                    cmk.key(k).restore(w.accounts);
                } finally {
                    // A restore counts once no version carries a revoke's tag any more (every revoked version is
                    // enabled again), whether or not its answer arrived.
                    if (revokedVersions(w, k).isEmpty()) {
                        w.revokedKeys.remove(s.key());
                    }
                }
            }
            case REVOKE_ACCOUNT -> {
                StorageAccount acc = w.azure.inspect().account(a);
                if (acc.encryption().isCustomerManaged()) {
                    KeyReference key = acc.encryption().key().orElseThrow();
                    String principal = w.azure.systemPrincipal(a);
                    boolean heldBefore = !w.azure.inspect().permissions(key, principal).isEmpty();
                    try {
                        cmk.storageAccount(a).revokeKeyAccess(Set.of(a), w.dependents(false));
                    } finally {
                        // Counts once the grant is gone from Azure (whatever the answer was); it cut off only a.
                        if (heldBefore && w.azure.inspect().permissions(key, principal).isEmpty()) {
                            w.revokedAccess.add(a.name() + "|" + key);
                        }
                    }
                }
            }
            case RESTORE_ACCOUNT -> {
                StorageAccount acc = w.azure.inspect().account(a);
                if (acc.encryption().isCustomerManaged()) {
                    KeyReference key = acc.encryption().key().orElseThrow();
                    try {
                        cmk.storageAccount(a).restoreKeyAccess();
                    } finally {
                        if (!w.azure.inspect().permissions(key, w.azure.systemPrincipal(a)).isEmpty()) {
                            w.revokedAccess.remove(a.name() + "|" + key);
                        }
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /** The versions of a key that carry a key-wide revoke's tag now (read without counting or faults). */
    private static Set<String> revokedVersions(World w, KeyReference k) {
        Set<String> out = new HashSet<>();
        for (KeyVersionProperties v : w.azure.inspect().versions(k)) {
            if (v.tags().containsKey(RotationTags.REVOKED_BY)) {
                out.add(v.id().version().orElseThrow());
            }
        }
        return out;
    }

    /**
     * The end state that must be the same with and without faults (invariant 3).
     *
     * @param w the world
     * @return account and key states by name
     */
    public static Map<String, String> endState(World w) {
        Map<String, String> m = new HashMap<>();
        for (StorageAccountId a : w.allAccounts()) {
            var e = w.azure.inspect().account(a).encryption();
            m.put(a.name(), e.keySource() + " " + e.key().map(Object::toString).orElse("-") + " "
                    + e.keyVersion().orElse("auto") + " " + e.currentVersionedKey().map(Object::toString).orElse("-"));
        }
        for (KeyReference k : w.keys) {
            StringBuilder sb = new StringBuilder();
            for (KeyVersionProperties v : w.azure.inspect().versions(k)) {
                sb.append(v.enabled() ? "E" : "D").append(v.tags().getOrDefault(RotationTags.ROTATION, "")).append(' ');
            }
            m.put(k.name(), sb.toString());
        }
        return m;
    }

    /**
     * Runs {@code schedules} seeded schedules, each with faults and then without, comparing end states; shrinks
     * the first three failures to minimal reproductions.
     *
     * @param name the campaign's name, for the report
     * @param schedules how many schedules
     * @param baseSeed the first seed (schedule i uses {@code baseSeed + i})
     * @param length steps per schedule
     * @param layer the layer to drive, or null for the in-memory providers
     * @return the report line and the failures
     */
    public static Result runAll(String name, int schedules, long baseSeed, int length,
                                java.util.function.Function<InMemoryAzure, Layer> layer) {
        Campaign campaign = new Campaign();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < schedules && failures.size() < 3; i++) {
            long seed = baseSeed + i;
            List<Step> schedule = schedule(seed, length);
            String failure = runOnce(campaign, seed, schedule, layer);
            if (failure != null) {
                List<Step> minimal = shrink(seed, schedule, layer);
                failures.add("seed " + seed + ": " + failure + "\n  minimal reproduction ("
                        + minimal.size() + " steps, replay with -Dcmk.campaign.seed=" + seed
                        + " -Dcmk.campaign.schedules=1):\n    " + String.join("\n    ",
                        minimal.stream().map(Step::toString).toList()));
            }
        }
        String report = name + ": " + schedules + " schedules, " + campaign.steps + " steps, "
                + campaign.faultsInjected + " faults injected, " + campaign.crashes + " crashes, "
                + failures.size() + " invariant violations";
        return new Result(report, failures);
    }

    /**
     * A campaign's outcome.
     *
     * @param report the one-line summary
     * @param failures each failure with its seed and shrunk reproduction
     */
    public record Result(String report, List<String> failures) {
    }

    /**
     * Runs one schedule with faults, then without, and compares end states.
     *
     * @param campaign collects the counts
     * @param seed the schedule's seed
     * @param schedule the steps
     * @param layer the layer, or null for the in-memory providers
     * @return null when everything held, else the violation
     */
    public static String runOnce(Campaign campaign, long seed, List<Step> schedule,
                                 java.util.function.Function<InMemoryAzure, Layer> layer) {
        World faulted = new World(seed, layer);
        String violation = campaign.run(seed, schedule, faulted, true);
        if (violation != null) {
            return violation;
        }
        World clean = new World(seed, layer);
        String cleanViolation = new Campaign().run(seed, schedule, clean, false);
        if (cleanViolation != null) {
            return "(fault-free run) " + cleanViolation;
        }
        Map<String, String> a = endState(faulted);
        Map<String, String> b = endState(clean);
        return a.equals(b) ? null : "invariant 3: the faulted run ended in " + a + " but the fault-free run in " + b;
    }

    /**
     * Greedily drops steps while the schedule still fails; each kept step keeps its own fault seed.
     *
     * @param seed the schedule's seed
     * @param schedule the failing steps
     * @param layer the layer, or null for the in-memory providers
     * @return a minimal failing schedule
     */
    public static List<Step> shrink(long seed, List<Step> schedule,
                                    java.util.function.Function<InMemoryAzure, Layer> layer) {
        List<Step> current = new ArrayList<>(schedule);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < current.size(); i++) {
                List<Step> candidate = new ArrayList<>(current);
                candidate.remove(i);
                if (runOnce(new Campaign(), seed, candidate, layer) != null) {
                    current = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }
}
