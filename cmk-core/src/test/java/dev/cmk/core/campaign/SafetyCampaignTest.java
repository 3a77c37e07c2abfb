package dev.cmk.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fault-injection campaign: random seeded schedules of configure, rotate, retire, revoke, restore and
 * back-to-Microsoft-managed over four accounts sharing two keys, with throttling, 409s, 5xx, timeouts and crashes.
 * After every step: invariants 1-4. At the end: the faulted run converged to the same state as the same schedule
 * run without faults. Runs {@code cmk.campaign.schedules} schedules (2,000 in CI; run 100,000 locally with
 * {@code mvn -pl cmk-core test -Dtest=SafetyCampaignTest -Dcmk.campaign.schedules=100000}). A failure prints the
 * seed and a shrunk reproduction.
 */
class SafetyCampaignTest {
    private static final int LENGTH = 24;

    @Test
    void safetyInvariantsHoldUnderFaultsAndCrashes() throws IOException {
        int schedules = Integer.getInteger("cmk.campaign.schedules", 2000);
        long base = Long.getLong("cmk.campaign.seed", 20261122L);
        Campaign campaign = new Campaign();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < schedules && failures.size() < 3; i++) {
            long seed = base + i;
            List<Step> schedule = Campaign.schedule(seed, LENGTH);
            String failure = runOnce(campaign, seed, schedule);
            if (failure != null) {
                List<Step> minimal = shrink(seed, schedule);
                failures.add("seed " + seed + ": " + failure + "\n  minimal reproduction ("
                        + minimal.size() + " steps, replay with -Dcmk.campaign.seed=" + seed
                        + " -Dcmk.campaign.schedules=1):\n    " + String.join("\n    ",
                        minimal.stream().map(Step::toString).toList()));
            }
        }
        String report = "Safety campaign: " + schedules + " schedules, " + campaign.steps + " steps, "
                + campaign.faultsInjected + " faults injected, " + campaign.crashes + " crashes, "
                + failures.size() + " invariant violations";
        System.out.println(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "campaign-report.txt"), report + "\n" + String.join("\n", failures));
        assertThat(failures).as(report).isEmpty();
    }

    /** Runs with faults, then without, and compares end states; null when everything held. */
    private static String runOnce(Campaign campaign, long seed, List<Step> schedule) {
        Campaign.World faulted = new Campaign.World(seed);
        String violation = campaign.run(seed, schedule, faulted, true);
        if (violation != null) {
            return violation;
        }
        Campaign.World clean = new Campaign.World(seed);
        String cleanViolation = new Campaign().run(seed, schedule, clean, false);
        if (cleanViolation != null) {
            return "(fault-free run) " + cleanViolation;
        }
        Map<String, String> a = Campaign.endState(faulted);
        Map<String, String> b = Campaign.endState(clean);
        return a.equals(b) ? null : "invariant 3: the faulted run ended in " + a + " but the fault-free run in " + b;
    }

    /** Greedily drops steps while the schedule still fails. */
    private static List<Step> shrink(long seed, List<Step> schedule) {
        List<Step> current = new ArrayList<>(schedule);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < current.size(); i++) {
                List<Step> candidate = new ArrayList<>(current);
                candidate.remove(i);
                if (runOnce(new Campaign(), seed, candidate) != null) {
                    current = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }
}
