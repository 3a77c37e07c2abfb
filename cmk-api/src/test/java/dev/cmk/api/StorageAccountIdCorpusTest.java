package dev.cmk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of storage account resource ids that {@link StorageAccountId#parse(String)} must accept (with their exact
 * parts) or refuse (with an {@link InvalidInputException} naming the part and the rule).
 */
class StorageAccountIdCorpusTest {
    static final String SUB = "00000000-1111-2222-3333-444444444444";
    static final String SUB_MIXED = "4F2C7D9A-1b3e-4C5D-6e7f-8091A2B3C4D5";
    static final String SUB_MIXED_LOWER = "4f2c7d9a-1b3e-4c5d-6e7f-8091a2b3c4d5";
    static final String PREFIX = "/subscriptions/" + SUB + "/resourceGroups/";
    static final String PROVIDER = "/providers/Microsoft.Storage/storageAccounts/";
    static final String ID = PREFIX + "rg-storage" + PROVIDER + "contosodata";

    static final String P_ID = "storage account id";
    static final String P_SUB = "subscription id";
    static final String P_RG = "resource group";
    static final String P_NAME = "storage account name";

    static final String R_REQUIRED = "a resource id is required";
    static final String R_LENGTH = "at most 1024 characters";
    static final String R_ASCII = "printable ASCII";
    static final String R_SHAPE = "the id must be /subscriptions/";
    static final String R_GUID = "is a GUID";
    static final String R_RG = "a resource group name is 1-90";
    static final String R_NAME = "3-24 lower-case letters and digits";

    static String id(String sub, String rg, String name) {
        return "/subscriptions/" + sub + "/resourceGroups/" + rg + PROVIDER + name;
    }

    static Arguments ok(String input, String sub, String rg, String name) {
        return arguments(named(shorten(input), input), sub, rg, name, id(sub, rg, name));
    }

    static Stream<Arguments> accepted() {
        String rg90 = "r".repeat(90);
        List<Arguments> a = new ArrayList<>();
        a.add(ok(ID, SUB, "rg-storage", "contosodata"));
        a.add(ok(ID + "/", SUB, "rg-storage", "contosodata"));
        a.add(ok(id(SUB_MIXED, "rg", "abc"), SUB_MIXED_LOWER, "rg", "abc"));
        a.add(ok(id(SUB_MIXED.toUpperCase(), "rg", "abc") + "/", SUB_MIXED_LOWER, "rg", "abc"));
        // Segment names are case-insensitive.
        a.add(ok("/SUBSCRIPTIONS/" + SUB + "/RESOURCEGROUPS/rg-storage/PROVIDERS/MICROSOFT.STORAGE/STORAGEACCOUNTS/"
                + "contosodata", SUB, "rg-storage", "contosodata"));
        a.add(ok("/subscriptions/" + SUB + "/resourcegroups/rg-storage/providers/microsoft.storage/storageaccounts/"
                + "contosodata", SUB, "rg-storage", "contosodata"));
        a.add(ok("/Subscriptions/" + SUB + "/ResourceGroups/rg-storage/Providers/Microsoft.storage/StorageAccounts/"
                + "contosodata/", SUB, "rg-storage", "contosodata"));
        // Resource group alphabet and boundaries; the group keeps its case.
        a.add(ok(id(SUB, "r", "contosodata"), SUB, "r", "contosodata"));
        a.add(ok(id(SUB, rg90, "contosodata"), SUB, rg90, "contosodata"));
        a.add(ok(id(SUB, "RG-Storage", "contosodata"), SUB, "RG-Storage", "contosodata"));
        a.add(ok(id(SUB, "rg_storage.prod-01", "contosodata"), SUB, "rg_storage.prod-01", "contosodata"));
        a.add(ok(id(SUB, "(rg)", "contosodata"), SUB, "(rg)", "contosodata"));
        a.add(ok(id(SUB, ".rg", "contosodata"), SUB, ".rg", "contosodata"));
        a.add(ok(id(SUB, "_", "contosodata"), SUB, "_", "contosodata"));
        // Changed deliberately: ARM allows Unicode letters and digits in resource group names (Char.IsLetterOrDigit),
        // and accounts in such groups were invisible to discovery (skipped as unparsable) while using a key.
        a.add(ok(id(SUB, "rg-donn\u00e9es", "contosodata"), SUB, "rg-donn\u00e9es", "contosodata"));
        a.add(ok(id(SUB, "\u8d44\u6e90\u7ec4", "contosodata"), SUB, "\u8d44\u6e90\u7ec4", "contosodata"));
        a.add(ok(id(SUB, "\u00dcnic\u00f6de(1)", "contosodata"), SUB, "\u00dcnic\u00f6de(1)", "contosodata"));
        a.add(ok(id(SUB, "rg-\u0663", "contosodata"), SUB, "rg-\u0663", "contosodata"));
        a.add(ok(id(SUB, "rg-\ud835\udc00", "contosodata"), SUB, "rg-\ud835\udc00", "contosodata"));
        // Account name boundaries.
        a.add(ok(id(SUB, "rg", "abc"), SUB, "rg", "abc"));
        a.add(ok(id(SUB, "rg", "a".repeat(24)), SUB, "rg", "a".repeat(24)));
        a.add(ok(id(SUB, "rg", "123"), SUB, "rg", "123"));
        a.add(ok(id(SUB, "rg", "st0rage2024cmk"), SUB, "rg", "st0rage2024cmk"));
        return a.stream();
    }

    @ParameterizedTest(name = "[{index}] accepts {0}")
    @MethodSource("accepted")
    void parse_acceptsValidIdsWithExactParts(String input, String sub, String rg, String name, String canonical) {
        StorageAccountId account = StorageAccountId.parse(input);

        assertThat(account.subscriptionId()).isEqualTo(sub);
        assertThat(account.resourceGroup()).isEqualTo(rg);
        assertThat(account.name()).isEqualTo(name);
        assertThat(account.resourceId()).isEqualTo(canonical);
        assertThat(account).hasToString(canonical);
        StorageAccountId again = StorageAccountId.parse(account.resourceId());
        assertThat(again).isEqualTo(account).hasSameHashCodeAs(account);
        assertThat(StorageAccountId.of(sub, rg, name)).isEqualTo(account);
    }

    @Test
    void acceptedCorpus_hasAtLeastFifteenCases() {
        assertThat(accepted().count()).isGreaterThanOrEqualTo(15);
    }

    static Arguments no(String description, String input, String part, String rule) {
        return arguments(named(description, input), part, rule);
    }

    static Stream<Arguments> refused() {
        List<Arguments> r = new ArrayList<>();
        r.add(no("null", null, P_ID, R_REQUIRED));
        r.add(no("empty", "", P_ID, R_SHAPE));
        r.add(no("space", " ", P_ID, R_ASCII));
        r.add(no("leading space", " " + ID, P_ID, R_ASCII));
        r.add(no("trailing newline", ID + "\n", P_ID, R_ASCII));
        r.add(no("NUL inside", ID.replace("rg-storage", "rg\0storage"), P_ID, R_ASCII));
        r.add(no("Cyrillic a in the account name", ID.replace("contosodata", "contosod\u0430ta"), P_ID, R_ASCII));
        r.add(no("1 MB", "/".repeat(1 << 20), P_ID, R_LENGTH));
        r.add(no("1025 characters", ID + "/" + "a".repeat(1024 - ID.length()), P_ID, R_LENGTH));
        r.add(no("only a slash", "/", P_ID, R_SHAPE));
        r.add(no("no leading slash", ID.substring(1), P_ID, R_SHAPE));
        r.add(no("two leading slashes", "/" + ID, P_ID, R_SHAPE));
        r.add(no("two trailing slashes", ID + "//", P_ID, R_SHAPE));
        r.add(no("just the account name", "contosodata", P_ID, R_SHAPE));
        r.add(no("URL form", "https://management.azure.com" + ID, P_ID, R_SHAPE));
        r.add(no("missing subscriptions segment", ID.replace("/subscriptions/" + SUB, ""), P_ID, R_SHAPE));
        r.add(no("subscription misspelt", ID.replace("subscriptions", "subscription"), P_ID, R_SHAPE));
        r.add(no("resourceGroups misspelt", ID.replace("resourceGroups", "resourceGroup"), P_ID, R_SHAPE));
        r.add(no("providers misspelt", ID.replace("providers", "provider"), P_ID, R_SHAPE));
        r.add(no("wrong namespace", ID.replace("Microsoft.Storage", "Microsoft.KeyVault"), P_ID, R_SHAPE));
        r.add(no("wrong type", ID.replace("storageAccounts", "vaults"), P_ID, R_SHAPE));
        r.add(no("classic storage namespace", ID.replace("Microsoft.Storage", "Microsoft.ClassicStorage"), P_ID,
                R_SHAPE));
        r.add(no("a user-assigned identity id", "/subscriptions/" + SUB + "/resourceGroups/rg/providers/"
                + "Microsoft.ManagedIdentity/userAssignedIdentities/contosodata", P_ID, R_SHAPE));
        r.add(no("child resource", ID + "/blobServices/default", P_ID, R_SHAPE));
        r.add(no("resource group only", PREFIX + "rg-storage", P_ID, R_SHAPE));
        r.add(no("missing account name", PREFIX + "rg" + PROVIDER, P_ID, R_SHAPE));
        r.add(no("'..' segment", PREFIX + "rg/../rg" + PROVIDER + "contosodata", P_ID, R_SHAPE));
        r.add(no("backslashes", ID.replace('/', '\\'), P_ID, R_SHAPE));
        r.add(no("query", ID + "?api-version=2023-01-01", P_NAME, R_NAME));
        r.add(no("subscription not a GUID", id("not-a-guid", "rg", "contosodata"), P_SUB, R_GUID));
        r.add(no("empty subscription", id("", "rg", "contosodata"), P_SUB, R_GUID));
        r.add(no("subscription of 35", id(SUB.substring(1), "rg", "contosodata"), P_SUB, R_GUID));
        r.add(no("subscription without dashes", id(SUB.replace("-", "") + "0000", "rg", "contosodata"), P_SUB,
                R_GUID));
        r.add(no("subscription with 'g'", id("g" + SUB.substring(1), "rg", "contosodata"), P_SUB, R_GUID));
        r.add(no("subscription in braces", id("{" + SUB.substring(2) + "}", "rg", "contosodata"), P_SUB, R_GUID));
        r.add(no("empty resource group", id(SUB, "", "contosodata"), P_RG, R_RG));
        r.add(no("resource group of 91", id(SUB, "r".repeat(91), "contosodata"), P_RG, R_RG));
        r.add(no("resource group ending with '.'", id(SUB, "rg.", "contosodata"), P_RG, R_RG));
        r.add(no("resource group '..'", id(SUB, "..", "contosodata"), P_RG, R_RG));
        r.add(no("resource group with '+'", id(SUB, "rg+1", "contosodata"), P_RG, R_RG));
        r.add(no("resource group with '%'", id(SUB, "rg%20x", "contosodata"), P_RG, R_RG));
        r.add(no("resource group with '@'", id(SUB, "rg@x", "contosodata"), P_RG, R_RG));
        // Unicode in the resource group: letters and digits only (changed deliberately, see accepted()).
        r.add(no("resource group with a Unicode symbol", id(SUB, "rg\u2192x", "contosodata"), P_RG, R_RG));
        r.add(no("resource group with a Unicode dash", id(SUB, "rg\u2010x", "contosodata"), P_RG, R_RG));
        r.add(no("resource group with a zero-width joiner", id(SUB, "rg\u200dx", "contosodata"), P_RG, R_RG));
        r.add(no("resource group with a combining mark", id(SUB, "rge\u0301", "contosodata"), P_RG, R_RG));
        r.add(no("resource group with a no-break space", id(SUB, "rg\u00a0x", "contosodata"), P_ID, R_ASCII));
        r.add(no("resource group with a C1 control", id(SUB, "rg\u0085x", "contosodata"), P_ID, R_ASCII));
        r.add(no("resource group with a line separator", id(SUB, "rg\u2028x", "contosodata"), P_ID, R_ASCII));
        r.add(no("Unicode resource group ending with '.'", id(SUB, "donn\u00e9es.", "contosodata"), P_RG, R_RG));
        r.add(no("resource group with a fullwidth solidus", id(SUB, "rg\uff0fx", "contosodata"), P_RG, R_RG));
        r.add(no("Unicode in the namespace", ID.replace("Microsoft.Storage", "Micr\u043esoft.Storage"), P_ID,
                R_ASCII));
        r.add(no("account name of 2", id(SUB, "rg", "ab"), P_NAME, R_NAME));
        r.add(no("account name of 25", id(SUB, "rg", "a".repeat(25)), P_NAME, R_NAME));
        r.add(no("empty account name", id(SUB, "rg", "") + "/", P_NAME, R_NAME));
        r.add(no("upper-case account name", id(SUB, "rg", "ContosoData"), P_NAME, R_NAME));
        r.add(no("account name with '-'", id(SUB, "rg", "contoso-data"), P_NAME, R_NAME));
        r.add(no("account name with '_'", id(SUB, "rg", "contoso_data"), P_NAME, R_NAME));
        r.add(no("account name with '.'", id(SUB, "rg", "contoso.data"), P_NAME, R_NAME));
        r.add(no("account name '..'", id(SUB, "rg", ".."), P_NAME, R_NAME));
        return r.stream();
    }

    @ParameterizedTest(name = "[{index}] refuses {0}")
    @MethodSource("refused")
    void parse_refusesInvalidIdsNamingPartAndRule(String input, String part, String rule) {
        assertThatThrownBy(() -> StorageAccountId.parse(input))
                .isExactlyInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    InvalidInputException iie = (InvalidInputException) e;
                    assertThat(iie.part()).isEqualTo(part);
                    assertThat(iie.getMessage()).contains(rule).contains(part).contains("Example of a valid value");
                    assertThat(iie.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(iie.getMessage().length()).isLessThanOrEqualTo(600);
                    assertThat(iie.getMessage().chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
                });
    }

    @Test
    void refusedCorpus_hasAtLeastFortyCases() {
        assertThat(refused().count()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void equals_ignoresResourceGroupCaseAndSubscriptionCase() {
        StorageAccountId a = StorageAccountId.parse(id(SUB_MIXED, "RG-Storage", "contosodata"));
        StorageAccountId b = StorageAccountId.parse(id(SUB_MIXED_LOWER, "rg-storage", "contosodata") + "/");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.resourceGroup()).isEqualTo("RG-Storage");
    }

    @Test
    void equals_ignoresCaseOfUnicodeResourceGroupsConsistentlyWithHashCode() {
        StorageAccountId a = StorageAccountId.of(SUB, "RG-DONN\u00c9ES", "contosodata");
        StorageAccountId b = StorageAccountId.of(SUB, "rg-donn\u00e9es", "contosodata");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(StorageAccountId.parse(a.resourceId())).isEqualTo(b).hasSameHashCodeAs(b);
        // ARM compares by simple upper-case mapping: dotted capital I is not the same letter as i
        assertThat(StorageAccountId.of(SUB, "\u0130", "contosodata"))
                .isNotEqualTo(StorageAccountId.of(SUB, "i", "contosodata"));
    }

    @Test
    void equals_distinguishesSubscriptionsGroupsAndNames() {
        StorageAccountId a = StorageAccountId.parse(ID);
        assertThat(a).isNotEqualTo(StorageAccountId.parse(id(SUB_MIXED, "rg-storage", "contosodata")));
        assertThat(a).isNotEqualTo(StorageAccountId.parse(id(SUB, "rg-storage2", "contosodata")));
        assertThat(a).isNotEqualTo(StorageAccountId.parse(id(SUB, "rg-storage", "contosodata2")));
        assertThat(a.equals(null)).isFalse();
        assertThat(a.equals(ID)).isFalse();
    }

    @Test
    void parse_toleratesOneTrailingSlash() {
        assertThat(StorageAccountId.parse(ID + "/")).isEqualTo(StorageAccountId.parse(ID));
        assertThat(StorageAccountId.parse(ID + "/").resourceId()).isEqualTo(ID);
    }

    @Test
    void parse_normalisesSegmentNamesInTheCanonicalId() {
        StorageAccountId a = StorageAccountId.parse(ID.toUpperCase().replace("CONTOSODATA", "contosodata"));
        assertThat(a.resourceId()).isEqualTo(id(SUB, "RG-STORAGE", "contosodata"));
        assertThat(a).isEqualTo(StorageAccountId.parse(ID));
    }

    @Test
    void of_checksEachPart() {
        assertThat(StorageAccountId.of(SUB_MIXED, "rg", "abc").subscriptionId()).isEqualTo(SUB_MIXED_LOWER);
        assertThatThrownBy(() -> StorageAccountId.of(null, "rg", "abc"))
                .isExactlyInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).part()).isEqualTo(P_SUB);
        assertThatThrownBy(() -> StorageAccountId.of(SUB, null, "abc"))
                .isExactlyInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).part()).isEqualTo(P_RG);
        assertThatThrownBy(() -> StorageAccountId.of(SUB, "rg", null))
                .isExactlyInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).part()).isEqualTo(P_NAME);
        assertThatThrownBy(() -> StorageAccountId.of(SUB, "rg/x", "abc"))
                .isExactlyInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).part()).isEqualTo(P_RG);
    }

    static String shorten(String s) {
        return s.length() <= 160 ? s : s.substring(0, 150) + "...(" + s.length() + " chars)";
    }
}
