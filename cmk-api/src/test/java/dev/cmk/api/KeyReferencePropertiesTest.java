package dev.cmk.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the two parsers over arbitrary input: each input is either accepted as a value that round-trips
 * through its canonical form, or refused with an {@link InvalidInputException} whose message is short and safe to
 * log. No input ever produces any other exception.
 */
class KeyReferencePropertiesTest {
    static final String V = "4f2c7d9a1b3e4c5d6e7f8091a2b3c4d5";
    static final int MAX_MESSAGE = 600;

    // ---------------------------------------------------------------------------------------------------------------
    // KeyReference
    // ---------------------------------------------------------------------------------------------------------------

    @Property(tries = 1000)
    void keyReferenceParse_acceptsWithARoundTripOrRefusesWithInvalidInput(@ForAll("keyIdCandidates") String input) {
        KeyReference key;
        try {
            key = KeyReference.parse(input);
        } catch (InvalidInputException e) {
            Statistics.label("outcome").collect("refused");
            assertSafeMessage(e);
            return;
        }
        Statistics.label("outcome").collect("accepted");
        KeyReference again = KeyReference.parse(key.keyId());
        assertThat(again).isEqualTo(key);
        assertThat(again.hashCode()).isEqualTo(key.hashCode());
        assertThat(again.keyId()).isEqualTo(key.keyId());
        assertThat(key.keyId()).isEqualTo(key.vaultUri() + "/keys/" + key.name()
                + key.version().map(v -> "/" + v).orElse(""));
        assertThat(key.vaultUri().toString()).isEqualTo(key.vaultUri().toString().toLowerCase());
        key.version().ifPresent(v -> assertThat(v).isEqualTo(v.toLowerCase()).hasSize(32));
        assertThat(key.vaultUri().toString()).isEqualTo("https://" + key.vaultName() + "."
                + key.cloud().dnsSuffix(key.vaultKind()));
        assertThat(KeyReference.of(key.vaultUri(), key.name())).isEqualTo(key.versionless());
        key.version().ifPresent(v -> assertThat(key.versionless().withVersion(v)).isEqualTo(key));
    }

    @Property(tries = 1000)
    void keyReferenceParse_structuredCandidatesAreOftenAccepted(@ForAll("structuredKeyIds") String input) {
        boolean accepted;
        try {
            KeyReference key = KeyReference.parse(input);
            assertThat(KeyReference.parse(key.keyId())).isEqualTo(key).hasSameHashCodeAs(key);
            accepted = true;
        } catch (InvalidInputException e) {
            assertSafeMessage(e);
            accepted = false;
        }
        Statistics.label("accepted").collect(accepted);
        Statistics.label("accepted").coverage(c -> {
            c.check(true).percentage(p -> p > 5.0);
            c.check(false).percentage(p -> p > 5.0);
        });
    }

    @Property(tries = 100)
    void keyReferenceParse_refusalOfHugeInputIsShortAndPrintable(@ForAll("hugeInputs") String input) {
        try {
            KeyReference.parse(input);
        } catch (InvalidInputException e) {
            assertSafeMessage(e);
            assertThat(e.getMessage()).contains("(" + input.length() + " chars)");
            return;
        }
        throw new AssertionError("a " + input.length() + "-character key identifier was accepted");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // StorageAccountId
    // ---------------------------------------------------------------------------------------------------------------

    @Property(tries = 1000)
    void storageAccountIdParse_acceptsWithARoundTripOrRefusesWithInvalidInput(
            @ForAll("accountIdCandidates") String input) {
        StorageAccountId id;
        try {
            id = StorageAccountId.parse(input);
        } catch (InvalidInputException e) {
            Statistics.label("outcome").collect("refused");
            assertSafeMessage(e);
            return;
        }
        Statistics.label("outcome").collect("accepted");
        StorageAccountId again = StorageAccountId.parse(id.resourceId());
        assertThat(again).isEqualTo(id);
        assertThat(again.hashCode()).isEqualTo(id.hashCode());
        assertThat(again.resourceId()).isEqualTo(id.resourceId());
        assertThat(id.subscriptionId()).isEqualTo(id.subscriptionId().toLowerCase());
        assertThat(StorageAccountId.of(id.subscriptionId(), id.resourceGroup(), id.name())).isEqualTo(id);
    }

    @Property(tries = 1000)
    void storageAccountIdParse_structuredCandidatesAreOftenAccepted(@ForAll("structuredAccountIds") String input) {
        boolean accepted;
        try {
            StorageAccountId id = StorageAccountId.parse(input);
            assertThat(StorageAccountId.parse(id.resourceId())).isEqualTo(id).hasSameHashCodeAs(id);
            accepted = true;
        } catch (InvalidInputException e) {
            assertSafeMessage(e);
            accepted = false;
        }
        Statistics.label("accepted").collect(accepted);
        Statistics.label("accepted").coverage(c -> {
            c.check(true).percentage(p -> p > 5.0);
            c.check(false).percentage(p -> p > 5.0);
        });
    }

    @Property(tries = 100)
    void storageAccountIdParse_refusalOfHugeInputIsShortAndPrintable(@ForAll("hugeInputs") String input) {
        try {
            StorageAccountId.parse(input);
        } catch (InvalidInputException e) {
            assertSafeMessage(e);
            return;
        }
        throw new AssertionError("a " + input.length() + "-character account id was accepted");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers and generators
    // ---------------------------------------------------------------------------------------------------------------

    static void assertSafeMessage(InvalidInputException e) {
        String m = e.getMessage();
        assertThat(m).isNotBlank();
        assertThat(m.length()).as("message length of %s", m).isLessThanOrEqualTo(MAX_MESSAGE);
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            assertThat(Character.isISOControl(c)).as("raw control character U+%04X at %d in %s", (int) c, i, m)
                    .isFalse();
        }
        assertThat(e.part()).isNotBlank();
        assertThat(e.rule()).isNotBlank();
        assertThat(m).startsWith(e.part() + " ").contains(e.rule());
    }

    static final List<String> KEY_FRAGMENTS = List.of(
            "https://", "HTTPS://", "http://", "ftp://", "https:/", "//",
            "contoso", "Contoso", "a", "ab", "abc", "1abc", "con--toso", "abc-", "a".repeat(24), "a".repeat(25),
            ".", "..", "vault.azure.net", "managedhsm.azure.net", "vault.azure.cn", "managedhsm.azure.cn",
            "vault.usgovcloudapi.net", "managedhsm.usgovcloudapi.net", "evil.example", ".vault.azure.net",
            ":443", ":80", ":", "@", "/keys/", "/keys", "/secrets/", "/", "//",
            "k", "storage-cmk", "Storage_CMK", "x.y", "k".repeat(127), "k".repeat(128),
            V, V.toUpperCase(), V.substring(1), "g".repeat(32),
            "%2e", "%", "?", "#", "\\", " ", "\t", "\u0430", "\0", "\r\n", "\uff0e", "\ud83d\udd11", "\u202e",
            "\u0085", "\u007f", "\ud800");

    @Provide
    Arbitrary<String> keyIdCandidates() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(300)),
                Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(300)),
                Tuple.of(1, Arbitraries.strings().withCharRange('\0', '\u00ff').ofMaxLength(300)),
                Tuple.of(3, fragments(KEY_FRAGMENTS)),
                Tuple.of(3, structuredKeyIds()),
                Tuple.of(2, mutated(structuredKeyIds())));
    }

    @Provide
    Arbitrary<String> structuredKeyIds() {
        Arbitrary<String> scheme = Arbitraries.frequency(
                Tuple.of(10, "https://"), Tuple.of(2, "HTTPS://"), Tuple.of(1, "http://"), Tuple.of(1, ""));
        Arbitrary<String> vault = Arbitraries.frequencyOf(
                Tuple.of(6, vaultNames()),
                Tuple.of(1, Arbitraries.of("ab", "1abc", "abc-", "con--toso", "a.b", "", "a".repeat(25))),
                Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(30)));
        Arbitrary<String> suffix = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(
                        ".vault.azure.net", ".managedhsm.azure.net", ".vault.azure.cn", ".managedhsm.azure.cn",
                        ".vault.usgovcloudapi.net", ".managedhsm.usgovcloudapi.net", ".VAULT.AZURE.NET")),
                Tuple.of(1, Arbitraries.of(".evil.example", ".vault.azure.net.evil.example", ".vault.azure.net.",
                        "")));
        Arbitrary<String> port = Arbitraries.frequency(
                Tuple.of(8, ""), Tuple.of(2, ":443"), Tuple.of(1, ":8443"), Tuple.of(1, ":"));
        Arbitrary<String> path = Arbitraries.frequency(
                Tuple.of(10, "/keys/"), Tuple.of(1, "/secrets/"), Tuple.of(1, "/KEYS/"), Tuple.of(1, "//keys/"));
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                        .withCharRange('0', '9').withChars('-').ofMinLength(1).ofMaxLength(127)),
                Tuple.of(1, Arbitraries.of("", "k_1", "k.1", "..", "k".repeat(128))));
        Arbitrary<String> version = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just("")),
                Tuple.of(4, Arbitraries.strings().withCharRange('0', '9').withCharRange('a', 'f')
                        .withCharRange('A', 'F').ofLength(32).map(v -> "/" + v)),
                Tuple.of(1, Arbitraries.strings().withCharRange('0', '9').withCharRange('a', 'g')
                        .ofMinLength(0).ofMaxLength(40).map(v -> "/" + v)));
        Arbitrary<String> trailing = Arbitraries.frequency(Tuple.of(6, ""), Tuple.of(2, "/"), Tuple.of(1, "//"));
        return Combinators.combine(scheme, vault, suffix, port, path, name, version, trailing)
                .as((s, v, x, p, pa, n, ver, t) -> s + v + x + p + pa + n + ver + t);
    }

    static Arbitrary<String> vaultNames() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('A', 'Z');
        Arbitrary<String> middle = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('-').ofMinLength(1).ofMaxLength(22);
        Arbitrary<Character> last = Arbitraries.chars().range('a', 'z').range('0', '9');
        return Combinators.combine(first, middle, last).as((f, m, l) -> f + m + l)
                .filter(s -> !s.contains("--"));
    }

    static Arbitrary<String> fragments(List<String> fragments) {
        return Arbitraries.of(fragments).list().ofMinSize(1).ofMaxSize(12).map(l -> String.join("", l));
    }

    /** Inserts, replaces or deletes one character of a generated string, sometimes with a nasty character. */
    static Arbitrary<String> mutated(Arbitrary<String> base) {
        Arbitrary<Character> nasty = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of('/', '.', ':', '@', '%', '?', '#', '\\', '-', '_', ' ', '\0', '\n',
                        '\u0430', '\u03bf', '\uff0e', '\u200b', '\u00a0', '\u007f', '\ud800')),
                Tuple.of(1, Arbitraries.chars()));
        Arbitrary<Integer> op = Arbitraries.integers().between(0, 2);
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        return Combinators.combine(base, nasty, op, where).as((s, c, o, w) -> {
            int i = (int) Math.min(s.length(), Math.floor(w * (s.length() + 1)));
            switch (o) {
                case 0:
                    return s.substring(0, i) + c + s.substring(i);
                case 1:
                    return i < s.length() ? s.substring(0, i) + c + s.substring(i + 1) : s + c;
                default:
                    return i < s.length() ? s.substring(0, i) + s.substring(i + 1) : s;
            }
        });
    }

    static final List<String> ACCOUNT_FRAGMENTS = List.of(
            "/", "//", "subscriptions", "SUBSCRIPTIONS", "resourceGroups", "resourcegroups", "providers",
            "Microsoft.Storage", "microsoft.storage", "storageAccounts", "Microsoft.KeyVault", "vaults",
            "00000000-1111-2222-3333-444444444444", "4F2C7D9A-1B3E-4C5D-6E7F-8091A2B3C4D5", "not-a-guid",
            "rg", "RG-Storage", "rg.", "(rg)", "r".repeat(90), "r".repeat(91), "contosodata", "ContosoData", "ab",
            "a".repeat(24), "a".repeat(25), "..", "%2f", "?", "#", "\\", " ", "\u0430", "\0", "\r\n", "\ud800");

    @Provide
    Arbitrary<String> accountIdCandidates() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(300)),
                Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(300)),
                Tuple.of(3, fragments(ACCOUNT_FRAGMENTS)),
                Tuple.of(3, structuredAccountIds()),
                Tuple.of(2, mutated(structuredAccountIds())));
    }

    @Provide
    Arbitrary<String> structuredAccountIds() {
        Arbitrary<String> subscriptions = Arbitraries.of("subscriptions", "SUBSCRIPTIONS", "Subscriptions");
        Arbitrary<String> guid = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().withCharRange('0', '9').withCharRange('a', 'f')
                        .withCharRange('A', 'F').ofLength(32)
                        .map(h -> h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
                                + h.substring(16, 20) + "-" + h.substring(20))),
                Tuple.of(1, Arbitraries.strings().withCharRange('0', 'g').withChars('-').ofMaxLength(40)));
        Arbitrary<String> groups = Arbitraries.of("resourceGroups", "resourcegroups", "RESOURCEGROUPS");
        Arbitrary<String> rg = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                        .withCharRange('0', '9').withChars('_', '-', '.', '(', ')').ofMinLength(1).ofMaxLength(90)),
                Tuple.of(1, Arbitraries.of("", "rg.", "r".repeat(91), "rg+1", "rg/x")));
        Arbitrary<String> providers = Arbitraries.of("providers", "Providers", "PROVIDERS");
        Arbitrary<String> namespace = Arbitraries.frequency(
                Tuple.of(8, "Microsoft.Storage"), Tuple.of(2, "microsoft.storage"), Tuple.of(1, "Microsoft.KeyVault"));
        Arbitrary<String> type = Arbitraries.frequency(
                Tuple.of(8, "storageAccounts"), Tuple.of(2, "STORAGEACCOUNTS"), Tuple.of(1, "vaults"));
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                        .ofMinLength(3).ofMaxLength(24)),
                Tuple.of(1, Arbitraries.strings().withCharRange('A', 'z').ofMinLength(0).ofMaxLength(30)));
        Arbitrary<String> trailing = Arbitraries.frequency(Tuple.of(6, ""), Tuple.of(2, "/"), Tuple.of(1, "//"));
        Arbitrary<String> head = Combinators.combine(subscriptions, guid, groups, rg)
                .as((s, g, gr, r) -> "/" + s + "/" + g + "/" + gr + "/" + r);
        return Combinators.combine(head, providers, namespace, type, name, trailing)
                .as((h, p, ns, t, n, tr) -> h + "/" + p + "/" + ns + "/" + t + "/" + n + tr);
    }

    @Provide
    Arbitrary<String> hugeInputs() {
        Arbitrary<String> unit = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(8)),
                Tuple.of(1, Arbitraries.strings().withCharRange('\0', '\u001f').ofMinLength(1).ofMaxLength(4)),
                Tuple.of(1, Arbitraries.of("https://contoso.vault.azure.net/keys/storage-cmk/", "a", "/", "\0",
                        "\u0430", "%2e", "/subscriptions/")));
        Arbitrary<Integer> length = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(2049, 10_000)),
                Tuple.of(1, Arbitraries.integers().between(10_000, 1 << 20)),
                Tuple.of(1, Arbitraries.just(1 << 20)));
        return Combinators.combine(unit, length).as((u, n) -> {
            String s = u.repeat(n / u.length() + 1);
            return s.substring(0, n);
        });
    }
}
