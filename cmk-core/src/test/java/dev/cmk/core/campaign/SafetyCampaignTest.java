package dev.cmk.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The fault-injection campaign: random seeded schedules of configure, rotate, retire, revoke, restore and
 * back-to-Microsoft-managed over four accounts sharing two keys, with throttling (with and without Retry-After),
 * 409s, 5xx, timeouts, writes whose answer is lost after they took effect, and crashes. After every step:
 * invariants 1-4. At the end: the faulted run converged to the same state as the same schedule run without faults.
 * Runs {@code cmk.campaign.schedules} schedules (2,000 in CI; run 100,000 locally with
 * {@code mvn -pl cmk-core test -Dtest=SafetyCampaignTest -Dcmk.campaign.schedules=100000}). A failure prints the
 * seed and a shrunk reproduction. The model is shared with cmk-azure-testkit's full-stack campaign.
 */
class SafetyCampaignTest {
    private static final int LENGTH = 24;

    @Test
    void safetyInvariantsHoldUnderFaultsAndCrashes() throws IOException {
        int schedules = Integer.getInteger("cmk.campaign.schedules", 2000);
        long base = Long.getLong("cmk.campaign.seed", 20261122L);
        Campaign.Result result = Campaign.runAll("Safety campaign", schedules, base, LENGTH, null);
        System.out.println(result.report());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "campaign-report.txt"), result.report() + "\n"
                + String.join("\n", result.failures()));
        assertThat(result.failures()).as(result.report()).isEmpty();
    }
}
