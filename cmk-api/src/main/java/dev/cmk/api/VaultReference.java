package dev.cmk.api;

import java.net.URI;
import java.util.Locale;

/**
 * A Key Vault or Managed HSM, addressed by its URI: parsed once, with its name, kind and cloud derived from the host.
 *
 * <p>Rules (the vault part of {@link KeyReference}'s rules): scheme {@code https} only; host
 * {@code <vault>.<suffix>} with a known suffix of {@link AzureCloud} and nothing between the vault name and the
 * suffix; vault name 3-24 of {@code [a-zA-Z0-9-]}, starting with a letter, ending with a letter or digit, no
 * {@code --}; no user info, path, query or fragment; a port only if it is 443; one trailing slash tolerated. The
 * host is normalised to lower case. Every refusal is an {@link InvalidInputException}.
 *
 * <pre>{@code
 * VaultReference vault = VaultReference.parse("https://contoso.vault.azure.net");
 * KeyReference key = vault.key("storage-cmk");
 * }</pre>
 */
public final class VaultReference {
    static final String EXAMPLE = "https://contoso.vault.azure.net";

    private final String host;
    private final AzureCloud cloud;
    private final VaultKind kind;

    private VaultReference(String host, AzureCloud cloud, VaultKind kind) {
        this.host = host;
        this.cloud = cloud;
        this.kind = kind;
    }

    /**
     * Parses a vault or Managed HSM URI such as {@code https://contoso.vault.azure.net}.
     *
     * @param vaultUri the URI
     * @return the vault
     * @throws InvalidInputException if a rule in the class description is broken (including null input)
     */
    public static VaultReference parse(String vaultUri) {
        if (vaultUri == null) {
            throw new InvalidInputException("vault URI", "a vault URI is required", null, EXAMPLE);
        }
        if (vaultUri.length() > KeyReference.MAX_INPUT_LENGTH) {
            throw new InvalidInputException("vault URI",
                    "a vault URI is at most " + KeyReference.MAX_INPUT_LENGTH + " characters", vaultUri, EXAMPLE);
        }
        Syntax.checkPrintableAscii("vault URI", vaultUri, EXAMPLE);
        if (vaultUri.indexOf('%') >= 0 || vaultUri.indexOf('?') >= 0 || vaultUri.indexOf('#') >= 0
                || vaultUri.indexOf('\\') >= 0) {
            throw new InvalidInputException("vault URI", "a vault URI has no percent-encoding, query, fragment or "
                    + "backslash", vaultUri, EXAMPLE);
        }
        String scheme = "https://";
        if (!vaultUri.regionMatches(true, 0, scheme, 0, scheme.length())) {
            throw new InvalidInputException("vault URI scheme", "only https is allowed (a vault URI starts with "
                    + "https://)", vaultUri, EXAMPLE);
        }
        String rest = vaultUri.substring(scheme.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.indexOf('/') >= 0) {
            throw new InvalidInputException("vault URI", "a vault URI has no path", vaultUri, EXAMPLE);
        }
        return ofHost(parseAuthority(rest));
    }

    /**
     * The vault of a URI, with the rules of {@link #parse(String)}.
     *
     * @param vaultUri the URI
     * @return the vault
     * @throws InvalidInputException if a rule is broken (including null input)
     */
    public static VaultReference of(URI vaultUri) {
        return parse(vaultUri == null ? null : vaultUri.toString());
    }

    /** Parses the authority of a key or vault URI: no user info, port 443 only; returns the lower-case host. */
    static String parseAuthority(String authority) {
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

    /** The vault of a lower-case host, checked against the known suffixes and the vault-name rule. */
    static VaultReference ofHost(String host) {
        AzureCloud.Match match = AzureCloud.match(host).orElseThrow(() -> new InvalidInputException("vault host",
                "the host must be <vault>.<suffix> with suffix " + knownSuffixes(), host, "contoso.vault.azure.net"));
        String label = match.label();
        if (label.indexOf('.') >= 0) {
            throw new InvalidInputException("vault name",
                    "the vault name is a single DNS label directly before the suffix", label, "contoso");
        }
        Syntax.checkVaultName(label);
        return new VaultReference(host, match.cloud(), match.kind());
    }

    /** Every key store suffix of {@link AzureCloud}, as {@code a, b, ... or z}. */
    private static String knownSuffixes() {
        java.util.List<String> all = new java.util.ArrayList<>();
        for (AzureCloud cloud : AzureCloud.values()) {
            for (VaultKind kind : VaultKind.values()) {
                all.add(cloud.dnsSuffix(kind));
            }
        }
        return String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }

    /**
     * A versionless key in this vault.
     *
     * @param name the key name, 1-127 of {@code [a-zA-Z0-9-]}
     * @return the key
     * @throws InvalidInputException if the name breaks the rule
     */
    public KeyReference key(String name) {
        return KeyReference.inVault(this, name);
    }

    /**
     * The vault URI, lower case, without a trailing slash.
     *
     * @return for example {@code https://contoso.vault.azure.net}
     */
    public URI uri() {
        return URI.create("https://" + host);
    }

    /**
     * The lower-case host.
     *
     * @return for example {@code contoso.vault.azure.net}
     */
    public String host() {
        return host;
    }

    /**
     * The vault's name, the first DNS label of its host.
     *
     * @return for example {@code contoso}
     */
    public String name() {
        return host.substring(0, host.indexOf('.'));
    }

    /**
     * Whether this is a Key Vault or a Managed HSM.
     *
     * @return the kind
     */
    public VaultKind kind() {
        return kind;
    }

    /**
     * The Azure cloud of the vault.
     *
     * @return the cloud
     */
    public AzureCloud cloud() {
        return cloud;
    }

    /** Equal when the hosts are the same. */
    @Override
    public boolean equals(Object o) {
        return o instanceof VaultReference other && host.equals(other.host);
    }

    @Override
    public int hashCode() {
        return host.hashCode();
    }

    /**
     * The vault URI.
     *
     * @return {@link #uri()} as a string
     */
    @Override
    public String toString() {
        return "https://" + host;
    }
}
