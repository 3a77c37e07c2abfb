package dev.cmk.core.fleet;

import dev.cmk.api.ApplyFailedException;
import dev.cmk.api.spi.StorageAccountPage;
import dev.cmk.api.CmkException;
import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.Violation;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.core.CustomerManagedKeyConfiguration;
import dev.cmk.core.EncryptionPlan;
import dev.cmk.core.internal.Statuses;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reviewed-before-run change of many accounts towards one {@link DesiredState}, from
 * {@link Fleet#plan(FleetScope, DesiredState)}: one {@link AccountPlan} per matched account and the totals. Print
 * it to review it as a diff summary; {@link #apply(ApplyOptions)} performs it.
 *
 * <p>Guarantees of {@link #apply(ApplyOptions)}:
 * <ul>
 *   <li>blocked accounts and accounts already as desired are never written;</li>
 *   <li>accounts are grouped by subscription and region; groups run in parallel (up to
 *       {@link ApplyOptions#parallelRegions()} threads), and within a group accounts are written one after the
 *       other. Pacing at Azure's write limits (10 writes/s per subscription-region) is the storage provider's:
 *       {@code AzureCustomerManagedKeys} paces every write per subscription and region, so each group's thread
 *       waits its turn rather than being throttled;</li>
 *   <li>an account whose change is one write (the identity already exists and holds access, or is granted first)
 *       is written with one PATCH, verified from the PATCH's own response (the account as Azure updated it): no
 *       re-read. Accounts that need an identity enabled, attached or switched go through the single-account
 *       {@link EncryptionPlan}, which re-reads, checks and verifies them;</li>
 *   <li>each account's failure is isolated and reported with its reason and the writes made before it; under
 *       {@link FailurePolicy#STOP_ON_FIRST_FAILURE} no account is started after the first failure;</li>
 *   <li>a cancellation lets accounts being written finish and starts no other;</li>
 *   <li>the report lists exactly the writes Azure accepted, per account, and why each other account was not
 *       written. Planning and applying again converges: accounts already as desired get no write.</li>
 * </ul>
 */
public final class FleetPlan {
    private static final Logger LOG = LoggerFactory.getLogger(FleetPlan.class);
    private final Ports ports;
    private final FleetScope scope;
    private final DesiredState desired;
    private final List<AccountPlan> accounts;
    private final List<Violation> warnings;
    private final long pages;
    private final long listed;
    private final long matched;
    private final AtomicBoolean applied = new AtomicBoolean();
    private final List<StorageAccountPage.UnreadableAccount> unreadable;
    /** {@code KeyLocks.epoch} of the desired key when the plan read it. */
    private final long keyEpoch;

    FleetPlan(Ports ports, FleetScope scope, DesiredState desired, List<AccountPlan> accounts,
              List<Violation> warnings, long pages, long listed, long matched,
              List<StorageAccountPage.UnreadableAccount> unreadable, long keyEpoch) {
        this.keyEpoch = keyEpoch;
        this.unreadable = List.copyOf(unreadable);
        this.ports = ports;
        this.scope = scope;
        this.desired = desired;
        this.accounts = List.copyOf(accounts);
        this.warnings = List.copyOf(warnings);
        this.pages = pages;
        this.listed = listed;
        this.matched = matched;
    }

    /**
     * The accounts the list pages carried but cmk could not read (an id it cannot parse): not planned and never
     * written; {@link #toString()} lists each with the reason and the fix, and the apply report counts them as not
     * written ({@link FleetApplyReport#unreadable()}).
     *
     * @return the accounts, in listing order
     */
    public List<StorageAccountPage.UnreadableAccount> unreadable() {
        return unreadable;
    }

    /**
     * The desired state.
     *
     * @return the desired state
     */
    public DesiredState desired() {
        return desired;
    }

    /**
     * Every matched account's plan, in listing order.
     *
     * @return the account plans
     */
    public List<AccountPlan> accounts() {
        return accounts;
    }

    /**
     * The plans with an action.
     *
     * @param action the action
     * @return those account plans
     */
    public List<AccountPlan> with(AccountPlan.Action action) {
        return accounts.stream().filter(a -> a.action() == action).toList();
    }

    /**
     * Warnings about the whole plan (for example: access was not checked).
     *
     * @return the warnings
     */
    public List<Violation> warnings() {
        return warnings;
    }

    /**
     * List pages read.
     *
     * @return the count
     */
    public long pages() {
        return pages;
    }

    /**
     * Accounts the scope's subscriptions and resource groups hold.
     *
     * @return the count
     */
    public long accountsListed() {
        return listed;
    }

    /**
     * Accounts the filter matched.
     *
     * @return the count
     */
    public long accountsMatched() {
        return matched;
    }

    /**
     * Whether the scope holds no account at all.
     *
     * @return true when nothing was listed, readable or not
     */
    public boolean emptyScope() {
        return listed == 0 && unreadable.isEmpty();
    }

    /**
     * Whether accounts were listed but the filter matched none.
     *
     * @return true when the filter matched nothing
     */
    public boolean filterMatchedNothing() {
        return listed > 0 && matched == 0;
    }

    /**
     * The writes the plan makes (grants included), if nothing fails.
     *
     * @return the number of writes
     */
    public long plannedWrites() {
        return accounts.stream().mapToLong(a -> a.steps().size()).sum();
    }

    /**
     * The plan as a diff summary: scope and counts; the accounts to change ({@code ~}) grouped by identical
     * writes and changed fields or blocked ({@code !}, with each error and its fix); the accounts already as desired
     * ({@code =}) on one line; warnings grouped by code with their count and fix; and the totals. Each account's
     * full detail is {@link AccountPlan#toString()}.
     *
     * @return the printable plan
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Fleet plan: ").append(desired).append("\nScope: ").append(scope)
                .append("\n");
        if (emptyScope()) {
            return sb.append("The scope holds no storage account (").append(pages).append(" list page(s) read): "
                    + "nothing to do.\n").toString();
        }
        if (filterMatchedNothing()) {
            sb.append(listed).append(" account(s) listed, but the filter matched none of them: nothing to do.\n");
            appendUnreadable(sb);
            return sb.toString();
        }
        if (listed == 0) {
            sb.append("No account cmk can read was listed: nothing to write.\n");
            appendUnreadable(sb);
            return sb.toString();
        }
        sb.append(listed).append(" account(s) listed (").append(pages).append(" page(s)), ").append(matched)
                .append(" matched\n");
        for (Violation w : warnings) {
            sb.append("~ ").append(w.code()).append(": ").append(w.message()).append("\n  fix: ")
                    .append(w.remediation()).append('\n');
        }
        List<String> inPlace = new ArrayList<>();
        Map<dev.cmk.api.ViolationCode, List<Violation>> accountWarnings = new java.util.EnumMap<>(
                dev.cmk.api.ViolationCode.class);
        Map<String, List<AccountPlan>> sameChange = new LinkedHashMap<>();
        List<AccountPlan> blocked = new ArrayList<>();
        for (AccountPlan a : accounts) {
            switch (a.action()) {
                case NO_CHANGE -> inPlace.add(a.account().name());
                case CHANGE -> sameChange.computeIfAbsent(a.steps() + "|" + a.changes(), k -> new ArrayList<>())
                        .add(a);
                default -> blocked.add(a);
            }
            a.violations().stream().filter(x -> x.severity() != dev.cmk.api.Severity.ERROR).forEach(x ->
                    accountWarnings.computeIfAbsent(x.code(), k -> new ArrayList<>()).add(x));
        }
        for (List<AccountPlan> group : sameChange.values()) {
            AccountPlan first = group.get(0);
            sb.append("~ ").append(group.size()).append(" account(s), ").append(first.steps().size())
                    .append(" write(s) each ").append(first.steps()).append(": ").append(String.join(", ",
                            group.stream().limit(10).map(a -> a.account().name() + " (" + a.location() + ")")
                                    .toList())).append(group.size() > 10 ? ", ..." : "").append('\n');
            first.changes().forEach(c -> sb.append("    ").append(c).append('\n'));
        }
        for (AccountPlan a : blocked) {
            sb.append(a.render(false)).append('\n');
        }
        if (!inPlace.isEmpty()) {
            sb.append("= ").append(inPlace.size()).append(" account(s) already as desired: ")
                    .append(String.join(", ", inPlace.subList(0, Math.min(10, inPlace.size()))))
                    .append(inPlace.size() > 10 ? ", ..." : "").append('\n');
        }
        accountWarnings.forEach((code, list) -> sb.append("~ ").append(code).append(" on ").append(list.size())
                .append(" account(s), for example: ").append(list.get(0).message()).append("\n  fix: ")
                .append(list.get(0).remediation()).append('\n'));
        appendUnreadable(sb);
        sb.append("Totals: ").append(with(AccountPlan.Action.CHANGE).size()).append(" to change (")
                .append(plannedWrites()).append(" write(s)), ").append(with(AccountPlan.Action.NO_CHANGE).size())
                .append(" already as desired, ").append(with(AccountPlan.Action.BLOCKED).size())
                .append(" blocked").append(unreadable.isEmpty() ? "" : ", " + unreadable.size()
                        + " not planned (unreadable)").append('\n');
        return sb.toString();
    }

    private void appendUnreadable(StringBuilder sb) {
        for (StorageAccountPage.UnreadableAccount u : unreadable) {
            sb.append("! ").append(u.resourceId()).append(": not planned: cmk cannot read it (").append(u.reason())
                    .append(")").append(u.keyVaultUri().map(v -> "; its encryption names key vault " + v).orElse(""))
                    .append("\n  fix: move the account to a resource group cmk can read, then plan again\n");
        }
    }

    /**
     * Applies the plan. See the class description for the guarantees. Needs
     * {@code Microsoft.Storage/storageAccounts/write} on the accounts, and for grants the right to change the
     * vault's role assignments or access policies.
     *
     * @param options the failure policy, listener, cancellation and parallelism
     * @return the report: per account what was written and what was not
     * @throws IllegalStateException if this plan was already applied (plan again)
     */
    public FleetApplyReport apply(ApplyOptions options) {
        Objects.requireNonNull(options, "options");
        if (!applied.compareAndSet(false, true)) {
            throw new IllegalStateException("this fleet plan was already applied; plan again to see what is left");
        }
        Instant start = ports.clock().instant();
        AccountOutcome[] outcomes = new AccountOutcome[accounts.size()];
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < accounts.size(); i++) {
            AccountPlan a = accounts.get(i);
            switch (a.action()) {
                case NO_CHANGE -> outcomes[i] = new AccountOutcome(a.account(), AccountOutcome.Status.UNCHANGED,
                        List.of(), Optional.empty(), Optional.empty());
                case BLOCKED -> outcomes[i] = blocked(a);
                case CHANGE -> groups.computeIfAbsent(a.account().subscriptionId() + ":" + a.location(),
                        k -> new ArrayList<>()).add(i);
                default -> throw new IllegalStateException();
            }
        }
        int total = groups.values().stream().mapToInt(List::size).sum();
        Progress progress = new Progress(total, start, options.listener());
        AtomicBoolean stop = new AtomicBoolean();
        if (total > 0) {
            int threads = Math.min(options.parallelRegions(), groups.size());
            AtomicInteger n = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "cmk-fleet-apply-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            List<List<Integer>> work = threads == 1 && groups.size() > 1
                    ? List.of(interleave(groups.values())) : new ArrayList<>(groups.values());
            try {
                for (List<Integer> group : work) {
                    pool.execute(() -> {
                        for (int i : group) {
                            AccountPlan a = accounts.get(i);
                            AccountOutcome o;
                            if (options.cancellation().isCancelled()) {
                                o = notAttempted(a, "the run was cancelled before this account was started");
                            } else if (stop.get()) {
                                o = notAttempted(a, "the run stopped after another account failed "
                                        + "(FailurePolicy.STOP_ON_FIRST_FAILURE)");
                            } else {
                                o = applyOne(a);
                                if (o.status() == AccountOutcome.Status.FAILED
                                        && options.failurePolicy() == FailurePolicy.STOP_ON_FIRST_FAILURE) {
                                    stop.set(true);
                                }
                            }
                            outcomes[i] = o;
                            progress.publish(o);
                        }
                    });
                }
            } finally {
                pool.shutdown();
                boolean interrupted = false;
                while (true) {
                    try {
                        if (pool.awaitTermination(1, TimeUnit.SECONDS)) {
                            break;
                        }
                    } catch (InterruptedException e) {
                        interrupted = true;
                        options.cancellation().cancel();
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return new FleetApplyReport(List.of(outcomes), options.cancellation().isCancelled(), stop.get(),
                Duration.between(start, ports.clock().instant()), unreadable);
    }

    /** One account of each subscription-region in turn, so that one thread keeps every region's pacing busy. */
    private static List<Integer> interleave(java.util.Collection<List<Integer>> groups) {
        List<Integer> out = new ArrayList<>();
        int longest = groups.stream().mapToInt(List::size).max().orElse(0);
        for (int k = 0; k < longest; k++) {
            for (List<Integer> g : groups) {
                if (k < g.size()) {
                    out.add(g.get(k));
                }
            }
        }
        return out;
    }

    private AccountOutcome applyOne(AccountPlan a) {
        List<String> writes = new ArrayList<>();
        try {
            return a.direct ? applyDirect(a, writes) : applyThroughAccountPlan(a);
        } catch (ApplyFailedException e) {
            writes.addAll(e.completedSteps());
            return failed(a, writes, e.code().name(), e.getMessage());
        } catch (CmkException e) {
            return failed(a, writes, e.code().name(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("fleet apply: account {} failed unexpectedly", a.account(), e);
            return failed(a, writes, e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }

    private AccountOutcome applyDirect(AccountPlan a, List<String> writes) {
        if (a.steps().contains(AccountPlan.Step.GRANT_KEY_ACCESS)) {
            ports.access().orElseThrow().grant(desired.key(), a.principal);
            writes.add("GRANT_KEY_ACCESS: get, wrapKey, unwrapKey on " + desired.key() + " to principal "
                    + a.principal);
        }
        EncryptionUpdate update = EncryptionUpdate.customerManaged(desired.key(), desired.versionPolicy(),
                dev.cmk.core.internal.CrossTenant.asSent(desired.identity()));
        StorageAccount after = dev.cmk.core.internal.KeyLocks.shared(desired.key(), () -> {
            dev.cmk.core.internal.KeyLocks.requirePinnedVersionStillUsable(ports.keys(), desired.key(),
                    desired.versionPolicy(), keyEpoch, ports.clock().instant());
            return ports.storage().updateEncryption(a.account(), update);
        });
        writes.add("SET_CUSTOMER_MANAGED_KEY: " + String.join("; ", a.changes()));
        List<String> diffs = verify(after);
        if (!diffs.isEmpty()) {
            return failed(a, writes, ErrorCode.VERIFICATION_FAILED.name(), "Azure accepted the write but its "
                    + "answer shows a different configuration: " + diffs + "; read the account and plan again");
        }
        return new AccountOutcome(a.account(), AccountOutcome.Status.WRITTEN, writes, Optional.empty(),
                Optional.empty());
    }

    private AccountOutcome applyThroughAccountPlan(AccountPlan a) {
        CustomerManagedKeyConfiguration c = ports.cmk().storageAccount(a.account())
                .useCustomerManagedKey(desired.key()).versionPolicy(desired.versionPolicy())
                .identity(desired.identity()).requirements(desired.requirements());
        if (desired.grantsKeyAccess()) {
            c = c.grantKeyAccess();
        }
        EncryptionPlan p = c.plan();
        if (!p.isApplicable()) {
            Violation first = p.violations().errors().get(0);
            return new AccountOutcome(a.account(), AccountOutcome.Status.BLOCKED, List.of(),
                    Optional.of(first.code().name()), Optional.of(first.message() + "; fix: " + first.remediation()));
        }
        if (p.isNoOp()) {
            return new AccountOutcome(a.account(), AccountOutcome.Status.UNCHANGED, List.of(), Optional.empty(),
                    Optional.empty());
        }
        EncryptionStatus status = p.apply();
        LOG.debug("fleet apply: {} now {}", a.account(), status);
        List<String> writes = p.steps().stream().map(s -> s.kind() + ": " + String.join("; ", s.changes()))
                .toList();
        return new AccountOutcome(a.account(), AccountOutcome.Status.WRITTEN, writes, Optional.empty(),
                Optional.empty());
    }

    private List<String> verify(StorageAccount after) {
        List<String> d = new ArrayList<>();
        var e = after.encryption();
        if (!e.isCustomerManaged()) {
            d.add("keySource is " + e.keySource().wireName());
        }
        if (!e.key().map(k -> k.sameKeyAs(desired.key())).orElse(false)) {
            d.add("key is " + e.key().map(Object::toString).orElse("(none)"));
        }
        if (!Statuses.versionPolicy(e).equals(Optional.of(desired.versionPolicy()))) {
            d.add("version policy is " + Statuses.versionPolicy(e).map(Object::toString).orElse("(none)"));
        }
        if (!Statuses.identity(e).equals(Optional.of(dev.cmk.core.internal.CrossTenant.asSent(desired.identity())))) {
            d.add("identity is " + Statuses.identity(e).map(Object::toString).orElse("(none)"));
        }
        if (e.currentVersionedKey().isEmpty()) {
            d.add("Azure reports no key version in use");
        }
        return d;
    }

    private static AccountOutcome blocked(AccountPlan a) {
        Violation v = a.violations().stream().filter(x -> x.severity() == dev.cmk.api.Severity.ERROR).findFirst()
                .orElseThrow();
        return new AccountOutcome(a.account(), AccountOutcome.Status.BLOCKED, List.of(), Optional.of(v.code().name()),
                Optional.of(v.message() + "; fix: " + v.remediation()));
    }

    private static AccountOutcome failed(AccountPlan a, List<String> writes, String code, String reason) {
        return new AccountOutcome(a.account(), AccountOutcome.Status.FAILED, writes, Optional.of(code),
                Optional.of(reason));
    }

    private static AccountOutcome notAttempted(AccountPlan a, String reason) {
        return new AccountOutcome(a.account(), AccountOutcome.Status.NOT_ATTEMPTED, List.of(), Optional.empty(),
                Optional.of(reason));
    }

    /** Counts and publishes progress events, one at a time. */
    private final class Progress {
        private final int total;
        private final Instant start;
        private final FleetProgressListener listener;
        private int done;
        private int written;
        private int failed;
        private int throttled;
        private int notAttempted;

        Progress(int total, Instant start, FleetProgressListener listener) {
            this.total = total;
            this.start = start;
            this.listener = listener;
        }

        synchronized void publish(AccountOutcome o) {
            done++;
            switch (o.status()) {
                case WRITTEN -> written++;
                case FAILED -> {
                    failed++;
                    if (o.errorCode().filter(ErrorCode.THROTTLED.name()::equals).isPresent()) {
                        throttled++;
                    }
                }
                case NOT_ATTEMPTED -> notAttempted++;
                default -> { }
            }
            Duration elapsed = Duration.between(start, ports.clock().instant());
            Optional<Duration> eta = done == 0 ? Optional.empty() : Optional.of(elapsed.multipliedBy(total - done)
                    .dividedBy(done));
            try {
                listener.onProgress(new FleetProgress(done, total, written, failed, throttled, notAttempted, elapsed,
                        eta, o.account(), o.status()));
            } catch (RuntimeException e) {
                LOG.warn("fleet progress listener failed; ignored", e);
            }
        }
    }
}
