/**
 * Fleet operations: audit, plan and apply customer-managed keys over many storage accounts at once, reading
 * accounts from list pages (one page carries many accounts with their full encryption) instead of one read per
 * account. Start from {@link dev.cmk.core.CustomerManagedKeys#fleet()}.
 *
 * <ul>
 *   <li>{@link dev.cmk.core.fleet.FleetScope}: subscriptions, resource groups and an
 *       {@link dev.cmk.core.fleet.AccountFilter};</li>
 *   <li>{@link dev.cmk.core.fleet.FleetAudit}: every account's encryption, its findings against
 *       {@link dev.cmk.api.VaultRequirements} and a {@link dev.cmk.core.fleet.FleetPolicy}, streamed to an
 *       {@link dev.cmk.core.fleet.AuditSink} (for example {@link dev.cmk.core.fleet.FleetAuditTable}) with a
 *       {@link dev.cmk.core.fleet.FleetAuditSummary};</li>
 *   <li>{@link dev.cmk.core.fleet.FleetPlan}: per-account changes towards a
 *       {@link dev.cmk.core.fleet.DesiredState}, applied with {@link dev.cmk.core.fleet.ApplyOptions} into a
 *       {@link dev.cmk.core.fleet.FleetApplyReport}.</li>
 * </ul>
 */
package dev.cmk.core.fleet;
