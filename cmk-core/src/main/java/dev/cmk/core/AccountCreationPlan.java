package dev.cmk.core;

import dev.cmk.api.ApplyFailedException;
import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeySource;
import dev.cmk.api.RequirementViolatedException;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.ValidationReport;
import dev.cmk.api.spi.AccountCreation;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.core.internal.Statuses;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A reviewed-before-run creation of a storage account with a customer-managed key, from
 * {@link NewStorageAccount#plan()}: the validation report and the writes, made by reads only. Print it to review it;
 * {@link #apply()} performs it.
 *
 * <p>Guarantees of {@link #apply()}:
 * <ul>
 *   <li>a plan with an error-level violation is refused with {@link RequirementViolatedException} and nothing is
 *       written; this includes an existing account whose creation-only settings (region, kind, account-scoped keys
 *       for queues and tables, infrastructure encryption) differ from the requested ones;</li>
 *   <li>for an account that does not exist: the identity's access is granted first when the plan says so, then one
 *       {@code PUT} creates the account, waited for as Azure asks (202, {@code Location}, {@code Retry-After}),
 *       and one read verifies key source, key, version policy, identity, service key types, infrastructure
 *       encryption, region and kind; a difference is an {@link ApplyFailedException} with code
 *       {@link ErrorCode#VERIFICATION_FAILED};</li>
 *   <li>for an account that exists with the same creation-only settings: the plan is the one
 *       {@link CustomerManagedKeyConfiguration#plan()} makes, so an account already configured as asked gets no
 *       write at all, and one that differs is changed and verified as configure does;</li>
 *   <li>a failure of the first write is rethrown as is (nothing changed); a failure of the creation after a grant
 *       is an {@link ApplyFailedException} ({@link ErrorCode#PARTIALLY_APPLIED}); planning and applying again
 *       resumes;</li>
 *   <li>the {@code PUT} holds the key's write lock shared, like a configure: in this JVM it never runs between a
 *       rotation's retire or a key-wide revoke re-checking the accounts and disabling versions, so it cannot point
 *       the new account at a version that is being disabled;</li>
 *   <li>a plan is applied at most once (a second {@code apply()} is refused; plan again).</li>
 * </ul>
 */
public final class AccountCreationPlan {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AccountCreationPlan.class);
    private final Services services;
    private final StorageAccountId account;
    private final AccountCreation creation;
    private final ValidationReport report;
    private final List<PlanStep> steps;
    private final EncryptionPlan existing;
    private final String principal;
    private final AtomicBoolean applied = new AtomicBoolean();
    /** {@code KeyLocks.epoch} when the plan read the key (see {@code KeyLocks.requirePinnedVersionStillUsable}). */
    private long keyEpoch;

    AccountCreationPlan(Services services, StorageAccountId account, AccountCreation creation, ValidationReport report,
                        List<PlanStep> steps, EncryptionPlan existing, String principal) {
        this.services = services;
        this.account = account;
        this.creation = creation;
        this.report = report;
        this.steps = List.copyOf(steps);
        this.existing = existing;
        this.principal = principal;
        this.keyEpoch = dev.cmk.core.internal.KeyLocks.epoch(creation.key());
    }

    /** Dates the plan's key read earlier than its construction (the planner reads the key first). */
    AccountCreationPlan readKeyAt(long epoch) {
        this.keyEpoch = epoch;
        return this;
    }

    /**
     * The account the plan creates.
     *
     * @return the account id
     */
    public StorageAccountId account() {
        return account;
    }

    /**
     * What the creation sends.
     *
     * @return the requested account
     */
    public AccountCreation creation() {
        return creation;
    }

    /**
     * Every violation found while planning.
     *
     * @return the report
     */
    public ValidationReport violations() {
        return report;
    }

    /**
     * The writes, in order: for a new account, an optional {@link PlanStep.Kind#GRANT_KEY_ACCESS} and then
     * {@link PlanStep.Kind#CREATE_ACCOUNT}; for an existing account, the steps of its configuration plan (empty
     * when everything is in place already).
     *
     * @return the steps
     */
    public List<PlanStep> steps() {
        return steps;
    }

    /**
     * Whether the account does not exist yet, so {@link #apply()} creates it.
     *
     * @return true when the plan holds a {@link PlanStep.Kind#CREATE_ACCOUNT} step
     */
    public boolean createsAccount() {
        return steps.stream().anyMatch(s -> s.kind() == PlanStep.Kind.CREATE_ACCOUNT);
    }

    /**
     * For an account that already exists with the requested creation-only settings: the configuration plan that
     * {@link #apply()} runs.
     *
     * @return the configuration plan, or empty for a new account or a refused one
     */
    public Optional<EncryptionPlan> existingAccountPlan() {
        return Optional.ofNullable(existing);
    }

    /**
     * Whether {@link #apply()} will run: no error-level violation.
     *
     * @return true when the plan can be applied
     */
    public boolean isApplicable() {
        return report.isValid();
    }

    /**
     * Whether the account exists with everything requested, so applying makes no write.
     *
     * @return true when there are no steps
     */
    public boolean isNoOp() {
        return steps.isEmpty();
    }

    /**
     * Performs the plan; see the class description for the guarantees. Needs
     * {@code Microsoft.Storage/storageAccounts/write}, {@code Microsoft.ManagedIdentity/userAssignedIdentities/
     * assign/action} and, for a grant step, the right to change the vault's access policies or role assignments.
     *
     * @return the account's encryption as Azure reports it afterwards
     * @throws RequirementViolatedException if the plan has error-level violations (nothing is written)
     * @throws ApplyFailedException if the creation failed after a grant, or verification found a difference
     * @throws dev.cmk.api.CmkException if the first write failed (nothing was changed)
     * @throws IllegalStateException if this plan was already applied
     */
    public EncryptionStatus apply() {
        if (!report.isValid()) {
            throw new RequirementViolatedException("creation of storage account " + account.name(), report);
        }
        if (existing != null) {
            return existing.apply();
        }
        if (!applied.compareAndSet(false, true)) {
            throw new IllegalStateException("this plan for account " + account.name() + " was already applied; plan "
                    + "again to see what is left to do");
        }
        List<String> done = new ArrayList<>();
        StorageAccount created = null;
        try {
            for (PlanStep step : steps) {
                LOG.debug("account {}: step {} {}", account, step.kind(), step.changes());
                if (step instanceof PlanStep.GrantKeyAccess grant) {
                    services.access().orElseThrow().grant(grant.key(), principal);
                } else if (step instanceof PlanStep.CreateAccount) {
                    // shared per-key lock, like a configure: never between a retire's or revoke's re-check and
                    // its disabling writes in this JVM
                    created = dev.cmk.core.internal.KeyLocks.shared(creation.key(), () -> {
                        dev.cmk.core.internal.KeyLocks.requirePinnedVersionStillUsable(services.keys(),
                                creation.key(), creation.versionPolicy(), keyEpoch, services.clock().instant());
                        return AccountCreationPlan.create(services, account, creation);
                    });
                } else {
                    throw new IllegalStateException("unexpected step " + step.kind());
                }
                done.add(step.kind().name());
            }
        } catch (RuntimeException e) {
            if (done.isEmpty()) {
                throw e;
            }
            throw new ApplyFailedException(ErrorCode.PARTIALLY_APPLIED, "creation of storage account "
                    + account.name() + " stopped at step " + (done.size() + 1) + " (" + steps.get(done.size()).kind()
                    + "): " + e.getMessage() + "\nPlan and apply again to resume.", done, e);
        }
        LOG.debug("account {} created as {}", account, created == null ? "-" : created.encryption().keySource());
        StorageAccount after = services.storage().get(account);
        List<String> differences = verify(after);
        if (!differences.isEmpty()) {
            throw new ApplyFailedException(ErrorCode.VERIFICATION_FAILED, "Azure created storage account "
                    + account.name() + " but reports a different configuration: " + differences, done, null);
        }
        return Statuses.of(after);
    }

    private static StorageAccount create(Services services, StorageAccountId account, AccountCreation creation) {
        try {
            return services.storage().create(account, creation);
        } catch (UnsupportedOperationException unsupported) {
            throw new dev.cmk.api.ConfigurationException("creating storage account " + account.name() + " needs a "
                    + "StorageAccountProvider that creates accounts (" + unsupported.getMessage() + "); configure "
                    + "the Azure adapter (cmk-azure) or implement create(..)");
        }
    }

    private List<String> verify(StorageAccount a) {
        List<String> d = new ArrayList<>();
        var e = a.encryption();
        var goal = creation.encryption();
        if (e.keySource() != KeySource.MICROSOFT_KEYVAULT) {
            d.add("keySource is " + e.keySource().wireName() + ", expected Microsoft.Keyvault");
        }
        if (!e.key().map(k -> k.sameKeyAs(creation.key())).orElse(false)) {
            d.add("key is " + e.key().map(Object::toString).orElse("(none)") + ", expected " + creation.key());
        }
        if (!Statuses.versionPolicy(e).equals(goal.versionPolicy())) {
            d.add("version policy is " + Statuses.versionPolicy(e).map(Object::toString).orElse("(none)")
                    + ", expected " + creation.versionPolicy());
        }
        if (!Statuses.identity(e).equals(goal.identity())) {
            d.add("identity is " + Statuses.identity(e).map(Object::toString).orElse("(none)") + ", expected "
                    + creation.identity());
        }
        if (a.identity().userAssigned(creation.identity().resourceId()).isEmpty()) {
            d.add("identity " + creation.identity().resourceId() + " is not attached");
        }
        if (e.currentVersionedKey().isEmpty()) {
            d.add("Azure reports no key version in use");
        }
        if (!e.serviceKeyTypes().equals(creation.serviceKeyTypes())) {
            d.add("service key types are " + e.serviceKeyTypes() + ", expected " + creation.serviceKeyTypes());
        }
        if (e.infrastructureEncryption() != creation.infrastructureEncryption()) {
            d.add("infrastructure encryption is " + e.infrastructureEncryption() + ", expected "
                    + creation.infrastructureEncryption());
        }
        if (!a.location().equalsIgnoreCase(creation.location())) {
            d.add("region is " + a.location() + ", expected " + creation.location());
        }
        if (a.kind() != creation.kind()) {
            d.add("kind is " + a.kind().wireName() + ", expected " + creation.kind().wireName());
        }
        return d;
    }

    /**
     * The plan as a reviewable diff: what is created (or, for an existing account, its configuration plan), the
     * validation report, and each step with its reason and fields.
     *
     * @return the printable plan
     */
    @Override
    public String toString() {
        if (existing != null) {
            return "Account " + account.name() + " exists with the requested creation-only settings (region "
                    + creation.location() + ", kind " + creation.kind().wireName() + ", queue/table keys "
                    + (creation.accountScopedQueuesAndTables() ? "account-scoped" : "service-scoped")
                    + ", infrastructure encryption " + (creation.infrastructureEncryption() ? "on" : "off")
                    + "); its SKU and tags are left as they are.\n" + existing;
        }
        StringBuilder sb = new StringBuilder("Plan to create storage account ").append(account.name()).append(" (")
                .append(account).append(")\n  target: customer-managed key ").append(creation.key()).append(", ")
                .append(creation.versionPolicy()).append(", ").append(creation.identity()).append(" from the first "
                        + "write\n");
        sb.append(report.toString().indent(2));
        if (!steps.isEmpty()) {
            sb.append("  Steps:\n");
            int i = 1;
            for (PlanStep s : steps) {
                sb.append("    ").append(i++).append(". ").append(s.toString().replace("\n", "\n    ")).append('\n');
            }
        }
        if (!report.isValid()) {
            sb.append("  CANNOT BE APPLIED: fix the errors above, then plan again.\n");
        }
        return sb.toString();
    }
}
