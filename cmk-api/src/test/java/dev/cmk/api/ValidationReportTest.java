package dev.cmk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationReportTest {
    static final String KEY = "https://contoso.vault.azure.net/keys/storage-cmk";
    static final Violation WARNING = Violation.warning(ViolationCode.KEY_ACCESS_NOT_CHECKED, KEY,
            "the identity's permissions on the key were not checked", "configure a KeyAccessProvider");
    static final Violation ERROR = Violation.error(ViolationCode.VAULT_PURGE_PROTECTION_DISABLED, "contoso",
            "purge protection is off", "az keyvault update --name contoso --enable-purge-protection true");

    @Test
    void empty_isValidAndSaysSo() {
        ValidationReport r = ValidationReport.empty();
        assertThat(r.isValid()).isTrue();
        assertThat(r.violations()).isEmpty();
        assertThat(r).hasToString("Validation: all requirements met.");
    }

    @Test
    void isValid_isTrueWithOnlyWarnings() {
        ValidationReport r = new ValidationReport(List.of(WARNING, WARNING));
        assertThat(r.isValid()).isTrue();
        assertThat(r.warnings()).hasSize(2);
        assertThat(r.errors()).isEmpty();
        assertThat(r.has(ViolationCode.KEY_ACCESS_NOT_CHECKED)).isTrue();
    }

    @Test
    void isValid_isFalseWithAnyError() {
        ValidationReport r = new ValidationReport(List.of(WARNING, ERROR));
        assertThat(r.isValid()).isFalse();
        assertThat(r.errors()).containsExactly(ERROR);
        assertThat(r.warnings()).containsExactly(WARNING);
        assertThat(r.has(ViolationCode.VAULT_PURGE_PROTECTION_DISABLED)).isTrue();
        assertThat(r.has(ViolationCode.KEY_DISABLED)).isFalse();
    }

    @Test
    void toString_listsEachViolationWithItsFix() {
        String s = new ValidationReport(List.of(ERROR, WARNING)).toString();
        assertThat(s).startsWith("Validation: 1 error(s), 1 warning(s)");
        assertThat(s).contains("ERROR VAULT_PURGE_PROTECTION_DISABLED [contoso]: purge protection is off")
                .contains("fix: az keyvault update --name contoso --enable-purge-protection true")
                .contains("WARNING KEY_ACCESS_NOT_CHECKED [" + KEY + "]")
                .contains("fix: configure a KeyAccessProvider");
        assertThat(s.lines().filter(l -> l.trim().startsWith("fix: "))).hasSize(2);
        assertThat(s.indexOf("VAULT_PURGE_PROTECTION_DISABLED")).isLessThan(s.indexOf("KEY_ACCESS_NOT_CHECKED"));
    }

    @Test
    void violations_areCopiedAndImmutable() {
        List<Violation> list = new ArrayList<>(List.of(WARNING));
        ValidationReport r = new ValidationReport(list);
        list.add(ERROR);
        assertThat(r.violations()).containsExactly(WARNING);
        assertThatThrownBy(() -> r.violations().add(ERROR)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void and_concatenatesInOrder() {
        ValidationReport r = new ValidationReport(List.of(WARNING)).and(new ValidationReport(List.of(ERROR)));
        assertThat(r.violations()).containsExactly(WARNING, ERROR);
        assertThat(r.isValid()).isFalse();
    }

    @Test
    void violation_refusesNullComponents() {
        assertThatThrownBy(() -> Violation.error(ViolationCode.KEY_DISABLED, KEY, "disabled", null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ValidationReport(null)).isInstanceOf(NullPointerException.class);
    }
}
