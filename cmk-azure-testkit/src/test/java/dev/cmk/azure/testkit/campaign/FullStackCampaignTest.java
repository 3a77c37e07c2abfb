package dev.cmk.azure.testkit.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cmk.azure.testkit.WireFake;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.campaign.Campaign;
import dev.cmk.core.campaign.Step;
import dev.cmk.testkit.InMemoryAzure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The safety campaign through every layer: the same seeded schedules, steps and invariants as cmk-core's
 * in-memory campaign, but cmk runs as {@code AzureCustomerManagedKeys} over the real Azure SDK clients and
 * {@link WireFake}, with the adapter's own retries and pacing on the virtual clock. Faults strike at two levels
 * in every faulted step, both seeded by the step alone: HTTP (429 with and without Retry-After, 409, 500, 503,
 * read timeouts, connection resets, and writes applied and then answered 5xx, timed out or reset) and in the
 * in-memory providers behind the fake (the same kinds, plus simulated crashes between requests).
 *
 * <p>Runs {@code cmk.fullstack.schedules} schedules (500 in CI); locally
 * {@code mvn -pl cmk-azure-testkit -am test -Dtest=FullStackCampaignTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcmk.fullstack.schedules=20000}. A failure prints the seed and a shrunk reproduction; replay one seed with
 * {@code -Dcmk.fullstack.seed=<seed> -Dcmk.fullstack.schedules=1}.
 */
class FullStackCampaignTest {
    static final int LENGTH = 16;

    /** The layer: the Azure adapter over the SDK and a wire fake over the world's Azure. */
    static Campaign.Layer wire(InMemoryAzure azure) {
        return layer(azure, fake -> fake);
    }

    /** The layer, with the adapter's HTTP client derived from the fake (the fake itself, or a wrapper). */
    static Campaign.Layer layer(InMemoryAzure azure,
                                java.util.function.Function<WireFake, com.azure.core.http.HttpClient> transport) {
        WireFake fake = WireFake.over(azure);
        com.azure.core.http.HttpClient http = transport.apply(fake);
        return new Campaign.Layer() {
            @Override
            public CustomerManagedKeys cmk() {
                return fake.adapter().httpClient(http).build();
            }

            @Override
            public void arm(Step step) {
                fake.faults().reseed(Long.rotateLeft(step.faultSeed(), 17)).random(step.faultRate());
            }

            @Override
            public void disarm() {
                fake.faults().clear();
            }

            @Override
            public long injected() {
                return fake.faults().injected();
            }

            @Override
            public Set<Integer> lostWriteEvents() {
                return fake.faults().lostResponses().stream().map(l -> l.historyIndex() - 1)
                        .collect(Collectors.toSet());
            }
        };
    }

    /**
     * A seeded bug: a transport under the adapter that re-sends a key creation whose answer it did not get (as the
     * SDK's own retry policy would if the adapter did not switch it off). The campaign must catch it.
     */
    @Test
    void catchesASeededBug_aBlindRetryOfVersionCreation() {
        long base = Long.getLong("cmk.fullstack.seed", 20261130L);
        int limit = 300;
        String caught = null;
        int schedule = 0;
        Campaign campaign = new Campaign();
        for (; schedule < limit && caught == null; schedule++) {
            caught = Campaign.runOnce(campaign, base + schedule, Campaign.schedule(base + schedule, LENGTH),
                    FullStackCampaignTest::blindlyRetryingCreation);
        }
        System.out.println("Full-stack campaign, seeded bug (blind retry of a version creation): "
                + (caught == null ? "not caught in " + limit + " schedules" : "caught at schedule " + schedule
                + " (seed " + (base + schedule - 1) + "): " + caught));
        assertThat(caught).as("the seeded bug is caught within " + limit + " schedules").isNotNull()
                .contains("created more than one version");
    }

    static Campaign.Layer blindlyRetryingCreation(InMemoryAzure azure) {
        return layer(azure, BlindRetry::new);
    }

    /** Re-sends a key creation once when its answer is a 5xx or never arrives: the seeded bug. */
    private record BlindRetry(WireFake fake) implements com.azure.core.http.HttpClient {
        @Override
        public reactor.core.publisher.Mono<com.azure.core.http.HttpResponse> send(
                com.azure.core.http.HttpRequest request) {
            return reactor.core.publisher.Mono.fromCallable(() -> sendSync(request, com.azure.core.util.Context.NONE));
        }

        @Override
        public com.azure.core.http.HttpResponse sendSync(com.azure.core.http.HttpRequest request,
                                                         com.azure.core.util.Context context) {
            boolean creation = request.getUrl().getPath().endsWith("/create");
            try {
                com.azure.core.http.HttpResponse r = fake.sendSync(request, context);
                return creation && r.getStatusCode() >= 500 ? fake.sendSync(request, context) : r;
            } catch (RuntimeException lost) {
                if (creation) {
                    return fake.sendSync(request, context);
                }
                throw lost;
            }
        }
    }

    @Test
    void safetyInvariantsHoldThroughTheAdapterSdkAndWire() throws IOException {
        int schedules = Integer.getInteger("cmk.fullstack.schedules", 500);
        long base = Long.getLong("cmk.fullstack.seed", 20261130L);
        long started = System.nanoTime();
        Campaign.Result result = Campaign.runAll("Full-stack campaign", schedules, base, LENGTH,
                FullStackCampaignTest::wire);
        String report = result.report() + String.format(" (%.1f s)", (System.nanoTime() - started) / 1e9);
        System.out.println(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "fullstack-campaign-report.txt"), report + "\n"
                + String.join("\n", result.failures()));
        assertThat(result.failures()).as(report).isEmpty();
    }
}
