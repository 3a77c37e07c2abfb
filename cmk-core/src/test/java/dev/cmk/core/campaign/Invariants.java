package dev.cmk.core.campaign;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.core.internal.RotationTags;
import dev.cmk.testkit.InMemoryAzure;
import java.util.HashMap;
import java.util.Map;

/** DESIGN.md's safety invariants, checked against the in-memory Azure's state and full history. */
final class Invariants {
    private Invariants() {
    }

    static String check(Campaign.World w) {
        for (StorageAccountId id : w.allAccounts()) {
            StorageAccount a = w.azure.peek(id);
            if (!a.encryption().isCustomerManaged()) {
                continue;
            }
            KeyReference key = a.encryption().key().orElseThrow();
            int keyIndex = indexOf(w, key);
            boolean revoked = w.revokedKeys.contains(keyIndex) || w.revokedAccess.contains(id.name() + "|" + key);
            // Invariants 1 and 2: an account is never pointed at, or left on, a version it cannot use, unless a
            // confirmed revoke cut it off.
            if (!revoked && !w.azure.dataPlane(id).isAccessible()) {
                return "invariant 1/2: account " + id.name() + " is locked out of " + key + " (uses "
                        + a.encryption().currentVersionedKey().orElse(null) + ", pinned "
                        + a.encryption().keyVersion().orElse("auto") + ") without a confirmed revoke";
            }
        }
        for (KeyReference k : w.keys) {
            // Invariants 3 and 4: one version per rotation id, whatever crashed or ran twice.
            Map<String, Integer> perRotation = new HashMap<>();
            for (KeyVersionProperties v : w.azure.peekVersions(k)) {
                String r = v.tags().get(RotationTags.ROTATION);
                if (r != null && perRotation.merge(r, 1, Integer::sum) > 1) {
                    return "invariant 3/4: rotation " + r + " created more than one version of " + k;
                }
            }
        }
        // Invariant 3: no write whose result was already in place.
        for (InMemoryAzure.AzureEvent e : w.azure.history()) {
            if (e.detail().endsWith(" noop")) {
                return "invariant 3: a write whose result was already in place: " + e;
            }
        }
        return null;
    }

    private static int indexOf(Campaign.World w, KeyReference key) {
        for (int i = 0; i < w.keys.size(); i++) {
            if (w.keys.get(i).sameKeyAs(key)) {
                return i;
            }
        }
        return -1;
    }
}
