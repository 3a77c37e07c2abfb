package dev.cmk.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.CmkException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.testkit.Faults;
import dev.cmk.testkit.Operation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The campaign's bookkeeping of revokes: an account is exempt from invariants 1/2 only after a revoke that took
 * effect in Azure, and only when that revoke's confirmation named it. Otherwise a refused or failed revoke, or a
 * revoke that cut off an account outside its blast radius, would hide a lockout.
 */
class CampaignBookkeepingTest {

    private static Step step(Step.Op op, int account, int key) {
        return new Step(op, account, key, false, false, 1, "", 0, -1, 0);
    }

    @Test
    void aRevokeWhoseWritesFailedExemptsNobody() {
        Campaign.World w = new Campaign.World(7);
        Campaign.perform(step(Step.Op.CONFIGURE, 0, 0), w, w.cmk());
        for (int i = 0; i < 20; i++) {
            w.azure.faults().failNext(Operation.KEYVAULT_UPDATE_VERSION, Faults.Kind.TRANSIENT);
        }
        assertThatThrownBy(() -> Campaign.perform(step(Step.Op.REVOKE_KEY, 0, 0), w, w.cmk()))
                .isInstanceOf(CmkException.class);
        w.azure.faults().clear();
        assertThat(w.revokedKeys).isEmpty();
        // a lockout that no revoke caused must now be reported
        KeyReference key = w.keys.get(0);
        List<KeyVersionProperties> versions = w.azure.inspect().versions(key);
        w.azure.setEnabledOutOfBand(versions.get(versions.size() - 1).id(), false);
        assertThat(Invariants.check(w)).startsWith("invariant 1/2: account account0");
    }

    @Test
    void aRevokeWhoseAnswerWasLostCountsOnceAzureShowsIt() {
        Campaign.World w = new Campaign.World(7);
        Campaign.perform(step(Step.Op.CONFIGURE, 0, 0), w, w.cmk());
        w.azure.faults().failNext(Operation.KEYVAULT_UPDATE_VERSION, Faults.Kind.APPLIED_THEN_TRANSIENT);
        try {
            Campaign.perform(step(Step.Op.REVOKE_KEY, 0, 0), w, w.cmk());
        } catch (CmkException e) {
            // the answer was lost (or retried); either way the version is disabled and tagged
        }
        w.azure.faults().clear();
        assertThat(w.revokedKeys.get(0)).contains(w.accounts.get(0));
        assertThat(Invariants.check(w)).isNull();
    }

    @Test
    void anAccountOutsideTheConfirmedBlastRadiusIsNotExempt() {
        Campaign.World w = new Campaign.World(7);
        Campaign.perform(step(Step.Op.CONFIGURE, 0, 0), w, w.cmk());
        Campaign.perform(step(Step.Op.CONFIGURE, 1, 0), w, w.cmk());
        Campaign.perform(step(Step.Op.REVOKE_KEY, 0, 0), w, w.cmk());
        StorageAccountId a0 = w.accounts.get(0);
        StorageAccountId a1 = w.accounts.get(1);
        assertThat(w.revokedKeys.get(0)).contains(a0, a1);
        assertThat(Invariants.check(w)).isNull();
        // had the confirmation named only account0, account1's lockout must be reported
        w.revokedKeys.put(0, Set.of(a0));
        assertThat(Invariants.check(w)).startsWith("invariant 1/2: account account1");
    }

    @Test
    void aPerAccountRevokeExemptsOnlyThatAccountOnceTheGrantIsGone() {
        Campaign.World w = new Campaign.World(7);
        Campaign.perform(step(Step.Op.CONFIGURE, 0, 0), w, w.cmk());
        for (int i = 0; i < 20; i++) {
            w.azure.faults().failNext(Operation.KEYACCESS_REVOKE, Faults.Kind.TRANSIENT);
        }
        assertThatThrownBy(() -> Campaign.perform(step(Step.Op.REVOKE_ACCOUNT, 0, 0), w, w.cmk()))
                .isInstanceOf(CmkException.class);
        w.azure.faults().clear();
        assertThat(w.revokedAccess).isEmpty();
        Campaign.perform(step(Step.Op.REVOKE_ACCOUNT, 0, 0), w, w.cmk());
        assertThat(w.revokedAccess).containsExactly("account0|" + w.keys.get(0));
        assertThat(Invariants.check(w)).isNull();
    }
}
