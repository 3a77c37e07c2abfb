package dev.cmk.core;

import dev.cmk.api.ApplyFailedException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.UnsafeOperationException;
import dev.cmk.api.spi.KeyVersionSummary;
import dev.cmk.api.spi.KeyVersionUpdate;
import dev.cmk.core.internal.KeyLocks;
import dev.cmk.core.internal.RotationRecord;
import dev.cmk.core.rotation.Dependents;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A key-wide revoke, planned: every enabled version of the key will be disabled, and every account seen using the
 * key will lose access to its data (the blast radius; see {@link KeyOperations#revoke(Dependents)} for where cmk
 * looks). It runs only with a confirmation that names exactly
 * those accounts. Each disabled version is tagged {@code cmk-revoked-by=<id>} in the same call, so that
 * {@link KeyOperations#restore} re-enables exactly these versions and no version retired earlier.
 */
public final class RevocationPlan {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);
    private final Services services;
    private final KeyReference key;
    private final List<KeyVersionSummary> toDisable;
    private final Set<StorageAccountId> blastRadius;
    private final Dependents dependents;

    RevocationPlan(Services services, KeyReference key, List<KeyVersionSummary> toDisable,
                   Set<StorageAccountId> blastRadius, Dependents dependents) {
        this.services = services;
        this.key = key;
        this.toDisable = List.copyOf(toDisable);
        this.blastRadius = Set.copyOf(blastRadius);
        this.dependents = dependents;
    }

    /**
     * The accounts that will lose access to their data.
     *
     * @return the blast radius
     */
    public Set<StorageAccountId> blastRadius() {
        return blastRadius;
    }

    /**
     * The versions that will be disabled.
     *
     * @return the enabled versions of the key
     */
    public List<String> versionsToDisable() {
        return versionsOf(toDisable);
    }

    private static List<String> versionsOf(List<KeyVersionSummary> versions) {
        return versions.stream().map(KeyVersionSummary::version).toList();
    }

    /**
     * Disables every enabled version, tagging each with the revocation id. First re-reads the key's versions and
     * re-confirms the accounts that use the key (discovered dependents by listing their scopes again; a declared
     * list by reading it and listing its subscriptions): if anything changed since the plan (a new version, an
     * account that started or stopped using the key), it refuses, so a revoke never cuts off an account nobody
     * confirmed and never leaks through a version it did not see. After its writes it lists the versions once more
     * and fails if any is still enabled. Needs {@code list} and {@code update} on the key.
     *
     * <p>Within one JVM the re-read, the writes and the final list hold the key's lock, which every rotation step,
     * restore and account write pointing at the key also takes, so none of them lands in between. Another process
     * can still create or enable a version meanwhile (Key Vault has no compare-and-set): the final list catches a
     * version that is enabled when it runs, and the revoke then fails rather than report success; one enabled after
     * it is not seen.
     *
     * @param confirmedAccounts exactly the accounts of {@link #blastRadius()}: the caller's acknowledgement of who
     *     loses access
     * @return the revocation id (as tagged on the versions)
     * @throws UnsafeOperationException ({@link ErrorCode#CONFIRMATION_REQUIRED}) if the confirmation does not name
     *     exactly the blast radius, or ({@link ErrorCode#UNSAFE_OPERATION}) if the key or its accounts changed since
     *     the plan; nothing is changed
     * @throws ApplyFailedException ({@link ErrorCode#VERIFICATION_FAILED}) if after the writes a version of the key
     *     is still enabled (another process created or enabled it): the message names it; run the revoke again
     *     (plan and apply) to disable it
     */
    public String apply(Set<StorageAccountId> confirmedAccounts) {
        if (confirmedAccounts == null || !blastRadius.equals(Set.copyOf(confirmedAccounts))) {
            Set<String> missing = new TreeSet<>();
            blastRadius.forEach(a -> missing.add(a.name()));
            Optional.ofNullable(confirmedAccounts).ifPresent(c -> c.forEach(a -> missing.remove(a.name())));
            throw new UnsafeOperationException(ErrorCode.CONFIRMATION_REQUIRED, "revoking " + key.versionless()
                    + " cuts off every account that uses it; confirm with exactly these accounts: "
                    + blastRadius.stream().map(StorageAccountId::name).sorted().toList()
                    + (missing.isEmpty() ? " (the confirmation named accounts outside the blast radius)"
                    : " (not confirmed: " + missing + ")") + ". Nothing was changed.");
        }
        return KeyLocks.exclusive(key, this::applyConfirmed);
    }

    /**
     * Disables every enabled version: the former name of {@link #apply(Set)}, with identical behaviour. Every
     * reviewed plan in cmk ({@link EncryptionPlan}, {@link AccountCreationPlan}, {@code FleetPlan}) is performed by
     * {@code apply}.
     *
     * @param confirmedAccounts exactly the accounts of {@link #blastRadius()}
     * @return the revocation id (as tagged on the versions)
     * @throws UnsafeOperationException as {@link #apply(Set)}; nothing is changed
     * @throws ApplyFailedException as {@link #apply(Set)}
     * @deprecated use {@link #apply(Set)}
     */
    @Deprecated(since = "0.1.0")
    public String execute(Set<StorageAccountId> confirmedAccounts) {
        return apply(confirmedAccounts);
    }

    private String applyConfirmed() {
        // Re-read before the first write: a version created or an account moved since the plan would leak.
        List<KeyVersionSummary> enabledNow = services.keys().listVersions(key).stream()
                .filter(KeyVersionSummary::enabled).toList();
        Set<StorageAccountId> radiusNow = KeyOperations.usersOf(services, key, dependents);
        if (!versionsOf(enabledNow).equals(versionsToDisable()) || !radiusNow.equals(blastRadius)) {
            throw new UnsafeOperationException(ErrorCode.UNSAFE_OPERATION, "the key " + key.versionless()
                    + " or its accounts changed since this revoke was planned (enabled versions now "
                    + versionsOf(enabledNow) + ", accounts using it now " + radiusNow.stream()
                    .map(StorageAccountId::name).sorted().toList() + "); plan the revoke again and confirm the new "
                    + "blast radius. Nothing was changed.");
        }
        String id = "rev-" + ID_TIME.format(services.clock().instant());
        List<String> disabled = new ArrayList<>();
        for (KeyVersionSummary v : enabledNow) {
            services.keys().updateVersion(v.id(), new KeyVersionUpdate(Optional.of(false),
                    Optional.of(RotationRecord.revokedBy(v.tags(), id))));
            disabled.add("disabled " + v.version());
        }
        List<String> stillEnabled = versionsOf(services.keys().listVersions(key).stream()
                .filter(KeyVersionSummary::enabled).toList());
        if (!stillEnabled.isEmpty()) {
            throw new ApplyFailedException(ErrorCode.VERIFICATION_FAILED, "revoke " + id + " of "
                    + key.versionless() + " disabled " + versionsToDisable() + ", but the key now has enabled "
                    + "versions " + stillEnabled + " (created or enabled meanwhile, by another process): accounts "
                    + "using the key may keep or regain access through them. Stop whatever creates versions of the "
                    + "key (a rotation driver, Key Vault's rotation policy), then run the revoke again (plan and "
                    + "apply)", disabled, null);
        }
        return id;
    }

    /**
     * The blast radius and the versions, for review.
     *
     * @return the printable plan
     */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        blastRadius.forEach(a -> names.add(a.name()));
        names.sort(null);
        return "Revoke " + key.versionless() + "\n  versions to disable: " + versionsToDisable()
                + "\n  accounts that lose access (confirm with exactly these): " + names
                + "\n  accounts " + dependents.describe();
    }
}
