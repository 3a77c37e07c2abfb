package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.management.AzureEnvironment;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.models.StorageAccount;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP requests per cmk operation, counted at the wire fake (Key Vault authentication challenges excluded: the SDK
 * sends one per vault host per JVM), compared with the naive fluent-SDK sequence. The counts are printed, for the
 * docs, and pinned, so that a change that adds a request is noticed.
 */
class RequestCountsTest {
    private InMemoryAzure azure;
    private WireFake fake;
    private KeyReference key;
    private StorageAccountId account;
    private final Map<String, Map<String, Long>> report = new LinkedHashMap<>();

    @BeforeEach
    void setUp() {
        azure = InMemoryAzure.create();
        fake = WireFake.over(azure);
        key = azure.key(azure.vault("contoso").create(), "storage-cmk").create().versionless();
        account = azure.account("contosodata").systemAssignedIdentity().create();
    }

    private long measure(String operation, Runnable r) {
        fake.requests().reset();
        r.run();
        Map<String, Long> counts = fake.requests().snapshot();
        counts.remove(RequestCounts.CHALLENGE);
        report.put(operation, counts);
        System.out.printf("%-58s %2d requests  %s%n", operation, fake.requests().total(), counts);
        return fake.requests().total();
    }

    @Test
    void requestsPerOperation() {
        CustomerManagedKeys cmk = fake.adapter().build();

        long status = measure("status()", () -> cmk.storageAccount(account).status());
        long enable = measure("enable CMK (auto-update, grant via RBAC) plan+apply", () ->
                cmk.storageAccount(account).useCustomerManagedKey(key).grantKeyAccess().apply());
        long again = measure("same apply again (already satisfied)", () ->
                cmk.storageAccount(account).useCustomerManagedKey(key).grantKeyAccess().apply());
        long back = measure("back to Microsoft-managed keys", () ->
                cmk.storageAccount(account).useMicrosoftManagedKeys().apply());

        assertThat(status).isEqualTo(1);
        // plan: GET account, GET key, Resources lookup (first use of the vault only), GET vault (region, firewall,
        // access model), list role assignments; apply: PUT role assignment, PATCH account, GET account (verify)
        assertThat(enable).isEqualTo(8);
        // GET account, list role assignments; the vault's read from the apply above is reused (30 s)
        assertThat(again).isEqualTo(2);
        assertThat(report.get("enable CMK (auto-update, grant via RBAC) plan+apply"))
                .containsEntry("PATCH storageAccount", 1L).containsEntry("PUT roleAssignment", 1L);
        assertThat(report.get("same apply again (already satisfied)")).doesNotContainKeys("PATCH storageAccount",
                "PUT roleAssignment");
        assertThat(again).isLessThan(enable);
        assertThat(back).isEqualTo(3);
    }

    @Test
    void naiveFluentSequence_forComparison() {
        azure.grantAccess(key, azure.systemPrincipal(account));
        StorageManager sm = StorageManager.configure().withHttpClient(fake).authenticate(WireFake.credential(),
                WireFake.profile(AzureEnvironment.AZURE));
        long n = measure("fluent: getByResourceGroup + update().withEncryptionKeyFromKeyVault().apply()", () -> {
            StorageAccount a = sm.storageAccounts().getByResourceGroup(account.resourceGroup(), account.name());
            a.update().withEncryptionKeyFromKeyVault(key.vaultUri().toString(), key.name(), "").apply();
        });
        assertThat(n).isGreaterThanOrEqualTo(2);
        assertThat(azure.peek(account).encryption().isCustomerManaged()).isTrue();
    }

    // ------------------------------------------------------------------ rotation, revoke and restore

    /** Key Vault requests (data plane) among the counts. */
    private static long keyVault(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(e -> e.getKey().matches("[A-Z]+ key(/.*)?"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * A key with {@code n} versions created a minute apart, the older ones retired (disabled) as earlier rotations
     * leave them, the newest enabled; one auto-updating and one pinned account on it.
     */
    private KeyReference keyWithVersions(String name, int n, StorageAccountId auto, StorageAccountId pinned) {
        var vault = java.net.URI.create("https://contoso.vault.azure.net");
        KeyReference newest = null;
        for (int i = 0; i < n; i++) {
            azure.clock().advance(java.time.Duration.ofMinutes(1));
            var setup = azure.key(vault, name);
            newest = i < n - 1 ? setup.disabled().create() : setup.create();
        }
        KeyReference k = newest.versionless();
        CustomerManagedKeys cmk = fake.adapter().build();
        cmk.storageAccount(auto).useCustomerManagedKey(k).grantKeyAccess().apply();
        cmk.storageAccount(pinned).useCustomerManagedKey(k).versionPolicy(dev.cmk.api.VersionPolicy.pinned(
                newest.version().orElseThrow())).grantKeyAccess().apply();
        return k;
    }

    private long[] rotateFully(CustomerManagedKeys cmk, KeyReference k, java.util.List<StorageAccountId> deps,
                               String label) {
        var rotation = cmk.key(k).rotation(deps).retireOldVersions(true);
        long[] kv = new long[4];
        long total = measure(label + ": advance 1 (create the version)", rotation::advance);
        kv[0] = keyVault(report.get(label + ": advance 1 (create the version)"));
        measure(label + ": advance 2 (pin the pinned account)", rotation::advance);
        kv[1] = keyVault(report.get(label + ": advance 2 (pin the pinned account)"));
        azure.clock().advance(java.time.Duration.ofHours(25));
        measure(label + ": run after the pickup window (retire, complete)", rotation::run);
        kv[2] = keyVault(report.get(label + ": run after the pickup window (retire, complete)"));
        kv[3] = kv[0] + kv[1] + kv[2];
        // the two declared dependents share a resource group: each read of them is one list page, no GET each;
        // the retire step reads them, then lists their subscription right before disabling (a page each)
        for (String step : new String[] {"advance 1 (create the version)", "advance 2 (pin the pinned account)"}) {
            assertThat(report.get(label + ": " + step)).containsEntry("GET storageAccounts", 1L)
                    .doesNotContainKey("GET storageAccount");
        }
        assertThat(report.get(label + ": run after the pickup window (retire, complete)"))
                .containsEntry("GET storageAccounts", 2L).doesNotContainKey("GET storageAccount");
        System.out.printf("%-58s %2d Key Vault requests in all%n", label, kv[3]);
        assertThat(rotation.status().state()).isEqualTo(dev.cmk.core.rotation.RotationState.COMPLETED);
        return kv;
    }

    @Test
    void rotationRevokeAndRestore_ofA30VersionKey_at25VersionsPerPage() {
        fake.pageSize(25);
        StorageAccountId auto = azure.account("autodata").systemAssignedIdentity().create();
        StorageAccountId pinned = azure.account("pinneddata").systemAssignedIdentity().create();
        KeyReference k = keyWithVersions("thirty", 30, auto, pinned);
        CustomerManagedKeys cmk = fake.adapter().build();
        var deps = java.util.List.of(auto, pinned);

        long list = measure("list the versions of a 30-version key", () -> cmk.key(k).versions());
        assertThat(list).isEqualTo(2);
        assertThat(report.get("list the versions of a 30-version key")).containsOnlyKeys("GET key/versions");

        long[] kv = rotateFully(cmk, k, deps, "rotation of a 30-version key");
        // step 1: list (2 pages, read inside the per-key lock), GET the current version (type, size, operations),
        // POST create (its answer carries the new version's type, size and operations, checked before pinning); no GET
        // per version
        assertThat(kv[0]).isEqualTo(PINNED_ROTATION_STEP1);
        assertThat(kv[3]).isEqualTo(PINNED_ROTATION_30);

        var plan = cmk.key(k).revoke(deps);
        long revoke = measure("revoke of a 30-version key (1 version enabled)", () -> plan.apply(Set.copyOf(
                deps)));
        long revokeKv = keyVault(report.get("revoke of a 30-version key (1 version enabled)"));
        // re-confirmation before the first disable: the declared accounts' subscription, one page, no GET each
        assertThat(report.get("revoke of a 30-version key (1 version enabled)"))
                .containsEntry("GET storageAccounts", 1L).doesNotContainKey("GET storageAccount");
        assertThat(revokeKv).isEqualTo(PINNED_REVOKE_30);
        long restore = measure("restore of a 30-version key", () -> cmk.key(k).restore(deps));
        long restoreKv = keyVault(report.get("restore of a 30-version key"));
        assertThat(restoreKv).isEqualTo(PINNED_RESTORE_30);
        assertThat(revoke).isGreaterThanOrEqualTo(revokeKv);
        assertThat(restore).isGreaterThanOrEqualTo(restoreKv);
    }

    @Test
    void revokeAndRestore_ofA30VersionKeyWithEveryVersionEnabled_costAGetAndAPatchPerVersion() {
        fake.pageSize(25);
        var vault = key.vaultUri();
        KeyReference k = null;
        for (int i = 0; i < 30; i++) {
            azure.clock().advance(java.time.Duration.ofMinutes(1));
            k = azure.key(vault, "allenabled").create().versionless();
        }
        KeyReference key30 = k;
        CustomerManagedKeys cmk = fake.adapter().build();
        var nobody = dev.cmk.core.rotation.Dependents.discoveredIn(dev.cmk.api.spi.Scope.subscription(
                InMemoryAzure.DEFAULT_SUBSCRIPTION));
        var plan = cmk.key(key30).revoke(nobody);
        measure("revoke of a 30-version key (30 versions enabled)", () -> plan.apply(Set.of()));
        measure("restore of that key", () -> cmk.key(key30).restore(java.util.List.of()));
        // 2 list pages, then a GET (to keep the operations) and a PATCH per version
        // 2 list pages before the writes, 2 after them (the check that no version is left enabled)
        assertThat(keyVault(report.get("revoke of a 30-version key (30 versions enabled)"))).isEqualTo(2 + 2 * 30 + 2);
        assertThat(keyVault(report.get("restore of that key"))).isEqualTo(2 + 2 * 30);
        assertThat(azure.peekVersions(key30)).allMatch(v -> v.enabled());
    }

    @Test
    void rotationOfA50VersionKey_staysWithin25KeyVaultRequests() {
        fake.pageSize(25);
        StorageAccountId auto = azure.account("autodata").systemAssignedIdentity().create();
        StorageAccountId pinned = azure.account("pinneddata").systemAssignedIdentity().create();
        KeyReference k = keyWithVersions("fifty", 50, auto, pinned);
        long[] kv = rotateFully(fake.adapter().build(), k, java.util.List.of(auto, pinned),
                "rotation of a 50-version key");
        assertThat(kv[3]).isLessThanOrEqualTo(25);
    }

    /**
     * A rotation over {@code n} pinned accounts in one subscription, dependents discovered there: every read of the
     * dependents costs one request per list page (each page carries the accounts' encryption), never one per
     * account; only the moves cost one PATCH per account, verified from the PATCH's own answer.
     */
    private Map<String, Map<String, Long>> rotateDiscovered(int n, int pageSize) {
        fake.pageSize(pageSize);
        KeyReference first = azure.key(key.vaultUri(), "fleetkey").create();
        KeyReference k = first.versionless();
        for (int i = 0; i < n; i++) {
            StorageAccountId id = azure.account(String.format("pinned%04d", i)).systemAssignedIdentity().create();
            azure.grantAccess(k, azure.systemPrincipal(id));
            azure.clock().advance(java.time.Duration.ofMinutes(1)); // the grant is visible to Storage
            azure.storageAccounts().updateEncryption(id, dev.cmk.api.spi.EncryptionUpdate.customerManaged(k,
                    dev.cmk.api.VersionPolicy.pinned(first.version().orElseThrow()),
                    dev.cmk.api.ManagedIdentity.systemAssigned()));
        }
        CustomerManagedKeys cmk = fake.adapter().build();
        var deps = dev.cmk.core.rotation.Dependents.discoveredIn(dev.cmk.api.spi.Scope.subscription(
                InMemoryAzure.DEFAULT_SUBSCRIPTION));
        var rotation = cmk.key(k).rotation(deps, dev.cmk.core.rotation.RotationOptions.custom()
                .retireOldVersions(true).build());
        Map<String, Map<String, Long>> steps = new LinkedHashMap<>();
        String label = "rotation over " + n + " pinned accounts, page size " + pageSize;
        measure(label + ": advance 1 (create)", rotation::advance);
        steps.put("create", report.get(label + ": advance 1 (create)"));
        measure(label + ": advance 2 (pin)", rotation::advance);
        steps.put("pin", report.get(label + ": advance 2 (pin)"));
        azure.clock().advance(java.time.Duration.ofHours(25));
        measure(label + ": advance 3 (retire)", rotation::advance);
        steps.put("retire", report.get(label + ": advance 3 (retire)"));
        assertThat(rotation.status().state()).isEqualTo(dev.cmk.core.rotation.RotationState.COMPLETED);
        assertThat(azure.peekVersions(k).stream().filter(v -> v.enabled()).count()).isEqualTo(1);
        return steps;
    }

    @Test
    void rotationOver500PinnedAccounts_readsDependentsByPages_andWritesOncePerAccount() {
        Map<String, Map<String, Long>> steps = rotateDiscovered(500, 100);
        for (Map<String, Long> step : steps.values()) {
            assertThat(step).doesNotContainKey("GET storageAccount"); // no GET per account, ever
        }
        // each read of the dependents: 6 pages of up to 100 (the 500 and setUp's unencrypted account)
        assertThat(steps.get("create")).containsEntry("GET storageAccounts", 6L);
        assertThat(steps.get("pin")).containsEntry("GET storageAccounts", 6L)
                .containsEntry("PATCH storageAccount", 500L);
        // the retire step reads the dependents, then re-confirms them right before disabling: 2 x 6 pages
        assertThat(steps.get("retire")).containsEntry("GET storageAccounts", 12L)
                .doesNotContainKey("PATCH storageAccount");
        long storageRequests = steps.values().stream().flatMap(m -> m.entrySet().stream())
                .filter(e -> e.getKey().contains("storageAccount")).mapToLong(Map.Entry::getValue).sum();
        assertThat(storageRequests).isEqualTo(6 + 6 + 500 + 12);
        assertThat(storageRequests / 500.0).isLessThanOrEqualTo(1.05);
    }

    @Test
    void dependentReads_growWithPages_notWithAccounts() {
        Map<String, Long> small = rotateDiscovered(50, 100).get("retire");
        azure = InMemoryAzure.create();
        fake = WireFake.over(azure);
        key = azure.key(azure.vault("contoso").create(), "storage-cmk").create().versionless();
        Map<String, Long> large = rotateDiscovered(450, 100).get("retire");
        // 9x the accounts: 1 page -> 5 pages per read, and the same Key Vault requests
        assertThat(small).containsEntry("GET storageAccounts", 2L);
        assertThat(large).containsEntry("GET storageAccounts", 10L);
        assertThat(keyVault(large)).isEqualTo(keyVault(small));
    }

    @Test
    void perAccountRevoke_countsTheAccountsTheGrantReaches_byPages() {
        fake.pageSize(100);
        CustomerManagedKeys cmk = fake.adapter().build();
        cmk.storageAccount(account).useCustomerManagedKey(key).grantKeyAccess().apply();
        for (int i = 0; i < 149; i++) {
            azure.account(String.format("bystander%03d", i)).create();
        }
        var everywhere = dev.cmk.core.rotation.Dependents.discoveredIn(dev.cmk.api.spi.Scope.subscription(
                InMemoryAzure.DEFAULT_SUBSCRIPTION));
        measure("per-account revoke, 150 accounts seen at 100 per page", () -> cmk.storageAccount(account)
                .revokeKeyAccess(Set.of(account), everywhere));
        // the account itself once, then 2 list pages for the 150 accounts the grant might reach: no GET each
        assertThat(report.get("per-account revoke, 150 accounts seen at 100 per page"))
                .containsEntry("GET storageAccount", 1L).containsEntry("GET storageAccounts", 2L);
        assertThat(azure.keyAccess().permissions(key, azure.systemPrincipal(account))).isEmpty();
    }

    /** 2 list pages, GET of the current version, POST create (its answer carries the new version's properties). */
    static final long PINNED_ROTATION_STEP1 = 4;
    static final long PINNED_ROTATION_30 = 12;
    /** 2 list pages (re-read), GET + PATCH of the enabled version, 2 list pages (nothing left enabled). */
    static final long PINNED_REVOKE_30 = 6;
    static final long PINNED_RESTORE_30 = 4;
}
