package dev.cmk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of key identifiers that {@link KeyReference#parse(String)} must accept (with their exact parts) or refuse
 * (with an {@link InvalidInputException} naming the part and the rule), plus the value semantics of the type.
 */
class KeyReferenceCorpusTest {
    static final String V = "4f2c7d9a1b3e4c5d6e7f8091a2b3c4d5";
    static final String V_UPPER = "4F2C7D9A1B3E4C5D6E7F8091A2B3C4D5";
    static final String BASE = "https://contoso.vault.azure.net";
    static final String KEY = BASE + "/keys/storage-cmk";

    // Parts named by refusals.
    static final String ID = "key identifier";
    static final String SCHEME = "key identifier scheme";
    static final String HOST = "vault host";
    static final String PORT = "port";
    static final String VAULT_NAME = "vault name";
    static final String PATH = "key identifier path";
    static final String KEY_NAME = "key name";
    static final String VERSION = "key version";

    // Rule wordings.
    static final String R_REQUIRED = "a key identifier is required";
    static final String R_LENGTH = "at most 2048 characters";
    static final String R_ASCII = "printable ASCII";
    static final String R_PERCENT = "percent-encoding";
    static final String R_QUERY = "query or fragment";
    static final String R_BACKSLASH = "backslashes are not allowed";
    static final String R_HTTPS = "only https";
    static final String R_NO_HOST = "needs a host";
    static final String R_USER_INFO = "user info";
    static final String R_PORT = "port 443";
    static final String R_HOST = "the host must be";
    static final String R_LABEL = "single DNS label";
    static final String R_VAULT = "a vault name is 3-24";
    static final String R_PATH = "the path must be";
    static final String R_KEY = "a key name is 1-127";
    static final String R_VERSION = "32 hexadecimal";

    // ---------------------------------------------------------------------------------------------------------------
    // Accepted corpus
    // ---------------------------------------------------------------------------------------------------------------

    static Arguments ok(String input, String vaultUri, String vaultName, String name, String version, VaultKind kind,
                        AzureCloud cloud, String keyId) {
        return arguments(named(shorten(input), input), vaultUri, vaultName, name, version, kind, cloud, keyId);
    }

    static Stream<Arguments> accepted() {
        String name127 = "k" + "-".repeat(125) + "z";
        String vault24 = "a" + "b1-".repeat(7) + "cd";
        List<Arguments> a = new ArrayList<>();
        // The documented forms.
        a.add(ok(KEY, BASE, "contoso", "storage-cmk", null, VaultKind.KEY_VAULT, AzureCloud.PUBLIC, KEY));
        a.add(ok(KEY + "/" + V, BASE, "contoso", "storage-cmk", V, VaultKind.KEY_VAULT, AzureCloud.PUBLIC,
                KEY + "/" + V));
        // Trailing slash tolerated, dropped from the canonical form.
        a.add(ok(KEY + "/", BASE, "contoso", "storage-cmk", null, VaultKind.KEY_VAULT, AzureCloud.PUBLIC, KEY));
        a.add(ok(KEY + "/" + V + "/", BASE, "contoso", "storage-cmk", V, VaultKind.KEY_VAULT, AzureCloud.PUBLIC,
                KEY + "/" + V));
        // Port 443 accepted, dropped from the canonical form.
        a.add(ok("https://contoso.vault.azure.net:443/keys/storage-cmk", BASE, "contoso", "storage-cmk", null,
                VaultKind.KEY_VAULT, AzureCloud.PUBLIC, KEY));
        a.add(ok("https://contoso.vault.azure.net:443/keys/storage-cmk/" + V + "/", BASE, "contoso", "storage-cmk",
                V, VaultKind.KEY_VAULT, AzureCloud.PUBLIC, KEY + "/" + V));
        // Hosts are normalised to lower case.
        a.add(ok("https://CONTOSO.VAULT.AZURE.NET/keys/storage-cmk", BASE, "contoso", "storage-cmk", null,
                VaultKind.KEY_VAULT, AzureCloud.PUBLIC, KEY));
        a.add(ok("https://Contoso.Vault.Azure.Net/keys/storage-cmk", BASE, "contoso", "storage-cmk", null,
                VaultKind.KEY_VAULT, AzureCloud.PUBLIC, KEY));
        a.add(ok("https://CONTOSOHSM.MANAGEDHSM.AZURE.CN:443/keys/k/", "https://contosohsm.managedhsm.azure.cn",
                "contosohsm", "k", null, VaultKind.MANAGED_HSM, AzureCloud.CHINA,
                "https://contosohsm.managedhsm.azure.cn/keys/k"));
        // The scheme is case-insensitive; the canonical form is lower case.
        a.add(ok("HTTPS://contoso.vault.azure.net/keys/storage-cmk", BASE, "contoso", "storage-cmk", null,
                VaultKind.KEY_VAULT, AzureCloud.PUBLIC, KEY));
        // Versions are normalised to lower case.
        a.add(ok(KEY + "/" + V_UPPER, BASE, "contoso", "storage-cmk", V, VaultKind.KEY_VAULT, AzureCloud.PUBLIC,
                KEY + "/" + V));
        a.add(ok(KEY + "/4f2C7d9A1b3E4c5D6e7F8091a2B3c4D5", BASE, "contoso", "storage-cmk", V, VaultKind.KEY_VAULT,
                AzureCloud.PUBLIC, KEY + "/" + V));
        a.add(ok(KEY + "/" + "0".repeat(32), BASE, "contoso", "storage-cmk", "0".repeat(32), VaultKind.KEY_VAULT,
                AzureCloud.PUBLIC, KEY + "/" + "0".repeat(32)));
        a.add(ok(KEY + "/" + "F".repeat(32), BASE, "contoso", "storage-cmk", "f".repeat(32), VaultKind.KEY_VAULT,
                AzureCloud.PUBLIC, KEY + "/" + "f".repeat(32)));
        // All six clouds and kinds, versionless and versioned.
        for (AzureCloud cloud : AzureCloud.values()) {
            for (VaultKind kind : VaultKind.values()) {
                String host = "contoso." + cloud.dnsSuffix(kind);
                a.add(ok("https://" + host + "/keys/k1", "https://" + host, "contoso", "k1", null, kind, cloud,
                        "https://" + host + "/keys/k1"));
                a.add(ok("https://" + host + "/keys/k1/" + V, "https://" + host, "contoso", "k1", V, kind, cloud,
                        "https://" + host + "/keys/k1/" + V));
            }
        }
        // Vault name boundaries.
        a.add(ok("https://abc.vault.azure.net/keys/k", "https://abc.vault.azure.net", "abc", "k", null,
                VaultKind.KEY_VAULT, AzureCloud.PUBLIC, "https://abc.vault.azure.net/keys/k"));
        a.add(ok("https://" + vault24 + ".vault.azure.net/keys/k", "https://" + vault24 + ".vault.azure.net", vault24,
                "k", null, VaultKind.KEY_VAULT, AzureCloud.PUBLIC, "https://" + vault24 + ".vault.azure.net/keys/k"));
        a.add(ok("https://a1-b2-c3.vault.azure.net/keys/k", "https://a1-b2-c3.vault.azure.net", "a1-b2-c3", "k", null,
                VaultKind.KEY_VAULT, AzureCloud.PUBLIC, "https://a1-b2-c3.vault.azure.net/keys/k"));
        a.add(ok("https://vault9.vault.azure.net/keys/k", "https://vault9.vault.azure.net", "vault9", "k", null,
                VaultKind.KEY_VAULT, AzureCloud.PUBLIC, "https://vault9.vault.azure.net/keys/k"));
        // Names of other suffixes are just vault names in front of a known suffix.
        a.add(ok("https://managedhsm.vault.azure.net/keys/k", "https://managedhsm.vault.azure.net", "managedhsm",
                "k", null, VaultKind.KEY_VAULT, AzureCloud.PUBLIC, "https://managedhsm.vault.azure.net/keys/k"));
        a.add(ok("https://vault.managedhsm.azure.net/keys/k", "https://vault.managedhsm.azure.net", "vault", "k",
                null, VaultKind.MANAGED_HSM, AzureCloud.PUBLIC, "https://vault.managedhsm.azure.net/keys/k"));
        // Key name boundaries; the name keeps its case.
        a.add(ok(BASE + "/keys/k", BASE, "contoso", "k", null, VaultKind.KEY_VAULT, AzureCloud.PUBLIC,
                BASE + "/keys/k"));
        a.add(ok(BASE + "/keys/" + name127, BASE, "contoso", name127, null, VaultKind.KEY_VAULT, AzureCloud.PUBLIC,
                BASE + "/keys/" + name127));
        a.add(ok(BASE + "/keys/12345", BASE, "contoso", "12345", null, VaultKind.KEY_VAULT, AzureCloud.PUBLIC,
                BASE + "/keys/12345"));
        a.add(ok(BASE + "/keys/Storage-CMK", BASE, "contoso", "Storage-CMK", null, VaultKind.KEY_VAULT,
                AzureCloud.PUBLIC, BASE + "/keys/Storage-CMK"));
        a.add(ok(BASE + "/keys/-cmk-", BASE, "contoso", "-cmk-", null, VaultKind.KEY_VAULT, AzureCloud.PUBLIC,
                BASE + "/keys/-cmk-"));
        a.add(ok(BASE + "/keys/keys", BASE, "contoso", "keys", null, VaultKind.KEY_VAULT, AzureCloud.PUBLIC,
                BASE + "/keys/keys"));
        a.add(ok(BASE + "/keys/" + V, BASE, "contoso", V, null, VaultKind.KEY_VAULT, AzureCloud.PUBLIC,
                BASE + "/keys/" + V));
        return a.stream();
    }

    @ParameterizedTest(name = "[{index}] accepts {0}")
    @MethodSource("accepted")
    void parse_acceptsValidKeyIdentifiersWithExactParts(String input, String vaultUri, String vaultName, String name,
                                                        String version, VaultKind kind, AzureCloud cloud,
                                                        String keyId) {
        KeyReference key = KeyReference.parse(input);

        assertThat(key.vaultUri()).isEqualTo(URI.create(vaultUri));
        assertThat(key.vaultName()).isEqualTo(vaultName);
        assertThat(key.name()).isEqualTo(name);
        assertThat(key.version()).isEqualTo(Optional.ofNullable(version));
        assertThat(key.isVersioned()).isEqualTo(version != null);
        assertThat(key.vaultKind()).isEqualTo(kind);
        assertThat(key.cloud()).isEqualTo(cloud);
        assertThat(key.keyId()).isEqualTo(keyId);
        assertThat(key).hasToString(keyId);
        KeyReference again = KeyReference.parse(key.keyId());
        assertThat(again).isEqualTo(key).hasSameHashCodeAs(key);
        assertThat(again.keyId()).isEqualTo(keyId);
    }

    @Test
    void acceptedCorpus_hasAtLeastThirtyCases() {
        assertThat(accepted().count()).isGreaterThanOrEqualTo(30);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Refused corpus
    // ---------------------------------------------------------------------------------------------------------------

    static Arguments no(String description, String input, String part, String rule) {
        return arguments(named(description, input), part, rule);
    }

    static Stream<Arguments> refused() {
        String megabyte = "a".repeat(1 << 20);
        List<Arguments> r = new ArrayList<>();
        // Null, empty, whitespace.
        r.add(no("null", null, ID, R_REQUIRED));
        r.add(no("empty", "", SCHEME, R_HTTPS));
        r.add(no("single space", " ", ID, R_ASCII));
        r.add(no("tab", "\t", ID, R_ASCII));
        r.add(no("newline", "\n", ID, R_ASCII));
        r.add(no("only whitespace", " \t\r\n ", ID, R_ASCII));
        r.add(no("leading space", " " + KEY, ID, R_ASCII));
        r.add(no("trailing space", KEY + " ", ID, R_ASCII));
        r.add(no("trailing newline", KEY + "\n", ID, R_ASCII));
        r.add(no("space inside the key name", BASE + "/keys/storage cmk", ID, R_ASCII));
        // Huge inputs.
        r.add(no("1 MB of letters", megabyte, ID, R_LENGTH));
        r.add(no("valid prefix then 1 MB", KEY + megabyte, ID, R_LENGTH));
        r.add(no("1 MB of NUL", "\0".repeat(1 << 20), ID, R_LENGTH));
        r.add(no("1 MB of Cyrillic", "\u0430".repeat(1 << 20), ID, R_LENGTH));
        r.add(no("2049 characters", KEY + "/" + "a".repeat(2048 - KEY.length()), ID, R_LENGTH));
        // Control characters.
        r.add(no("NUL in the host", "https://contoso\0.vault.azure.net/keys/k", ID, R_ASCII));
        r.add(no("NUL after the name", KEY + "\0", ID, R_ASCII));
        r.add(no("DEL character", KEY + "\u007f", ID, R_ASCII));
        r.add(no("CRLF header injection", KEY + "\r\nHost: evil.example", ID, R_ASCII));
        r.add(no("escape sequence", "\u001b[31m" + KEY, ID, R_ASCII));
        r.add(no("C1 control", KEY + "\u0085", ID, R_ASCII));
        r.add(no("bell in the version", KEY + "/" + V.substring(0, 31) + "\u0007", ID, R_ASCII));
        // IDN and Unicode look-alikes.
        r.add(no("Cyrillic a in the vault name", "https://cont\u043eso.vault.azure.net/keys/k", ID, R_ASCII));
        r.add(no("Cyrillic a in vault", "https://contoso.v\u0430ult.azure.net/keys/k", ID, R_ASCII));
        r.add(no("Cyrillic e in net", "https://contoso.vault.azure.n\u0435t/keys/k", ID, R_ASCII));
        r.add(no("Greek omicron", "https://c\u03bfntoso.vault.azure.net/keys/k", ID, R_ASCII));
        r.add(no("fullwidth full stop", "https://contoso\uff0evault.azure.net/keys/k", ID, R_ASCII));
        r.add(no("ideographic full stop", "https://contoso\u3002vault.azure.net/keys/k", ID, R_ASCII));
        r.add(no("fullwidth letters", "https://\uff43ontoso.vault.azure.net/keys/k", ID, R_ASCII));
        r.add(no("zero-width space", "https://contoso\u200b.vault.azure.net/keys/k", ID, R_ASCII));
        r.add(no("non-breaking space", KEY + "\u00a0", ID, R_ASCII));
        r.add(no("right-to-left override", "https://contoso.vault.azure.net/keys/\u202ekmc", ID, R_ASCII));
        r.add(no("dotless i", "https://contoso.vault.azure.net/keys/k\u0131", ID, R_ASCII));
        r.add(no("fullwidth solidus", "https://contoso.vault.azure.net\uff0fkeys\uff0fk", ID, R_ASCII));
        r.add(no("emoji (surrogate pair)", KEY + "\ud83d\udd11", ID, R_ASCII));
        r.add(no("lone surrogate", KEY + "\ud800", ID, R_ASCII));
        r.add(no("punycode look-alike host", "https://xn--cntoso-2ve.vault.azure.net/keys/k", VAULT_NAME, R_VAULT));
        // User info.
        r.add(no("user info", "https://user@contoso.vault.azure.net/keys/k", HOST, R_USER_INFO));
        r.add(no("user and password", "https://user:pass@contoso.vault.azure.net/keys/k", HOST, R_USER_INFO));
        r.add(no("empty user info", "https://@contoso.vault.azure.net/keys/k", HOST, R_USER_INFO));
        r.add(no("vault host as user info", "https://contoso.vault.azure.net@evil.example/keys/k", HOST,
                R_USER_INFO));
        r.add(no("vault host and port as user info", "https://contoso.vault.azure.net:443@evil.example/keys/k",
                HOST, R_USER_INFO));
        // Ports other than 443.
        r.add(no("port 80", "https://contoso.vault.azure.net:80/keys/k", PORT, R_PORT));
        r.add(no("port 8443", "https://contoso.vault.azure.net:8443/keys/k", PORT, R_PORT));
        r.add(no("port 444", "https://contoso.vault.azure.net:444/keys/k", PORT, R_PORT));
        r.add(no("port 0", "https://contoso.vault.azure.net:0/keys/k", PORT, R_PORT));
        r.add(no("port 0443", "https://contoso.vault.azure.net:0443/keys/k", PORT, R_PORT));
        r.add(no("empty port", "https://contoso.vault.azure.net:/keys/k", PORT, R_PORT));
        r.add(no("negative port", "https://contoso.vault.azure.net:-443/keys/k", PORT, R_PORT));
        r.add(no("non-numeric port", "https://contoso.vault.azure.net:https/keys/k", PORT, R_PORT));
        r.add(no("two ports", "https://contoso.vault.azure.net:443:443/keys/k", PORT, R_PORT));
        r.add(no("port 65979 (overflows to 443)", "https://contoso.vault.azure.net:65979/keys/k", PORT, R_PORT));
        // Dot segments.
        r.add(no("'..' before keys", BASE + "/../keys/k", PATH, R_PATH));
        r.add(no("'..' as key name", BASE + "/keys/..", KEY_NAME, R_KEY));
        r.add(no("'..' back to keys", BASE + "/keys/../keys/k", PATH, R_PATH));
        r.add(no("'..' as version", KEY + "/..", VERSION, R_VERSION));
        r.add(no("'.' as key name", BASE + "/keys/./k", KEY_NAME, R_KEY));
        r.add(no("'..' in the host", "https://contoso..vault.azure.net/keys/k", VAULT_NAME, R_LABEL));
        // Percent-encoding.
        r.add(no("percent-encoded dots", BASE + "/keys/%2e%2e/k", ID, R_PERCENT));
        r.add(no("percent-encoded slash", BASE + "/keys/k%2F" + V, ID, R_PERCENT));
        r.add(no("percent-encoded letter", BASE + "/keys/%6b", ID, R_PERCENT));
        r.add(no("percent-encoded dot in the host", "https://contoso%2Evault.azure.net/keys/k", ID, R_PERCENT));
        r.add(no("percent-encoded at sign", "https://evil.example%40contoso.vault.azure.net/keys/k", ID,
                R_PERCENT));
        r.add(no("lone percent", KEY + "%", ID, R_PERCENT));
        // Query and fragment.
        r.add(no("query", KEY + "?api-version=7.4", ID, R_QUERY));
        r.add(no("empty query", KEY + "?", ID, R_QUERY));
        r.add(no("fragment", KEY + "#frag", ID, R_QUERY));
        r.add(no("empty fragment", KEY + "#", ID, R_QUERY));
        r.add(no("query in the host", "https://evil.example?.vault.azure.net/keys/k", ID, R_QUERY));
        r.add(no("fragment hiding a suffix", "https://evil.example#.vault.azure.net/keys/k", ID, R_QUERY));
        // Backslashes.
        r.add(no("backslash path", BASE + "\\keys\\k", ID, R_BACKSLASH));
        r.add(no("backslash after keys", BASE + "/keys\\k", ID, R_BACKSLASH));
        r.add(no("backslash scheme", "https:\\\\contoso.vault.azure.net/keys/k", ID, R_BACKSLASH));
        r.add(no("backslash hiding a host", "https://evil.example\\.vault.azure.net/keys/k", ID, R_BACKSLASH));
        // Schemes.
        r.add(no("http", "http://contoso.vault.azure.net/keys/k", SCHEME, R_HTTPS));
        r.add(no("ftp", "ftp://contoso.vault.azure.net/keys/k", SCHEME, R_HTTPS));
        r.add(no("file", "file:///etc/passwd", SCHEME, R_HTTPS));
        r.add(no("ws", "wss://contoso.vault.azure.net/keys/k", SCHEME, R_HTTPS));
        r.add(no("missing scheme", "contoso.vault.azure.net/keys/k", SCHEME, R_HTTPS));
        r.add(no("scheme-relative", "//contoso.vault.azure.net/keys/k", SCHEME, R_HTTPS));
        r.add(no("one slash after scheme", "https:/contoso.vault.azure.net/keys/k", SCHEME, R_HTTPS));
        r.add(no("no slash after scheme", "https:contoso.vault.azure.net/keys/k", SCHEME, R_HTTPS));
        r.add(no("no colon after scheme", "https//contoso.vault.azure.net/keys/k", SCHEME, R_HTTPS));
        r.add(no("httpss", "httpss://contoso.vault.azure.net/keys/k", SCHEME, R_HTTPS));
        r.add(no("javascript", "javascript:alert(1)", SCHEME, R_HTTPS));
        r.add(no("just a key name", "storage-cmk", SCHEME, R_HTTPS));
        // Hosts.
        r.add(no("evil host", "https://evil.example/keys/k", HOST, R_HOST));
        r.add(no("suffix as a subdomain of evil", "https://vault.azure.net.evil.example/keys/k", HOST, R_HOST));
        r.add(no("vault host as a subdomain of evil", "https://contoso.vault.azure.net.evil.example/keys/k", HOST,
                R_HOST));
        r.add(no("two labels before the suffix", "https://a.b.vault.azure.net/keys/k", VAULT_NAME, R_LABEL));
        r.add(no("privatelink label", "https://contoso.privatelink.vault.azure.net/keys/k", VAULT_NAME, R_LABEL));
        r.add(no("bare suffix", "https://vault.azure.net/keys/k", HOST, R_HOST));
        r.add(no("bare Managed HSM suffix", "https://managedhsm.azure.net/keys/k", HOST, R_HOST));
        r.add(no("empty label", "https://.vault.azure.net/keys/k", VAULT_NAME, R_VAULT));
        r.add(no("trailing dot", "https://contoso.vault.azure.net./keys/k", HOST, R_HOST));
        r.add(no("label glued to the suffix", "https://contosovault.azure.net/keys/k", HOST, R_HOST));
        r.add(no("wrong top-level domain", "https://contoso.vault.azure.com/keys/k", HOST, R_HOST));
        r.add(no("storage host", "https://contoso.blob.core.windows.net/keys/k", HOST, R_HOST));
        r.add(no("suffix of another cloud plus .cn", "https://contoso.vault.usgovcloudapi.net.cn/keys/k", HOST,
                R_HOST));
        r.add(no("IPv4 address", "https://127.0.0.1/keys/k", HOST, R_HOST));
        r.add(no("IPv6 address", "https://[::1]/keys/k", PORT, R_PORT));
        r.add(no("localhost", "https://localhost/keys/k", HOST, R_HOST));
        r.add(no("empty host", "https:///keys/k", HOST, R_NO_HOST));
        r.add(no("scheme only", "https://", HOST, R_NO_HOST));
        r.add(no("port without host", "https://:443/keys/k", HOST, R_HOST));
        // Vault names.
        r.add(no("vault name of 2", "https://ab.vault.azure.net/keys/k", VAULT_NAME, R_VAULT));
        r.add(no("vault name of 1", "https://a.vault.azure.net/keys/k", VAULT_NAME, R_VAULT));
        r.add(no("vault name of 25", "https://a" + "b".repeat(24) + ".vault.azure.net/keys/k", VAULT_NAME,
                R_VAULT));
        r.add(no("vault name starting with a digit", "https://1contoso.vault.azure.net/keys/k", VAULT_NAME,
                R_VAULT));
        r.add(no("vault name starting with a hyphen", "https://-contoso.vault.azure.net/keys/k", VAULT_NAME,
                R_VAULT));
        r.add(no("vault name ending with a hyphen", "https://contoso-.vault.azure.net/keys/k", VAULT_NAME, R_VAULT));
        r.add(no("vault name with '--'", "https://con--toso.vault.azure.net/keys/k", VAULT_NAME, R_VAULT));
        r.add(no("vault name with '_'", "https://con_toso.vault.azure.net/keys/k", VAULT_NAME, R_VAULT));
        r.add(no("Managed HSM name too short", "https://hs.managedhsm.azure.net/keys/k", VAULT_NAME, R_VAULT));
        // Key names.
        r.add(no("key name of 128", BASE + "/keys/" + "k".repeat(128), KEY_NAME, R_KEY));
        r.add(no("key name with '_'", BASE + "/keys/storage_cmk", KEY_NAME, R_KEY));
        r.add(no("key name with '.'", BASE + "/keys/storage.cmk", KEY_NAME, R_KEY));
        r.add(no("key name with '+'", BASE + "/keys/storage+cmk", KEY_NAME, R_KEY));
        r.add(no("key name with '~'", BASE + "/keys/storage~cmk", KEY_NAME, R_KEY));
        r.add(no("key name with ':'", BASE + "/keys/storage:cmk", KEY_NAME, R_KEY));
        r.add(no("key name with quote", BASE + "/keys/storage'cmk", KEY_NAME, R_KEY));
        r.add(no("key name with markup", BASE + "/keys/<script>", KEY_NAME, R_KEY));
        r.add(no("empty key name", BASE + "/keys//", KEY_NAME, R_KEY));
        r.add(no("empty key name before a version", BASE + "/keys//" + V, KEY_NAME, R_KEY));
        // Versions.
        r.add(no("version of 31", KEY + "/" + V.substring(1), VERSION, R_VERSION));
        r.add(no("version of 33", KEY + "/" + V + "0", VERSION, R_VERSION));
        r.add(no("version with 'g'", KEY + "/" + V.substring(1) + "g", VERSION, R_VERSION));
        r.add(no("version with 'x'", KEY + "/" + "x".repeat(32), VERSION, R_VERSION));
        r.add(no("version as a GUID", KEY + "/4f2c7d9a-1b3e-4c5d-6e7f-8091a2b3c4d5", VERSION, R_VERSION));
        r.add(no("version 'latest'", KEY + "/latest", VERSION, R_VERSION));
        r.add(no("empty version", KEY + "//", VERSION, R_VERSION));
        r.add(no("32 hyphens as version", KEY + "/" + "-".repeat(32), VERSION, R_VERSION));
        // Path shape.
        r.add(no("no path", BASE, PATH, R_PATH));
        r.add(no("root path", BASE + "/", PATH, R_PATH));
        r.add(no("keys without a name", BASE + "/keys", PATH, R_PATH));
        r.add(no("keys with a slash and no name", BASE + "/keys/", PATH, R_PATH));
        r.add(no("extra segment after version", KEY + "/" + V + "/extra", PATH, R_PATH));
        r.add(no("two versions", KEY + "/" + V + "/" + V, PATH, R_PATH));
        r.add(no("two trailing slashes after version", KEY + "/" + V + "//", PATH, R_PATH));
        r.add(no("secrets instead of keys", BASE + "/secrets/storage-cmk", PATH, R_PATH));
        r.add(no("certificates instead of keys", BASE + "/certificates/storage-cmk", PATH, R_PATH));
        r.add(no("deletedkeys instead of keys", BASE + "/deletedkeys/storage-cmk", PATH, R_PATH));
        r.add(no("Keys in upper case", BASE + "/KEYS/storage-cmk", PATH, R_PATH));
        r.add(no("double slash before keys", BASE + "//keys/storage-cmk", PATH, R_PATH));
        r.add(no("double slash before the version", KEY + "//" + V, PATH, R_PATH));
        r.add(no("version operation suffix", KEY + "/" + V + "/wrapkey", PATH, R_PATH));
        r.add(no("key id with a prefix path", BASE + "/api/keys/storage-cmk", PATH, R_PATH));
        return r.stream();
    }

    @ParameterizedTest(name = "[{index}] refuses {0}")
    @MethodSource("refused")
    void parse_refusesInvalidKeyIdentifiersNamingPartAndRule(String input, String part, String rule) {
        assertThatThrownBy(() -> KeyReference.parse(input))
                .isExactlyInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    InvalidInputException iie = (InvalidInputException) e;
                    assertThat(iie.part()).isEqualTo(part);
                    assertThat(iie.getMessage()).contains(rule).contains(part).contains("Example of a valid value");
                    assertThat(iie.rule()).isNotBlank();
                    assertThat(iie.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(iie.getMessage().length()).isLessThanOrEqualTo(600);
                    assertThat(iie.getMessage().chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
                });
    }

    @Test
    void refusedCorpus_hasAtLeastAHundredCases() {
        assertThat(refused().count()).isGreaterThanOrEqualTo(100);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Focused refusals the brief names (readable on their own)
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void parse_refusesUserInfo() {
        assertThatThrownBy(() -> KeyReference.parse("https://contoso.vault.azure.net@evil.example/keys/k"))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("user info");
    }

    @Test
    void parse_refusesHostsOutsideTheKnownSuffixes() {
        assertThatThrownBy(() -> KeyReference.parse("https://evil.example/keys/k"))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the host must be")
                .hasMessageContaining("'evil.example'");
    }

    @Test
    void parse_refusesNullWithInvalidInputNotNullPointer() {
        assertThatThrownBy(() -> KeyReference.parse(null))
                .isExactlyInstanceOf(InvalidInputException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(null)");
    }

    @Test
    void parse_refusalOfHugeInputIsShortAndSaysHowLongItWas() {
        String huge = KEY + "x".repeat(1 << 20);
        assertThatThrownBy(() -> KeyReference.parse(huge))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("(" + huge.length() + " chars)")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600));
    }

    @Test
    void parse_refusalEscapesControlCharacters() {
        assertThatThrownBy(() -> KeyReference.parse(KEY + "\r\nX-Evil: 1"))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("\\u000d\\u000a")
                .hasMessageContaining("U+000D")
                .hasMessageNotContaining("\r")
                .hasMessageNotContaining("\n");
    }

    @Test
    void parse_refusalOfLookAlikeNamesTheCodePoint() {
        assertThatThrownBy(() -> KeyReference.parse("https://contoso.v\u0430ult.azure.net/keys/k"))
                .isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("U+0430")
                .hasMessageContaining("\\u0430");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // of, withVersion, versionless
    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class Of {
        @Test
        void of_buildsAVersionlessReferenceEqualToTheParsedOne() {
            KeyReference key = KeyReference.of(URI.create(BASE), "storage-cmk");
            assertThat(key).isEqualTo(KeyReference.parse(KEY));
            assertThat(key.keyId()).isEqualTo(KEY);
            assertThat(key.version()).isEmpty();
        }

        @Test
        void of_toleratesATrailingSlashAndUpperCaseHost() {
            KeyReference key = KeyReference.of(URI.create("https://CONTOSO.vault.azure.net/"), "storage-cmk");
            assertThat(key.keyId()).isEqualTo(KEY);
            assertThat(key.vaultUri()).isEqualTo(URI.create(BASE));
        }

        @Test
        void of_acceptsEveryCloudAndKind() {
            for (AzureCloud cloud : AzureCloud.values()) {
                for (VaultKind kind : VaultKind.values()) {
                    URI vault = URI.create("https://contoso." + cloud.dnsSuffix(kind));
                    KeyReference key = KeyReference.of(vault, "k");
                    assertThat(key.cloud()).isEqualTo(cloud);
                    assertThat(key.vaultKind()).isEqualTo(kind);
                    assertThat(key.vaultUri()).isEqualTo(vault);
                }
            }
        }

        @Test
        void of_roundTripsTheVaultUri() {
            KeyReference key = KeyReference.parse(KEY + "/" + V);
            assertThat(KeyReference.of(key.vaultUri(), key.name())).isEqualTo(key.versionless());
        }

        @Test
        void of_refusesNullVault() {
            assertThatThrownBy(() -> KeyReference.of(null, "k"))
                    .isExactlyInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).part()).isEqualTo("vault URI");
        }

        @Test
        void of_refusesAVaultUriWithAPath() {
            assertThatThrownBy(() -> KeyReference.of(URI.create(KEY), "k"))
                    .isExactlyInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("has no path")
                    .extracting(e -> ((InvalidInputException) e).part()).isEqualTo("vault URI");
        }

        @Test
        void of_refusesAVaultUriWithTwoTrailingSlashes() {
            assertThatThrownBy(() -> KeyReference.of(URI.create(BASE + "//"), "k"))
                    .isExactlyInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).part()).isEqualTo("vault URI");
        }

        @Test
        void of_refusesNullEmptyAndInvalidNames() {
            for (String name : new String[] {null, "", "a_b", "a.b", "a/b", "../x", "k".repeat(128), "k?x=1", "k#f",
                    "k%2f", "k b"}) {
                assertThatThrownBy(() -> KeyReference.of(URI.create(BASE), name))
                        .as("name %s", name)
                        .isExactlyInstanceOf(InvalidInputException.class)
                        .extracting(e -> ((InvalidInputException) e).part()).isEqualTo(KEY_NAME);
            }
        }

        @Test
        void of_refusesHttpVaults() {
            assertThatThrownBy(() -> KeyReference.of(URI.create("http://contoso.vault.azure.net"), "k"))
                    .isExactlyInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("only https");
        }

        @Test
        void of_refusesUserInfoPortsQueriesAndForeignHosts() {
            assertThatThrownBy(() -> KeyReference.of(URI.create("https://u@contoso.vault.azure.net"), "k"))
                    .isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("user info");
            assertThatThrownBy(() -> KeyReference.of(URI.create("https://contoso.vault.azure.net:8443"), "k"))
                    .isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("port 443");
            assertThatThrownBy(() -> KeyReference.of(URI.create("https://contoso.vault.azure.net?x=1"), "k"))
                    .isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("query or fragment");
            assertThatThrownBy(() -> KeyReference.of(URI.create("https://contoso.vault.azure.net#/keys/other"),
                    "k")).isExactlyInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> KeyReference.of(URI.create("https://evil.example"), "k"))
                    .isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("the host must be");
            assertThatThrownBy(() -> KeyReference.of(URI.create("contoso.vault.azure.net"), "k"))
                    .isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("only https");
        }

        @Test
        void of_acceptsPort443AndDropsIt() {
            KeyReference key = KeyReference.of(URI.create("https://contoso.vault.azure.net:443"), "storage-cmk");
            assertThat(key.keyId()).isEqualTo(KEY);
        }
    }

    @Nested
    class Versions {
        @Test
        void withVersion_addsTheVersionInLowerCase() {
            KeyReference key = KeyReference.parse(KEY).withVersion(V_UPPER);
            assertThat(key.version()).contains(V);
            assertThat(key.isVersioned()).isTrue();
            assertThat(key.keyId()).isEqualTo(KEY + "/" + V);
            assertThat(key).isEqualTo(KeyReference.parse(KEY + "/" + V));
        }

        @Test
        void withVersion_replacesAnExistingVersion() {
            String other = "0123456789abcdef0123456789abcdef";
            KeyReference key = KeyReference.parse(KEY + "/" + V).withVersion(other);
            assertThat(key.version()).contains(other);
            assertThat(key.sameKeyAs(KeyReference.parse(KEY))).isTrue();
        }

        @Test
        void withVersion_refusesInvalidVersions() {
            KeyReference key = KeyReference.parse(KEY);
            for (String bad : new String[] {null, "", "abc", V + "0", V.substring(1) + "g", "x".repeat(32),
                    "4f2c7d9a-1b3e-4c5d-6e7f-8091a2b3c4d5", " " + V.substring(1), "\u0430".repeat(32)}) {
                assertThatThrownBy(() -> key.withVersion(bad))
                        .as("version %s", bad)
                        .isExactlyInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("32 hexadecimal")
                        .extracting(e -> ((InvalidInputException) e).part()).isEqualTo(VERSION);
            }
        }

        @Test
        void withVersion_leavesTheOriginalUnchanged() {
            KeyReference key = KeyReference.parse(KEY);
            key.withVersion(V);
            assertThat(key.version()).isEmpty();
        }

        @Test
        void versionless_dropsTheVersion() {
            KeyReference key = KeyReference.parse(KEY + "/" + V).versionless();
            assertThat(key.version()).isEmpty();
            assertThat(key.isVersioned()).isFalse();
            assertThat(key.keyId()).isEqualTo(KEY);
            assertThat(key).isEqualTo(KeyReference.parse(KEY));
        }

        @Test
        void versionless_returnsTheSameInstanceWhenAlreadyVersionless() {
            KeyReference key = KeyReference.parse(KEY);
            assertThat(key.versionless()).isSameAs(key);
        }

        @Test
        void versionless_keepsVaultKindCloudAndName() {
            KeyReference key = KeyReference.parse("https://hsm1.managedhsm.usgovcloudapi.net/keys/Cmk/" + V)
                    .versionless();
            assertThat(key.vaultKind()).isEqualTo(VaultKind.MANAGED_HSM);
            assertThat(key.cloud()).isEqualTo(AzureCloud.US_GOVERNMENT);
            assertThat(key.name()).isEqualTo("Cmk");
            assertThat(key.vaultName()).isEqualTo("hsm1");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Equality
    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class Equality {
        @Test
        void equals_ignoresHostCase() {
            KeyReference a = KeyReference.parse(KEY);
            KeyReference b = KeyReference.parse("https://CONTOSO.Vault.AZURE.net/keys/storage-cmk");
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            assertThat(b.keyId()).isEqualTo(KEY);
        }

        @Test
        void equals_ignoresATrailingSlashAndPort443() {
            KeyReference a = KeyReference.parse(KEY);
            assertThat(KeyReference.parse(KEY + "/")).isEqualTo(a).hasSameHashCodeAs(a);
            assertThat(KeyReference.parse("https://contoso.vault.azure.net:443/keys/storage-cmk"))
                    .isEqualTo(a).hasSameHashCodeAs(a);
        }

        @Test
        void equals_ignoresKeyNameCase() {
            KeyReference a = KeyReference.parse(KEY);
            KeyReference b = KeyReference.parse(BASE + "/keys/STORAGE-cmk");
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            assertThat(b.name()).isEqualTo("STORAGE-cmk");
        }

        @Test
        void equals_ignoresVersionCase() {
            KeyReference a = KeyReference.parse(KEY + "/" + V);
            KeyReference b = KeyReference.parse(KEY + "/" + V_UPPER);
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        }

        @Test
        void equals_distinguishesVersions() {
            KeyReference versionless = KeyReference.parse(KEY);
            KeyReference v1 = KeyReference.parse(KEY + "/" + V);
            KeyReference v2 = KeyReference.parse(KEY + "/" + "0".repeat(32));
            assertThat(versionless).isNotEqualTo(v1);
            assertThat(v1).isNotEqualTo(versionless).isNotEqualTo(v2);
        }

        @Test
        void equals_distinguishesVaultsNamesAndClouds() {
            KeyReference key = KeyReference.parse(KEY);
            assertThat(key).isNotEqualTo(KeyReference.parse("https://contoso2.vault.azure.net/keys/storage-cmk"));
            assertThat(key).isNotEqualTo(KeyReference.parse(BASE + "/keys/storage-cmk2"));
            assertThat(key).isNotEqualTo(KeyReference.parse("https://contoso.vault.azure.cn/keys/storage-cmk"));
            assertThat(key).isNotEqualTo(KeyReference.parse("https://contoso.managedhsm.azure.net/keys/storage-cmk"));
        }

        @Test
        void equals_isReflexiveAndRejectsNullAndOtherTypes() {
            KeyReference key = KeyReference.parse(KEY);
            assertThat(key).isEqualTo(key);
            assertThat(key.equals(null)).isFalse();
            assertThat(key.equals(KEY)).isFalse();
        }

        @Test
        void hashCode_isConsistentWithEqualsAcrossSpellings() {
            List<String> spellings = List.of(KEY, KEY + "/", "HTTPS://CONTOSO.VAULT.AZURE.NET/keys/Storage-Cmk",
                    "https://contoso.vault.azure.net:443/keys/STORAGE-CMK/");
            KeyReference first = KeyReference.parse(spellings.get(0));
            for (String s : spellings) {
                KeyReference other = KeyReference.parse(s);
                assertThat(other).as(s).isEqualTo(first);
                assertThat(other.hashCode()).as(s).isEqualTo(first.hashCode());
            }
        }

        @Test
        void sameKeyAs_ignoresVersionsButNotNames() {
            KeyReference versionless = KeyReference.parse(KEY);
            KeyReference v1 = KeyReference.parse(KEY + "/" + V);
            KeyReference v2 = KeyReference.parse("https://CONTOSO.vault.azure.net/keys/Storage-Cmk/" + "0".repeat(32));
            assertThat(v1.sameKeyAs(versionless)).isTrue();
            assertThat(versionless.sameKeyAs(v1)).isTrue();
            assertThat(v1.sameKeyAs(v2)).isTrue();
            assertThat(v1.sameKeyAs(KeyReference.parse(BASE + "/keys/other"))).isFalse();
            assertThat(v1.sameKeyAs(KeyReference.parse("https://other.vault.azure.net/keys/storage-cmk"))).isFalse();
            assertThat(v1.sameKeyAs(null)).isFalse();
        }
    }

    static String shorten(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 160 ? s : s.substring(0, 150) + "...(" + s.length() + " chars)";
    }
}
