package dev.cmk.core.rotation;

import java.time.Duration;

/**
 * A safe rotation of one key over its dependent storage accounts, as an explicit state machine whose state is
 * derived from what Azure reports, so that any process can resume it after a crash.
 *
 * <p>Order (Tink's add, roll out, promote, then retire): create the new version with the current version's type
 * and size and a tag naming the rotation, in one call; move each pinned dependent with one write, verified by the
 * account Azure returns; watch auto-updating dependents until they report the new version (Azure Storage checks about
 * daily); only then, and only if {@link RotationOptions#retireOldVersions()}, disable old versions that no dependent
 * reports or pins, once the pickup window plus margin has passed since the new version was created. Guarantees:
 * <ul>
 *   <li>no step disables a version a dependent reports or pins, or points an account at a version that is not
 *       enabled and valid; right before it disables a version, the rotation reads its dependents again (discovered
 *       ones by listing their scopes again; for a declared list, also the declared accounts' subscriptions);</li>
 *   <li>each step is chosen from the derived state and guarded <em>before</em> any effect; state that moved on its
 *       own (an operator re-pinned an account) is a {@link RotationEvent.Kind#DRIFT} event and a status warning,
 *       never an exception;</li>
 *   <li>a re-run (any process, same rotation id) finds the version it created instead of creating another; a new
 *       rotation is refused while another is unfinished, while the key is revoked, and within
 *       {@link RotationOptions#minimumInterval()} of the key's last rotation unless forced, so a driver that lost
 *       track of a finished rotation cannot create a second new version;</li>
 *   <li>every transition is published as a {@link RotationEvent} after it happened; a failing listener is logged,
 *       never fatal.</li>
 * </ul>
 *
 * <p><b>Thread-safety.</b> A handle holds its listeners (a copy-on-write list), the last state it observed (used
 * only to report drift) and its options, which only the deprecated setters change (atomically; each step reads
 * them once), so it may be shared between threads. Steps ({@link #advance()},
 * {@link #run()}, {@link #abort()}) on the same key are serialised within one JVM, whatever handle or
 * {@code CustomerManagedKeys} instance runs them. Across processes Key Vault offers no compare-and-set: run one
 * driver per key.
 *
 * <p>Needs {@code get}, {@code list}, {@code create} and {@code update} on the key and
 * {@code Microsoft.Storage/storageAccounts/read|write} on the dependents (and {@code read} on the discovery scopes).
 *
 * <pre>{@code
 * RotationOptions options = RotationOptions.custom().retireOldVersions(true).build();
 * KeyRotation rotation = cmk.key(key).rotation(Dependents.discoveredIn(scope), options);
 * rotation.run();                 // creates, moves pinned accounts; returns when it must wait for pickup
 * // 25 hours later, in this or any other process:
 * cmk.key(key).resumeRotation(Dependents.discoveredIn(scope), options).ifPresent(KeyRotation::run);
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
     * The options this handle was given, as changed by the deprecated setters. When their retire choice is not
     * explicit ({@link RotationOptions#retireChoiceExplicit()}), each step follows the choice recorded on the
     * rotation's new version instead.
     *
     * @return the options
     */
    RotationOptions options();

    /**
     * The dependents this handle protects.
     *
     * @return the dependents
     */
    Dependents dependents();

    /**
     * Changes this handle's retirement choice (an explicit choice: a resumed rotation then follows it, not the
     * recorded one). Takes effect from the next step this handle starts; a step already running keeps the options
     * it read. Makes no call to Azure.
     *
     * @param retire true to retire old versions
     * @return this handle
     * @deprecated pass {@link RotationOptions#custom()}{@code .retireOldVersions(..)} to
     *     {@code KeyOperations.rotation(..)}; options given when the handle is made cannot change under another
     *     thread
     */
    @Deprecated(since = "0.1.0")
    KeyRotation retireOldVersions(boolean retire);

    /**
     * Changes this handle's pickup window and margin, from the next step this handle starts. Makes no call to
     * Azure; a refused value changes nothing.
     *
     * @param window the pickup window, positive
     * @param margin the margin, zero or positive
     * @return this handle
     * @throws dev.cmk.api.InvalidInputException if the window is not positive or the margin negative
     * @deprecated use {@link RotationOptions.Builder#pickupWindow}
     */
    @Deprecated(since = "0.1.0")
    KeyRotation pickupWindow(Duration window, Duration margin);

    /**
     * Changes the requirements this handle checks the new version against before pointing any account at it, from
     * the next step this handle starts. Makes no call to Azure.
     *
     * @param requirements the requirements
     * @return this handle
     * @throws NullPointerException if requirements is null
     * @deprecated use {@link RotationOptions.Builder#requirements}
     */
    @Deprecated(since = "0.1.0")
    KeyRotation requirements(dev.cmk.api.VaultRequirements requirements);

    /**
     * Registers a listener for this handle's events (transitions and drift). To hear every rotation, register it
     * once with {@code CustomerManagedKeys.builder().rotationListener(..)} instead.
     *
     * @param listener the listener
     * @return this
     */
    KeyRotation onTransition(RotationListener listener);

    /**
     * Reads Azure and derives the state. Reads only: one version list and the dependents (discovered: one request
     * per list page of each scope; declared: one list per resource group holding two or more declared accounts,
     * one read for each other declared account).
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
     * Performs the next idempotent step, if any, and returns the state after it. The step is chosen from the state
     * derived at the start and guarded before any write: create the version (PLANNED), pin the pinned dependents
     * (VERSION_CREATED, PROPAGATING, STALLED), retire (RETIRING), record completion (COMPLETED). Waiting states
     * return unchanged. Lists the key's versions once.
     *
     * @return the new status; drift and spared versions appear in {@link RotationStatus#warnings()}
     * @throws dev.cmk.api.UnsafeOperationException if a new version must not be created now (key revoked, another
     *     rotation unfinished, within the minimum interval); nothing was changed
     * @throws dev.cmk.api.ApplyFailedException if Azure's answer to a pin shows another version; the message lists
     *     what this step did change
     */
    RotationStatus advance();

    /**
     * Calls {@link #advance()} until the rotation is terminal, must wait for time to pass (a step changed nothing),
     * or {@link RotationOptions#maxSteps()} steps were made (10 by default; a normal rotation needs at most 4 per
     * call).
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
     * @throws IllegalRotationTransitionException if the rotation is planned, terminal or retiring (nothing is
     *     changed)
     * @throws dev.cmk.api.UnsafeOperationException if the version to move back to is disabled, expired or not yet
     *     valid (nothing is changed)
     * @throws dev.cmk.api.RequirementViolatedException if pinned accounts would be moved back to a version that now
     *     fails the rotation's requirements (for example it expires within the minimum validity); its report names
     *     each violation with its fix. Nothing is changed: fix that version and abort again, or let the rotation
     *     finish
     */
    RotationStatus abort();
}
