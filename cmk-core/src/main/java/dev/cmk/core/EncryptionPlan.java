package dev.cmk.core;

import dev.cmk.api.ApplyFailedException;
import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyPermission;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.RequirementViolatedException;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.ValidationReport;
import dev.cmk.api.spi.AccountIdentity;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.core.internal.Statuses;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * A reviewed-before-run change of one account's encryption: the validation report and the ordered writes, made
 * by reads only. Print it to review it like a diff; {@link #apply()} performs it.
 *
 * <p>Guarantees of {@link #apply()}:
 * <ul>
 *   <li>a plan with an error-level violation is refused with {@link RequirementViolatedException} and nothing is
 *       written;</li>
 *   <li>a plan with no steps (the configuration is already in place) makes no call at all;</li>
 *   <li>a plan is applied at most once: it reflects the account when it was made and is not re-read before the
 *       first write (a second {@code apply()} is refused; plan again);</li>
 *   <li>identity and key are changed by separate writes, in the order listed; an auto-updating version is sent as
 *       an empty key version;</li>
 *   <li>a step that could not be checked at plan time (access of an identity attached by this plan) is checked
 *       before the key is set, and the apply stops safely if the check fails;</li>
 *   <li>after the writes, the account is read once more and key source, key, version policy, identity and service
 *       key types are verified; a difference is an {@link ApplyFailedException} with code
 *       {@link ErrorCode#VERIFICATION_FAILED};</li>
 *   <li>a failure of the first write is rethrown as is (the account is unchanged); a failure of a later write is an
 *       {@link ApplyFailedException} ({@link ErrorCode#PARTIALLY_APPLIED}) that lists the steps performed.
 *       Planning and applying again resumes where it stopped.</li>
 * </ul>
 */
public final class EncryptionPlan {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EncryptionPlan.class);
    private final Services services;
    /** {@code KeyLocks.epoch} when the plan read the key (see {@code KeyLocks.requirePinnedVersionStillUsable}). */
    private long keyEpoch;
    private final StorageAccount before;
    private final String target;
    private final ValidationReport report;
    private final List<PlanStep> steps;
    private final boolean checkAccessAfterIdentity;
    private final EncryptionUpdate goal;
    private final java.util.concurrent.atomic.AtomicBoolean applied = new java.util.concurrent.atomic.AtomicBoolean();
    /** Cross-tenant: the named principal to grant instead of the attached identity's; null otherwise. */
    private String grantee;

    EncryptionPlan(Services services, StorageAccount before, String target, ValidationReport report,
                   List<PlanStep> steps, boolean checkAccessAfterIdentity, EncryptionUpdate goal) {
        this.services = services;
        this.before = before;
        this.target = target;
        this.report = report;
        this.steps = List.copyOf(steps);
        this.checkAccessAfterIdentity = checkAccessAfterIdentity;
        this.goal = goal;
        this.keyEpoch = goal.key().map(dev.cmk.core.internal.KeyLocks::epoch).orElse(0L);
    }

    /**
     * The account the plan changes.
     *
     * @return the account id
     */
    public StorageAccountId account() {
        return before.id();
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
     * The writes, in order. Empty when the requested configuration is already in place.
     *
     * @return the steps
     */
    public List<PlanStep> steps() {
        return steps;
    }

    /** Dates the plan's key read earlier than its construction (the planner reads the key first). */
    EncryptionPlan readKeyAt(long epoch) {
        this.keyEpoch = epoch;
        return this;
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
     * Whether the requested configuration is already in place, so applying makes no write.
     *
     * @return true when there are no steps
     */
    public boolean isNoOp() {
        return steps.isEmpty();
    }

    /**
     * Performs the steps, then re-reads and verifies the account. See the class description for the guarantees.
     * Needs {@code Microsoft.Storage/storageAccounts/write} (and, for grant steps, the right to change the vault's
     * access policies or role assignments).
     *
     * @return the account's encryption as Azure reports it after the change
     * @throws RequirementViolatedException if the plan has error-level violations (nothing is written)
     * @throws ApplyFailedException if a later step failed or verification found a difference
     * @throws dev.cmk.api.CmkException if the first write failed (nothing was changed)
     * @throws IllegalStateException if this plan was already applied
     */
    public EncryptionStatus apply() {
        if (!report.isValid()) {
            throw new RequirementViolatedException("apply of the plan for account " + before.id().name(), report);
        }
        if (steps.isEmpty()) {
            return Statuses.of(before);
        }
        if (!applied.compareAndSet(false, true)) {
            throw new IllegalStateException("this plan for account " + before.id().name() + " was already applied; "
                    + "a plan reflects the account when it was made, so plan again to see what is left to do");
        }
        List<String> done = new ArrayList<>();
        AccountIdentity identities = before.identity();
        String principal = goal.identity().map(i -> EncryptionPlanner.principalOf(identities, i)).orElse(null);
        try {
            for (PlanStep step : steps) {
                LOG.debug("account {}: step {} {}", before.id(), step.kind(), step.changes());
                if (step instanceof PlanStep.EnableSystemIdentity || step instanceof PlanStep.AttachUserIdentity) {
                    ManagedIdentity identity = step instanceof PlanStep.AttachUserIdentity a ? a.identity()
                            : ManagedIdentity.systemAssigned();
                    StorageAccount after = services.storage().enableIdentity(before.id(), identity);
                    principal = EncryptionPlanner.principalOf(after.identity(), identity);
                    if (principal == null) {
                        throw new ApplyFailedException(ErrorCode.VERIFICATION_FAILED, "Azure accepted enabling "
                                + identity + " on " + before.id().name() + " but reports no principal for "
                                + "it, so no access can be checked or granted; the key was not set. Read the "
                                + "account's identity in the portal or CLI, then plan and apply again", done,
                                null);
                    }
                } else if (step instanceof PlanStep.GrantKeyAccess g) {
                    services.access().orElseThrow().grant(g.key(), grantee != null ? grantee : principal);
                } else if (step instanceof PlanStep.SetEncryption w) {
                    if (checkAccessAfterIdentity && w.kind() != PlanStep.Kind.SET_MICROSOFT_MANAGED_KEYS) {
                        checkAccess(w.update(), principal, done);
                    }
                    if (w.update().key().isPresent()) {
                        // never between a rotation's, revoke's or restore's re-check and its writes (this JVM)
                        dev.cmk.core.internal.KeyLocks.shared(w.update().key().get(), () -> {
                            dev.cmk.core.internal.KeyLocks.requirePinnedVersionStillUsable(services.keys(),
                                    w.update().key().get(), w.update().versionPolicy().orElse(null), keyEpoch,
                                    services.clock().instant());
                            return services.storage().updateEncryption(before.id(), w.update());
                        });
                    } else {
                        services.storage().updateEncryption(before.id(), w.update());
                    }
                } else {
                    throw new IllegalStateException("unknown step " + step.kind());
                }
                done.add(step.kind().name());
            }
        } catch (ApplyFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            if (done.isEmpty()) {
                throw e;
            }
            throw new ApplyFailedException(ErrorCode.PARTIALLY_APPLIED, "apply of the plan for account "
                    + before.id().name() + " stopped at step " + (done.size() + 1) + " ("
                    + steps.get(done.size()).kind() + "): " + e.getMessage() + "\nPlan and apply again to resume.",
                    done, e);
        }
        StorageAccount after = services.storage().get(before.id());
        List<String> differences = verify(after);
        if (!differences.isEmpty()) {
            throw new ApplyFailedException(ErrorCode.VERIFICATION_FAILED, "Azure accepted the writes for account "
                    + before.id().name() + " but reports a different configuration: " + differences, done, null);
        }
        return Statuses.of(after);
    }

    EncryptionPlan grantee(String crossTenantPrincipal) {
        this.grantee = crossTenantPrincipal;
        return this;
    }

    private void checkAccess(EncryptionUpdate update, String principal, List<String> done) {
        if (services.access().isEmpty() || update.key().isEmpty()) {
            return;
        }
        var held = services.access().get().permissions(update.key().get(), principal);
        if (!held.containsAll(EnumSet.allOf(KeyPermission.class))) {
            throw new ApplyFailedException(ErrorCode.PARTIALLY_APPLIED, "the identity " + update.identity()
                    .map(Object::toString).orElse("") + " (principal " + principal + ") was attached but holds only "
                    + held + " on " + update.key().get() + "; the key was NOT set (steps performed: " + done
                    + "). Grant get, wrapKey and unwrapKey (or call .grantKeyAccess()), then plan and apply again.",
                    done, null);
        }
    }

    private List<String> verify(StorageAccount after) {
        List<String> diffs = new ArrayList<>();
        var e = after.encryption();
        if (e.keySource() != goal.keySource()) {
            diffs.add("keySource is " + e.keySource().wireName() + ", expected " + goal.keySource().wireName());
        }
        if (goal.key().isPresent() && !e.key().map(k -> k.sameKeyAs(goal.key().get())).orElse(false)) {
            diffs.add("key is " + e.key().map(Object::toString).orElse("(none)") + ", expected " + goal.key().get());
        }
        if (!Statuses.versionPolicy(e).equals(goal.versionPolicy())) {
            diffs.add("version policy is " + Statuses.versionPolicy(e).map(Object::toString).orElse("(none)")
                    + ", expected " + goal.versionPolicy().map(Object::toString).orElse("(none)"));
        }
        boolean federatedKept = e.federatedClientId().isPresent() && goal.identity().filter(i -> !(i instanceof
                dev.cmk.api.ManagedIdentity.UserAssigned u && u.federatedClientId().isPresent())).isPresent();
        if (federatedKept) {
            // cmk sent federatedIdentityClientId "" to leave cross-tenant; Azure may keep the old value
            diffs.add("Azure kept the federated client id " + e.federatedClientId().get() + " although cmk sent an "
                    + "empty federatedIdentityClientId to leave cross-tenant; manual fix: in the portal open the "
                    + "account's Encryption page, clear the multi-tenant application (federated client id) of the "
                    + "customer-managed key and save, then plan and apply again");
        } else if (!Statuses.identity(e).equals(goal.identity())) {
            diffs.add("identity is " + Statuses.identity(e).map(Object::toString).orElse("(none)") + ", expected "
                    + goal.identity().map(Object::toString).orElse("(none)"));
        }
        if (goal.keySource() == dev.cmk.api.KeySource.MICROSOFT_KEYVAULT && e.currentVersionedKey().isEmpty()) {
            diffs.add("Azure reports no key version in use");
        }
        if (!Objects.equals(e.serviceKeyTypes(), before.encryption().serviceKeyTypes())) {
            diffs.add("service key types changed from " + before.encryption().serviceKeyTypes() + " to "
                    + e.serviceKeyTypes());
        }
        return diffs;
    }

    /**
     * The plan as a reviewable diff: target, validation report, and each step with its reason and changed fields.
     *
     * @return the printable plan
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Plan for storage account ").append(before.id().name()).append(" (")
                .append(before.id()).append(")\n  target: ").append(target).append('\n');
        sb.append(report.toString().indent(2));
        if (steps.isEmpty()) {
            sb.append("  Nothing to do: the requested configuration is already in place (no write).\n");
        } else {
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
