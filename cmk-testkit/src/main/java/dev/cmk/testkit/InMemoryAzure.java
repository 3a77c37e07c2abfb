package dev.cmk.testkit;

import dev.cmk.api.CmkException;
import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.internal.AzureErrors;
import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.StorageAccountProvider;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * An in-memory Azure that behaves like Azure where it matters to customer-managed keys: vaults with soft delete,
 * purge protection and recovery levels; keys with versions, types, sizes, dates, operations and tags; storage
 * accounts with kind, region, identities and encryption; access grants; Storage's periodic pickup of new key
 * versions for auto-updating accounts (every 24 hours of virtual time by default); the errors Azure gives for bad
 * writes; 403 on data operations of an account whose key is unusable; call counters and fault injection.
 *
 * <pre>{@code
 * InMemoryAzure azure = InMemoryAzure.create();
 * URI vault = azure.vault("contoso").create();
 * KeyReference key = azure.key(vault, "storage-cmk").create();
 * StorageAccountId account = azure.account("contosodata").systemAssignedIdentity().create();
 * azure.grantAccess(key, azure.systemPrincipal(account));
 * CustomerManagedKeys cmk = CustomerManagedKeys.builder()
 *         .keyVaults(azure.keyVaults()).storageAccounts(azure.storageAccounts()).keyAccess(azure.keyAccess())
 *         .clock(azure.clock()).build();
 * }</pre>
 *
 * <p>All operations are serialised on this object, so concurrent callers see Azure-like atomic writes. Every call
 * costs O(1) in the number of accounts (lists excepted): state lives in hash maps and Storage's daily pickup is
 * scheduled by time, so fleet-sized tests (100,000 accounts) run at the speed of small ones. The history of writes
 * is bounded ({@link #historyLimit(int)}, 10,000 events by default). Inspection for assertions is behind
 * {@link #inspect()}.
 *
 * <p>This class is the facade users and fakes see; the state store, the pickup schedule, the rules (provider
 * classes) and the setup builders live in their own package-private or public files.
 */
public final class InMemoryAzure {
    /** The subscription used by {@link #account(String)}. */
    public static final String DEFAULT_SUBSCRIPTION = "00000000-1111-2222-3333-444444444444";
    /** The resource group used by {@link #account(String)}. */
    public static final String DEFAULT_RESOURCE_GROUP = "rg-storage";
    /** The tenant of every identity the in-memory Azure creates. */
    public static final String TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private final VirtualClock clock;
    private final CallCounter calls = new CallCounter();
    private final Faults faults;
    private final Random random;
    /** The state store: maps, history and pickup schedule (guarded by this object's monitor). */
    final AzureState state = new AzureState();
    final Map<String, VaultState> vaults = state.vaults;
    final Map<StorageAccountId, AccountState> accounts = state.accounts;
    final Map<String, AccountState.IdentityRecord> identities = state.identities;
    private Duration grantPropagationDelay = Duration.ZERO;
    private final InMemoryKeyVaults keyVaults = new InMemoryKeyVaults(this);
    private final InMemoryStorageAccounts storageAccounts = new InMemoryStorageAccounts(this);
    private final InMemoryKeyAccess keyAccess = new InMemoryKeyAccess(this);
    private final AzureInspection inspection = new AzureInspection(this);

    private InMemoryAzure(VirtualClock clock, long seed) {
        this.clock = clock;
        this.random = new Random(seed);
        this.faults = new Faults(seed);
    }

    /**
     * An empty Azure whose clock stands at 2026-01-01T00:00:00Z, with seed 42 for generated ids.
     *
     * @return a new in-memory Azure
     */
    public static InMemoryAzure create() {
        return create(new VirtualClock(Instant.parse("2026-01-01T00:00:00Z")), 42);
    }

    /**
     * An empty Azure on the given clock and seed (the same seed gives the same generated versions and ids).
     *
     * @param clock the virtual clock
     * @param seed the seed for generated ids and random faults
     * @return a new in-memory Azure
     */
    public static InMemoryAzure create(VirtualClock clock, long seed) {
        return new InMemoryAzure(Objects.requireNonNull(clock, "clock"), seed);
    }

    /**
     * The virtual clock; advance it to let Storage pick up new versions.
     *
     * @return the clock
     */
    public VirtualClock clock() {
        return clock;
    }

    /**
     * Per-operation call counters.
     *
     * @return the counters
     */
    public CallCounter calls() {
        return calls;
    }

    /**
     * Fault injection: throttling, operation in progress, transient failures and simulated crashes.
     *
     * @return the faults
     */
    public Faults faults() {
        return faults;
    }

    /**
     * The {@link KeyVaultProvider} over this Azure's vaults.
     *
     * @return the provider
     */
    public KeyVaultProvider keyVaults() {
        return keyVaults;
    }

    /**
     * The {@link StorageAccountProvider} over this Azure's accounts.
     *
     * @return the provider
     */
    public StorageAccountProvider storageAccounts() {
        return storageAccounts;
    }

    /**
     * The {@link KeyAccessProvider} over this Azure's access grants.
     *
     * @return the provider
     */
    public KeyAccessProvider keyAccess() {
        return keyAccess;
    }

    /**
     * How often Storage checks the vault for a newer version for auto-updating accounts (24 hours by default).
     *
     * @param interval the interval, positive
     * @return this
     */
    public synchronized InMemoryAzure pickupInterval(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("pickup interval must be positive, got " + interval);
        }
        state.pickup.interval(interval);
        return this;
    }

    /**
     * How many of the most recent writes {@link AzureInspection#history()} keeps: 10,000
     * by default, so that fleet-sized tests run in bounded memory; 0 turns the history off. Older events are
     * dropped and counted ({@link AzureInspection#historyDropped()}).
     *
     * @param limit the number of events kept, zero or positive
     * @return this
     * @throws IllegalArgumentException if the limit is negative
     */
    public synchronized InMemoryAzure historyLimit(int limit) {
        state.historyLimit(limit);
        return this;
    }

    /**
     * Read-only inspection for assertions: accounts as a read would return them, key versions, vaults, key names
     * and the write history. Nothing it does is counted or subject to faults.
     *
     * @return the inspection view of this Azure
     */
    public AzureInspection inspect() {
        return inspection;
    }

    /**
     * How long a new access grant takes to become visible to Storage (eventual consistency; zero by default).
     *
     * @param delay the delay, zero or positive
     * @return this
     */
    public synchronized InMemoryAzure grantPropagationDelay(Duration delay) {
        this.grantPropagationDelay = delay;
        return this;
    }

    Duration grantPropagationDelay() {
        return grantPropagationDelay;
    }

    // ---------------------------------------------------------------- setup (not counted, no faults)

    /**
     * Starts describing a Key Vault in the public cloud, with soft delete and purge protection (as Azure
     * Storage requires) in {@code westeurope}.
     *
     * @param name the vault name
     * @return a setup to adjust and {@link VaultSetup#create()}
     */
    public VaultSetup vault(String name) {
        return new VaultSetup(this, name);
    }

    /**
     * Starts describing a key (its first version) in a vault created with {@link #vault(String)}: RSA 2048 with
     * wrapKey and unwrapKey by default.
     *
     * @param vault the vault URI
     * @param name the key name
     * @return a setup to adjust and {@link KeySetup#create()}
     */
    public KeySetup key(URI vault, String name) {
        return new KeySetup(this, KeyReference.of(vault, name));
    }

    /**
     * Starts describing a StorageV2 account in {@link #DEFAULT_SUBSCRIPTION}/{@link #DEFAULT_RESOURCE_GROUP},
     * region {@code westeurope}, Microsoft-managed keys, no identity.
     *
     * @param name the account name
     * @return a setup to adjust and {@link AccountSetup#create()}
     */
    public AccountSetup account(String name) {
        return account(StorageAccountId.of(DEFAULT_SUBSCRIPTION, DEFAULT_RESOURCE_GROUP, name));
    }

    /**
     * Starts describing an account with the given id.
     *
     * @param id the account id
     * @return a setup to adjust and {@link AccountSetup#create()}
     */
    public AccountSetup account(StorageAccountId id) {
        return new AccountSetup(this, id);
    }

    /**
     * Creates a user-assigned identity that accounts can attach.
     *
     * @param resourceId the identity's resource id
     * @return its principal id
     */
    public synchronized String createUserAssignedIdentity(String resourceId) {
        String id = dev.cmk.api.ManagedIdentity.userAssigned(resourceId).resourceId();
        AccountState.IdentityRecord r = identities.computeIfAbsent(id.toLowerCase(Locale.ROOT),
                k -> new AccountState.IdentityRecord(id, newGuid(), newGuid()));
        return r.principalId();
    }

    /**
     * Registers a multi-tenant application for cross-tenant CMK: its service principal in the key vault's tenant.
     * An account whose encryption identity carries this app's client id as federated client id reaches its key as
     * that service principal (which must hold get, wrapKey and unwrapKey), not as its user-assigned identity; an
     * unregistered app holds no access (setup, not counted).
     *
     * @param clientId the application (client) id
     * @return the service principal's object id in the vault's tenant
     */
    public synchronized String registerMultiTenantApp(String clientId) {
        return state.multiTenantApps.computeIfAbsent(clientId.toLowerCase(Locale.ROOT), k -> newGuid());
    }

    /**
     * Grants get, wrapKey and unwrapKey on a key to a principal, immediately visible (setup, not counted).
     *
     * @param key the key
     * @param principalId the principal
     */
    public synchronized void grantAccess(KeyReference key, String principalId) {
        vaultOf(key).grants(key.name()).put(principalId,
                new VaultState.Grant(EnumSet.allOf(KeyPermission.class), clock.instant()));
    }

    /**
     * Grants get, wrapKey and unwrapKey on every key of a vault, present and future, as a Key Vault access policy
     * does. A provider-level call (counted as {@code keyAccess.grantVault}, subject to faults and to the grant
     * propagation delay), for fakes that model the vault management plane.
     *
     * @param vault the vault URI
     * @param principalId the principal
     * @throws dev.cmk.api.NotFoundException if the vault does not exist
     */
    public void grantVaultAccess(URI vault, String principalId) {
        KeyReference any = KeyReference.of(vault, "any");
        call("keyAccess.grantVault", vault.toString(), () -> {
            vaultOf(any).vaultGrants.computeIfAbsent(principalId, p -> new VaultState.Grant(
                    EnumSet.allOf(KeyPermission.class), clock.instant().plus(grantPropagationDelay)));
            record("keyAccess.grantVault", vault.toString(), "principal=" + principalId);
            return null;
        });
    }

    /**
     * Removes a vault-wide grant made by {@link #grantVaultAccess} (per-key grants stay). Counted as
     * {@code keyAccess.revokeVault}.
     *
     * @param vault the vault URI
     * @param principalId the principal
     * @throws dev.cmk.api.NotFoundException if the vault does not exist
     */
    public void revokeVaultAccess(URI vault, String principalId) {
        KeyReference any = KeyReference.of(vault, "any");
        call("keyAccess.revokeVault", vault.toString(), () -> {
            vaultOf(any).vaultGrants.remove(principalId);
            record("keyAccess.revokeVault", vault.toString(), "principal=" + principalId);
            return null;
        });
    }

    /**
     * The vaults and Managed HSMs that exist, in creation order (not counted).
     *
     * @return their URIs
     * @deprecated use {@code inspect().vaults()}
     */
    @Deprecated
    public List<URI> vaults() {
        return inspection.vaults();
    }

    /**
     * The names of a vault's keys, in creation order (not counted).
     *
     * @param vault the vault URI
     * @return the key names
     * @throws dev.cmk.api.NotFoundException if the vault does not exist
     * @deprecated use {@code inspect().keyNames(vault)}
     */
    @Deprecated
    public List<String> keyNames(URI vault) {
        return inspection.keyNames(vault);
    }

    /**
     * The principal id of an account's system-assigned identity.
     *
     * @param account the account
     * @return the principal id
     * @throws IllegalStateException if the account has no system-assigned identity
     */
    public synchronized String systemPrincipal(StorageAccountId account) {
        String p = accountState(account).systemPrincipalId;
        if (p == null) {
            throw new IllegalStateException("account " + account.name() + " has no system-assigned identity");
        }
        return p;
    }

    /**
     * Disables or enables a key version out of band (as someone in the portal would), not counted.
     *
     * @param version a versioned key reference
     * @param enabled the new flag
     */
    public synchronized void setEnabledOutOfBand(KeyReference version, boolean enabled) {
        VaultState.VersionState v = versionState(version);
        v.enabled = enabled;
        record("outOfBand.setEnabled", version.keyId(), "enabled=" + enabled);
    }

    /**
     * The data plane of an account: Blob and Files operations that need the account's key.
     *
     * @param account the account
     * @return the data plane
     */
    public DataPlane dataPlane(StorageAccountId account) {
        return new DataPlane(this, account);
    }

    /**
     * Every write made through the providers and out of band, in order.
     *
     * @return a copy of the history
     * @deprecated use {@code inspect().history()}
     */
    @Deprecated
    public List<AzureEvent> history() {
        return inspection.history();
    }

    /**
     * The accounts that exist.
     *
     * @return their ids, in creation order
     * @deprecated use {@code inspect().accountIds()}
     */
    @Deprecated
    public List<StorageAccountId> accountIds() {
        return inspection.accountIds();
    }

    /**
     * The account as a read would return it now, without counting a call or injecting a fault (for assertions).
     *
     * @param account the account
     * @return the account
     * @throws dev.cmk.api.NotFoundException if it does not exist
     * @deprecated use {@code inspect().account(account)}
     */
    @Deprecated
    public dev.cmk.api.spi.StorageAccount peek(StorageAccountId account) {
        return inspection.account(account);
    }

    /**
     * Every version of a key, oldest first, without counting a call or injecting a fault (for assertions).
     *
     * @param key the key
     * @return the versions' properties
     * @throws dev.cmk.api.NotFoundException if the key does not exist
     * @deprecated use {@code inspect().versions(key)}
     */
    @Deprecated
    public List<dev.cmk.api.spi.KeyVersionProperties> peekVersions(KeyReference key) {
        return inspection.versions(key);
    }

    // ---------------------------------------------------------------- internals shared with the providers

    /** Runs one provider call: serialised, counted, faults applied, time-driven state brought up to date. */
    synchronized <T> T call(String operation, String target, Supplier<T> body) {
        calls.record(operation);
        faults.before(operation, target);
        sync();
        T result = body.get();
        try {
            faults.after(operation, target);
        } catch (RuntimeException lost) {
            record(operation, target, Faults.LOST_RESPONSE);
            throw lost;
        }
        return result;
    }

    void record(String operation, String target, String detail) {
        state.record(new AzureEvent(clock.instant(), operation, target, detail));
    }

    /** A mark in the history (a mark for {@link #recordInstead}). */
    long historyMark() {
        return state.historyMark();
    }

    /** Records one event in place of those recorded since the mark (one write made of several internal steps). */
    void recordInstead(long mark, String operation, String target, String detail) {
        state.replaceSince(mark, new AzureEvent(clock.instant(), operation, target, detail));
    }

    /** Lets Storage's periodic pickup run for every auto-updating account whose check is due by now. */
    synchronized void sync() {
        state.pickup.runUntil(clock.instant(), this::pickup);
    }

    /** One check of Storage's pickup, at the account's due time: move to a newer usable version if there is one. */
    private void pickup(AccountState a) {
        Instant at = a.pickupDue;
        VaultState vault = vaults.get(a.vaultHost);
        VaultState.KeyState key = vault == null ? null : vault.key(a.keyName);
        VaultState.VersionState newest = key == null ? null : key.newestUsable(at);
        // Storage only looks for a newer version: it never moves back, even off a disabled version in use
        if (newest != null && key.versions.indexOf(newest) > key.versions.indexOf(key.version(a.currentVersion))) {
            a.currentVersion = newest.version;
            a.lastKeyRotation = at;
            state.record(new AzureEvent(at, "storage.pickup", a.id.resourceId(), "version=" + newest.version));
        }
    }

    /**
     * Sets when Storage next checks the vault for a newer version of the account's key ({@code null}: never).
     * Every write that makes an account auto-updating or stops it must go through here (not set the field).
     */
    void schedulePickup(AccountState a, Instant due) {
        state.pickup.schedule(a, due);
    }

    Duration pickupInterval() {
        return state.pickup.interval();
    }

    VaultState vaultOf(KeyReference key) {
        VaultState v = vaults.get(key.vaultUri().getHost());
        if (v == null) {
            throw AzureErrors.toException(404, "VaultNotFound", "vault " + key.vaultUri() + " does not exist", null,
                    null);
        }
        return v;
    }

    VaultState.KeyState keyState(KeyReference key) {
        VaultState.KeyState k = vaultOf(key).key(key.name());
        if (k == null) {
            throw AzureErrors.toException(404, "KeyNotFound", "A key with (name/id) " + key.name()
                    + " was not found in this key vault.", null, null);
        }
        return k;
    }

    VaultState.VersionState versionState(KeyReference key) {
        VaultState.KeyState k = keyState(key);
        VaultState.VersionState v = key.isVersioned() ? k.version(key.version().get()) : k.newest();
        if (v == null) {
            throw AzureErrors.toException(404, "KeyNotFound", "A key with (name/id) " + key.keyId()
                    + " was not found in this key vault.", null, null);
        }
        return v;
    }

    AccountState accountState(StorageAccountId id) {
        AccountState a = accounts.get(id);
        if (a == null) {
            throw AzureErrors.toException(404, "ResourceNotFound", "The Resource 'Microsoft.Storage/storageAccounts/"
                    + id.name() + "' under resource group '" + id.resourceGroup() + "' was not found.", null, null);
        }
        return a;
    }

    String newVersionId() {
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }

    String newGuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    static CmkException badRequest(String azureCode, String message) {
        return AzureErrors.toException(400, azureCode, message, null, null);
    }

    /**
     * One recorded write.
     *
     * @param at when it happened (virtual time)
     * @param operation the operation, for example {@code storage.updateEncryption}
     * @param target the resource id or key id
     * @param detail what was written
     */
    public record AzureEvent(Instant at, String operation, String target, String detail) {
    }

}
