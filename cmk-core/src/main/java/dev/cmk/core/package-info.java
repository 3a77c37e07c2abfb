/**
 * The entry point {@code CustomerManagedKeys} and the operations on storage accounts and keys.
 *
 * <h2>Naming conventions</h2>
 * <ul>
 *   <li><b>Handles.</b> {@link dev.cmk.core.CustomerManagedKeys#storageAccount} returns the per-account operation
 *       handle {@link dev.cmk.core.StorageAccountEncryption}; {@link dev.cmk.core.CustomerManagedKeys#key} returns
 *       the per-key operation handle {@link dev.cmk.core.KeyOperations}. Both are immutable and make no call until an
 *       operation runs.</li>
 *   <li><b>Plan, then apply.</b> A change is planned first, reads only, and prints for review; the plan's
 *       {@code apply} performs it: {@link dev.cmk.core.EncryptionPlan#apply()},
 *       {@link dev.cmk.core.AccountCreationPlan#apply()}, {@link dev.cmk.core.RevocationPlan#apply(java.util.Set)}
 *       (with the caller's confirmation) and {@code FleetPlan.apply(..)}.</li>
 *   <li><b>Key versions.</b> Where the key is given by the context (a parameter, the handle, or a component beside
 *       it), a version is its {@code String} name: the 32 hexadecimal characters of Key Vault's version segment, as
 *       in {@link dev.cmk.api.VersionPolicy#pinned(String)}, {@link dev.cmk.core.RestoreResult#reenabledVersions()},
 *       {@link dev.cmk.core.RevocationPlan#versionsToDisable()} and {@code RotationStatus.newVersion()}. Where the
 *       value must identify a version on its own, it is a versioned {@link dev.cmk.api.KeyReference} (its
 *       {@code version()} gives the name): a port call's argument or result, or the key a storage account really
 *       uses ({@link dev.cmk.api.EncryptionStatus#versionInUse()}): Azure reports it as a full identifier that
 *       names its own vault and key, so cmk keeps it whole instead of reading it against the configured key.</li>
 * </ul>
 */
package dev.cmk.core;
