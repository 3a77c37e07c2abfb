package dev.cmk.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.KeyType;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.AccountEncryption;
import dev.cmk.api.spi.AccountIdentity;
import dev.cmk.api.spi.AccountKind;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.KeyVersionSummary;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.core.rotation.RotationOptions;
import dev.cmk.core.rotation.RotationState;
import dev.cmk.core.rotation.RotationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The derivation as a pure function: values in, status out, no fake and no clock. */
class RotationDerivationTest {
    private static final KeyReference KEY = KeyReference.parse("https://contoso.vault.azure.net/keys/storage-cmk");
    private static final String V1 = "0".repeat(31) + "1";
    private static final String V2 = "0".repeat(31) + "2";
    private static final String V3 = "0".repeat(31) + "3";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final RotationOptions RETIRE = RotationOptions.custom().retireOldVersions(true).build();

    private static KeyVersionProperties version(String v, Instant created, boolean enabled, Map<String, String> tags) {
        return new KeyVersionProperties(KEY.withVersion(v), KeyType.RSA, 2048, enabled, Optional.empty(),
                Optional.empty(), created, "Recoverable", 90, Set.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY),
                tags);
    }

    private static List<KeyVersionSummary> summaries(List<KeyVersionProperties> versions) {
        return versions.stream().map(v -> KeyVersionSummary.of(v, java.util.Optional.empty())).toList();
    }

    private static Map<String, String> rotationTags(String id, String from) {
        Map<String, String> tags = new HashMap<>();
        tags.put("cmk-rotation", id);
        tags.put("cmk-rotated-from", from);
        tags.put("cmk-retire", "true");
        return tags;
    }

    /** An account pinned to {@code pinned}, or auto-updating ({@code null}) and using {@code inUse}. */
    private static StorageAccount account(String name, String pinned, String inUse) {
        StorageAccountId id = StorageAccountId.of("00000000-0000-0000-0000-000000000001", "rg", "acct" + name);
        AccountEncryption e = new AccountEncryption(KeySource.MICROSOFT_KEYVAULT, Optional.of(KEY),
                Optional.ofNullable(pinned), Optional.of(KEY.withVersion(inUse)), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of(), false);
        return new StorageAccount(id, "westeurope", AccountKind.STORAGE, new AccountIdentity(Optional.of("p-" + name),
                Optional.of("t"), Map.of()), e);
    }

    private static RotationStatus derive(List<KeyVersionProperties> versions, List<StorageAccount> accounts,
                                         Instant now, RotationOptions options) {
        return RotationDerivation.derive(KEY, "r1", versions, accounts, now, options, "test");
    }

    @Test
    void noTaggedVersion_isPlanned() {
        RotationStatus s = derive(List.of(version(V1, T0, true, Map.of())), List.of(account("a", V1, V1)), T0,
                RETIRE);
        assertThat(s.state()).isEqualTo(RotationState.PLANNED);
        assertThat(s.fromVersion()).contains(V1);
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void stepsThroughTheStates_asAccountsAndTimeMove() {
        List<KeyVersionProperties> vs = List.of(version(V1, T0, true, Map.of()),
                version(V2, T0, true, rotationTags("r1", V1)));
        StorageAccount pinnedOld = account("p", V1, V1);
        StorageAccount autoOld = account("a", null, V1);
        StorageAccount pinnedNew = account("p", V2, V2);
        StorageAccount autoNew = account("a", null, V2);

        assertThat(derive(vs, List.of(pinnedOld, autoOld), T0, RETIRE).state())
                .isEqualTo(RotationState.VERSION_CREATED);
        assertThat(derive(vs, List.of(pinnedNew, autoOld), T0, RETIRE).state()).isEqualTo(RotationState.PROPAGATING);
        RotationStatus propagated = derive(vs, List.of(pinnedNew, autoNew), T0.plus(Duration.ofHours(3)), RETIRE);
        assertThat(propagated.state()).isEqualTo(RotationState.PROPAGATED);
        assertThat(propagated.reason()).contains(T0.plus(Duration.ofHours(25)).toString());
        RotationStatus retiring = derive(vs, List.of(pinnedNew, autoNew), T0.plus(Duration.ofHours(25)), RETIRE);
        assertThat(retiring.state()).isEqualTo(RotationState.RETIRING);
        assertThat(retiring.retirable()).containsExactly(V1);
        assertThat(derive(vs, List.of(pinnedNew, autoNew), T0.plus(Duration.ofHours(25)),
                RotationOptions.ofDefaults()).state()).as("no retirement asked").isEqualTo(RotationState.COMPLETED);
        RotationStatus stalled = derive(vs, List.of(pinnedNew, autoOld), T0.plus(Duration.ofHours(25)), RETIRE);
        assertThat(stalled.state()).isEqualTo(RotationState.STALLED);
        assertThat(stalled.stalledAccounts()).extracting(StorageAccountId::name).containsExactly("accta");
    }

    @Test
    void retirementSparesAVersionADependentStillReportsInUse() {
        List<KeyVersionProperties> vs = List.of(version(V1, T0, true, Map.of()), version(V2, T0, true, Map.of()),
                version(V3, T0, true, rotationTags("r1", V2)));
        StorageAccount onNew = account("n", V3, V3);
        assertThat(derive(vs, List.of(onNew), T0.plus(Duration.ofDays(2)), RETIRE).retirable())
                .containsExactly(V1, V2);
        StorageAccount lagging = account("lag", V3, V2); // pinned to the new version, Storage still reports V2
        RotationStatus s = derive(vs, List.of(onNew, lagging), T0.plus(Duration.ofDays(2)), RETIRE);
        assertThat(s.state()).isEqualTo(RotationState.RETIRING);
        assertThat(s.retirable()).containsExactly(V1);
    }

    @Test
    void derivedCompletion_withoutItsTag_isStillResumable_soADriverRecordsItInsteadOfStartingAnother() {
        Map<String, String> tags = rotationTags("rot-2026-03-01", V1);
        List<KeyVersionProperties> vs = List.of(version(V1, T0, false, Map.of("cmk-retired-by", "rot-2026-03-01")),
                version(V2, T0, true, tags));
        assertThat(RotationDerivation.resumable(summaries(vs))).contains("rot-2026-03-01");
        Map<String, String> done = new HashMap<>(tags);
        done.put("cmk-completed", "true");
        assertThat(RotationDerivation.resumable(summaries(List.of(vs.get(0), version(V2, T0, true, done))))).isEmpty();
    }

    @Test
    void aNewRotationWithinTheMinimumInterval_isBlocked_unlessForced() {
        Map<String, String> done = rotationTags("rot-2026-03-01", V1);
        done.put("cmk-completed", "true");
        List<KeyVersionProperties> vs = List.of(version(V1, T0, false, Map.of()), version(V2, T0, true, done));
        List<StorageAccount> accounts = List.of(account("a", null, V2));
        Instant nextDay = T0.plus(Duration.ofHours(26));
        List<String> blockers = RotationDerivation.createBlockers(KEY, "rot-2026-03-02", summaries(vs), accounts, nextDay,
                RETIRE, "test");
        assertThat(blockers).singleElement().asString().contains("rot-2026-03-01").contains("minimum interval")
                .contains("force(true)");
        assertThat(RotationDerivation.derive(KEY, "rot-2026-03-02", vs, accounts, nextDay, RETIRE, "test")
                .warnings()).isEqualTo(blockers);
        assertThat(RotationDerivation.createBlockers(KEY, "rot-2026-03-02", summaries(vs), accounts, nextDay,
                RotationOptions.from(RETIRE).force(true).build(), "test")).isEmpty();
        assertThat(RotationDerivation.createBlockers(KEY, "rot-2026-03-09", summaries(vs), accounts,
                T0.plus(Duration.ofDays(7)), RETIRE, "test")).isEmpty();
    }

    @Test
    void anUnfinishedRotation_blocksANewOne_evenWhenForced() {
        List<KeyVersionProperties> vs = List.of(version(V1, T0, true, Map.of()),
                version(V2, T0, true, rotationTags("first", V1)));
        List<String> blockers = RotationDerivation.createBlockers(KEY, "second", summaries(vs),
                List.of(account("p", V1, V1)), T0.plus(Duration.ofDays(30)),
                RotationOptions.from(RETIRE).force(true).build(), "test");
        assertThat(blockers).singleElement().asString().contains("first").contains("not finished");
    }

    @Test
    void aRecordFromANewerSchema_isNotActedOn() {
        Map<String, String> tags = rotationTags("r1", V1);
        tags.put("cmk-schema", "2");
        RotationStatus s = derive(List.of(version(V1, T0, true, Map.of()), version(V2, T0, true, tags)),
                List.of(account("p", V1, V1)), T0, RETIRE);
        assertThat(s.state()).isEqualTo(RotationState.STALLED);
        assertThat(s.warnings()).singleElement().asString().contains("newer cmk").contains("schema 2");
    }

    @Test
    void derivationIsLinear_noPerAccountSearch() {
        List<KeyVersionProperties> vs = List.of(version(V1, T0, true, Map.of()),
                version(V2, T0, true, rotationTags("r1", V1)));
        List<StorageAccount> many = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            many.add(account("acct" + i, i % 2 == 0 ? V2 : null, V2));
        }
        RotationStatus s = derive(vs, many, T0.plus(Duration.ofHours(26)), RETIRE);
        assertThat(s.state()).isEqualTo(RotationState.RETIRING);
        assertThat(s.dependents()).hasSize(20_000);
    }
}
