package dev.cmk.azure.internal;

import dev.cmk.api.internal.AzureRules;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.azure.resourcemanager.keyvault.fluent.models.ManagedHsmInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.NetworkRuleAction;
import com.azure.resourcemanager.keyvault.models.NetworkRuleBypassOptions;
import dev.cmk.api.CmkException;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeyType;
import dev.cmk.api.RotationPolicy;
import dev.cmk.api.VaultKind;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.KeyVersionSummary;
import dev.cmk.api.spi.KeyVersionUpdate;
import dev.cmk.api.spi.NewKeyVersion;
import dev.cmk.api.spi.VaultInfo;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KeyVaultProvider} over the Key Vault keys data plane ({@link KeyClient}, one per vault host, reused) and,
 * for {@link #describeVault}, the vault's ARM resource. Managed HSM hosts use the same client.
 *
 * <p>Requests per call: {@code getKey} 1; {@code createVersion} 1 (tags in the same call);
 * {@code updateVersion} 2 (a GET for the version's current operations and dates, then the PATCH: without the
 * operations the SDK would send {@code "key_ops":[]} and strip wrapKey/unwrapKey); rotation policy get/set 1;
 * {@code listVersions} 1 per page of 25 versions (summaries: the list carries no key type, size or operations);
 * {@code describeVault} 1 (plus 1 Resources list the first time a vault is seen, unless its
 * ARM id was given to the builder).
 */
final class AzureKeyVaults implements KeyVaultProvider {
    private static final Logger LOG = LoggerFactory.getLogger(AzureKeyVaults.class);
    private final SdkClients clients;
    private final CallRunner runner;
    /** How old a vault resource read may be for {@link #describeVault}. */
    static final java.time.Duration VAULT_READ_TTL = java.time.Duration.ofSeconds(30);
    private final VaultDirectory vaults;

    AzureKeyVaults(SdkClients clients, CallRunner runner, VaultDirectory vaults) {
        this.clients = clients;
        this.runner = runner;
        this.vaults = vaults;
    }

    @Override
    public KeyVersionProperties getKey(KeyReference key) {
        KeyVaultKey k = fetch(key);
        return toProperties(key, k);
    }

    @Override
    public List<KeyVersionSummary> listVersions(KeyReference key) {
        KeyClient client = client(key);
        List<KeyProperties> listed = run("list versions of " + key.versionless(), CallRunner.Kind.IDEMPOTENT, key,
                () -> {
                    List<KeyProperties> l = new ArrayList<>();
                    client.listPropertiesOfKeyVersions(key.name()).forEach(l::add);
                    return l;
                });
        List<KeyVersionSummary> out = new ArrayList<>();
        for (KeyProperties p : listed) {
            out.add(toSummary(key, p));
        }
        // Key Vault orders the list by version id; cmk wants creation order
        out.sort(KeyVersionSummary.oldestFirst());
        return out;
    }

    /** Maps one item of the version list (attributes and tags only) to a summary; the id keeps our host. */
    static KeyVersionSummary toSummary(KeyReference key, KeyProperties p) {
        return new KeyVersionSummary(key.versionless().withVersion(p.getVersion()), Boolean.TRUE.equals(p.isEnabled()),
                Optional.ofNullable(p.getNotBefore()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(p.getExpiresOn()).map(OffsetDateTime::toInstant),
                p.getCreatedOn() == null ? Instant.EPOCH : p.getCreatedOn().toInstant(),
                Optional.ofNullable(p.getUpdatedOn()).map(OffsetDateTime::toInstant), p.getRecoveryLevel(),
                p.getRecoverableDays() == null ? 0 : p.getRecoverableDays(),
                p.getTags() == null ? Map.of() : p.getTags());
    }

    @Override
    public KeyVersionProperties createVersion(KeyReference key, NewKeyVersion spec) {
        if (!AzureRules.isStorageKeyType(spec.keyType())) {
            throw new InvalidInputException("key type", "Azure Storage encrypts only with RSA or RSA-HSM keys",
                    spec.keyType().wireName(), "RSA-HSM");
        }
        if (key.vaultKind() == VaultKind.MANAGED_HSM && !spec.keyType().isHsm()) {
            throw new InvalidInputException("key type", "a Managed HSM holds only HSM keys",
                    spec.keyType().wireName(), "RSA-HSM");
        }
        CreateRsaKeyOptions options = new CreateRsaKeyOptions(key.name()).setKeySize(spec.keySize())
                .setHardwareProtected(spec.keyType().isHsm()).setTags(spec.tags())
                .setKeyOperations(spec.operations().stream().sorted().map(o ->
                        com.azure.security.keyvault.keys.models.KeyOperation.fromString(o.wireName()))
                        .toArray(com.azure.security.keyvault.keys.models.KeyOperation[]::new));
        spec.expiresOn().ifPresent(e -> options.setExpiresOn(OffsetDateTime.ofInstant(e, ZoneOffset.UTC)));
        KeyClient client = client(key);
        String host = key.vaultUri().getHost();
        KeyVaultKey created = runner.run("create a version of " + key.versionless(), CallRunner.Kind.NOT_IDEMPOTENT,
                List.of(new CallRunner.Pace("vault:" + host, runner.pacing().vaultCalls()),
                        new CallRunner.Pace("vault-create:" + host, runner.pacing().keyCreations())), null,
                () -> client.createRsaKey(options));
        LOG.debug("created {}", created.getId());
        return toProperties(key, created);
    }

    @Override
    public KeyVersionProperties updateVersion(KeyReference version, KeyVersionUpdate update) {
        if (!version.isVersioned()) {
            throw new InvalidInputException("key version", "updateVersion changes one version, so the reference "
                    + "must name one", version.keyId(), version.keyId() + "/<32 hex characters>");
        }
        KeyVaultKey current = fetch(version);
        KeyProperties props = current.getProperties();
        update.enabled().ifPresent(props::setEnabled);
        update.tags().ifPresent(props::setTags);
        // pass the existing operations: without them the SDK sends "key_ops":[] and the key loses wrapKey/unwrapKey
        com.azure.security.keyvault.keys.models.KeyOperation[] ops = current.getKeyOperations() == null
                ? new com.azure.security.keyvault.keys.models.KeyOperation[0]
                : current.getKeyOperations().toArray(new com.azure.security.keyvault.keys.models.KeyOperation[0]);
        KeyClient client = client(version);
        KeyVaultKey updated = run("update " + version, CallRunner.Kind.IDEMPOTENT, version,
                () -> client.updateKeyProperties(props, ops));
        return toProperties(version, updated);
    }

    @Override
    public Optional<RotationPolicy> getRotationPolicy(KeyReference key) {
        KeyClient client = client(key);
        com.azure.security.keyvault.keys.models.KeyRotationPolicy p = run("read the rotation policy of "
                + key.versionless(), CallRunner.Kind.IDEMPOTENT, key, () -> client.getKeyRotationPolicy(key.name()));
        return RotationPolicies.fromSdk(p);
    }

    @Override
    public RotationPolicy setRotationPolicy(KeyReference key, RotationPolicy policy) {
        policy.validateFor(key.vaultKind());
        KeyClient client = client(key);
        com.azure.security.keyvault.keys.models.KeyRotationPolicy written = run("write the rotation policy of "
                + key.versionless(), CallRunner.Kind.IDEMPOTENT, key,
                () -> client.updateKeyRotationPolicy(key.name(), RotationPolicies.toSdk(policy)));
        return RotationPolicies.fromSdk(written).orElse(policy);
    }

    @Override
    public Optional<VaultInfo> describeVault(KeyReference key) {
        try {
            VaultArmId id = vaults.locate(key);
            if (id.managedHsm()) {
                ManagedHsmInner hsm = vaults.managedHsm(id);
                var acls = hsm.properties() == null ? null : hsm.properties().networkAcls();
                boolean trusted = acls == null || acls.defaultAction() == null
                        || NetworkRuleAction.ALLOW.equals(acls.defaultAction())
                        || (acls.bypass() != null && acls.bypass().toString().contains("AzureServices"));
                var hp = hsm.properties();
                return Optional.of(new VaultInfo(Optional.ofNullable(region(hsm.location())), Optional.of(trusted),
                        Optional.of(hp == null || !Boolean.FALSE.equals(hp.enableSoftDelete())),
                        Optional.of(hp != null && Boolean.TRUE.equals(hp.enablePurgeProtection()))));
            }
            // a read from the last VAULT_READ_TTL serves (one operation over many accounts reads the vault once);
            // a firewall closed since then fails the account write itself (ForbiddenByFirewall), changing nothing
            VaultInner vault = vaults.vault(id, VAULT_READ_TTL);
            var acls = vault.properties() == null ? null : vault.properties().networkAcls();
            boolean bypass = acls != null && acls.bypass() != null && acls.bypass().toString().contains(
                    NetworkRuleBypassOptions.AZURE_SERVICES.toString());
            // with public network access disabled only trusted services (through the bypass) get in, whatever
            // the default action says
            boolean publicDisabled = vault.properties() != null && "Disabled".equalsIgnoreCase(
                    vault.properties().publicNetworkAccess());
            boolean trusted = publicDisabled ? bypass : acls == null || acls.defaultAction() == null
                    || NetworkRuleAction.ALLOW.equals(acls.defaultAction()) || bypass;
            var vp = vault.properties();
            // ARM leaves enablePurgeProtection out when it is off; soft delete is on unless it says false
            return Optional.of(new VaultInfo(Optional.ofNullable(region(vault.location())), Optional.of(trusted),
                    Optional.of(vp == null || !Boolean.FALSE.equals(vp.enableSoftDelete())),
                    Optional.of(vp != null && Boolean.TRUE.equals(vp.enablePurgeProtection()))));
        } catch (CmkException e) {
            if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.ACCESS_DENIED) {
                LOG.warn("cannot read the ARM resource of {} ({}); its region and firewall are not checked. Fix: "
                        + "grant Microsoft.KeyVault/vaults/read (Reader) on the vault, or map it with "
                        + "vaultResourceId(..)", key.vaultUri(), e.getMessage());
                return Optional.empty();
            }
            throw e;
        }
    }

    /** ARM's region, lower case without spaces ({@code West Europe} → {@code westeurope}). */
    static String region(String location) {
        return AzureRules.region(location);
    }

    private KeyVaultKey fetch(KeyReference key) {
        KeyClient client = client(key);
        return run("read " + key, CallRunner.Kind.IDEMPOTENT, key, () -> key.version()
                .map(v -> client.getKey(key.name(), v)).orElseGet(() -> client.getKey(key.name())));
    }

    private <T> T run(String what, CallRunner.Kind kind, KeyReference key, java.util.function.Supplier<T> body) {
        return runner.run(what, kind, List.of(new CallRunner.Pace("vault:" + key.vaultUri().getHost(),
                runner.pacing().vaultCalls())), null, body);
    }

    private KeyClient client(KeyReference key) {
        if (key.cloud() != clients.cloud()) {
            throw new InvalidInputException("key cloud", "the key must be in the cloud the adapter was built for ("
                    + clients.cloud() + ")", key.keyId(), "a key in " + clients.cloud().dnsSuffix(key.vaultKind()));
        }
        return clients.keyClient(key.vaultUri().getHost());
    }

    /** Maps a key bundle to domain properties; the id keeps our normalised host. */
    static KeyVersionProperties toProperties(KeyReference key, KeyVaultKey k) {
        KeyProperties p = k.getProperties();
        String wireType = k.getKeyType() == null ? null : k.getKeyType().toString();
        KeyType type = KeyType.fromWireName(wireType).orElseThrow(() -> new dev.cmk.api.UnexpectedResponseException(
                "Key Vault reported an unknown key type '" + wireType + "' for " + p.getId()));
        int size = 0;
        if (k.getKey() != null && k.getKey().getN() != null) {
            byte[] n = k.getKey().getN();
            int lead = 0;
            while (lead < n.length && n[lead] == 0) {
                lead++;
            }
            size = (n.length - lead) * 8;
        }
        Set<KeyOperation> ops = EnumSet.noneOf(KeyOperation.class);
        if (k.getKeyOperations() != null) {
            k.getKeyOperations().forEach(o -> KeyOperation.fromWireName(o.toString()).ifPresent(ops::add));
        }
        Map<String, String> tags = p.getTags() == null ? Map.of() : p.getTags();
        return new KeyVersionProperties(key.versionless().withVersion(p.getVersion()), type, size,
                Boolean.TRUE.equals(p.isEnabled()), Optional.ofNullable(p.getNotBefore()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(p.getExpiresOn()).map(OffsetDateTime::toInstant),
                p.getCreatedOn() == null ? Instant.EPOCH : p.getCreatedOn().toInstant(), p.getRecoveryLevel(),
                p.getRecoverableDays() == null ? 0 : p.getRecoverableDays(), ops, tags);
    }
}
