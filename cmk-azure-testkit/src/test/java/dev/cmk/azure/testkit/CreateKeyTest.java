package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.ConflictException;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeyType;
import dev.cmk.api.RequirementViolatedException;
import dev.cmk.api.RotationPolicy;
import dev.cmk.api.StorageKeySpec;
import dev.cmk.api.ViolationCode;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Creating a key fit for Storage, through the SDK against the wire fake and directly on the in-memory Azure: the
 * same checks, the same refusals, before any write.
 */
class CreateKeyTest {
    private static final RotationPolicy YEARLY = new RotationPolicy(Optional.of(Period.ofDays(335)),
            Optional.empty(), Optional.of(Period.ofDays(365)));

    /** A world with a fake, and a way to get cmk over it. */
    record World(InMemoryAzure azure, WireFake fake, CustomerManagedKeys cmk) {
        long creates() {
            return azure.calls().count("keyVault.createVersion");
        }
    }

    static Stream<Arguments> worlds() {
        Function<InMemoryAzure, World> wire = azure -> {
            WireFake fake = WireFake.over(azure);
            return new World(azure, fake, fake.adapter().build());
        };
        Function<InMemoryAzure, World> memory = azure -> new World(azure, null, CustomerManagedKeys.builder()
                .keyVaults(azure.keyVaults()).storageAccounts(azure.storageAccounts()).keyAccess(azure.keyAccess())
                .clock(azure.clock()).build());
        return Stream.of(Arguments.of("wire", wire), Arguments.of("in-memory", memory));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("worlds")
    void createsAnRsaHsmKey_withWrapAndUnwrap_expiry_tags_andRotationPolicy(String name,
                                                                             Function<InMemoryAzure, World> make) {
        InMemoryAzure azure = InMemoryAzure.create();
        World w = make.apply(azure);
        URI vault = azure.vault("contoso").create();
        KeyReference key = KeyReference.of(vault, "storage-cmk");
        Instant expiry = azure.clock().instant().plus(Duration.ofDays(400));

        KeyVersionProperties created = w.cmk().key(key).create(StorageKeySpec.rsaHsm(3072).expiresOn(expiry)
                .rotationPolicy(YEARLY).tags(Map.of("owner", "storage-team")));

        assertThat(created.id().sameKeyAs(key)).isTrue();
        assertThat(created.keyType()).isEqualTo(KeyType.RSA_HSM);
        assertThat(created.keySize()).isEqualTo(3072);
        assertThat(created.operations()).containsExactlyInAnyOrder(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
        assertThat(created.expiresOn()).contains(Instant.ofEpochSecond(expiry.getEpochSecond()));
        assertThat(created.tags()).containsEntry("owner", "storage-team");
        assertThat(azure.peekVersions(key)).hasSize(1);
        assertThat(w.creates()).isEqualTo(1);
        assertThat(w.cmk().key(key).rotationPolicy()).contains(YEARLY);
        assertThat(w.cmk().key(key).validate(dev.cmk.api.VaultRequirements.azureStorageDefaults()).isValid())
                .isTrue();
        if (w.fake() != null) {
            assertThat(w.fake().requests().count("POST key/create")).isEqualTo(1);
            assertThat(w.fake().requests().count("PUT key/rotationpolicy")).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("worlds")
    void aVaultWithoutPurgeProtection_isRefusedBeforeTheCall(String name, Function<InMemoryAzure, World> make) {
        InMemoryAzure azure = InMemoryAzure.create();
        World w = make.apply(azure);
        URI vault = azure.vault("nopurge").purgeProtection(false).create();

        assertThatThrownBy(() -> w.cmk().key(KeyReference.of(vault, "storage-cmk")).create(StorageKeySpec.rsa(2048)))
                .isInstanceOfSatisfying(RequirementViolatedException.class, e -> assertThat(e.report().violations())
                        .anyMatch(v -> v.code() == ViolationCode.VAULT_PURGE_PROTECTION_DISABLED));
        assertThat(w.creates()).isZero();
        assertThat(azure.keyNames(vault)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("worlds")
    void anExistingKey_anRsaKeyOnAnHsm_anExpiryTooSoon_andAVersionedName_areRefusedBeforeTheCall(
            String name, Function<InMemoryAzure, World> make) {
        InMemoryAzure azure = InMemoryAzure.create();
        World w = make.apply(azure);
        URI vault = azure.vault("contoso").create();
        URI hsm = azure.vault("contosohsm").managedHsm().purgeProtection(true).create();
        KeyReference existing = azure.key(vault, "taken").create();

        assertThatThrownBy(() -> w.cmk().key(existing.versionless()).create(StorageKeySpec.rsa(2048)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("rotate");
        assertThatThrownBy(() -> w.cmk().key(KeyReference.of(hsm, "k")).create(StorageKeySpec.rsa(2048)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("HSM");
        assertThatThrownBy(() -> w.cmk().key(KeyReference.of(vault, "soon")).create(StorageKeySpec.rsa(2048)
                .expiresOn(azure.clock().instant().plus(Duration.ofDays(3)))))
                .isInstanceOfSatisfying(RequirementViolatedException.class, e -> assertThat(e.report().violations())
                        .anyMatch(v -> v.code() == ViolationCode.KEY_EXPIRES_SOON));
        assertThatThrownBy(() -> w.cmk().key(existing).create(StorageKeySpec.rsa(2048)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(w.creates()).isZero();
        assertThat(azure.peekVersions(existing)).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("worlds")
    void aRotationPolicyOutsideAzuresBounds_isRefusedBeforeTheCall(String name, Function<InMemoryAzure, World> make) {
        InMemoryAzure azure = InMemoryAzure.create();
        World w = make.apply(azure);
        URI vault = azure.vault("contoso").create();
        RotationPolicy tooOften = new RotationPolicy(Optional.of(Period.ofDays(1)), Optional.empty(),
                Optional.empty());
        assertThatThrownBy(() -> w.cmk().key(KeyReference.of(vault, "k")).create(StorageKeySpec.rsa(4096)
                .rotationPolicy(tooOften))).isInstanceOf(InvalidInputException.class);
        assertThat(w.creates()).isZero();
    }

    @org.junit.jupiter.api.Test
    void specRefusesWhatStorageCannotUse() {
        assertThatThrownBy(() -> StorageKeySpec.rsa(1024)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("2048, 3072 or 4096");
        assertThatThrownBy(() -> new StorageKeySpec(KeyType.EC, 2048, Optional.empty(), Optional.empty(), Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("RSA");
        assertThat(StorageKeySpec.rsa(4096).operations()).containsExactlyInAnyOrder(KeyOperation.WRAP_KEY,
                KeyOperation.UNWRAP_KEY);
    }
}
