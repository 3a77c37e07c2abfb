package dev.cmk.api;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A key in Azure Key Vault or Managed HSM, with or without a version: the one way cmk passes a key around.
 *
 * <p>Parsed once, with every rule checked before any call to Azure:
 * <ul>
 *   <li>scheme {@code https} only; no user info, query, fragment or percent-encoding; a port only if it is 443;</li>
 *   <li>host {@code <vault>.<suffix>} with a known suffix ({@code vault.azure.net}, {@code managedhsm.azure.net},
 *       {@code vault.azure.cn}, {@code managedhsm.azure.cn}, {@code vault.usgovcloudapi.net},
 *       {@code managedhsm.usgovcloudapi.net}) and nothing between the vault name and the suffix;</li>
 *   <li>vault name 3-24 of {@code [a-zA-Z0-9-]}, starting with a letter, ending with a letter or digit, no
 *       {@code --};</li>
 *   <li>path {@code /keys/<name>[/<version>]} with an optional trailing slash; key name 1-127 of
 *       {@code [a-zA-Z0-9-]}; version 32 hexadecimal characters.</li>
 * </ul>
 * Hosts are case-insensitive and normalised to lower case; key names compare case-insensitively as Key Vault
 * treats them; versions are normalised to lower case. Every refusal is an {@link InvalidInputException} that names
 * the part, the rule and a valid example; no input produces any other exception.
 *
 * <pre>{@code
 * KeyReference key = KeyReference.parse("https://contoso.vault.azure.net/keys/storage-cmk");
 * KeyReference pinned = key.withVersion("4f2c7d9a1b3e4c5d6e7f8091a2b3c4d5");
 * }</pre>
 */
public final class KeyReference {
    /** The longest input looked at; real key identifiers are far shorter. */
    static final int MAX_INPUT_LENGTH = 2048;
    private static final String EXAMPLE = "https://contoso.vault.azure.net/keys/storage-cmk";
    private static final String VERSION_EXAMPLE = "4f2c7d9a1b3e4c5d6e7f8091a2b3c4d5";

    private final String host;
    private final AzureCloud cloud;
    private final VaultKind kind;
    private final String name;
    private final String version;

    private KeyReference(String host, AzureCloud cloud, VaultKind kind, String name, String version) {
        this.host = host;
        this.cloud = cloud;
        this.kind = kind;
        this.name = name;
        this.version = version;
    }

    /**
     * Parses a key identifier such as {@code https://contoso.vault.azure.net/keys/storage-cmk} or
     * {@code https://contoso.vault.azure.net/keys/storage-cmk/4f2c7d9a1b3e4c5d6e7f8091a2b3c4d5}.
     *
     * @param keyId the key identifier
     * @return the parsed reference
     * @throws InvalidInputException if any rule in the class description is broken (including null input)
     */
    public static KeyReference parse(String keyId) {
        if (keyId == null) {
            throw new InvalidInputException("key identifier", "a key identifier is required", null, EXAMPLE);
        }
        if (keyId.length() > MAX_INPUT_LENGTH) {
            throw new InvalidInputException("key identifier",
                    "a key identifier is at most " + MAX_INPUT_LENGTH + " characters", keyId, EXAMPLE);
        }
        checkPrintableAscii("key identifier", keyId, EXAMPLE);
        if (keyId.indexOf('%') >= 0) {
            throw new InvalidInputException("key identifier",
                    "percent-encoding is not allowed in a key identifier", keyId, EXAMPLE);
        }
        if (keyId.indexOf('?') >= 0 || keyId.indexOf('#') >= 0) {
            throw new InvalidInputException("key identifier",
                    "a key identifier has no query or fragment", keyId, EXAMPLE);
        }
        if (keyId.indexOf('\\') >= 0) {
            throw new InvalidInputException("key identifier", "backslashes are not allowed", keyId, EXAMPLE);
        }
        String scheme = "https://";
        if (!keyId.regionMatches(true, 0, scheme, 0, scheme.length())) {
            throw new InvalidInputException("key identifier scheme",
                    "only https is allowed (a key identifier starts with https://)", keyId, EXAMPLE);
        }
        String rest = keyId.substring(scheme.length());
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        String host = parseAuthority(authority);
        AzureCloud.Match match = checkHost(host);
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] segments = path.split("/", -1);
        // segments[0] is "" for a path starting with '/'
        if (segments.length < 3 || segments.length > 4 || !segments[0].isEmpty() || !"keys".equals(segments[1])) {
            throw new InvalidInputException("key identifier path",
                    "the path must be /keys/<name> or /keys/<name>/<version>", path, "/keys/storage-cmk");
        }
        String name = checkName(segments[2]);
        String version = segments.length == 4 ? checkVersion(segments[3]) : null;
        return new KeyReference(host, match.cloud(), match.kind(), name, version);
    }

    /**
     * Builds a versionless reference from a vault URI and a key name.
     *
     * @param vault the vault or Managed HSM URI, such as {@code https://contoso.vault.azure.net}; a trailing slash
     *     is tolerated, any path is refused
     * @param name the key name, 1-127 of {@code [a-zA-Z0-9-]}
     * @return the versionless reference
     * @throws InvalidInputException if the vault URI or the name breaks a rule of {@link #parse(String)}
     */
    public static KeyReference of(URI vault, String name) {
        if (vault == null) {
            throw new InvalidInputException("vault URI", "a vault URI is required", null,
                    "https://contoso.vault.azure.net");
        }
        String v = vault.toString();
        if (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        int schemeEnd = v.indexOf("://");
        if (schemeEnd >= 0 && v.indexOf('/', schemeEnd + 3) >= 0) {
            throw new InvalidInputException("vault URI", "a vault URI has no path", vault.toString(),
                    "https://contoso.vault.azure.net");
        }
        String checkedName = checkName(name);
        return parse(v + "/keys/" + checkedName);
    }

    /**
     * This key at a given version.
     *
     * @param version 32 hexadecimal characters
     * @return a versioned reference to the same key
     * @throws InvalidInputException if the version is not 32 hexadecimal characters
     */
    public KeyReference withVersion(String version) {
        return new KeyReference(host, cloud, kind, name, checkVersion(version));
    }

    /**
     * This key without a version (the form used for an auto-updating account).
     *
     * @return a versionless reference; {@code this} if already versionless
     */
    public KeyReference versionless() {
        return version == null ? this : new KeyReference(host, cloud, kind, name, null);
    }

    /**
     * The vault or Managed HSM URI, lower case, without a trailing slash.
     *
     * @return for example {@code https://contoso.vault.azure.net}
     */
    public URI vaultUri() {
        return URI.create("https://" + host);
    }

    /**
     * The vault's name, the first DNS label of its host.
     *
     * @return for example {@code contoso}
     */
    public String vaultName() {
        return host.substring(0, host.indexOf('.'));
    }

    /**
     * The key name as given.
     *
     * @return for example {@code storage-cmk}
     */
    public String name() {
        return name;
    }

    /**
     * The key version, when this reference is versioned.
     *
     * @return the lower-case version, or empty for a versionless reference
     */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /**
     * Whether this reference names a version.
     *
     * @return true when {@link #version()} is present
     */
    public boolean isVersioned() {
        return version != null;
    }

    /**
     * Whether the key lives in Key Vault or in a Managed HSM.
     *
     * @return the kind
     */
    public VaultKind vaultKind() {
        return kind;
    }

    /**
     * The Azure cloud of the key's vault.
     *
     * @return the cloud
     */
    public AzureCloud cloud() {
        return cloud;
    }

    /**
     * The canonical key identifier, which {@link #parse(String)} turns back into an equal reference.
     *
     * @return for example {@code https://contoso.vault.azure.net/keys/storage-cmk/4f2c...}
     */
    public String keyId() {
        return "https://" + host + "/keys/" + name + (version == null ? "" : "/" + version);
    }

    /**
     * Whether this reference names the same key as another, ignoring versions.
     *
     * @param other another reference; may be null
     * @return true when vault host and key name are the same
     */
    public boolean sameKeyAs(KeyReference other) {
        return other != null && host.equals(other.host) && name.equalsIgnoreCase(other.name);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof KeyReference)) {
            return false;
        }
        KeyReference that = (KeyReference) o;
        return sameKeyAs(that) && Objects.equals(version, that.version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, name.toLowerCase(Locale.ROOT), version);
    }

    /**
     * The canonical key identifier.
     *
     * @return {@link #keyId()}
     */
    @Override
    public String toString() {
        return keyId();
    }

    private static String parseAuthority(String authority) {
        if (authority.isEmpty()) {
            throw new InvalidInputException("vault host", "a key identifier needs a host", authority,
                    "contoso.vault.azure.net");
        }
        if (authority.indexOf('@') >= 0) {
            throw new InvalidInputException("vault host", "user info ('@') is not allowed in a key identifier",
                    authority, "contoso.vault.azure.net");
        }
        int colon = authority.indexOf(':');
        if (colon >= 0) {
            String port = authority.substring(colon + 1);
            if (!"443".equals(port)) {
                throw new InvalidInputException("port", "only port 443 (or no port) is allowed", port, "443");
            }
            authority = authority.substring(0, colon);
        }
        return authority.toLowerCase(Locale.ROOT);
    }

    private static AzureCloud.Match checkHost(String host) {
        AzureCloud.Match match = AzureCloud.match(host);
        if (match == null) {
            throw new InvalidInputException("vault host",
                    "the host must be <vault>.<suffix> with suffix vault.azure.net, managedhsm.azure.net, "
                            + "vault.azure.cn, managedhsm.azure.cn, vault.usgovcloudapi.net or "
                            + "managedhsm.usgovcloudapi.net", host, "contoso.vault.azure.net");
        }
        String label = match.label();
        if (label.indexOf('.') >= 0) {
            throw new InvalidInputException("vault name",
                    "the vault name is a single DNS label directly before the suffix", label, "contoso");
        }
        checkVaultName(label);
        return match;
    }

    /**
     * Checks a vault name: 3-24 of {@code [a-zA-Z0-9-]}, starting with a letter, ending with a letter or digit,
     * no {@code --}.
     *
     * @param label the vault name
     */
    static void checkVaultName(String label) {
        String rule = "a vault name is 3-24 letters, digits and hyphens, starts with a letter, ends with a letter "
                + "or digit and has no '--'";
        if (label.length() < 3 || label.length() > 24 || !isAlnumDash(label)
                || !isLetter(label.charAt(0)) || label.endsWith("-") || label.contains("--")) {
            throw new InvalidInputException("vault name", rule, label, "contoso");
        }
    }

    private static String checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 127 || !isAlnumDash(name)) {
            throw new InvalidInputException("key name", "a key name is 1-127 letters, digits and hyphens", name,
                    "storage-cmk");
        }
        return name;
    }

    /**
     * Checks a key version: exactly 32 hexadecimal characters.
     *
     * @param version the version
     * @return the version in lower case
     * @throws InvalidInputException if the version breaks the rule
     */
    static String checkVersion(String version) {
        if (version == null || version.length() != 32) {
            throw new InvalidInputException("key version", "a key version is exactly 32 hexadecimal characters",
                    version, VERSION_EXAMPLE);
        }
        for (int i = 0; i < version.length(); i++) {
            char c = version.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                throw new InvalidInputException("key version", "a key version is exactly 32 hexadecimal characters",
                        version, VERSION_EXAMPLE);
            }
        }
        return version.toLowerCase(Locale.ROOT);
    }

    static void checkPrintableAscii(String part, String value, String example) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new InvalidInputException(part,
                        "only printable ASCII is allowed (no spaces, control characters or look-alike Unicode "
                                + "characters, found U+" + String.format("%04X", (int) c) + " at index " + i + ")",
                        value, example);
            }
        }
    }

    private static boolean isAlnumDash(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isLetter(c) || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
