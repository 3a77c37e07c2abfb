package dev.cmk.core.campaign;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.core.internal.RotationTags;
import dev.cmk.testkit.InMemoryAzure;
import dev.cmk.testkit.Faults;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;

/** DESIGN.md's safety invariants, checked against the in-memory Azure's state and full history. */
public final class Invariants {
    private Invariants() {
    }

    /**
     * Checks invariants 1-4 on the world's current state and history.
     *
     * @param w the world
     * @return the first violation, or null
     */
    public static String check(Campaign.World w) {
        for (StorageAccountId id : w.allAccounts()) {
            StorageAccount a = w.azure.inspect().account(id);
            if (!a.encryption().isCustomerManaged()) {
                continue;
            }
            KeyReference key = a.encryption().key().orElseThrow();
            int keyIndex = indexOf(w, key);
            // Invariants 1 and 2: an account is never pointed at, or left on, a version it cannot use, unless a
            // revoke that took effect cut it off and its confirmation named this account (a key-wide revoke's
            // confirmed blast radius, or the one account of a per-account revoke). An account outside the
            // radius that lost access is a violation even while the key is revoked.
            boolean revoked = w.revokedKeys.getOrDefault(keyIndex, Set.of()).contains(id)
                    || w.revokedAccess.contains(id.name() + "|" + key);
            if (!revoked && !w.azure.dataPlane(id).isAccessible()) {
                return "invariant 1/2: account " + id.name() + " is locked out of " + key + " (uses "
                        + a.encryption().currentVersionedKey().orElse(null) + ", pinned "
                        + a.encryption().keyVersion().orElse("auto") + ") without a confirmed revoke";
            }
        }
        for (KeyReference k : w.keys) {
            // Invariants 3 and 4: one version per rotation id, whatever crashed or ran twice.
            Map<String, Integer> perRotation = new HashMap<>();
            for (KeyVersionProperties v : w.azure.inspect().versions(k)) {
                String r = v.tags().get(RotationTags.ROTATION);
                if (r != null && perRotation.merge(r, 1, Integer::sum) > 1) {
                    return "invariant 3/4: rotation " + r + " created more than one version of " + k;
                }
            }
        }
        // Invariant 3: no write whose result was already in place, except the one repetition of a write whose
        // answer was lost after it took effect (the caller cannot know it happened; re-sending the same idempotent
        // write is the only way to learn the outcome).
        List<InMemoryAzure.AzureEvent> history = w.azure.history();
        Set<Integer> lost = new HashSet<>(w.layer.lostWriteEvents());
        for (int i = 0; i < history.size(); i++) {
            InMemoryAzure.AzureEvent e = history.get(i);
            if (i + 1 < history.size() && Faults.LOST_RESPONSE.equals(history.get(i + 1).detail())) {
                lost.add(i);
            }
            if (e.detail().endsWith(" noop") && !repeatsLostWrite(history, i, lost)) {
                return "invariant 3: a write whose result was already in place: " + e;
            }
        }
        return null;
    }

    /** Whether the latest earlier event with the same operation and target is a write whose answer was lost. */
    private static boolean repeatsLostWrite(List<InMemoryAzure.AzureEvent> history, int i, Set<Integer> lost) {
        InMemoryAzure.AzureEvent e = history.get(i);
        for (int j = i - 1; j >= 0; j--) {
            InMemoryAzure.AzureEvent p = history.get(j);
            if (p.operation().equals(e.operation()) && p.target().equals(e.target())
                    && !Faults.LOST_RESPONSE.equals(p.detail())) {
                return lost.contains(j);
            }
        }
        return false;
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
