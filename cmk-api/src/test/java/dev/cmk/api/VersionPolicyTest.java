package dev.cmk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionPolicyTest {
    static final String V = "4f2c7d9a1b3e4c5d6e7f8091a2b3c4d5";

    @Test
    void autoUpdate_isASingletonThatSaysItAutoUpdates() {
        VersionPolicy auto = VersionPolicy.autoUpdate();
        assertThat(auto).isSameAs(VersionPolicy.autoUpdate());
        assertThat(auto.isAutoUpdate()).isTrue();
        assertThat(auto).isInstanceOf(VersionPolicy.AutoUpdate.class).hasToString("auto-update");
    }

    @Test
    void pinned_keepsTheVersionInLowerCase() {
        VersionPolicy pinned = VersionPolicy.pinned(V.toUpperCase());
        assertThat(pinned.isAutoUpdate()).isFalse();
        assertThat(pinned).isInstanceOf(VersionPolicy.Pinned.class);
        assertThat(((VersionPolicy.Pinned) pinned).version()).isEqualTo(V);
        assertThat(pinned).hasToString("pinned(" + V + ")");
    }

    @Test
    void pinned_equalsIgnoringVersionCase() {
        assertThat(VersionPolicy.pinned(V)).isEqualTo(VersionPolicy.pinned(V.toUpperCase()))
                .hasSameHashCodeAs(VersionPolicy.pinned(V.toUpperCase()))
                .isNotEqualTo(VersionPolicy.pinned("0".repeat(32)))
                .isNotEqualTo(VersionPolicy.autoUpdate());
    }

    @Test
    void pinnedRecordConstructor_validatesToo() {
        assertThat(new VersionPolicy.Pinned(V.toUpperCase()).version()).isEqualTo(V);
        assertThatThrownBy(() -> new VersionPolicy.Pinned("latest"))
                .isExactlyInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "4f2c7d9a1b3e4c5d6e7f8091a2b3c4d", "4f2c7d9a1b3e4c5d6e7f8091a2b3c4d5e",
        "4f2c7d9a1b3e4c5d6e7f8091a2b3c4dg", "4f2c7d9a-1b3e-4c5d-6e7f-8091a2b3c4d5", "latest",
        " 4f2c7d9a1b3e4c5d6e7f8091a2b3c4d", "\u0430f2c7d9a1b3e4c5d6e7f8091a2b3c4d5"})
    void pinned_refusesAnythingButThirtyTwoHexCharacters(String version) {
        assertThatThrownBy(() -> VersionPolicy.pinned(version))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("32 hexadecimal")
                .extracting(e -> ((InvalidInputException) e).part()).isEqualTo("key version");
    }
}
