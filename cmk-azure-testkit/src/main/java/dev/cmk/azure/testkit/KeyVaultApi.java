package dev.cmk.azure.testkit;

import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeyType;
import dev.cmk.api.RotationPolicy;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.KeyVersionSummary;
import dev.cmk.api.spi.KeyVersionUpdate;
import dev.cmk.api.spi.NewKeyVersion;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/** The Key Vault / Managed HSM keys data plane, served from the in-memory vaults. */
final class KeyVaultApi {
    private final WireFake fake;
    private final InMemoryAzure azure;

    KeyVaultApi(WireFake fake, InMemoryAzure azure) {
        this.fake = fake;
        this.azure = azure;
    }

    FakeResponse serve(WireFake.Call call, String host) {
        String[] s = call.segments();
        if (s.length < 2 || !s[0].equals("keys")) {
            fake.count(call.method() + " keyvault(unknown)");
            throw new WireError(404, "NotFound", "WireFake serves only /keys/... on " + host + ", not " + call.path());
        }
        KeyReference key = KeyReference.of(URI.create("https://" + host), s[1]);
        String sub = s.length > 2 ? s[2] : "";
        String route = call.method() + " " + switch (sub) {
            case "create", "rotate", "versions", "rotationpolicy" -> "key/" + sub;
            default -> "key";
        };
        fake.count(route);
        return switch (route) {
            case "POST key/create" -> call.ok(bundle(azure.keyVaults().createVersion(key, newVersion(call))));
            case "POST key/rotate" -> call.ok(bundle(rotate(key)));
            case "GET key/versions" -> versions(call, key);
            case "GET key/rotationpolicy" -> call.ok(policy(key,
                    azure.keyVaults().getRotationPolicy(key).orElse(null)));
            case "PUT key/rotationpolicy" -> call.ok(policy(key,
                    azure.keyVaults().setRotationPolicy(key, readPolicy(Json.parseObject(call.body())))));
            case "GET key" -> call.ok(bundle(azure.keyVaults().getKey(s.length > 2 ? key.withVersion(sub) : key)));
            case "PATCH key" -> call.ok(bundle(update(s.length > 2 ? key.withVersion(sub) : key,
                    Json.parseObject(call.body()))));
            default -> throw new WireError(405, "MethodNotAllowed", "WireFake does not serve " + route);
        };
    }

    private NewKeyVersion newVersion(WireFake.Call call) {
        Map<String, Object> body = Json.parseObject(call.body());
        String kty = Json.str(body, "kty");
        KeyType type = KeyType.fromWireName(kty).orElseThrow(() -> WireError.badRequest("unknown kty '" + kty + "'"));
        Object size = Json.getIgnoreCase(body, "key_size");
        Map<String, Object> attributes = Json.obj(body, "attributes");
        if (attributes != null && (Json.str(attributes, "nbf") != null
                || Boolean.FALSE.equals(Json.getIgnoreCase(attributes, "enabled")))) {
            throw WireError.notModelled("creating a key with not-before or disabled (NewKeyVersion has neither)");
        }
        Optional<Instant> exp = Optional.ofNullable(attributes == null ? null : Json.getIgnoreCase(attributes, "exp"))
                .map(o -> Instant.ofEpochSecond(((Number) o).longValue()));
        return new NewKeyVersion(type, size == null ? 2048 : ((Number) size).intValue(), ops(body), exp,
                tags(body));
    }

    private KeyVersionProperties rotate(KeyReference key) {
        KeyVersionProperties newest = azure.keyVaults().getKey(key.versionless());
        Optional<Instant> exp = azure.keyVaults().getRotationPolicy(key).flatMap(RotationPolicy::expiryTime)
                .map(p -> azure.clock().instant().atZone(java.time.ZoneOffset.UTC).plus(p).toInstant());
        return azure.keyVaults().createVersion(key, new NewKeyVersion(newest.keyType(), newest.keySize(),
                newest.operations(), exp, Map.of()));
    }

    private KeyVersionProperties update(KeyReference version, Map<String, Object> body) {
        KeyReference ref = version.isVersioned() ? version : azure.inspect().versions(version).stream()
                .reduce((a, b) -> b).map(KeyVersionProperties::id).orElseThrow();
        KeyVersionProperties current = azure.inspect().versions(ref).stream().filter(p -> p.id().equals(ref))
                .findFirst()
                .orElseThrow(() -> new WireError(404, "KeyNotFound", "A key with (name/id) " + ref.keyId()
                        + " was not found in this key vault."));
        if (Json.has(body, "key_ops") && !ops(body).equals(current.operations())) {
            throw WireError.notModelled("changing key_ops (the version has " + wire(current.operations())
                    + ", the request sent " + wire(ops(body)) + "); send the version's current operations");
        }
        Map<String, Object> attributes = Json.obj(body, "attributes");
        if (attributes != null) {
            checkSame("exp", Json.getIgnoreCase(attributes, "exp"), current.expiresOn());
            checkSame("nbf", Json.getIgnoreCase(attributes, "nbf"), current.notBefore());
        }
        Object enabled = attributes == null ? null : Json.getIgnoreCase(attributes, "enabled");
        Optional<Map<String, String>> tags = Json.has(body, "tags") ? Optional.of(tags(body)) : Optional.empty();
        return azure.keyVaults().updateVersion(ref, new KeyVersionUpdate(
                Optional.ofNullable(enabled).map(o -> (Boolean) o), tags));
    }

    private static void checkSame(String field, Object sent, Optional<Instant> current) {
        Optional<Instant> s = Optional.ofNullable(sent).map(o -> Instant.ofEpochSecond(((Number) o).longValue()));
        if (sent != null && !s.equals(current.map(i -> Instant.ofEpochSecond(i.getEpochSecond())))) {
            throw WireError.notModelled("changing attributes." + field + " (current " + current.orElse(null)
                    + ", sent " + s.orElse(null) + ")");
        }
    }

    private FakeResponse versions(WireFake.Call call, KeyReference key) {
        // Azure orders the list by version id, not by creation time
        List<KeyVersionSummary> all = new ArrayList<>(azure.keyVaults().listVersions(key));
        all.sort(java.util.Comparator.comparing(KeyVersionSummary::version));
        int max = Math.min(fake.pageSize(), call.query().containsKey("maxresults")
                ? Integer.parseInt(call.query().get("maxresults")) : 25);
        int from = call.query().containsKey("$skiptoken") ? Integer.parseInt(call.query().get("$skiptoken")) : 0;
        List<Object> items = new ArrayList<>();
        for (int i = from; i < Math.min(all.size(), from + max); i++) {
            KeyVersionSummary p = all.get(i);
            // only kid, attributes and tags (when there are any): no kty, key_ops or size
            Map<String, Object> item = Json.object("kid", p.id().keyId(), "attributes", attributes(
                    p.enabled(), p.notBefore(), p.expiresOn(), p.createdOn(), p.updatedOn().orElse(p.createdOn()),
                    p.recoveryLevel(), p.recoverableDays()));
            if (!p.tags().isEmpty()) {
                item.put("tags", p.tags());
            }
            items.add(item);
        }
        Map<String, Object> page = Json.object("value", items);
        if (from + max < all.size()) {
            page.put("nextLink", call.urlWith("$skiptoken", Integer.toString(from + max)));
        }
        return call.ok(page);
    }

    private static Map<String, Object> policy(KeyReference key, RotationPolicy p) {
        List<Object> actions = new ArrayList<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (p == null) {
            // what Key Vault returns for a key that never had a policy
            actions.add(Json.object("trigger", Json.object("timeBeforeExpiry", "P30D"), "action",
                    Json.object("type", "Notify")));
        } else {
            p.rotateAfterCreate().ifPresent(r -> actions.add(Json.object("trigger",
                    Json.object("timeAfterCreate", r.toString()), "action", Json.object("type", "Rotate"))));
            p.rotateBeforeExpiry().ifPresent(r -> actions.add(Json.object("trigger",
                    Json.object("timeBeforeExpiry", r.toString()), "action", Json.object("type", "Rotate"))));
            p.expiryTime().ifPresent(e -> attributes.put("expiryTime", e.toString()));
        }
        return Json.object("id", key.versionless().keyId() + "/rotationpolicy", "lifetimeActions", actions,
                "attributes", attributes);
    }

    private static RotationPolicy readPolicy(Map<String, Object> body) {
        Optional<Period> afterCreate = Optional.empty();
        Optional<Period> beforeExpiry = Optional.empty();
        List<Object> actions = Json.list(body, "lifetimeActions");
        for (Object o : actions == null ? List.of() : actions) {
            @SuppressWarnings("unchecked")
            Map<String, Object> a = (Map<String, Object>) o;
            if (!"rotate".equalsIgnoreCase(Json.str(Json.obj(a, "action"), "type"))) {
                continue;
            }
            Map<String, Object> trigger = Json.obj(a, "trigger");
            if (Json.str(trigger, "timeAfterCreate") != null) {
                afterCreate = Optional.of(Period.parse(Json.str(trigger, "timeAfterCreate")));
            }
            if (Json.str(trigger, "timeBeforeExpiry") != null) {
                beforeExpiry = Optional.of(Period.parse(Json.str(trigger, "timeBeforeExpiry")));
            }
        }
        String expiry = Json.str(Json.obj(body, "attributes"), "expiryTime");
        return new RotationPolicy(afterCreate, beforeExpiry, Optional.ofNullable(expiry).map(Period::parse));
    }

    /** A key bundle: the public part is a stand-in modulus of the right length, never real key material. */
    static Map<String, Object> bundle(KeyVersionProperties p) {
        Map<String, Object> jwk = Json.object("kid", p.id().keyId(), "kty", p.keyType().wireName(), "key_ops",
                wire(p.operations()));
        if (p.keySize() > 0) {
            jwk.put("n", modulus(p.id().keyId(), p.keySize()));
            jwk.put("e", "AQAB");
        }
        return Json.object("key", jwk, "attributes", attributes(p), "tags", p.tags());
    }

    private static Map<String, Object> attributes(KeyVersionProperties p) {
        return attributes(p.enabled(), p.notBefore(), p.expiresOn(), p.createdOn(), p.createdOn(), p.recoveryLevel(),
                p.recoverableDays());
    }

    private static Map<String, Object> attributes(boolean enabled, Optional<Instant> notBefore,
                                                  Optional<Instant> expiresOn, Instant created, Instant updated,
                                                  String recoveryLevel, int recoverableDays) {
        Map<String, Object> a = Json.object("enabled", enabled);
        notBefore.ifPresent(t -> a.put("nbf", t.getEpochSecond()));
        expiresOn.ifPresent(t -> a.put("exp", t.getEpochSecond()));
        a.put("created", created.getEpochSecond());
        a.put("updated", updated.getEpochSecond());
        a.put("recoveryLevel", recoveryLevel);
        if (recoverableDays > 0) {
            a.put("recoverableDays", recoverableDays);
        }
        return a;
    }

    private static String modulus(String kid, int bits) {
        byte[] n = new byte[bits / 8];
        new Random(kid.hashCode()).nextBytes(n);
        n[0] = (byte) (n[0] | 0x80);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.wrap(n).array());
    }

    private static List<Object> wire(Set<KeyOperation> ops) {
        List<Object> l = new ArrayList<>();
        for (KeyOperation o : KeyOperation.values()) {
            if (ops.contains(o)) {
                l.add(o.wireName());
            }
        }
        return l;
    }

    private static Set<KeyOperation> ops(Map<String, Object> body) {
        Set<KeyOperation> ops = EnumSet.noneOf(KeyOperation.class);
        List<Object> l = Json.list(body, "key_ops");
        if (l != null) {
            for (Object o : l) {
                ops.add(KeyOperation.fromWireName(Objects.toString(o))
                        .orElseThrow(() -> WireError.badRequest("unknown key operation '" + o + "'")));
            }
        }
        return ops;
    }

    private static Map<String, String> tags(Map<String, Object> body) {
        Map<String, Object> t = Json.obj(body, "tags");
        Map<String, String> tags = new LinkedHashMap<>();
        if (t != null) {
            t.forEach((k, v) -> tags.put(k, Objects.toString(v)));
        }
        return tags;
    }
}
