package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.management.AzureEnvironment;
import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.KeyType;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.RotationPolicy;
import dev.cmk.api.ServiceKeyType;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.StorageService;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountKind;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.KeyVersionUpdate;
import dev.cmk.api.spi.NewKeyVersion;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.azure.AzureCustomerManagedKeys;
import dev.cmk.azure.AzureProviders;
import dev.cmk.azure.PacingSettings;
import dev.cmk.azure.RetrySettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Period;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The adapter against Azure's own REST API examples ({@code src/test/resources/azure-wire}, copied from
 * azure-rest-api-specs): for each example, the request the adapter sends for that operation carries every field the
 * example's request sets, and the example's response, served by a stub HTTP client through the real SDK, is read
 * into the right domain values.
 *
 * <p>Deliberate differences, each checked here: the adapter changes identity and key in two PATCHes (Azure refuses
 * both in one when the account already uses CMK), so an example that sends both is compared part by part; it
 * never sends {@code sku} or {@code kind} (a PATCH of encryption does not change them); it never creates accounts
 * or calls {@code rotate} (the examples' responses are still read).
 */
class WireConformanceTest {
    private static final String SUB = "00000000-0000-0000-0000-000000000000";

    @SuppressWarnings("unchecked")
    static Map<String, Object> example(String name) {
        try (InputStream in = WireConformanceTest.class.getResourceAsStream("/azure-wire/" + name + ".json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{subscription-id}", SUB).replace("{managed-identity-name}", "cmk-identity");
            return Json.parseObject(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> params(Map<String, Object> example) {
        return Json.obj(example, "parameters");
    }

    static String response(Map<String, Object> example) {
        return Json.write(Json.obj(example, "responses", "200", "body"));
    }

    static AzureProviders adapter(StubHttp http) {
        return AzureCustomerManagedKeys.builder().credential(WireFake.credential())
                .profile(WireFake.profile(AzureEnvironment.AZURE)).httpClient(http).retry(RetrySettings.none())
                .pacing(PacingSettings.unlimited()).buildProviders();
    }

    static void assertCarries(Object expected, String actualBody) {
        assertThat(JsonSubset.differences(expected, Json.parseObject(actualBody))).isEmpty();
    }

    // ------------------------------------------------------------------ storage

    static StorageAccountId accountOf(Map<String, Object> p) {
        return StorageAccountId.of(Json.str(p, "subscriptionId"), Json.str(p, "resourceGroupName"),
                Json.str(p, "accountName"));
    }

    /** The domain update an example's encryption stands for. */
    static EncryptionUpdate updateOf(Map<String, Object> encryption) {
        Map<String, Object> kv = Json.obj(encryption, "keyvaultproperties");
        KeyReference key = KeyReference.of(URI.create(Json.str(kv, "keyvaulturi")), Json.str(kv, "keyname"));
        String version = Json.str(kv, "keyversion");
        Map<String, Object> id = Json.obj(encryption, "identity");
        ManagedIdentity identity = ManagedIdentity.systemAssigned();
        if (id != null) {
            ManagedIdentity.UserAssigned u = ManagedIdentity.userAssigned(Json.str(id, "userAssignedIdentity"));
            String fed = Json.str(id, "federatedIdentityClientId");
            identity = fed == null ? u : u.withFederatedClientId(fed);
        }
        return EncryptionUpdate.customerManaged(key, version.isEmpty() ? VersionPolicy.autoUpdate()
                : VersionPolicy.pinned(version), identity);
    }

    @Test
    void storageAccountEnableCmk_requestCarriesExampleEncryption_andResponseIsRead() {
        Map<String, Object> ex = example("StorageAccountEnableCMK");
        Map<String, Object> p = params(ex);
        StubHttp http = new StubHttp(r -> StubHttp.Answer.ok(response(ex)));
        Map<String, Object> requested = Json.obj(p, "parameters");

        StorageAccount a = adapter(http).storageAccounts().updateEncryption(accountOf(p),
                updateOf(Json.obj(requested, "properties", "encryption")));

        assertThat(http.requests).extracting(StubHttp.Recorded::method).containsExactly("PATCH");
        assertThat(http.last("PATCH").url()).contains("/resourceGroups/res9407/providers/Microsoft.Storage/"
                + "storageAccounts/sto8596");
        assertCarries(requested, http.last("PATCH").body());
        assertThat(a.kind()).isEqualTo(AccountKind.STORAGE);
        assertThat(a.location()).isEqualTo("eastus2(stage)");
        assertThat(a.identity().systemAssignedPrincipalId()).contains("911871cc-ffd1-4fc4-ac11-7a316433ea66");
        assertThat(a.encryption().keySource()).isEqualTo(KeySource.MICROSOFT_KEYVAULT);
        assertThat(a.encryption().key()).contains(KeyReference.parse(
                "https://myvault8569.vault.azure.net/keys/wrappingKey"));
        assertThat(a.encryption().keyVersion()).isEmpty();
        assertThat(a.encryption().currentVersionedKey()).contains(KeyReference.parse(
                "https://myvault8569.vault.azure.net/keys/wrappingKey/0682afdd9c104f4285df20107e956cad"));
        assertThat(a.encryption().lastKeyRotation()).contains(Instant.parse("2019-12-13T20:36:23.702329Z"));
        assertThat(a.encryption().userAssignedIdentity()).isEmpty();
        assertThat(a.encryption().serviceKeyTypes()).containsEntry(StorageService.BLOB, ServiceKeyType.ACCOUNT)
                .containsEntry(StorageService.FILE, ServiceKeyType.ACCOUNT)
                .containsEntry(StorageService.QUEUE, ServiceKeyType.SERVICE);
    }

    @Test
    void systemAssignedCmk_clearsTheEncryptionIdentity_withAnEmptyString() {
        Map<String, Object> ex = example("StorageAccountEnableCMK");
        StubHttp http = new StubHttp(r -> StubHttp.Answer.ok(response(ex)));
        adapter(http).storageAccounts().updateEncryption(accountOf(params(ex)), EncryptionUpdate.customerManaged(
                KeyReference.parse("https://myvault8569.vault.azure.net/keys/wrappingKey"), VersionPolicy.autoUpdate(),
                ManagedIdentity.systemAssigned()));
        Map<String, Object> encryption = Json.obj(Json.parseObject(http.last("PATCH").body()), "properties",
                "encryption");
        // what PowerShell (-KeyVaultUserAssignedIdentityId "") and Terraform send: an empty string, never null
        assertThat(Json.obj(encryption, "identity")).hasSize(1).containsEntry("userAssignedIdentity", "");
        assertThat(Json.obj(encryption, "keyvaultproperties")).containsEntry("keyversion", "");
    }

    @Test
    void microsoftManaged_sendsNoKeyVaultProperties() {
        Map<String, Object> ex = example("StorageAccountEnableCMK");
        StubHttp http = new StubHttp(r -> StubHttp.Answer.ok(response(ex)));
        adapter(http).storageAccounts().updateEncryption(accountOf(params(ex)), EncryptionUpdate.microsoftManaged());
        Map<String, Object> encryption = Json.obj(Json.parseObject(http.last("PATCH").body()), "properties",
                "encryption");
        assertThat(encryption).containsEntry("keySource", "Microsoft.Storage").doesNotContainKeys(
                "keyvaultproperties", "identity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"StorageAccountUpdateUserAssignedEncryptionIdentityWithCMK",
        "StorageAccountUpdateUserAssignedIdentityWithFederatedIdentityClientId",
        "StorageAccountCreateUserAssignedEncryptionIdentityWithCMK"})
    void userAssignedIdentityExamples_identityAndEncryptionRequestsCarryTheExample_andResponseIsRead(String name) {
        Map<String, Object> ex = example(name);
        Map<String, Object> p = params(ex);
        Map<String, Object> requested = Json.obj(p, "parameters");
        StorageAccountId id = accountOf(p);
        String bare = Json.write(Json.object("id", id.resourceId(), "name", id.name(), "location", "eastus",
                "kind", "StorageV2", "properties", Map.of()));
        StubHttp http = new StubHttp(r -> StubHttp.Answer.ok(r.method().equals("GET") ? bare : response(ex)));
        AzureProviders azure = adapter(http);
        Map<String, Object> encryption = Json.obj(requested, "properties", "encryption");
        EncryptionUpdate update = updateOf(encryption);

        azure.storageAccounts().enableIdentity(id, update.identity().orElseThrow());
        String identityPatch = http.last("PATCH").body();
        StorageAccount a = azure.storageAccounts().updateEncryption(id, update);
        String encryptionPatch = http.last("PATCH").body();

        assertThat(http.requests).extracting(StubHttp.Recorded::method).containsExactly("GET", "PATCH", "PATCH");
        assertCarries(Json.object("identity", Json.obj(requested, "identity")), identityPatch);
        assertCarries(Json.object("properties", Json.object("encryption", encryption)), encryptionPatch);
        assertThat(Json.obj(Json.parseObject(encryptionPatch), "identity")).as("identity is not sent with the key")
                .isNull();
        Map<String, Object> body = Json.obj(ex, "responses", "200", "body");
        String uai = Json.obj(body, "identity", "userAssignedIdentities").keySet().iterator().next();
        assertThat(a.identity().userAssigned(uai)).hasValueSatisfying(u -> {
            assertThat(u.principalId()).isEqualTo("8d823284-1060-42a5-9ec4-ed3d831e24d7");
            assertThat(u.clientId()).isEqualTo("fbaa6278-1ecc-415c-819f-6e2058d3acb5");
        });
        assertThat(a.identity().systemAssignedPrincipalId()).isEmpty();
        assertThat(a.encryption().userAssignedIdentity()).hasValueSatisfying(v -> assertThat(v)
                .isEqualToIgnoringCase(uai));
        assertThat(a.encryption().federatedClientId()).isEqualTo(Optional.ofNullable(Json.str(
                Json.obj(body, "properties", "encryption", "identity"), "federatedIdentityClientId")));
        assertThat(a.encryption().currentVersionedKey().map(KeyReference::version).flatMap(v -> v))
                .contains("0682afdd9c104f4285df20107e956cad");
        assertThat(a.kind()).isEqualTo(AccountKind.STORAGE_V2);
        assertThat(a.location()).isEqualTo("eastus");
    }

    @Test
    void storageAccountGetPropertiesCmkEnabled_responseIsRead() {
        Map<String, Object> ex = example("StorageAccountGetPropertiesCMKEnabled");
        StubHttp http = new StubHttp(r -> StubHttp.Answer.ok(response(ex)));
        StorageAccount a = adapter(http).storageAccounts().get(accountOf(params(ex)));
        assertThat(http.last("GET").url()).contains("/storageAccounts/sto8596?");
        assertThat(a.encryption().isCustomerManaged()).isTrue();
        assertThat(a.encryption().keyVersion()).isEmpty();
        assertThat(a.encryption().currentVersionedKey()).contains(KeyReference.parse(
                "https://myvault8569.vault.azure.net/keys/wrappingKey/0682afdd9c104f4285df20107e956cad"));
        assertThat(a.identity().tenantId()).contains("72f988bf-86f1-41af-91ab-2d7cd011db47");
        assertThat(a.encryption().infrastructureEncryption()).isFalse();
    }

    // ------------------------------------------------------------------ key vault

    static Function<StubHttp.Recorded, StubHttp.Answer> always(String body) {
        return r -> StubHttp.Answer.ok(body);
    }

    @Test
    void createKey_requestCarriesExample_andResponseIsRead() {
        Map<String, Object> ex = example("CreateKey-example");
        Map<String, Object> p = params(ex);
        Map<String, Object> requested = Json.obj(p, "parameters");
        StubHttp http = new StubHttp(always(response(ex)));
        KeyReference key = KeyReference.of(URI.create("https://myvault.vault.azure.net"), Json.str(p, "key-name"));
        EnumSet<KeyOperation> ops = EnumSet.noneOf(KeyOperation.class);
        Json.list(requested, "key_ops").forEach(o -> ops.add(KeyOperation.fromWireName(o.toString()).orElseThrow()));
        Map<String, String> tags = new LinkedHashMap<>();
        Json.obj(requested, "tags").forEach((k, v) -> tags.put(k, v.toString()));

        KeyVersionProperties created = adapter(http).keyVaults().createVersion(key, new NewKeyVersion(KeyType.RSA,
                2048, ops, Optional.empty(), tags));

        assertThat(http.last("POST").url()).startsWith("https://myvault.vault.azure.net/keys/CreateSoftKeyTest/create");
        assertCarries(requested, http.last("POST").body());
        assertThat(http.requests).hasSize(1);
        assertExampleKey(created, "78deebed173b48e48f55abf87ed4cf71");
        assertThat(created.tags()).isEqualTo(tags);
    }

    static void assertExampleKey(KeyVersionProperties k, String version) {
        assertThat(k.version()).isEqualTo(version);
        assertThat(k.keyType()).isEqualTo(KeyType.RSA);
        assertThat(k.keySize()).isEqualTo(2048);
        assertThat(k.enabled()).isTrue();
        assertThat(k.createdOn()).isEqualTo(Instant.ofEpochSecond(1493942451));
        assertThat(k.recoveryLevel()).isEqualTo("Recoverable+Purgeable");
        assertThat(k.softDeleteEnabled()).isTrue();
        assertThat(k.purgeProtectionEnabled()).isFalse();
        assertThat(k.operations()).containsExactlyInAnyOrder(KeyOperation.ENCRYPT, KeyOperation.DECRYPT,
                KeyOperation.SIGN, KeyOperation.VERIFY, KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
        assertThat(k.tags()).containsEntry("purpose", "unit test");
    }

    @Test
    void getKey_requestsTheVersion_andResponseIsRead() {
        Map<String, Object> ex = example("GetKey-example");
        Map<String, Object> p = params(ex);
        StubHttp http = new StubHttp(always(response(ex)));
        KeyReference v = KeyReference.of(URI.create("https://myvault.vault.azure.net"), Json.str(p, "key-name"))
                .withVersion(Json.str(p, "key-version"));
        KeyVersionProperties k = adapter(http).keyVaults().getKey(v);
        assertThat(http.last("GET").url()).startsWith("https://myvault.vault.azure.net/keys/CreateSoftKeyTest/"
                + "78deebed173b48e48f55abf87ed4cf71?api-version=");
        assertExampleKey(k, "78deebed173b48e48f55abf87ed4cf71");
    }

    @Test
    void rotateKey_responseShapeIsReadAsAKeyBundle() {
        // the adapter rotates with createVersion (same type and size, tags in the same call), never /rotate;
        // the rotate response is an ordinary key bundle, which it reads
        Map<String, Object> ex = example("RotateKey-example");
        StubHttp http = new StubHttp(always(response(ex)));
        KeyReference key = KeyReference.parse("https://myvault.vault.azure.net/keys/CreateSoftKeyTest");
        assertExampleKey(adapter(http).keyVaults().getKey(key), "78deebed173b48e48f55abf87ed4cf71");
        assertThat(http.last("GET").url()).startsWith("https://myvault.vault.azure.net/keys/CreateSoftKeyTest/?");
    }

    @Test
    void getKeyVersions_followsNextLink_andReadsTheListAlone_withoutOneGetPerVersion() {
        Map<String, Object> ex = example("GetKeyVersions-example");
        String version = "7c9dc6775d0e4177827c4f98f482fc12";
        StubHttp http = new StubHttp(r -> StubHttp.Answer.ok(r.url().contains("$skiptoken")
                ? "{\"value\":[]}" : response(ex)));
        List<dev.cmk.api.spi.KeyVersionSummary> versions = adapter(http).keyVaults().listVersions(
                KeyReference.parse("https://myvault.vault.azure.net/keys/listkeyversionstest"));
        assertThat(versions).extracting(dev.cmk.api.spi.KeyVersionSummary::version).containsExactly(version);
        var v = versions.get(0);
        assertThat(v.enabled()).isTrue();
        assertThat(v.createdOn()).isEqualTo(Instant.ofEpochSecond(1493937851));
        assertThat(v.updatedOn()).contains(Instant.ofEpochSecond(1493937851));
        assertThat(v.recoveryLevel()).isEqualTo("Recoverable+Purgeable");
        assertThat(v.tags()).isEmpty();
        assertThat(http.requests).extracting(r -> r.url().replaceAll("\\?.*", "")).containsExactly(
                "https://myvault.vault.azure.net/keys/listkeyversionstest/versions",
                "https://myvault.vault.azure.net:443/keys/listkeyversionstest/versions");
    }

    @Test
    void updateKey_sendsTheVersionsOperationsAndDates_andResponseIsRead() {
        Map<String, Object> ex = example("UpdateKey-example");
        Map<String, Object> p = params(ex);
        Map<String, Object> requested = Json.obj(p, "parameters");
        // before the update: enabled, with the operations and dates the example sends back
        Map<String, Object> before = Json.parseObject(response(ex));
        Json.obj(before, "attributes").put("enabled", true);
        StubHttp http = new StubHttp(r -> StubHttp.Answer.ok(r.method().equals("GET") ? Json.write(before)
                : response(ex)));
        KeyReference v = KeyReference.parse("https://myvault.vault.azure.net/keys/UpdateKeyAttributesTest/"
                + Json.str(p, "key-version"));

        KeyVersionProperties k = adapter(http).keyVaults().updateVersion(v, KeyVersionUpdate.enabled(false));

        assertThat(http.requests).extracting(StubHttp.Recorded::method).containsExactly("GET", "PATCH");
        assertCarries(requested, http.last("PATCH").body());
        assertThat(k.enabled()).isFalse();
        assertThat(k.notBefore()).contains(Instant.ofEpochSecond(631180800));
        assertThat(k.expiresOn()).contains(Instant.ofEpochSecond(662716800));
        assertThat(k.operations()).containsExactlyInAnyOrder(KeyOperation.DECRYPT, KeyOperation.ENCRYPT);
    }

    @Test
    void getKeyRotationPolicy_responseIsRead() {
        StubHttp http = new StubHttp(always(response(example("GetKeyRotationPolicy-example"))));
        Optional<RotationPolicy> p = adapter(http).keyVaults().getRotationPolicy(
                KeyReference.parse("https://myvault.vault.azure.net/keys/key01"));
        assertThat(http.last("GET").url()).startsWith("https://myvault.vault.azure.net/keys/key01/rotationpolicy");
        assertThat(p).contains(new RotationPolicy(Optional.of(Period.ofDays(90)), Optional.empty(),
                Optional.of(Period.ofYears(2))));
    }

    @Test
    void updateKeyRotationPolicy_requestCarriesExample_andResponseIsRead() {
        Map<String, Object> ex = example("UpdateKeyRotationPolicy-example");
        StubHttp http = new StubHttp(always(response(ex)));
        RotationPolicy policy = new RotationPolicy(Optional.of(Period.ofDays(90)), Optional.empty(),
                Optional.of(Period.ofYears(2)));
        RotationPolicy written = adapter(http).keyVaults().setRotationPolicy(
                KeyReference.parse("https://myvault.vault.azure.net/keys/updateKey01"), policy);
        assertThat(http.last("PUT").url()).startsWith("https://myvault.vault.azure.net/keys/updateKey01/"
                + "rotationpolicy");
        assertCarries(Json.obj(params(ex), "keyRotationPolicy"), http.last("PUT").body());
        assertThat(written).isEqualTo(policy);
    }
}
