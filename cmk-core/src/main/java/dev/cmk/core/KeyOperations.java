package dev.cmk.core;

import dev.cmk.api.KeyReference;
import dev.cmk.api.NotFoundException;
import dev.cmk.api.RotationPolicy;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.ValidationReport;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.Violation;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.KeyVersionSummary;
import dev.cmk.api.spi.KeyVersionUpdate;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.core.internal.DependentReader;
import dev.cmk.core.internal.RotationDerivation;
import dev.cmk.core.internal.RotationRecord;
import dev.cmk.core.internal.RotationStateMachine;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.core.rotation.KeyRotation;
import dev.cmk.core.rotation.RotationOptions;
import dev.cmk.core.validation.KeyRules;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The per-key operation handle: everything cmk does to one key (validation, creation, rotation, revoke and
 * restore), from {@link CustomerManagedKeys#key}. Its counterpart for one storage account is
 * {@link StorageAccountEncryption}, from {@link CustomerManagedKeys#storageAccount}.
 *
 * <p>The handle is a cheap, immutable value: creating it makes no call to Azure, and it holds no state between
 * operations (each operation reads what it needs). Reads run at once ({@link #validate}, {@link #versions()});
 * changes are planned first ({@link #revoke(Dependents)} → {@link RevocationPlan#apply}) or run as a resumable
 * rotation ({@link #rotation(Dependents)}). Each operation states the Azure permission it needs.
 *
 * <p>Key versions: within a key's context (this handle, a rotation, a revoke or restore of one key) a version is
 * its {@code String} name, the 32 hexadecimal characters of Key Vault's version segment; a versioned
 * {@link KeyReference} stands for a version only where it must stand alone, without its key around it (see the
 * package documentation).
 */
public final class KeyOperations {
    private final Services services;
    private final KeyReference key;

    KeyOperations(Services services, KeyReference key) {
        this.services = services;
        this.key = key;
    }

    /**
     * Checks the key (its current version, or the referenced version) and its vault against the requirements.
     * Reads only: one key read and one vault read. Needs {@code get} on the key.
     *
     * @param requirements the requirements
     * @return every violation found; {@link ValidationReport#isValid()} when the key is fit for Azure Storage
     */
    public ValidationReport validate(VaultRequirements requirements) {
        List<Violation> v = new ArrayList<>();
        try {
            v.addAll(KeyRules.checkVault(key, services.keys().describeVault(key), null, requirements));
        } catch (NotFoundException e) {
            return new ValidationReport(List.of(KeyRules.vaultNotFound(key, e)));
        }
        try {
            KeyVersionProperties p = services.keys().getKey(key);
            v.addAll(0, KeyRules.check(p, requirements, services.clock().instant()));
        } catch (NotFoundException e) {
            if (KeyRules.isVaultMissing(e)) {
                return new ValidationReport(List.of(KeyRules.vaultNotFound(key, e)));
            }
            v.add(0, KeyRules.notFound(key, e));
        }
        return new ValidationReport(v);
    }

    /**
     * Creates this key, fit for Azure Storage, checked against {@link VaultRequirements#azureStorageDefaults()}.
     * See {@link #create(StorageKeySpec, VaultRequirements)}.
     *
     * @param spec type, size, expiry, rotation policy and tags
     * @return the first version as the vault reports it
     */
    public KeyVersionProperties create(dev.cmk.api.StorageKeySpec spec) {
        return create(spec, VaultRequirements.azureStorageDefaults());
    }

    /**
     * Creates this key (named without a version), fit for Azure Storage: RSA or RSA-HSM of 2048, 3072 or 4096 bits
     * with the operations wrapKey and unwrapKey, in one create call that carries the expiry and tags; then, if the
     * spec has one, the rotation policy is set (one more call).
     *
     * <p>Before any write it refuses, changing nothing: a versioned reference or a non-HSM type on a Managed HSM
     * ({@link dev.cmk.api.InvalidInputException}); a rotation policy outside Azure's bounds; a key that breaks the
     * requirements, including a vault without soft delete or purge protection (read from the vault's ARM
     * resource) and an expiry within the minimum validity ({@link dev.cmk.api.RequirementViolatedException}); and a
     * key of that name that already exists ({@link dev.cmk.api.ConflictException}: rotate it instead). When the
     * vault's settings cannot be read, the created key's recovery level is checked instead and a key Storage would
     * refuse is reported as {@link dev.cmk.api.ErrorCode#VERIFICATION_FAILED}. Requests: 1 vault read, 1 key read
     * (expected 404), 1 create, plus 1 for the rotation policy. Needs {@code create} (and {@code setrotationpolicy})
     * on keys, and {@code Microsoft.KeyVault/vaults/read}.
     *
     * @param spec type, size, expiry, rotation policy and tags
     * @param requirements the requirements to meet
     * @return the first version as the vault reports it
     * @throws dev.cmk.api.ApplyFailedException if the key was created but its rotation policy could not be set, or
     *     the created key's vault turns out unfit
     */
    public KeyVersionProperties create(dev.cmk.api.StorageKeySpec spec, VaultRequirements requirements) {
        return KeyCreation.create(services, key, Objects.requireNonNull(spec, "spec"),
                Objects.requireNonNull(requirements, "requirements"));
    }

    /**
     * Every version of the key with what Key Vault's version list carries (enabled, dates, recovery level, tags;
     * no type, size or operations), oldest first by creation time. One request per page of 25 versions. Needs
     * {@code list} on the key.
     *
     * @return the versions
     */
    public List<KeyVersionSummary> versions() {
        return RotationDerivation.inCreationOrder(services.keys().listVersions(key));
    }

    /**
     * A rotation of this key with the default options and the id {@code rot-<UTC date>}: a re-run on the same day
     * finds it (finished or not) instead of creating another version, and a run on a later day is refused within
     * {@link RotationOptions#minimumInterval()} of the key's last rotation. No call is made until the rotation is
     * asked for its status or advanced.
     *
     * @param dependents the dependents, {@link Dependents#discoveredIn} (recommended) or an acknowledged declared
     *     list
     * @return the rotation
     * @throws dev.cmk.api.UnsafeOperationException ({@link dev.cmk.api.ErrorCode#CONFIRMATION_REQUIRED}) if a
     *     declared list lacks its acknowledgement
     */
    public KeyRotation rotation(Dependents dependents) {
        return rotation(dependents, RotationOptions.ofDefaults());
    }

    /**
     * A rotation of this key with the id {@code rot-<UTC date>} (see {@link #rotation(Dependents)}).
     *
     * @param dependents the dependents
     * @param options the options
     * @return the rotation
     * @throws dev.cmk.api.UnsafeOperationException ({@link dev.cmk.api.ErrorCode#CONFIRMATION_REQUIRED}) if a
     *     declared list lacks its acknowledgement
     */
    public KeyRotation rotation(Dependents dependents, RotationOptions options) {
        return machine(null, dependents, options);
    }

    /**
     * A rotation with an explicit id: a re-run with the same id, in any process, resumes it (and never creates a
     * second version for it). A new id is refused when its first step would create a version while another rotation
     * of the key is unfinished, while the key is revoked, or within the minimum interval unless forced.
     *
     * @param rotationId 1-64 letters, digits, '.', '_' or '-'
     * @param dependents the dependents
     * @param options the options
     * @return the rotation
     * @throws dev.cmk.api.InvalidInputException if the id breaks its rule
     * @throws dev.cmk.api.UnsafeOperationException ({@link dev.cmk.api.ErrorCode#CONFIRMATION_REQUIRED}) if a
     *     declared list lacks its acknowledgement
     */
    public KeyRotation rotation(String rotationId, Dependents dependents, RotationOptions options) {
        return machine(Objects.requireNonNull(rotationId, "rotationId"), dependents, options);
    }

    /**
     * The key's newest rotation whose completion or abort is not recorded, for a driver that does not know its id:
     * {@code resumeRotation(deps, options).orElseGet(() -> rotation(deps, options)).run()}. A rotation that reached
     * its end but crashed before recording it is returned too, so the driver records the completion instead of
     * starting another rotation. One version list.
     *
     * @param dependents the dependents
     * @param options the options
     * @return the rotation, or empty when the newest rotation's completion or abort is recorded, or there is none
     * @throws dev.cmk.api.UnsafeOperationException ({@link dev.cmk.api.ErrorCode#CONFIRMATION_REQUIRED}) if a
     *     declared list lacks its acknowledgement
     */
    public Optional<KeyRotation> resumeRotation(Dependents dependents, RotationOptions options) {
        DependentReader.requireUsable(Objects.requireNonNull(dependents, "dependents"),
                "a rotation of " + key.versionless());
        return RotationDerivation.resumable(RotationDerivation.inCreationOrder(services.keys().listVersions(key)))
                .map(id -> rotation(id, dependents, options));
    }

    /**
     * {@link #resumeRotation(Dependents, RotationOptions)} with the default options.
     *
     * @param dependents the dependents
     * @return the rotation, or empty
     */
    public Optional<KeyRotation> resumeRotation(Dependents dependents) {
        return resumeRotation(dependents, RotationOptions.ofDefaults());
    }

    private KeyRotation machine(String id, Dependents dependents, RotationOptions options) {
        DependentReader.requireUsable(Objects.requireNonNull(dependents, "dependents"),
                "a rotation of " + key.versionless());
        return new RotationStateMachine(services.keys(), services.storage(), services.clock(), key, dependents, id,
                Objects.requireNonNull(options, "options"), services.rotationListeners());
    }

    /**
     * A rotation over a caller's list with the id {@code rot-<UTC date>}.
     *
     * @param dependentAccounts accounts that use the key
     * @return the rotation
     * @deprecated the list was trusted silently; use {@link #rotation(Dependents, RotationOptions)} with
     *     {@link Dependents#discoveredIn}, or with {@code Dependents.declared(list)
     *     .acknowledgingUnlistedAccountsMayLoseAccess()}, which this method now passes
     */
    @Deprecated(since = "0.1.0")
    public KeyRotation rotation(List<StorageAccountId> dependentAccounts) {
        return rotation(declared(dependentAccounts));
    }

    /**
     * A rotation with an explicit id over a caller's list.
     *
     * @param rotationId 1-64 letters, digits, '.', '_' or '-'
     * @param dependentAccounts accounts that use the key
     * @return the rotation
     * @throws dev.cmk.api.InvalidInputException if the id breaks its rule
     * @deprecated use {@link #rotation(String, Dependents, RotationOptions)}; this method passes an acknowledged
     *     declared list
     */
    @Deprecated(since = "0.1.0")
    public KeyRotation rotation(String rotationId, List<StorageAccountId> dependentAccounts) {
        return rotation(rotationId, declared(dependentAccounts), RotationOptions.ofDefaults());
    }

    /**
     * The key's unfinished rotation over a caller's list.
     *
     * @param dependentAccounts accounts that use the key
     * @return the rotation, or empty
     * @deprecated use {@link #resumeRotation(Dependents, RotationOptions)}; this method passes an acknowledged
     *     declared list
     */
    @Deprecated(since = "0.1.0")
    public Optional<KeyRotation> resumeRotation(List<StorageAccountId> dependentAccounts) {
        return resumeRotation(declared(dependentAccounts));
    }

    /**
     * A rotation whose dependents are discovered in a scope at every step.
     *
     * @param scope a subscription or resource group
     * @return the rotation
     * @deprecated use {@code rotation(Dependents.discoveredIn(scope), options)}, which this method now returns
     *     (dependents are discovered at every step, not once)
     */
    @Deprecated(since = "0.1.0")
    public KeyRotation rotationInScope(Scope scope) {
        return rotation(Dependents.discoveredIn(scope));
    }

    private static Dependents declared(List<StorageAccountId> accounts) {
        return Dependents.declared(Objects.requireNonNull(accounts, "dependentAccounts"))
                .acknowledgingUnlistedAccountsMayLoseAccess();
    }

    /**
     * The accounts in a scope that are configured with this key. One request per list page (each page carries the
     * accounts' encryption), never one per account.
     *
     * @param scope a subscription or resource group
     * @return the dependents
     */
    public List<StorageAccountId> dependentsIn(Scope scope) {
        return new DependentReader(services.storage(), key).read(Dependents.discoveredIn(scope)).stream()
                .map(StorageAccount::id).toList();
    }

    /**
     * Plans a key-wide revoke: every enabled version will be disabled, and every account that uses the key loses
     * access to its data. The blast radius is every account seen using the key: with discovered dependents, those
     * in the scopes; with a declared list, the listed ones plus any other account in their subscriptions. Reads
     * only; executing the plan reads everything again before its first write.
     *
     * @param dependents where to look for the accounts that use the key
     * @return the plan, which runs only with a confirmation naming the blast radius
     * @throws dev.cmk.api.UnsafeOperationException ({@link dev.cmk.api.ErrorCode#CONFIRMATION_REQUIRED}) if a
     *     declared list lacks its acknowledgement
     */
    public RevocationPlan revoke(Dependents dependents) {
        DependentReader.requireUsable(Objects.requireNonNull(dependents, "dependents"),
                "a revoke of " + key.versionless());
        List<KeyVersionSummary> enabled = services.keys().listVersions(key).stream()
                .filter(KeyVersionSummary::enabled).toList();
        return new RevocationPlan(services, key, enabled, usersOf(services, key, dependents), dependents);
    }

    /**
     * Plans a key-wide revoke over a caller's list.
     *
     * @param knownAccounts the accounts to assess
     * @return the plan
     * @deprecated use {@link #revoke(Dependents)}; this method passes an acknowledged declared list, so accounts in
     *     the listed accounts' subscriptions that use the key are now part of the blast radius too
     */
    @Deprecated(since = "0.1.0")
    public RevocationPlan revoke(List<StorageAccountId> knownAccounts) {
        return revoke(declared(knownAccounts));
    }

    /**
     * Undoes key-wide revokes exactly: re-enables only the versions a revoke disabled (tagged
     * {@code cmk-revoked-by}), never versions retired by a rotation or disabled by hand. The listing and the
     * writes hold the key's lock in this JVM (as rotation steps and revokes do); another process is not excluded.
     * Needs {@code list} and {@code update} on the key.
     *
     * @param knownAccounts accounts to report on (one read each after the restore; an account that cannot be read
     *     then, for example one deleted, is left out of the report instead of failing a restore already made)
     * @return the re-enabled versions and the listed accounts whose key is usable again
     * @throws NullPointerException if the list or an id in it is null, before any call to Azure
     */
    public RestoreResult restore(List<StorageAccountId> knownAccounts) {
        List.copyOf(Objects.requireNonNull(knownAccounts, "knownAccounts")); // null (or a null id): before any write
        List<String> reenabled = new ArrayList<>();
        Set<String> enabledNow = new java.util.HashSet<>();
        dev.cmk.core.internal.KeyLocks.exclusive(key, () -> {
            for (KeyVersionSummary v : services.keys().listVersions(key)) {
                if (RotationRecord.revocation(v.tags()).isPresent()) {
                    services.keys().updateVersion(v.id(), new KeyVersionUpdate(Optional.of(true),
                            Optional.of(RotationRecord.restored(v.tags()))));
                    reenabled.add(v.version());
                    enabledNow.add(v.version());
                } else if (v.enabled()) {
                    enabledNow.add(v.version());
                }
            }
            return null;
        });
        List<StorageAccountId> withAccess = new ArrayList<>();
        for (StorageAccountId id : knownAccounts) {
            StorageAccount a = RestoreReads.readOrNull(services.storage(), id); // the writes are done: never fail now
            if (a != null && usesKey(a) && a.encryption().currentVersionedKey().flatMap(KeyReference::version)
                    .map(enabledNow::contains).orElse(false)) {
                withAccess.add(id);
            }
        }
        return new RestoreResult(reenabled, withAccess);
    }

    /**
     * The key's rotation policy in the vault. One call; needs {@code getrotationpolicy}.
     *
     * @return the policy, or empty when none is set
     */
    public Optional<RotationPolicy> rotationPolicy() {
        return services.keys().getRotationPolicy(key.versionless());
    }

    /**
     * Sets the key's rotation policy in the vault, after checking Azure's bounds for the vault kind (expiry at least
     * 28 days; rotation interval at least 7 days, 28 on Managed HSM) before any call. Note that the vault's
     * auto-rotation only creates versions: auto-updating accounts pick them up within a day, but pinned accounts stay
     * on the old version until {@link #rotation} moves them, and old versions are never disabled by the vault. Needs
     * {@code setrotationpolicy}.
     *
     * @param policy the policy
     * @return the policy as stored
     * @throws dev.cmk.api.InvalidInputException if a bound is broken (nothing is sent)
     */
    public RotationPolicy setRotationPolicy(RotationPolicy policy) {
        Objects.requireNonNull(policy, "policy").validateFor(key.vaultKind());
        return services.keys().setRotationPolicy(key.versionless(), policy);
    }

    private boolean usesKey(StorageAccount a) {
        return RotationDerivation.usesKey(a, key);
    }

    /** Every account seen using the key: the dependents that use it plus unlisted users found near a declared list. */
    static Set<StorageAccountId> usersOf(Services services, KeyReference key, Dependents dependents) {
        Set<StorageAccountId> users = new LinkedHashSet<>();
        for (StorageAccount a : new DependentReader(services.storage(), key).confirm(dependents).users(key)) {
            users.add(a.id());
        }
        return users;
    }
}
