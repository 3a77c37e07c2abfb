package dev.cmk.core;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.VersionPolicy;
import java.util.Objects;

/**
 * Pointing an account at a customer-managed key, from {@link StorageAccountEncryption#useCustomerManagedKey}.
 * Defaults: the version policy follows the key reference (versionless: auto-update; versioned: pinned), the
 * identity the account already uses for its customer-managed key (so changing only the key or the version policy
 * never switches identity), else the account's system-assigned identity,
 * {@link VaultRequirements#azureStorageDefaults()}, and no granting of access.
 */
public final class CustomerManagedKeyConfiguration {
    private final Services services;
    private final StorageAccountId account;
    private final KeyReference key;
    private VersionPolicy policy;
    private ManagedIdentity identity; // null: keep the account's current encryption identity, else system-assigned
    private VaultRequirements requirements = VaultRequirements.azureStorageDefaults();
    private boolean grantKeyAccess;
    static final String GRANT_NEEDS_PROVIDER = ".grantKeyAccess() needs a KeyAccessProvider to grant with: configure "
            + "CustomerManagedKeys.builder().keyAccess(..), or drop .grantKeyAccess() and grant the identity get, "
            + "wrapKey and unwrapKey yourself. Nothing was read or changed.";

    CustomerManagedKeyConfiguration(Services services, StorageAccountId account, KeyReference key) {
        this.services = services;
        this.account = account;
        this.key = key;
    }

    /**
     * Sets the version policy.
     *
     * @param policy auto-update or pinned
     * @return this
     * @throws InvalidInputException if the key reference is versioned and the policy is not pinned to that version
     */
    public CustomerManagedKeyConfiguration versionPolicy(VersionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (key.isVersioned() && !(policy instanceof VersionPolicy.Pinned p && p.version().equals(
                key.version().get()))) {
            throw new InvalidInputException("version policy", "the key reference names version "
                    + key.version().get() + ", which contradicts the policy; use a versionless key reference with "
                    + "this policy, or pin the same version", policy.toString(),
                    "VersionPolicy.pinned(\"" + key.version().get() + "\")");
        }
        this.policy = policy;
        return this;
    }

    /**
     * Sets the identity Storage uses to reach the key. Without this call the account keeps the identity it uses
     * now for its customer-managed key, or uses its system-assigned identity if it has none.
     *
     * @param identity system-assigned or user-assigned (optionally with a federated client id)
     * @return this
     */
    public CustomerManagedKeyConfiguration identity(ManagedIdentity identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
        return this;
    }

    /**
     * Sets the requirements the key and vault must meet.
     *
     * @param requirements the requirements
     * @return this
     */
    public CustomerManagedKeyConfiguration requirements(VaultRequirements requirements) {
        this.requirements = Objects.requireNonNull(requirements, "requirements");
        return this;
    }

    /**
     * Lets the plan grant the identity get, wrapKey and unwrapKey on the key when it lacks them (and enable a
     * missing system-assigned identity first). Needs a {@code KeyAccessProvider}; off by default, so that cmk never
     * widens access unless asked.
     *
     * @return this
     */
    public CustomerManagedKeyConfiguration grantKeyAccess() {
        this.grantKeyAccess = true;
        return this;
    }

    /**
     * Reads and validates, and lists the writes. Reads only: one account read, one key read, one vault read and
     * one access check per key the identity must reach. Needs read access to the account, {@code get} on the key
     * and read access to the vault's permissions.
     *
     * @return the plan; print it to review it
     * @throws dev.cmk.api.ConfigurationException if {@link #grantKeyAccess()} was asked for without a
     *     {@code KeyAccessProvider}, or with a cross-tenant identity (federated client id) that names no
     *     {@code keyAccessPrincipal} (nothing is called)
     */
    public EncryptionPlan plan() {
        if (grantKeyAccess && services.access().isEmpty()) {
            throw new dev.cmk.api.ConfigurationException(GRANT_NEEDS_PROVIDER);
        }
        if (grantKeyAccess) {
            dev.cmk.core.internal.CrossTenant.requireNamedPrincipal(identity, ".grantKeyAccess()");
        }
        VersionPolicy p = policy != null ? policy
                : key.version().map(VersionPolicy::pinned).orElse(VersionPolicy.autoUpdate());
        return EncryptionPlanner.customerManaged(services, account, key.versionless(), p, identity, requirements,
                grantKeyAccess);
    }

    /**
     * Plans and applies.
     *
     * @return the account's encryption after the change
     * @throws dev.cmk.api.RequirementViolatedException if the plan has errors (nothing is written)
     * @see EncryptionPlan#apply()
     */
    public EncryptionStatus apply() {
        return plan().apply();
    }
}
