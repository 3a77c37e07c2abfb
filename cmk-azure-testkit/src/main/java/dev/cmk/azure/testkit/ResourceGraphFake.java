package dev.cmk.azure.testkit;

import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.testkit.InMemoryAzure;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure Resource Graph for the {@link WireFake}: answers {@code POST /providers/Microsoft.ResourceGraph/resources}
 * for the one query shape cmk sends (storage accounts whose {@code encryption.keyvaultproperties.keyvaulturi} and
 * {@code keyname} match, projected to {@code id}) by filtering the in-memory accounts, over the request's
 * subscriptions and management groups, in pages of {@code $top} rows with {@code $skipToken}. Any other query is
 * answered 400 "not modelled" rather than guessed at. Each query is counted as {@code "POST resourceGraph"}.
 *
 * <p>Resource Graph is an index that lags behind the resource providers. By default this fake answers from the
 * accounts as they are now; {@link #freeze()} makes it answer from the accounts as they were at that moment until
 * {@link #live()}, so tests can prove that cmk confirms candidates with the Storage resource provider instead of
 * trusting the index.
 */
public final class ResourceGraphFake {
    private static final Pattern VAULT = Pattern.compile("keyvaulturi\\)\\)\\)\\s*==\\s*'([^']*)'");
    private static final Pattern NAME = Pattern.compile("keyname\\)\\)\\s*==\\s*'([^']*)'");
    private final InMemoryAzure azure;
    private final Map<String, Set<String>> groups = new ConcurrentHashMap<>();
    private volatile List<Row> frozen;

    ResourceGraphFake(InMemoryAzure azure) {
        this.azure = azure;
    }

    /**
     * Declares a management group and the subscriptions under it.
     *
     * @param groupId the management group id
     * @param subscriptionIds its subscriptions
     * @return this
     */
    public ResourceGraphFake managementGroup(String groupId, String... subscriptionIds) {
        Set<String> subs = groups.computeIfAbsent(groupId.toLowerCase(Locale.ROOT), g -> ConcurrentHashMap
                .newKeySet());
        for (String s : subscriptionIds) {
            subs.add(s.toLowerCase(Locale.ROOT));
        }
        return this;
    }

    /**
     * Makes the index stale: from now on queries are answered from the accounts' encryption as it is at this
     * moment, whatever changes afterwards, until {@link #live()}.
     *
     * @return this
     */
    public ResourceGraphFake freeze() {
        frozen = rowsNow();
        return this;
    }

    /**
     * Makes the index current again: queries see the accounts as they are.
     *
     * @return this
     */
    public ResourceGraphFake live() {
        frozen = null;
        return this;
    }

    static boolean matches(WireFake.Call call) {
        String[] s = call.segments();
        return s.length == 3 && s[0].equalsIgnoreCase("providers")
                && s[1].equalsIgnoreCase("Microsoft.ResourceGraph") && s[2].equalsIgnoreCase("resources");
    }

    FakeResponse serve(WireFake.Call call, WireFake fake) {
        fake.count(call.method() + " resourceGraph");
        if (!call.method().equals("POST")) {
            throw new WireError(405, "MethodNotAllowed", "Resource Graph queries are POSTed");
        }
        Map<String, Object> body = Json.parseObject(call.body());
        String query = Json.str(body, "query");
        Matcher vault = VAULT.matcher(query == null ? "" : query);
        Matcher name = NAME.matcher(query == null ? "" : query);
        if (query == null || !query.toLowerCase(Locale.ROOT).contains("'microsoft.storage/storageaccounts'")
                || !vault.find() || !name.find() || !query.contains("project id")) {
            throw WireError.notModelled("the Resource Graph query " + query + " (only cmk's storage accounts by "
                    + "key query is modelled)");
        }
        Set<String> subscriptions = new LinkedHashSet<>();
        List<Object> subs = Json.list(body, "subscriptions");
        if (subs != null) {
            subs.forEach(s -> subscriptions.add(s.toString().toLowerCase(Locale.ROOT)));
        }
        List<Object> mgs = Json.list(body, "managementGroups");
        if (mgs != null) {
            for (Object g : mgs) {
                Set<String> under = groups.get(g.toString().toLowerCase(Locale.ROOT));
                if (under == null) {
                    throw new WireError(400, "BadRequest", "management group " + g + " is not known (declare it "
                            + "with WireFake.resourceGraph().managementGroup(..))");
                }
                subscriptions.addAll(under);
            }
        }
        boolean everywhere = subs == null && mgs == null;
        List<Object> matching = new ArrayList<>();
        List<Row> rows = frozen != null ? frozen : rowsNow();
        for (Row r : rows) {
            if ((everywhere || subscriptions.contains(r.id.subscriptionId())) && r.vault.equals(vault.group(1))
                    && r.keyName.equals(name.group(1))) {
                matching.add(Json.object("id", r.id.resourceId()));
            }
        }
        Map<String, Object> options = Json.obj(body, "options");
        int top = 1000;
        int from = 0;
        if (options != null) {
            Object t = Json.getIgnoreCase(options, "$top");
            top = t == null ? top : Integer.parseInt(t.toString().replaceAll("\\.0$", ""));
            String token = Json.str(options, "$skipToken");
            from = token == null ? 0 : Integer.parseInt(token);
        }
        List<Object> page = matching.subList(Math.min(from, matching.size()), Math.min(from + top,
                matching.size()));
        boolean more = from + top < matching.size();
        return call.ok(Json.object("totalRecords", matching.size(), "count", page.size(), "resultTruncated",
                "false", "$skipToken", more ? Integer.toString(from + top) : null, "data", new ArrayList<>(page),
                "facets", List.of()));
    }

    /** Every account with a Key Vault key, as the index would hold it: vault URI and key name, lower case. */
    private List<Row> rowsNow() {
        List<Row> rows = new ArrayList<>();
        for (StorageAccountId id : azure.accountIds()) {
            StorageAccount a = azure.inspect().account(id);
            if (a.encryption().isCustomerManaged() && a.encryption().key().isPresent()) {
                String v = a.encryption().key().get().vaultUri().toString().toLowerCase(Locale.ROOT);
                rows.add(new Row(id, v.endsWith("/") ? v.substring(0, v.length() - 1) : v,
                        a.encryption().key().get().name().toLowerCase(Locale.ROOT)));
            }
        }
        return rows;
    }

    /** One indexed account. */
    private record Row(StorageAccountId id, String vault, String keyName) {
    }
}
