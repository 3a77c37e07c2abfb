package dev.cmk.core.rotation;

import java.time.Duration;

/**
 * A safe rotation of one key over its dependent storage accounts, as an explicit state machine whose state is
 * derived from what Azure reports, so that any process can resume it after a crash.
 *
 * <p>Order (Tink's add, roll out, promote, then retire): create the new version with the current version's type
 * and size and a tag naming the rotation, in one call; move each pinned dependent with one verified write; watch
 * auto-updating dependents until they report the new version (Azure Storage checks about daily); only then, and
 * only if asked, disable old versions that no dependent reports or pins, once the pickup window has passed since the
 * new version was created. Guarantees:
 * <ul>
 *   <li>no step disables a version a dependent reports or pins, or points an account at a version that is not
 *       enabled and valid;</li>
 *   <li>a re-run (any process, same rotation id) finds the version it created instead of creating another;
 *       callers in one JVM are serialised per key, so concurrent callers cannot both create a version;</li>
 *   <li>every transition is checked by {@link RotationTransition#check} and published as a {@link RotationEvent}
 *       after it happened; a failing listener is logged, never fatal.</li>
 * </ul>
 * Retirement trusts the list of dependents: pass every account that uses the key, or use the variant that
 * discovers them in a scope. Needs {@code get}, {@code list}, {@code create} and {@code update} on the key and
 * {@code Microsoft.Storage/storageAccounts/read|write} on the dependents.
 *
 * <pre>{@code
 * List<StorageAccountId> dependents = List.of(accountA, accountB);
 * KeyRotation rotation = cmk.key(key).rotation(dependents).retireOldVersions(true);
 * RotationStatus status = rotation.run(); // creates, moves pinned accounts; returns when it must wait for pickup
 * // a day later (Storage picks up a new version within 24 hours), in this process or any other:
 * status = cmk.key(key).rotation(rotation.id(), dependents).retireOldVersions(true).run(); // COMPLETED
 * }</pre>
 */
public interface KeyRotation {

    /**
     * The rotation's id: the value of the {@code cmk-rotation} tag on its new version.
     *
     * @return the id
     */
    String id();

    /**
     * Asks (or stops asking) for old versions to be disabled once it is safe: when no dependent reports or pins them
     * and the pickup window plus margin has passed since the new version was created. Recorded in Azure (a tag on
     * the new version) at the next step, so a resumed rotation knows.
     *
     * @param retire true to retire old versions
     * @return this
     */
    KeyRotation retireOldVersions(boolean retire);

    /**
     * Sets how long Storage may take to pick up a new version (24 hours by default) and the margin after which a
     * rotation whose auto-updating dependents have not picked it up is {@link RotationState#STALLED} (1 hour).
     *
     * @param window the pickup window, positive
     * @param margin the margin, zero or positive
     * @return this
     * @throws dev.cmk.api.InvalidInputException if the window is not positive or the margin negative
     */
    KeyRotation pickupWindow(Duration window, Duration margin);

    /**
     * Sets the requirements the new version must meet before any pinned account is moved to it
     * ({@link dev.cmk.api.VaultRequirements#azureStorageDefaults()} by default). A new version that fails them makes
     * the rotation {@link RotationState#STALLED}, naming the violations.
     *
     * @param requirements the requirements
     * @return this
     */
    KeyRotation requirements(dev.cmk.api.VaultRequirements requirements);

    /**
     * Registers a listener for transitions.
     *
     * @param listener the listener
     * @return this
     */
    KeyRotation onTransition(RotationListener listener);

    /**
     * Reads Azure and derives the state. Reads only: one version list and one read per dependent.
     *
     * @return the status
     */
    RotationStatus status();

    /**
     * The derived state ({@code status().state()}).
     *
     * @return the state
     */
    default RotationState state() {
        return status().state();
    }

    /**
     * Performs the next idempotent step, if any, and returns the state after it. Waiting states (auto-updating
     * dependents not yet on the new version, the pickup window not yet passed) return unchanged.
     *
     * @return the new status
     * @throws IllegalRotationTransitionException if what Azure reports contradicts the rotation (for example an
     *     account moved back to an old version while retiring)
     */
    RotationStatus advance();

    /**
     * Calls {@link #advance()} until the rotation is terminal or must wait for time to pass.
     *
     * @return the status where it stopped
     */
    RotationStatus run();

    /**
     * Moves the dependents pinned to the new version back to the version the rotation started from (one verified
     * write each) and marks the rotation aborted. Auto-updating dependents keep whatever version they use: moving
     * them back would need the new version disabled while they may use it. Refused once old versions were retired.
     *
     * @return the status after the abort
     * @throws IllegalRotationTransitionException if the rotation is planned, terminal or retiring
     * @throws dev.cmk.api.UnsafeOperationException if the version to move back to is disabled, expired or not yet
     *     valid (nothing is changed)
     */
    RotationStatus abort();
}
