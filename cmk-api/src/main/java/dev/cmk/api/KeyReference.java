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

    private final VaultReference vault;
    private final String name;
    private final String version;

    private KeyReference(VaultReference vault, String name, String version) {
        this.vault = vault;
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
        Syntax.checkPrintableAscii("key identifier", keyId, EXAMPLE);
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
        VaultReference vault = VaultReference.ofHost(VaultReference.parseAuthority(authority));
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] segments = path.split("/", -1);
        // segments[0] is "" for a path starting with '/'
        if (segments.length < 3 || segments.length > 4 || !segments[0].isEmpty() || !"keys".equals(segments[1])) {
            throw new InvalidInputException("key identifier path",
                    "the path must be /keys/<name> or /keys/<name>/<version>", path, "/keys/storage-cmk");
        }
        String name = Syntax.checkKeyName(segments[2]);
        String version = segments.length == 4 ? Syntax.checkVersion(segments[3]) : null;
        return new KeyReference(vault, name, version);
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
        String checkedName = Syntax.checkKeyName(name);
        return parse(v + "/keys/" + checkedName);
    }

    /** A versionless key in a vault (public as {@link VaultReference#key(String)}). */
    static KeyReference inVault(VaultReference vault, String name) {
        return new KeyReference(Objects.requireNonNull(vault, "vault"), Syntax.checkKeyName(name), null);
    }

    /**
     * This key at a given version.
     *
     * @param version 32 hexadecimal characters
     * @return a versioned reference to the same key
     * @throws InvalidInputException if the version is not 32 hexadecimal characters
     */
    public KeyReference withVersion(String version) {
        return new KeyReference(vault, name, Syntax.checkVersion(version));
    }

    /**
     * This key without a version (the form used for an auto-updating account).
     *
     * @return a versionless reference; {@code this} if already versionless
     */
    public KeyReference versionless() {
        return version == null ? this : new KeyReference(vault, name, null);
    }

    /**
     * The key's vault or Managed HSM.
     *
     * @return the vault, with its URI, name, kind and cloud
     */
    public VaultReference vault() {
        return vault;
    }

    /**
     * The vault or Managed HSM URI, lower case, without a trailing slash; the same as {@code vault().uri()}.
     *
     * @return for example {@code https://contoso.vault.azure.net}
     */
    public URI vaultUri() {
        return vault.uri();
    }

    /**
     * The vault's name, the first DNS label of its host; the same as {@code vault().name()}.
     *
     * @return for example {@code contoso}
     */
    public String vaultName() {
        return vault.name();
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
     * Whether the key lives in Key Vault or in a Managed HSM; the same as {@code vault().kind()}.
     *
     * @return the kind
     */
    public VaultKind vaultKind() {
        return vault.kind();
    }

    /**
     * The Azure cloud of the key's vault; the same as {@code vault().cloud()}.
     *
     * @return the cloud
     */
    public AzureCloud cloud() {
        return vault.cloud();
    }

    /**
     * The canonical key identifier, which {@link #parse(String)} turns back into an equal reference.
     *
     * @return for example {@code https://contoso.vault.azure.net/keys/storage-cmk/4f2c...}
     */
    public String keyId() {
        return vault + "/keys/" + name + (version == null ? "" : "/" + version);
    }

    /**
     * Whether this reference names the same key as another, ignoring versions.
     *
     * @param other another reference; may be null
     * @return true when vault host and key name are the same
     */
    public boolean sameKeyAs(KeyReference other) {
        return other != null && vault.equals(other.vault) && name.equalsIgnoreCase(other.name);
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
        return Objects.hash(vault.host(), name.toLowerCase(Locale.ROOT), version);
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
}
