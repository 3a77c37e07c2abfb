package dev.cmk.core.fleet;

import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.spi.StorageAccount;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which listed accounts a fleet operation covers. Filters are evaluated on the account as the list page reports
 * it: no extra call. Immutable; combine with {@link #and(AccountFilter)}.
 */
public final class AccountFilter {
    private static final AccountFilter ALL = new AccountFilter("all accounts", a -> true);
    private final String description;
    private final Predicate<StorageAccount> test;

    private AccountFilter(String description, Predicate<StorageAccount> test) {
        this.description = description;
        this.test = test;
    }

    /**
     * Accepts every account.
     *
     * @return the filter
     */
    public static AccountFilter all() {
        return ALL;
    }

    /**
     * Accounts whose name matches a glob ({@code *} any run of characters, {@code ?} one character), ignoring case.
     *
     * @param glob for example {@code "contoso*"}
     * @return the filter
     * @throws InvalidInputException if the glob has characters no account name can have
     */
    public static AccountFilter nameMatches(String glob) {
        if (glob == null || glob.isEmpty() || !glob.matches("[A-Za-z0-9*?]+")) {
            throw new InvalidInputException("account name filter", "a name glob uses letters, digits, '*' and '?'",
                    glob, "contoso*");
        }
        Pattern p = Pattern.compile(glob.toLowerCase(Locale.ROOT).replace("?", ".").replace("*", ".*"));
        return new AccountFilter("name matches " + glob, a -> p.matcher(a.id().name().toLowerCase(Locale.ROOT))
                .matches());
    }

    /**
     * Accounts in one of the regions (compared ignoring case and spaces).
     *
     * @param regions for example {@code "westeurope"}
     * @return the filter
     * @throws InvalidInputException if no region is given or one is blank
     */
    public static AccountFilter inRegions(String... regions) {
        if (regions.length == 0 || Stream.of(regions).anyMatch(r -> r == null || r.isBlank())) {
            throw new InvalidInputException("region filter", "name at least one region, none blank",
                    String.join(",", Stream.of(regions).map(String::valueOf).toList()), "westeurope");
        }
        Set<String> set = Stream.of(regions).map(AccountFilter::region).collect(Collectors.toSet());
        return new AccountFilter("region in " + set.stream().sorted().toList(), a -> set.contains(region(a.location())));
    }

    /**
     * Accounts with the given key source.
     *
     * @param source Microsoft-managed or customer-managed
     * @return the filter
     */
    public static AccountFilter keySource(KeySource source) {
        Objects.requireNonNull(source, "source");
        return new AccountFilter("key source " + source.wireName(), a -> a.encryption().keySource() == source);
    }

    /**
     * Accounts configured with a key of the vault.
     *
     * @param vault the vault URI
     * @return the filter
     */
    public static AccountFilter usingVault(URI vault) {
        String host = Objects.requireNonNull(vault, "vault").getHost();
        if (host == null) {
            throw new InvalidInputException("vault filter", "a vault URI has a host", vault.toString(),
                    "https://contoso.vault.azure.net");
        }
        return new AccountFilter("vault " + host, a -> a.encryption().isCustomerManaged() && a.encryption().key()
                .map(k -> k.vaultUri().getHost().equalsIgnoreCase(host)).orElse(false));
    }

    /**
     * Accounts configured with the key (any version).
     *
     * @param key the key
     * @return the filter
     */
    public static AccountFilter usingKey(KeyReference key) {
        Objects.requireNonNull(key, "key");
        return new AccountFilter("key " + key.versionless(), a -> a.encryption().isCustomerManaged()
                && a.encryption().key().map(k -> k.sameKeyAs(key)).orElse(false));
    }

    /**
     * A custom filter.
     *
     * @param description how reports name it
     * @param test the test, on the account as listed
     * @return the filter
     */
    public static AccountFilter where(String description, Predicate<StorageAccount> test) {
        return new AccountFilter(Objects.requireNonNull(description, "description"), Objects.requireNonNull(test,
                "test"));
    }

    /**
     * Accounts both filters accept.
     *
     * @param other the other filter
     * @return the combined filter
     */
    public AccountFilter and(AccountFilter other) {
        if (this == ALL) {
            return other;
        }
        if (other == ALL) {
            return this;
        }
        return new AccountFilter(description + " and " + other.description, test.and(other.test));
    }

    /**
     * Whether the filter accepts the account.
     *
     * @param account the account as listed
     * @return true if accepted
     */
    public boolean test(StorageAccount account) {
        return test.test(account);
    }

    /**
     * Whether this filter accepts every account.
     *
     * @return true for {@link #all()}
     */
    public boolean isAll() {
        return this == ALL;
    }

    private static String region(String r) {
        return dev.cmk.api.internal.AzureRules.region(r);
    }

    @Override
    public String toString() {
        return description;
    }
}
