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
import dev.cmk.core.internal.RotationStateMachine;
import dev.cmk.core.internal.RotationTags;
import dev.cmk.core.rotation.KeyRotation;
import dev.cmk.core.validation.KeyRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Operations on one key, from {@link CustomerManagedKeys#key}. */
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
            KeyVersionProperties p = services.keys().getKey(key);
            v.addAll(KeyRules.check(p, requirements, services.clock().instant()));
        } catch (NotFoundException e) {
            v.add(KeyRules.notFound(key, e));
        }
        v.addAll(KeyRules.checkVault(key, services.keys().describeVault(key), null, requirements));
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
        return services.keys().listVersions(key);
    }

    /**
     * A rotation of this key over the given dependents with the id {@code rot-<UTC date>}: a re-run on the same
     * day finds it (finished or not) instead of creating another version; a second rotation of the same key on one
     * day needs {@link #rotation(String, List)}. A new rotation refuses to create its version while another
     * rotation of the key is unfinished ({@link #resumeRotation} finds that one). No call is made until the rotation
     * is asked for its status or advanced.
     *
     * @param dependentAccounts every account that uses the key (retirement trusts this list)
     * @return the rotation
     */
    public KeyRotation rotation(List<StorageAccountId> dependentAccounts) {
        return new RotationStateMachine(services.keys(), services.storage(), services.clock(), key,
                Objects.requireNonNull(dependentAccounts, "dependentAccounts"), null);
    }

    /**
     * A rotation with an explicit id: a re-run with the same id, in any process, resumes it (and never creates a
     * second version for it).
     *
     * @param rotationId 1-64 letters, digits, '.', '_' or '-'
     * @param dependentAccounts every account that uses the key
     * @return the rotation
     * @throws dev.cmk.api.InvalidInputException if the id breaks its rule
     */
    public KeyRotation rotation(String rotationId, List<StorageAccountId> dependentAccounts) {
        return new RotationStateMachine(services.keys(), services.storage(), services.clock(), key,
                Objects.requireNonNull(dependentAccounts, "dependentAccounts"),
                Objects.requireNonNull(rotationId, "rotationId"));
    }

    /**
     * The key's unfinished rotation, found from the tags of its newest version, for a process that does not know
     * its id. One version list and one read per dependent.
     *
     * @param dependentAccounts every account that uses the key
     * @return the unfinished rotation, or empty when the newest version's rotation is finished or there is none
     */
    public Optional<KeyRotation> resumeRotation(List<StorageAccountId> dependentAccounts) {
        return RotationStateMachine.unfinishedRotationId(services.keys(), services.storage(), services.clock(), key,
                dependentAccounts).map(id -> rotation(id, dependentAccounts));
    }

    /**
     * A rotation whose dependents are discovered: every account in the scope configured with this key. Costs one
     * list call and one read per account in the scope. Needs {@code Microsoft.Storage/storageAccounts/read} on the
     * scope.
     *
     * @param scope a subscription or resource group
     * @return the rotation
     */
    public KeyRotation rotationInScope(Scope scope) {
        return rotation(dependentsIn(scope));
    }

    /**
     * The accounts in a scope that are configured with this key. One list call plus one read per account.
     *
     * @param scope a subscription or resource group
     * @return the dependents
     */
    public List<StorageAccountId> dependentsIn(Scope scope) {
        List<StorageAccountId> out = new ArrayList<>();
        for (StorageAccountId id : services.storage().list(scope)) {
            if (usesKey(services.storage().get(id))) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * Plans a key-wide revoke: every enabled version will be disabled, and every listed account that uses the key
     * loses access to its data. Reads only: one version list and one read per listed account (executing the plan
     * reads them again before its first write).
     *
     * @param knownAccounts the accounts to assess; the blast radius is those among them that use the key
     * @return the plan, which runs only with a confirmation naming the blast radius
     */
    public RevocationPlan revoke(List<StorageAccountId> knownAccounts) {
        List<KeyVersionSummary> enabled = services.keys().listVersions(key).stream()
                .filter(KeyVersionSummary::enabled).toList();
        return new RevocationPlan(services, key, enabled, usersOf(services, key, knownAccounts), knownAccounts);
    }

    /**
     * Undoes key-wide revokes exactly: re-enables only the versions a revoke disabled (tagged
     * {@code cmk-revoked-by}), never versions retired by a rotation or disabled by hand. Needs {@code list} and
     * {@code update} on the key.
     *
     * @param knownAccounts accounts to report on (one read each after the restore)
     * @return the re-enabled versions and the listed accounts whose key is usable again
     */
    public RestoreResult restore(List<StorageAccountId> knownAccounts) {
        List<String> reenabled = new ArrayList<>();
        Set<String> enabledNow = new java.util.HashSet<>();
        for (KeyVersionSummary v : services.keys().listVersions(key)) {
            if (v.tags().containsKey(RotationTags.REVOKED_BY)) {
                Map<String, String> tags = new HashMap<>(v.tags());
                tags.remove(RotationTags.REVOKED_BY);
                services.keys().updateVersion(v.id(), new KeyVersionUpdate(Optional.of(true), Optional.of(tags)));
                reenabled.add(v.version());
                enabledNow.add(v.version());
            } else if (v.enabled()) {
                enabledNow.add(v.version());
            }
        }
        List<StorageAccountId> withAccess = new ArrayList<>();
        for (StorageAccountId id : knownAccounts) {
            StorageAccount a = services.storage().get(id);
            if (usesKey(a) && a.encryption().currentVersionedKey().flatMap(KeyReference::version)
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
        return uses(a, key);
    }

    private static boolean uses(StorageAccount a, KeyReference key) {
        return a.encryption().isCustomerManaged() && a.encryption().key().map(k -> k.sameKeyAs(key)).orElse(false);
    }

    /** The accounts among {@code accounts} configured with the key; one read each. */
    static Set<StorageAccountId> usersOf(Services services, KeyReference key, List<StorageAccountId> accounts) {
        Set<StorageAccountId> users = new LinkedHashSet<>();
        for (StorageAccountId id : accounts) {
            if (uses(services.storage().get(id), key)) {
                users.add(id);
            }
        }
        return users;
    }
}
