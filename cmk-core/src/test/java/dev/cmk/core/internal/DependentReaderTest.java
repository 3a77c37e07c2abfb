package dev.cmk.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.ErrorCode;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.UnsafeOperationException;
import dev.cmk.api.spi.AccountEncryption;
import dev.cmk.api.spi.AccountIdentity;
import dev.cmk.api.spi.AccountKind;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountPage;
import dev.cmk.api.spi.StorageAccountProvider;
import dev.cmk.api.spi.DependentFinder;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.testkit.InMemoryAzure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where rotation and revoke look for dependents, over a hand-written storage port. */
class DependentReaderTest {
    private static final String SUB_A = "00000000-0000-0000-0000-00000000000a";
    private static final String SUB_B = "00000000-0000-0000-0000-00000000000b";
    private static final KeyReference KEY = KeyReference.parse("https://contoso.vault.azure.net/keys/storage-cmk");
    private static final KeyReference OTHER = KeyReference.parse("https://contoso.vault.azure.net/keys/other");

    private final Map<StorageAccountId, StorageAccount> accounts = new LinkedHashMap<>();
    private final List<StorageAccountId> listedButDeleted = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final List<StorageAccountPage.UnreadableAccount> unreadable = new ArrayList<>();

    private final StorageAccountProvider port = new StorageAccountProvider() {
        @Override
        public StorageAccount get(StorageAccountId id) {
            calls.add("get " + id.name());
            StorageAccount a = accounts.get(id);
            // a missing account fails as a real port fails: with the testkit's NotFoundException
            return a != null ? a : InMemoryAzure.create().storageAccounts().get(id);
        }

        @Override
        public StorageAccount updateEncryption(StorageAccountId id, EncryptionUpdate update) {
            throw new AssertionError("reads only");
        }

        @Override
        public StorageAccount enableIdentity(StorageAccountId id, ManagedIdentity identity) {
            throw new AssertionError("reads only");
        }

        @Override
        public List<StorageAccountId> list(Scope scope) {
            calls.add("list " + scope.subscriptionId().substring(35) + scope.resourceGroup().map(g -> "/" + g)
                    .orElse(""));
            List<StorageAccountId> out = new ArrayList<>();
            accounts.keySet().stream().filter(scope::contains).forEach(out::add);
            listedButDeleted.stream().filter(scope::contains).forEach(out::add);
            return out;
        }

        /** Pages of two accounts, as the Storage list call carries them (with encryption). */
        @Override
        public StorageAccountPage listAccounts(Scope scope, Optional<String> pageToken) {
            int from = pageToken.map(Integer::parseInt).orElse(0);
            calls.add("page " + scope.subscriptionId().substring(35) + scope.resourceGroup().map(g -> "/" + g)
                    .orElse("") + " " + from / 2);
            List<StorageAccount> all = accounts.values().stream().filter(a -> scope.contains(a.id())).toList();
            List<StorageAccount> page = all.subList(Math.min(from, all.size()), Math.min(from + 2, all.size()));
            return new StorageAccountPage(page, from + 2 < all.size() ? Optional.of(Integer.toString(from + 2))
                    : Optional.empty(), from == 0 ? unreadable.stream().filter(u -> u.resourceId().toLowerCase()
                    .startsWith("/subscriptions/" + scope.subscriptionId())).toList() : List.of());
        }
    };

    private StorageAccountId add(String sub, String group, String name, KeyReference key) {
        StorageAccountId id = StorageAccountId.of(sub, group, name);
        AccountEncryption e = key == null ? AccountEncryption.microsoftManaged() : new AccountEncryption(
                KeySource.MICROSOFT_KEYVAULT, Optional.of(key), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), false);
        accounts.put(id, new StorageAccount(id, "westeurope", AccountKind.STORAGE, AccountIdentity.none(), e));
        return id;
    }

    @Test
    void discovery_keepsOnlyTheKeysUsers_onceEach_fromListPages() {
        StorageAccountId a = add(SUB_A, "rg1", "usera", KEY);
        add(SUB_A, "rg1", "otherkey", OTHER);
        add(SUB_A, "rg2", "mmk", null);
        StorageAccountId b = add(SUB_A, "rg2", "userb", KEY);
        listedButDeleted.add(StorageAccountId.of(SUB_A, "rg1", "gone"));
        List<StorageAccount> found = new DependentReader(port, KEY).read(Dependents.discoveredIn(
                Scope.subscription(SUB_A), Scope.resourceGroup(SUB_A, "rg1")));
        assertThat(found).extracting(StorageAccount::id).containsExactly(a, b);
        // pages only (4 accounts, 2 per page), the resource group inside the listed subscription not listed again
        assertThat(calls).containsExactly("page a 0", "page a 1");
    }

    @Test
    void declaredAccounts_sharingAResourceGroup_areReadFromItsPages_aLoneOneWithAGet() {
        StorageAccountId one = add(SUB_A, "rg1", "one", KEY);
        add(SUB_A, "rg1", "bystander", OTHER);
        StorageAccountId two = add(SUB_A, "rg1", "two", KEY);
        StorageAccountId alone = add(SUB_B, "rg7", "alone", KEY);
        Dependents declared = Dependents.declared(List.of(two, alone, one))
                .acknowledgingUnlistedAccountsMayLoseAccess();
        assertThat(new DependentReader(port, KEY).read(declared)).extracting(StorageAccount::id)
                .containsExactly(two, alone, one);
        assertThat(calls).containsExactly("page a/rg1 0", "page a/rg1 1", "get alone");
    }

    @Test
    void aFinder_isAskedForCandidates_thatAreConfirmedByListingTheirSubscriptions() {
        StorageAccountId stillUses = add(SUB_A, "rg1", "stilluses", KEY);
        StorageAccountId movedAway = add(SUB_A, "rg1", "movedaway", OTHER); // the index still says KEY
        StorageAccountId missedByIndex = add(SUB_A, "rg2", "missed", KEY);  // configured within the index's lag
        add(SUB_B, "rg1", "elsewhere", KEY); // no candidate in SUB_B: not seen until the index catches up
        List<String> asked = new ArrayList<>();
        DependentFinder stale = new DependentFinder() {
            @Override
            public List<StorageAccountId> candidates(KeyReference key) {
                asked.add(key.keyId());
                return List.of(stillUses, movedAway);
            }

            @Override
            public String describe() {
                return "a stale index";
            }
        };
        Dependents byIndex = Dependents.discoveredBy(stale);
        DependentReader reader = new DependentReader(port, KEY);
        assertThat(reader.read(byIndex)).extracting(StorageAccount::id).containsExactly(stillUses, missedByIndex);
        assertThat(reader.confirm(byIndex).users(KEY)).extracting(StorageAccount::id)
                .containsExactly(stillUses, missedByIndex);
        assertThat(asked).containsExactly(KEY.keyId(), KEY.keyId());
        assertThat(calls).allMatch(c -> c.startsWith("page a ")).doesNotContain("page b 0");
        assertThat(byIndex.isDiscovered()).isTrue();
        assertThat(byIndex.describe()).contains("a stale index").contains("lags").contains("confirmed");
    }

    @Test
    void aDeclaredList_isReadAsDeclared_andItsConfirmationListsTheDeclaredAccountsSubscriptionsOnly() {
        StorageAccountId listed = add(SUB_A, "rg1", "listed", KEY);
        StorageAccountId unlisted = add(SUB_A, "rg9", "unlisted", KEY);
        add(SUB_A, "rg9", "bystander", OTHER);
        add(SUB_B, "rg1", "elsewhere", KEY); // another subscription: what the acknowledgement is about
        Dependents declared = Dependents.declared(List.of(listed)).acknowledgingUnlistedAccountsMayLoseAccess();
        DependentReader reader = new DependentReader(port, KEY);

        assertThat(reader.read(declared)).extracting(StorageAccount::id).containsExactly(listed);
        assertThat(calls).containsExactly("get listed");
        calls.clear();
        DependentReader.Confirmation c = reader.confirm(declared);
        assertThat(c.dependents()).extracting(StorageAccount::id).containsExactly(listed);
        assertThat(c.unlisted()).extracting(StorageAccount::id).containsExactly(unlisted);
        assertThat(c.users(KEY)).extracting(StorageAccount::id).containsExactly(listed, unlisted);
        // the subscription's pages carry the declared account too: no GET per account
        assertThat(calls).containsExactly("page a 0", "page a 1");
    }

    @Test
    void everyAccountSeen_includesOtherKeys_forChecksThatReachAWholeVault() {
        StorageAccountId listed = add(SUB_A, "rg1", "listed", KEY);
        StorageAccountId bystander = add(SUB_A, "rg9", "bystander", OTHER);
        assertThat(new DependentReader(port, KEY).everyAccountSeen(Dependents.declared(List.of(listed))
                .acknowledgingUnlistedAccountsMayLoseAccess())).extracting(StorageAccount::id)
                .containsExactly(listed, bystander);
    }

    @Test
    void anUnacknowledgedDeclaredList_isRefused_beforeAnyCall() {
        StorageAccountId listed = add(SUB_A, "rg1", "listed", KEY);
        assertThatThrownBy(() -> DependentReader.requireUsable(Dependents.declared(List.of(listed)), "a rotation"))
                .isInstanceOfSatisfying(UnsafeOperationException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.CONFIRMATION_REQUIRED));
        assertThat(calls).isEmpty();
        Dependents ok = Dependents.discoveredIn(Scope.subscription(SUB_A));
        assertThat(DependentReader.requireUsable(ok, "a rotation")).isSameAs(ok);
        assertThat(ok.describe()).contains("discovered in").contains(SUB_A);
    }

    private static final String UNREADABLE_ID = "/subscriptions/" + SUB_A
            + "/resourceGroups/rg+odd/providers/Microsoft.Storage/storageAccounts/hidden";

    @Test
    void anUnreadableAccountNamingTheKeysVault_makesADisablingConfirmationRefuse_namingIt() {
        StorageAccountId listed = add(SUB_A, "rg1", "listed", KEY);
        unreadable.add(new StorageAccountPage.UnreadableAccount(UNREADABLE_ID,
                Optional.of("https://CONTOSO.vault.azure.net/"), "resource group breaks a rule"));
        DependentReader reader = new DependentReader(port, KEY);
        Dependents discovered = Dependents.discoveredIn(Scope.subscription(SUB_A));
        Dependents declared = Dependents.declared(List.of(listed)).acknowledgingUnlistedAccountsMayLoseAccess();
        for (Runnable r : List.<Runnable>of(() -> reader.confirm(discovered), () -> reader.confirm(declared),
                () -> reader.everyAccountSeen(discovered), () -> reader.everyAccountSeen(declared))) {
            assertThatThrownBy(r::run).isInstanceOfSatisfying(UnsafeOperationException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_OPERATION);
                assertThat(e.getMessage()).contains(UNREADABLE_ID).contains("Nothing was changed");
            });
        }
        // reading (no disabling write follows) still answers
        assertThat(reader.read(discovered)).extracting(StorageAccount::id).containsExactly(listed);
    }

    @Test
    void anUnreadableAccountOnAnotherVaultOrMicrosoftManaged_doesNotBlock_butAnUnknownVaultDoes() {
        StorageAccountId listed = add(SUB_A, "rg1", "listed", KEY);
        unreadable.add(new StorageAccountPage.UnreadableAccount(UNREADABLE_ID,
                Optional.of("https://fabrikam.vault.azure.net/"), "unparsable"));
        unreadable.add(new StorageAccountPage.UnreadableAccount(UNREADABLE_ID + "2", Optional.empty(), "unparsable"));
        Dependents discovered = Dependents.discoveredIn(Scope.subscription(SUB_A));
        assertThat(new DependentReader(port, KEY).confirm(discovered).users(KEY)).extracting(StorageAccount::id)
                .containsExactly(listed);
        unreadable.add(new StorageAccountPage.UnreadableAccount(UNREADABLE_ID + "3", Optional.of("(unknown vault)"),
                "unparsable"));
        assertThatThrownBy(() -> new DependentReader(port, KEY).confirm(discovered))
                .isInstanceOf(UnsafeOperationException.class).hasMessageContaining(UNREADABLE_ID + "3");
    }
}
