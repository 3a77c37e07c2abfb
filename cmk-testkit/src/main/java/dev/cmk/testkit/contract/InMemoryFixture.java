package dev.cmk.testkit.contract;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;

/**
 * An {@link AzureFixture} over an {@link InMemoryAzure}: setup writes its state directly; the providers are the
 * in-memory ones unless a subclass serves them otherwise (for example through a wire fake over the same Azure).
 */
public class InMemoryFixture extends AzureFixture {
    private final InMemoryAzure azure;
    private final java.util.Map<String, String> identities = new java.util.HashMap<>();

    /**
     * A fixture over a new in-memory Azure.
     */
    public InMemoryFixture() {
        this(InMemoryAzure.create());
    }

    /**
     * A fixture over the given in-memory Azure.
     *
     * @param azure the state
     */
    public InMemoryFixture(InMemoryAzure azure) {
        this.azure = azure;
    }

    /**
     * The in-memory Azure behind this fixture.
     *
     * @return the Azure
     */
    public InMemoryAzure azure() {
        return azure;
    }

    @Override
    public URI newVault(String name) {
        return azure.vault(name).create();
    }

    @Override
    public java.util.Optional<URI> newVaultWithoutPurgeProtection(String name) {
        return java.util.Optional.of(azure.vault(name).purgeProtection(false).create());
    }

    @Override
    public KeyReference newKey(URI vault, String name) {
        return azure.key(vault, name).create();
    }

    @Override
    public StorageAccountId newAccount(String name) {
        return azure.account(name).systemAssignedIdentity().location(accountLocation()).create();
    }

    /** Through {@link InMemoryAzure#key(URI, String)}, as the next version of the key. */
    @Override
    public java.util.Optional<KeyReference> newKeyVersion(KeyReference key, dev.cmk.api.spi.NewKeyVersion spec,
            boolean enabled) {
        dev.cmk.testkit.KeySetup setup = azure.key(key.vaultUri(), key.name()).type(spec.keyType(), spec.keySize())
                .operations(spec.operations().toArray(dev.cmk.api.KeyOperation[]::new)).tags(spec.tags());
        spec.expiresOn().ifPresent(setup::expiresOn);
        return java.util.Optional.of(enabled ? setup.create() : setup.disabled().create());
    }

    /** Advances the in-memory Azure's virtual clock by a minute. */
    @Override
    public void separateCreationTimes() {
        azure.clock().advance(java.time.Duration.ofMinutes(1));
    }

    /** In {@link InMemoryAzure#DEFAULT_SUBSCRIPTION}, resource group {@code rg-} followed by the name. */
    @Override
    public java.util.Optional<StorageAccountId> newAccountInNewResourceGroup(String name) {
        return java.util.Optional.of(azure.account(StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION,
                "rg-" + name, name)).systemAssignedIdentity().location(accountLocation()).create());
    }

    /** {@link InMemoryAzure#DEFAULT_SUBSCRIPTION}: this fixture's Azure holds only what the fixture created. */
    @Override
    public java.util.Optional<dev.cmk.api.spi.Scope> scopeOfItsOwn() {
        return java.util.Optional.of(dev.cmk.api.spi.Scope.subscription(InMemoryAzure.DEFAULT_SUBSCRIPTION));
    }

    /** In {@link InMemoryAzure#DEFAULT_SUBSCRIPTION}, resource group {@code rg-id}. */
    @Override
    public java.util.Optional<String> newUserAssignedIdentity(String name) {
        String id = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION + "/resourceGroups/rg-id/providers/"
                + "Microsoft.ManagedIdentity/userAssignedIdentities/" + name;
        identities.put(id, azure.createUserAssignedIdentity(id));
        return java.util.Optional.of(id);
    }

    @Override
    public String principalOfIdentity(String identityId) {
        String principal = identities.get(identityId);
        if (principal == null) {
            return super.principalOfIdentity(identityId);
        }
        return principal;
    }

    /** In {@link InMemoryAzure#DEFAULT_SUBSCRIPTION}, resource group {@code rg-new}. */
    @Override
    public java.util.Optional<StorageAccountId> idForNewAccount(String name) {
        return java.util.Optional.of(StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-new", name));
    }

    @Override
    public String principalOf(StorageAccountId account) {
        return azure.systemPrincipal(account);
    }

    /** A vault-wide grant ({@link InMemoryAzure#grantVaultAccess}). */
    @Override
    public boolean grantAboveKey(KeyReference key, String principalId) {
        azure.grantVaultAccess(key.vaultUri(), principalId);
        return true;
    }

    @Override
    public KeyVaultProvider keyVaults() {
        return azure.keyVaults();
    }

    @Override
    public StorageAccountProvider storageAccounts() {
        return azure.storageAccounts();
    }

    @Override
    public KeyAccessProvider keyAccess() {
        return azure.keyAccess();
    }
}
