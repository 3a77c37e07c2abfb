package dev.cmk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Period;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RotationPolicyTest {

    static RotationPolicy policy(String afterCreate, String beforeExpiry, String expiry) {
        return new RotationPolicy(Optional.ofNullable(afterCreate).map(Period::parse),
                Optional.ofNullable(beforeExpiry).map(Period::parse), Optional.ofNullable(expiry).map(Period::parse));
    }

    @ParameterizedTest
    @EnumSource(VaultKind.class)
    void validateFor_acceptsTypicalPolicies(VaultKind kind) {
        RotationPolicy p = policy("P90D", null, "P1Y");
        assertThat(p.validateFor(kind)).isSameAs(p);
        assertThat(policy(null, "P30D", "P90D").validateFor(kind)).isNotNull();
        assertThat(policy("P1Y", null, null).validateFor(kind)).isNotNull();
        assertThat(policy(null, null, "P28D").validateFor(kind)).isNotNull();
        assertThat(policy(null, null, null).validateFor(kind)).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(VaultKind.class)
    void validateFor_refusesAnExpiryUnder28Days(VaultKind kind) {
        assertThatThrownBy(() -> policy(null, null, "P27D").validateFor(kind))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least 28 days")
                .extracting(e -> ((InvalidInputException) e).part()).isEqualTo("rotation policy expiry time");
        assertThatThrownBy(() -> policy(null, null, "P1D").validateFor(kind))
                .isExactlyInstanceOf(InvalidInputException.class);
    }

    @Test
    void validateFor_acceptsOneMonthAsTheMinimumExpiry() {
        assertThat(policy(null, null, "P1M").validateFor(VaultKind.KEY_VAULT)).isNotNull();
    }

    @Test
    void validateFor_refusesARotationIntervalUnder7DaysOnKeyVault() {
        assertThatThrownBy(() -> policy("P6D", null, null).validateFor(VaultKind.KEY_VAULT))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least 7 days")
                .extracting(e -> ((InvalidInputException) e).part()).isEqualTo("rotation interval");
        assertThat(policy("P7D", null, null).validateFor(VaultKind.KEY_VAULT)).isNotNull();
    }

    @Test
    void validateFor_refusesARotationIntervalUnder28DaysOnManagedHsm() {
        assertThatThrownBy(() -> policy("P27D", null, null).validateFor(VaultKind.MANAGED_HSM))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least 28 days")
                .hasMessageContaining("MANAGED_HSM");
        assertThatThrownBy(() -> policy("P7D", null, null).validateFor(VaultKind.MANAGED_HSM))
                .isExactlyInstanceOf(InvalidInputException.class);
        assertThat(policy("P28D", null, null).validateFor(VaultKind.MANAGED_HSM)).isNotNull();
        assertThat(policy("P27D", null, null).validateFor(VaultKind.KEY_VAULT)).isNotNull();
    }

    @Test
    void validateFor_refusesRotateBeforeExpiryUnderTheMinimum() {
        assertThatThrownBy(() -> policy(null, "P6D", "P90D").validateFor(VaultKind.KEY_VAULT))
                .isExactlyInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).part()).isEqualTo("rotate-before-expiry");
        assertThat(policy(null, "P7D", "P90D").validateFor(VaultKind.KEY_VAULT)).isNotNull();
        assertThatThrownBy(() -> policy(null, "P27D", "P90D").validateFor(VaultKind.MANAGED_HSM))
                .isExactlyInstanceOf(InvalidInputException.class);
        assertThat(policy(null, "P28D", "P90D").validateFor(VaultKind.MANAGED_HSM)).isNotNull();
    }

    @Test
    void validateFor_refusesRotateBeforeExpiryThatLeavesTooLittleTimeAfterCreation() {
        assertThatThrownBy(() -> policy(null, "P25D", "P30D").validateFor(VaultKind.KEY_VAULT))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("leaves at least 7 days");
        assertThat(policy(null, "P23D", "P30D").validateFor(VaultKind.KEY_VAULT)).isNotNull();
    }

    @Test
    void validateFor_refusesRotateBeforeExpiryWithoutAnExpiry() {
        assertThatThrownBy(() -> policy(null, "P30D", null).validateFor(VaultKind.KEY_VAULT))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs an expiry time");
    }

    @Test
    void validateFor_refusesBothTriggers() {
        assertThatThrownBy(() -> policy("P60D", "P30D", "P90D").validateFor(VaultKind.KEY_VAULT))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not both");
    }

    @Test
    void validateFor_refusesRotateAfterCreateThatLeavesLessThanTheMinimumBeforeExpiry() {
        assertThatThrownBy(() -> policy("P90D", null, "P90D").validateFor(VaultKind.KEY_VAULT))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least 7 days before the expiry time");
        assertThatThrownBy(() -> policy("P3M", null, "P90D").validateFor(VaultKind.KEY_VAULT))
                .isExactlyInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> policy("P88D", null, "P90D").validateFor(VaultKind.KEY_VAULT))
                .isExactlyInstanceOf(InvalidInputException.class);
        assertThat(policy("P83D", null, "P90D").validateFor(VaultKind.KEY_VAULT)).isNotNull();
        assertThatThrownBy(() -> policy("P70D", null, "P90D").validateFor(VaultKind.MANAGED_HSM))
                .hasMessageContaining("at least 28 days before");
    }

    @Test
    void validateFor_refusesNegativePeriods() {
        assertThatThrownBy(() -> policy("P-30D", null, null).validateFor(VaultKind.KEY_VAULT))
                .isExactlyInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> policy(null, null, "P-1Y").validateFor(VaultKind.KEY_VAULT))
                .isExactlyInstanceOf(InvalidInputException.class);
    }

    @Test
    void constructor_refusesNullComponents() {
        assertThatThrownBy(() -> new RotationPolicy(null, Optional.empty(), Optional.empty()))
                .isInstanceOf(NullPointerException.class);
    }
}
