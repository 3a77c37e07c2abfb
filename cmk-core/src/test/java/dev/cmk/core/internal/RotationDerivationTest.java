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

    /** Versions whose full properties the derivation read (through the production signature's reader). */
    private final List<String> read = new ArrayList<>();

    /** The derivation as production runs it: the listed summaries and a reader for the new version's properties. */
    private RotationStatus derive(String rotationId, List<KeyVersionProperties> versions,
                                  List<StorageAccount> accounts, Instant now, RotationOptions options) {
        return RotationDerivation.derive(KEY, rotationId, summaries(versions), v -> {
            read.add(v.version());
            return versions.stream().filter(p -> p.version().equals(v.version())).findFirst();
        }, accounts, now, options, "test");
    }

    private RotationStatus derive(List<KeyVersionProperties> versions, List<StorageAccount> accounts,
                                  Instant now, RotationOptions options) {
        return derive("r1", versions, accounts, now, options);
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
        assertThat(derive("rot-2026-03-02", vs, accounts, nextDay, RETIRE).warnings()).isEqualTo(blockers);
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
    void aFinishedOrAbortedRotation_neverReadsItsVersion_andAWaitingOneReadsItOnce() {
        StorageAccount onOld = account("p", V1, V1);
        Map<String, String> completed = rotationTags("r1", V1);
        completed.put("cmk-completed", "true");
        assertThat(derive(List.of(version(V1, T0, true, Map.of()), version(V2, T0, true, completed)),
                List.of(onOld), T0, RETIRE).state()).isEqualTo(RotationState.COMPLETED);
        Map<String, String> aborted = rotationTags("r1", V1);
        aborted.put("cmk-aborted", "true");
        assertThat(derive(List.of(version(V1, T0, true, Map.of()), version(V2, T0, true, aborted)),
                List.of(onOld), T0, RETIRE).state()).isEqualTo(RotationState.ABORTED);
        assertThat(read).isEmpty();

        assertThat(derive(List.of(version(V1, T0, true, Map.of()), version(V2, T0, true, rotationTags("r1", V1))),
                List.of(onOld), T0, RETIRE).state()).isEqualTo(RotationState.VERSION_CREATED);
        assertThat(read).containsExactly(V2);
    }

    @Test
    void aNewVersionWhosePropertiesWereNotRead_isNeverMovedTo() {
        List<KeyVersionProperties> vs = List.of(version(V1, T0, true, Map.of()),
                version(V2, T0, true, rotationTags("r1", V1)));
        RotationStatus s = RotationDerivation.derive(KEY, "r1", summaries(vs), v -> Optional.empty(),
                List.of(account("p", V1, V1)), T0, RETIRE, "test");
        assertThat(s.state()).isEqualTo(RotationState.STALLED);
        assertThat(s.reason()).contains("KEY_NOT_FOUND");
    }

    // ------------------------------------------------------------------ creation order with tied times

    private static Map<String, String> from(String version) {
        return Map.of("cmk-rotation", "r-" + version, "cmk-rotated-from", version);
    }

    private static List<String> order(KeyVersionProperties... listed) {
        return RotationDerivation.inCreationOrder(summaries(List.of(listed))).stream()
                .map(KeyVersionSummary::version).toList();
    }

    @Test
    void tiedCreationTimes_listedInReversedIdOrder_putTheRotatedVersionAfterItsSource() {
        KeyVersionProperties a = version(V2, T0, true, Map.of());
        KeyVersionProperties b = version(V1, T0, true, from(V2)); // created from V2 in the same second, smaller id
        assertThat(order(b, a)).containsExactly(V2, V1);
        assertThat(order(a, b)).containsExactly(V2, V1);
    }

    @Test
    void aThreeLongChainInOneSecond_isOrderedAlongTheChain_whateverTheListOrder() {
        // V3 is the oldest; V2 was rotated from V3 and V1 from V2, all within one second: ids say the reverse
        KeyVersionProperties oldest = version(V3, T0, true, Map.of());
        KeyVersionProperties middle = version(V2, T0, true, from(V3));
        KeyVersionProperties newest = version(V1, T0, true, from(V2));
        List<List<KeyVersionProperties>> permutations = List.of(List.of(oldest, middle, newest),
                List.of(oldest, newest, middle), List.of(middle, oldest, newest), List.of(middle, newest, oldest),
                List.of(newest, oldest, middle), List.of(newest, middle, oldest));
        for (List<KeyVersionProperties> p : permutations) {
            assertThat(order(p.toArray(KeyVersionProperties[]::new))).as("listed as %s", p.stream()
                    .map(KeyVersionProperties::version).toList()).containsExactly(V3, V2, V1);
        }
    }

    @Test
    void untaggedTies_andTagsAcrossDifferentSeconds_keepTheListedOrder() {
        KeyVersionProperties u2 = version(V2, T0, true, Map.of());
        KeyVersionProperties u1 = version(V1, T0, true, Map.of());
        assertThat(order(u2, u1)).as("nothing says which came first: the list order stands").containsExactly(V2, V1);
        assertThat(order(u1, u2)).containsExactly(V1, V2);
        // a rotated version listed before its source but created a second earlier is not moved: times decide
        KeyVersionProperties tagged = version(V1, T0, true, from(V2));
        KeyVersionProperties laterSource = version(V2, T0.plusSeconds(1), true, Map.of());
        assertThat(order(tagged, laterSource)).containsExactly(V1, V2);
        // an untagged tie next to a tagged chain keeps its place relative to the others
        KeyVersionProperties source = version(V3, T0, true, Map.of());
        KeyVersionProperties rotated = version(V2, T0, true, from(V3));
        KeyVersionProperties untagged = version(V1, T0, true, Map.of());
        assertThat(order(rotated, untagged, source)).containsExactly(untagged.version(), source.version(),
                rotated.version());
    }

    // ------------------------------------------------------------------ linearity

    /** A list that counts every element access, so the work of the derivation can be compared across sizes. */
    private static final class CountingList<T> extends java.util.AbstractList<T>
            implements java.util.RandomAccess {
        private final List<T> delegate;
        private final long[] counter;

        CountingList(List<T> delegate, long[] counter) {
            this.delegate = delegate;
            this.counter = counter;
        }

        @Override
        public T get(int index) {
            counter[0]++;
            return delegate.get(index);
        }

        @Override
        public int size() {
            return delegate.size();
        }
    }

    /** Element accesses of one derivation over n accounts (half pinned, half auto) and m versions. */
    private static long accessesFor(int accounts, int versions) {
        List<KeyVersionProperties> vs = new ArrayList<>();
        for (int i = 0; i < versions; i++) {
            vs.add(version(String.format("%032x", i), T0, true, Map.of()));
        }
        String old = vs.get(versions - 1).version();
        String nv = String.format("%032x", versions);
        vs.add(version(nv, T0, true, rotationTags("r1", old)));
        List<StorageAccount> many = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            many.add(account("acct" + i, i % 2 == 0 ? nv : null, i % 3 == 0 ? old : nv));
        }
        long[] counter = new long[1];
        RotationStatus s = RotationDerivation.derive(KEY, "r1", new CountingList<>(summaries(vs), counter),
                v -> vs.stream().filter(p -> p.version().equals(v.version())).findFirst(),
                new CountingList<>(many, counter), T0, RETIRE, "test");
        assertThat(s.dependents()).hasSize(accounts);
        return counter[0];
    }

    @Test
    void derivationIsLinear_inAccountsPlusVersions() {
        long small = accessesFor(500, 20);
        long large = accessesFor(2_000, 80);
        // linear: about 4 times the accesses; a search of the versions per account would be about 16 times
        assertThat(large).as("accesses at 4x accounts and 4x versions, against %d", small)
                .isBetween(3 * small, 5 * small);
    }
}
