package dev.cmk.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cmk.api.KeyType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The shared Azure facts, each decided in one place. */
class AzureRulesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void storageKeys_areRsaOfThreeSizes() {
        assertThat(AzureRules.STORAGE_KEY_TYPES).containsExactlyInAnyOrder(KeyType.RSA, KeyType.RSA_HSM);
        for (KeyType t : KeyType.values()) {
            assertThat(AzureRules.isStorageKeyType(t)).as(t.wireName()).isEqualTo(t.wireName().startsWith("RSA"));
        }
        assertThat(AzureRules.RSA_KEY_SIZES).containsExactlyInAnyOrder(2048, 3072, 4096);
    }

    @Test
    void usableAt_needsEnabledStartedAndUnexpired() {
        assertThat(AzureRules.usableAt(true, null, null, NOW)).isTrue();
        assertThat(AzureRules.usableAt(false, null, null, NOW)).isFalse();
        assertThat(AzureRules.usableAt(true, NOW, null, NOW)).isTrue();
        assertThat(AzureRules.usableAt(true, NOW.plusSeconds(1), null, NOW)).isFalse();
        assertThat(AzureRules.usableAt(true, null, NOW, NOW)).isFalse();
        assertThat(AzureRules.usableAt(true, null, NOW.plusSeconds(1), NOW)).isTrue();
    }

    @Test
    void regionAndIdentityType_areSpelledAsArmDoes() {
        assertThat(AzureRules.region("West Europe")).isEqualTo("westeurope");
        assertThat(AzureRules.region(null)).isNull();
        assertThat(AzureRules.identityType(true, true)).isEqualTo("SystemAssigned,UserAssigned");
        assertThat(AzureRules.identityType(true, false)).isEqualTo("SystemAssigned");
        assertThat(AzureRules.identityType(false, true)).isEqualTo("UserAssigned");
        assertThat(AzureRules.identityType(false, false)).isEqualTo("None");
    }
}
