package dev.cmk.core;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountCreation;
import dev.cmk.api.spi.AccountKind;
import java.util.Map;
import java.util.Objects;

/**
 * A storage account to create with a customer-managed key from its first write, from
 * {@link CustomerManagedKeys#newStorageAccount}. Creation is the only moment at which queue and table data can be
 * put under the account-scoped key (and so under the customer-managed key) and infrastructure encryption can be
 * turned on; both are opt-in here and can never change afterwards.
 *
 * <pre>{@code
 * AccountCreationPlan plan = cmk.newStorageAccount(StorageAccountId.parse(id))
 *         .location("westeurope")
 *         .identity(ManagedIdentity.userAssigned(identityId))
 *         .useCustomerManagedKey(KeyReference.parse("https://contoso.vault.azure.net/keys/storage-cmk"))
 *         .accountScopedKeysForQueuesAndTables()
 *         .infrastructureEncryption()
 *         .grantKeyAccess()
 *         .plan();                 // reads only; checks what configure checks; printable
 * EncryptionStatus status = plan.apply();   // the PUT, polled as Azure asks, then a verifying read
 * }</pre>
 *
 * <p>Defaults: kind {@code StorageV2}, SKU {@code Standard_LRS}, no tags, the version policy follows the key
 * reference (versionless: auto-update; versioned: pinned), {@link VaultRequirements#azureStorageDefaults()}, no
 * granting of access, queue and table on service-scoped keys, no infrastructure encryption. The region, the
 * user-assigned identity and the key are required. Setters check their input at once and throw
 * {@link InvalidInputException} before any call to Azure.
 */
public final class NewStorageAccount {
    private final Services services;
    private final StorageAccountId account;
    private String location;
    private AccountKind kind = AccountKind.STORAGE_V2;
    private String sku = "Standard_LRS";
    private Map<String, String> tags = Map.of();
    private ManagedIdentity.UserAssigned identity;
    private KeyReference key;
    private VersionPolicy policy;
    private VaultRequirements requirements = VaultRequirements.azureStorageDefaults();
    private boolean grantKeyAccess;
    private boolean accountScopedQueuesAndTables;
    private boolean infrastructureEncryption;

    NewStorageAccount(Services services, StorageAccountId account) {
        this.services = services;
        this.account = account;
    }

    /**
     * Sets the region (required).
     *
     * @param location an Azure region such as {@code westeurope} (case and spaces are ignored)
     * @return this
     * @throws InvalidInputException if the region is not a region name
     */
    public NewStorageAccount location(String location) {
        Objects.requireNonNull(location, "location");
        String l = dev.cmk.api.internal.AzureRules.region(location);
        if (!l.matches("[a-z0-9]{2,40}")) {
            throw new InvalidInputException("region", "a region is an Azure location name such as westeurope",
                    location, "westeurope");
        }
        this.location = l;
        return this;
    }

    /**
     * Sets the account kind ({@code StorageV2} by default).
     *
     * @param kind the kind
     * @return this
     * @throws InvalidInputException for {@link AccountKind#CLASSIC}, which cannot be created and has no
     *     customer-managed keys
     */
    public NewStorageAccount kind(AccountKind kind) {
        Objects.requireNonNull(kind, "kind");
        if (kind == AccountKind.CLASSIC) {
            throw new InvalidInputException("account kind", "classic accounts cannot be created through Azure "
                    + "Resource Manager and do not support customer-managed keys", kind.wireName(), "StorageV2");
        }
        this.kind = kind;
        return this;
    }

    /**
     * Sets the SKU ({@code Standard_LRS} by default). The SKU can be changed later; cmk never changes it on an
     * existing account.
     *
     * @param sku for example {@code Standard_GRS} or {@code Premium_LRS}
     * @return this
     * @throws InvalidInputException if the name is not of the form {@code Tier_Replication}
     */
    public NewStorageAccount sku(String sku) {
        Objects.requireNonNull(sku, "sku");
        if (!sku.matches("[A-Za-z]+_[A-Za-z]+")) {
            throw new InvalidInputException("sku", "a SKU name is tier_replication, for example Standard_LRS",
                    sku, "Standard_LRS");
        }
        this.sku = sku;
        return this;
    }

    /**
     * Sets the tags the account is created with (none by default). Tags of an existing account are left alone.
     *
     * @param tags the tags
     * @return this
     */
    public NewStorageAccount tags(Map<String, String> tags) {
        this.tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
        return this;
    }

    /**
     * Sets the identity Storage uses to reach the key (required). It must be user-assigned: a system-assigned
     * identity does not exist before the account does, so nothing could have been granted access to the key, and
     * Azure refuses it with a customer-managed key at creation. For a vault in another Microsoft Entra tenant use
     * {@code ManagedIdentity.userAssigned(id).withFederatedClientId(appId)}, and name the app's service principal
     * in the vault's tenant with {@code .keyAccessPrincipal(objectId)} so that its access can be checked or granted
     * (without it the check is skipped with a {@code KEY_ACCESS_NOT_CHECKED} warning and {@code .grantKeyAccess()}
     * is refused).
     *
     * @param identity a user-assigned identity
     * @return this
     * @throws InvalidInputException if the identity is system-assigned
     */
    public NewStorageAccount identity(ManagedIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        if (!(identity instanceof ManagedIdentity.UserAssigned u)) {
            throw new InvalidInputException("identity", "an account created with a customer-managed key needs a "
                    + "user-assigned identity: the system-assigned identity does not exist before the account, so "
                    + "it cannot hold access to the key, and Azure refuses it at creation",
                    identity.toString(), "ManagedIdentity.userAssigned(\"/subscriptions/<id>/resourceGroups/<rg>/"
                    + "providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>\")");
        }
        this.identity = u;
        return this;
    }

    /**
     * Sets the key (required). A versionless key means auto-update unless a policy says otherwise; a versioned key
     * means pinned to that version.
     *
     * @param key the key
     * @return this
     */
    public NewStorageAccount useCustomerManagedKey(KeyReference key) {
        this.key = Objects.requireNonNull(key, "key");
        return this;
    }

    /**
     * Sets the version policy.
     *
     * @param policy auto-update or pinned
     * @return this
     * @throws InvalidInputException if the key reference is versioned and the policy is not pinned to that version
     * @throws dev.cmk.api.ConfigurationException if no key was set yet
     */
    public NewStorageAccount versionPolicy(VersionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (key == null) {
            throw new dev.cmk.api.ConfigurationException("set the key with useCustomerManagedKey(..) before its "
                    + "version policy");
        }
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
     * Creates the account with queue and table data under the account-scoped key, so that the customer-managed key
     * covers them too. Only possible at creation; it can never be changed afterwards.
     *
     * @return this
     */
    public NewStorageAccount accountScopedKeysForQueuesAndTables() {
        this.accountScopedQueuesAndTables = true;
        return this;
    }

    /**
     * Creates the account with infrastructure (double) encryption. Only possible at creation; it can never be
     * changed afterwards.
     *
     * @return this
     */
    public NewStorageAccount infrastructureEncryption() {
        this.infrastructureEncryption = true;
        return this;
    }

    /**
     * Sets the requirements the key and vault must meet.
     *
     * @param requirements the requirements
     * @return this
     */
    public NewStorageAccount requirements(VaultRequirements requirements) {
        this.requirements = Objects.requireNonNull(requirements, "requirements");
        return this;
    }

    /**
     * Lets the plan grant the user-assigned identity get, wrapKey and unwrapKey on the key before the account is
     * created, when it lacks them. Needs a {@code KeyAccessProvider}; off by default, so that cmk never widens
     * access unless asked.
     *
     * @return this
     */
    public NewStorageAccount grantKeyAccess() {
        this.grantKeyAccess = true;
        return this;
    }

    /**
     * Reads and validates, and lists the writes; writes nothing. For an account that does not exist yet: one
     * account read (404), one key read, one vault read, one identity read and one access check, with every rule
     * that configuring an existing account applies (vault soft delete and purge protection, key fitness, the
     * identity's access, the vault firewall, the region). For an account that exists already: its creation-only
     * settings are compared (a difference is an error: they can never change), and the rest is planned as
     * {@link CustomerManagedKeyConfiguration#plan()} plans it, so a re-run of a creation that succeeded makes no
     * write. Needs read access to the account, the identity and the vault, and {@code get} on the key.
     *
     * @return the plan; print it to review it
     * @throws InvalidInputException if the region, the identity or the key was not set (nothing is called)
     * @throws dev.cmk.api.ConfigurationException if {@link #grantKeyAccess()} was asked for without a
     *     {@code KeyAccessProvider} (nothing is called)
     */
    public AccountCreationPlan plan() {
        if (grantKeyAccess && services.access().isEmpty()) {
            throw new dev.cmk.api.ConfigurationException(CustomerManagedKeyConfiguration.GRANT_NEEDS_PROVIDER);
        }
        if (location == null) {
            throw new InvalidInputException("region", "a new account needs a region: call .location(..)", null,
                    "westeurope");
        }
        if (identity == null) {
            throw new InvalidInputException("identity", "a new account with a customer-managed key needs a "
                    + "user-assigned identity: call .identity(ManagedIdentity.userAssigned(..))", null,
                    "ManagedIdentity.userAssigned(\"/subscriptions/<id>/resourceGroups/<rg>/providers/"
                            + "Microsoft.ManagedIdentity/userAssignedIdentities/<name>\")");
        }
        if (key == null) {
            throw new InvalidInputException("key", "a new account with a customer-managed key needs the key: call "
                    + ".useCustomerManagedKey(..)", null, "https://contoso.vault.azure.net/keys/storage-cmk");
        }
        if (grantKeyAccess) {
            dev.cmk.core.internal.CrossTenant.requireNamedPrincipal(identity, ".grantKeyAccess()");
        }
        VersionPolicy p = policy != null ? policy
                : key.version().map(VersionPolicy::pinned).orElse(VersionPolicy.autoUpdate());
        AccountCreation creation = new AccountCreation(location, kind, sku, tags, key.versionless(), p,
                dev.cmk.core.internal.CrossTenant.asSent(identity), accountScopedQueuesAndTables, infrastructureEncryption);
        return AccountCreationPlanner.plan(services, account, creation, requirements, grantKeyAccess,
                dev.cmk.core.internal.CrossTenant.is(identity), dev.cmk.core.internal.CrossTenant.principal(identity),
                readOnce -> {
                    CustomerManagedKeyConfiguration c = new CustomerManagedKeyConfiguration(readOnce, account,
                            key.versionless()).versionPolicy(p).identity(identity).requirements(requirements);
                    return (grantKeyAccess ? c.grantKeyAccess() : c).plan();
                });
    }

    /**
     * Plans and applies.
     *
     * @return the account's encryption after the creation
     * @throws dev.cmk.api.RequirementViolatedException if the plan has errors (nothing is written)
     * @see AccountCreationPlan#apply()
     */
    public EncryptionStatus apply() {
        return plan().apply();
    }
}
