package dev.cmk.azure;

import com.azure.json.JsonProviders;
import com.azure.json.JsonWriter;
import dev.cmk.api.KeyType;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.VaultRequirements;
import dev.cmk.core.fleet.AuditFinding;
import dev.cmk.core.fleet.AuditRow;
import dev.cmk.core.fleet.AuditSink;
import dev.cmk.core.fleet.EncryptionState;
import dev.cmk.core.fleet.FleetAuditSummary;
import dev.cmk.core.fleet.FleetPolicy;
import dev.cmk.core.fleet.FleetScope;
import dev.cmk.core.fleet.UnreadableRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a fleet audit as a stable JSON document (schema {@value #SCHEMA}), streaming: each account is written
 * as its row arrives, so the document for 100,000 accounts is never held in memory. Every field is always
 * present; a value Azure does not report is {@code null}. Fields are only ever added in later schema versions.
 *
 * <pre>
 * {
 *   "schema": "cmk.fleet-audit/1",
 *   "generatedAt": "2026-01-01T00:00:00Z",                 // the audit's time; expiry is measured against it
 *   "scope": {"resourceIds": ["/subscriptions/…", "/subscriptions/…/resourceGroups/…"], "filter": "all accounts"},
 *   "policy": {"requireCustomerManagedKey": true, "allowedVaults": ["contoso.vault.azure.net"],
 *              "allowedKeys": [], "minimumDaysToExpiry": 30, "requireQueueAndTableCoverage": false,
 *              "requireAutoUpdate": false},
 *   "requirements": {"keyTypes": ["RSA", "RSA-HSM"], "keySizes": [2048, 3072, 4096], "minimumValidityDays": 30,
 *                    "requireSameRegion": false},
 *   "accounts": [
 *     {"id": "/subscriptions/…/storageAccounts/contosodata", "name": "contosodata", "subscriptionId": "…",
 *      "resourceGroup": "rg-storage", "location": "westeurope", "kind": "StorageV2",
 *      "state": "CUSTOMER_MANAGED_AUTO_UPDATE",       // MICROSOFT_MANAGED | CUSTOMER_MANAGED_PINNED | UNSUPPORTED
 *      "keySource": "Microsoft.Keyvault",
 *      "key": {"vaultUri": "https://contoso.vault.azure.net", "name": "storage-cmk",
 *              "keyId": "https://contoso.vault.azure.net/keys/storage-cmk"},                         // or null
 *      "versionPolicy": "auto-update",                // "pinned" | null
 *      "pinnedVersion": null, "versionInUse": "0f1e…", "versionInUseExpiresOn": "2026-03-01T00:00:00Z",
 *      "daysToExpiry": 59,
 *      "identity": {"type": "SystemAssigned", "resourceId": null, "federatedClientId": null},   // or null
 *      "risk": "NONE",                                // LOW | MEDIUM | HIGH | CRITICAL
 *      "findings": [{"code": "…", "severity": "ERROR", "risk": "HIGH", "subject": "…", "message": "…",
 *                    "fix": "…"}],
 *      "unreadableReason": null, "unreadableKeyVaultUri": null},
 *     {"id": "/subscriptions/…/resourceGroups/rg+odd/…/storageAccounts/hidden", "name": null, …, "state": "UNREADABLE",
 *      "keySource": null, "key": null, …, "risk": "HIGH", "findings": [{"code": "ACCOUNT_UNREADABLE", …}],
 *      "unreadableReason": "…", "unreadableKeyVaultUri": "https://contoso.vault.azure.net"}
 *   ],
 *   "summary": {"accountsListed": 1, "accountsMatched": 1, "pages": 1, "keyReads": 1, "emptyScope": false,
 *               "filterMatchedNothing": false, "accountsUnreadable": 1,
 *               "byState": {"MICROSOFT_MANAGED": 0, …}, "byRisk": {"NONE": 1, …}, "byFinding": {"CODE": 1}}
 * }
 * </pre>
 *
 * <p>Finding codes are {@link dev.cmk.core.fleet.FleetRule} or {@link dev.cmk.api.ViolationCode} names.
 * {@code byState} and {@code byRisk} list every state and risk, zero included. An account a list page carried but cmk
 * could not read ({@link dev.cmk.core.fleet.UnreadableRow}) is an entry of {@code accounts} with state
 * {@code UNREADABLE}, its id as listed, {@code null} where nothing is known, and {@code unreadableReason} and
 * {@code unreadableKeyVaultUri} set (both {@code null} on every other entry). The writer is flushed after the
 * summary and not closed. I/O failures surface as {@link UncheckedIOException}.
 */
public final class FleetAuditJson implements AuditSink {
    /** The schema name and version written in the {@code schema} field. */
    public static final String SCHEMA = "cmk.fleet-audit/1";
    private final JsonWriter json;

    /**
     * Writes to the given writer (not closed by this sink).
     *
     * @param out where the document goes
     */
    public FleetAuditJson(Writer out) {
        Objects.requireNonNull(out, "out");
        try {
            this.json = JsonProviders.createWriter(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void begin(FleetScope scope, FleetPolicy policy, VaultRequirements requirements, Instant at) {
        io(() -> {
            json.writeStartObject();
            json.writeStringField("schema", SCHEMA);
            json.writeStringField("generatedAt", at.toString());
            json.writeStartObject("scope");
            strings("resourceIds", scope.resourceIds());
            json.writeStringField("filter", scope.filter().toString());
            json.writeEndObject();
            json.writeStartObject("policy");
            json.writeBooleanField("requireCustomerManagedKey", policy.requireCustomerManagedKey());
            strings("allowedVaults", policy.allowedVaultHosts().stream().sorted().toList());
            strings("allowedKeys", policy.allowedKeys().stream().sorted().toList());
            if (policy.minimumDaysToExpiry().isPresent()) {
                json.writeIntField("minimumDaysToExpiry", policy.minimumDaysToExpiry().get());
            } else {
                json.writeNullField("minimumDaysToExpiry");
            }
            json.writeBooleanField("requireQueueAndTableCoverage", policy.requireQueueAndTableCoverage());
            json.writeBooleanField("requireAutoUpdate", policy.requireAutoUpdate());
            json.writeEndObject();
            json.writeStartObject("requirements");
            strings("keyTypes", requirements.keyTypes().stream().map(KeyType::wireName).sorted().toList());
            json.writeStartArray("keySizes");
            for (int s : requirements.keySizes().stream().sorted().toList()) {
                json.writeInt(s);
            }
            json.writeEndArray();
            json.writeLongField("minimumValidityDays", requirements.minimumValidity().toDays());
            json.writeBooleanField("requireSameRegion", requirements.requireSameRegion());
            json.writeEndObject();
            json.writeStartArray("accounts");
        });
    }

    @Override
    public void row(AuditRow r) {
        io(() -> {
            json.writeStartObject();
            json.writeStringField("id", r.account().resourceId());
            json.writeStringField("name", r.account().name());
            json.writeStringField("subscriptionId", r.account().subscriptionId());
            json.writeStringField("resourceGroup", r.account().resourceGroup());
            json.writeStringField("location", r.location());
            json.writeStringField("kind", r.kind().wireName());
            json.writeStringField("state", r.state().name());
            json.writeStringField("keySource", r.keySource().wireName());
            if (r.key().isPresent()) {
                json.writeStartObject("key");
                json.writeStringField("vaultUri", r.key().get().vaultUri().toString());
                json.writeStringField("name", r.key().get().name());
                json.writeStringField("keyId", r.key().get().keyId());
                json.writeEndObject();
            } else {
                json.writeNullField("key");
            }
            str("versionPolicy", r.versionPolicy().map(p -> p.isAutoUpdate() ? "auto-update" : "pinned")
                    .orElse(null));
            str("pinnedVersion", r.versionPolicy().filter(p -> p instanceof dev.cmk.api.VersionPolicy.Pinned)
                    .map(p -> ((dev.cmk.api.VersionPolicy.Pinned) p).version()).orElse(null));
            str("versionInUse", r.versionInUse().orElse(null));
            str("versionInUseExpiresOn", r.versionInUseExpiry().map(Instant::toString).orElse(null));
            if (r.daysToExpiry().isPresent()) {
                json.writeLongField("daysToExpiry", r.daysToExpiry().get());
            } else {
                json.writeNullField("daysToExpiry");
            }
            if (r.identity().isPresent()) {
                ManagedIdentity i = r.identity().get();
                json.writeStartObject("identity");
                if (i instanceof ManagedIdentity.UserAssigned u) {
                    json.writeStringField("type", "UserAssigned");
                    json.writeStringField("resourceId", u.resourceId());
                    str("federatedClientId", u.federatedClientId().orElse(null));
                } else {
                    json.writeStringField("type", "SystemAssigned");
                    json.writeNullField("resourceId");
                    json.writeNullField("federatedClientId");
                }
                json.writeEndObject();
            } else {
                json.writeNullField("identity");
            }
            json.writeStringField("risk", r.risk().name());
            json.writeStartArray("findings");
            for (AuditFinding f : r.findings()) {
                json.writeStartObject();
                json.writeStringField("code", f.code());
                json.writeStringField("severity", f.severity().name());
                json.writeStringField("risk", f.risk().name());
                json.writeStringField("subject", f.subject());
                json.writeStringField("message", f.message());
                json.writeStringField("fix", f.fix());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNullField("unreadableReason");
            json.writeNullField("unreadableKeyVaultUri");
            json.writeEndObject();
        });
    }

    @Override
    public void unreadable(UnreadableRow r) {
        io(() -> {
            json.writeStartObject();
            json.writeStringField("id", r.account().resourceId());
            for (String f : new String[] {"name", "subscriptionId", "resourceGroup", "location", "kind"}) {
                json.writeNullField(f);
            }
            json.writeStringField("state", EncryptionState.UNREADABLE.name());
            str("keySource", r.account().keyVaultUri().map(v -> "Microsoft.Keyvault").orElse(null));
            for (String f : new String[] {"key", "versionPolicy", "pinnedVersion", "versionInUse",
                    "versionInUseExpiresOn", "daysToExpiry", "identity"}) {
                json.writeNullField(f);
            }
            json.writeStringField("risk", r.risk().name());
            json.writeStartArray("findings");
            finding(r.finding());
            json.writeEndArray();
            json.writeStringField("unreadableReason", r.account().reason());
            str("unreadableKeyVaultUri", r.account().keyVaultUri().orElse(null));
            json.writeEndObject();
        });
    }

    private void finding(AuditFinding f) throws IOException {
        json.writeStartObject();
        json.writeStringField("code", f.code());
        json.writeStringField("severity", f.severity().name());
        json.writeStringField("risk", f.risk().name());
        json.writeStringField("subject", f.subject());
        json.writeStringField("message", f.message());
        json.writeStringField("fix", f.fix());
        json.writeEndObject();
    }

    @Override
    public void end(FleetAuditSummary s) {
        io(() -> {
            json.writeEndArray();
            json.writeStartObject("summary");
            json.writeLongField("accountsListed", s.accountsListed());
            json.writeLongField("accountsMatched", s.accountsMatched());
            json.writeLongField("pages", s.pages());
            json.writeLongField("keyReads", s.keyReads());
            json.writeBooleanField("emptyScope", s.emptyScope());
            json.writeBooleanField("filterMatchedNothing", s.filterMatchedNothing());
            json.writeLongField("accountsUnreadable", s.accountsUnreadable());
            counts("byState", s.byState());
            counts("byRisk", s.byRisk());
            counts("byFinding", s.byFinding());
            json.writeEndObject();
            json.writeEndObject();
            json.flush();
        });
    }

    private void counts(String name, Map<?, Long> m) throws IOException {
        json.writeStartObject(name);
        for (Map.Entry<?, Long> e : m.entrySet()) {
            json.writeLongField(e.getKey() instanceof Enum<?> en ? en.name() : e.getKey().toString(), e.getValue());
        }
        json.writeEndObject();
    }

    private void strings(String name, Collection<String> values) throws IOException {
        json.writeStartArray(name);
        for (String v : values) {
            json.writeString(v);
        }
        json.writeEndArray();
    }

    private void str(String name, String value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeStringField(name, value);
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
