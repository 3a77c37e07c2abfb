package dev.cmk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class VaultRequirementsTest {

    @Test
    void azureStorageDefaults_areExactlyTheDocumentedRequirements() {
        VaultRequirements d = VaultRequirements.azureStorageDefaults();
        assertThat(d.keyTypes()).containsExactlyInAnyOrder(KeyType.RSA, KeyType.RSA_HSM);
        assertThat(d.keySizes()).containsExactly(2048, 3072, 4096);
        assertThat(d.minimumValidity()).isEqualTo(Duration.ofDays(30));
        assertThat(d.maximumKeyAge()).isEmpty();
        assertThat(d.requireSoftDelete()).isTrue();
        assertThat(d.requirePurgeProtection()).isTrue();
        assertThat(d.requiredOperations()).containsExactlyInAnyOrder(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
        assertThat(d.requiredPermissions()).containsExactlyInAnyOrder(KeyPermission.values());
        assertThat(d.requireSameRegion()).isFalse();
        assertThat(d.requireAccessCheck()).isFalse();
    }

    @Test
    void custom_startsFromTheDefaults() {
        assertThat(VaultRequirements.custom().build()).isEqualTo(VaultRequirements.azureStorageDefaults())
                .hasSameHashCodeAs(VaultRequirements.azureStorageDefaults());
    }

    @Test
    void azureStorageDefaults_areImmutable() {
        VaultRequirements d = VaultRequirements.azureStorageDefaults();
        assertThatThrownBy(() -> d.keyTypes().add(KeyType.EC)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> d.keySizes().add(1024)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void custom_buildsStricterRequirements() {
        VaultRequirements r = VaultRequirements.custom().requireHsm().minimumKeySize(3072)
                .minimumValidity(Duration.ofDays(90)).maximumKeyAge(Duration.ofDays(365)).requireSameRegion(true)
                .requireAccessCheck(true).build();
        assertThat(r.keyTypes()).containsExactly(KeyType.RSA_HSM);
        assertThat(r.keySizes()).containsExactly(3072, 4096);
        assertThat(r.minimumValidity()).isEqualTo(Duration.ofDays(90));
        assertThat(r.maximumKeyAge()).contains(Duration.ofDays(365));
        assertThat(r.requireSameRegion()).isTrue();
        assertThat(r.requireAccessCheck()).isTrue();
        assertThat(r).isNotEqualTo(VaultRequirements.azureStorageDefaults());
        assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
        assertThat(VaultRequirements.azureStorageDefaults().keyTypes()).hasSize(2);
    }

    @Test
    void custom_allowsAZeroValidityMargin() {
        assertThat(VaultRequirements.custom().minimumValidity(Duration.ZERO).build().minimumValidity())
                .isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC", "EC_HSM", "OCT", "OCT_HSM"})
    void custom_refusesKeyTypesStorageCannotUse(KeyType type) {
        assertThatThrownBy(() -> VaultRequirements.custom().keyTypes(type))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("only RSA and RSA-HSM")
                .extracting(e -> ((InvalidInputException) e).part()).isEqualTo("key type");
        assertThatThrownBy(() -> VaultRequirements.custom().keyTypes(KeyType.RSA, type))
                .isExactlyInstanceOf(InvalidInputException.class);
    }

    @Test
    void custom_refusesNoKeyTypesAndNullTypes() {
        assertThatThrownBy(() -> VaultRequirements.custom().keyTypes())
                .isExactlyInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> VaultRequirements.custom().keyTypes((KeyType[]) null))
                .isExactlyInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> VaultRequirements.custom().keyTypes(KeyType.RSA, null))
                .isExactlyInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 0, -2048, 2047, 2049, 8192, 15360})
    void custom_refusesKeySizesStorageCannotUse(int size) {
        assertThatThrownBy(() -> VaultRequirements.custom().keySizes(size))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("2048, 3072 or 4096")
                .extracting(e -> ((InvalidInputException) e).part()).isEqualTo("key size");
        assertThatThrownBy(() -> VaultRequirements.custom().minimumKeySize(size))
                .isExactlyInstanceOf(InvalidInputException.class);
    }

    @Test
    void custom_refusesAnEmptySizeList() {
        assertThatThrownBy(() -> VaultRequirements.custom().keySizes())
                .isExactlyInstanceOf(InvalidInputException.class);
    }

    @Test
    void custom_refusesNegativeNullOrHugeValidity() {
        assertThatThrownBy(() -> VaultRequirements.custom().minimumValidity(Duration.ofDays(-1)))
                .isExactlyInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).part()).isEqualTo("minimum validity");
        assertThatThrownBy(() -> VaultRequirements.custom().minimumValidity(Duration.ofSeconds(-1)))
                .isExactlyInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> VaultRequirements.custom().minimumValidity(null))
                .isExactlyInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> VaultRequirements.custom().minimumValidity(Duration.ofDays(3661)))
                .isExactlyInstanceOf(InvalidInputException.class);
    }

    @Test
    void custom_refusesAZeroOrNegativeMaximumKeyAge() {
        assertThatThrownBy(() -> VaultRequirements.custom().maximumKeyAge(Duration.ZERO))
                .isExactlyInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> VaultRequirements.custom().maximumKeyAge(Duration.ofDays(-1)))
                .isExactlyInstanceOf(InvalidInputException.class);
        assertThat(VaultRequirements.custom().maximumKeyAge(null).build().maximumKeyAge()).isEmpty();
    }

    @Test
    void toString_listsTheRequirements() {
        assertThat(VaultRequirements.azureStorageDefaults().toString())
                .contains("softDelete", "purgeProtection", "RSA", "RSA_HSM", "2048", "3072", "4096", "PT720H");
    }
}
