package dev.cmk.examples;

import dev.cmk.api.StorageAccountId;
import dev.cmk.azure.testkit.WireFake;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.fleet.ApplyOptions;
import dev.cmk.core.fleet.DesiredState;
import dev.cmk.core.fleet.FailurePolicy;
import dev.cmk.core.fleet.FleetApplyReport;
import dev.cmk.core.fleet.FleetCancellation;
import dev.cmk.core.fleet.FleetPlan;
import dev.cmk.core.fleet.FleetProgress;
import dev.cmk.core.fleet.FleetProgressListener;
import dev.cmk.core.fleet.FleetScope;
import dev.cmk.testkit.InMemoryAzure;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Put a fleet under a customer-managed key: plan it for every matching account, print the diff summary, apply it
 * with a console progress bar (done/total, failed, throttled, ETA), and print exactly what was written and what
 * was not. Writes are paced per subscription and region by the Azure adapter; regions run in parallel. Running it
 * again writes nothing.
 */
public final class ApplyFleet {
    private ApplyFleet() {
    }

    /**
     * Plans, prints the plan, applies with a progress bar and prints the report.
     *
     * @param cmk the entry point
     * @param scope the subscriptions or resource groups (and filter)
     * @param desired the desired state
     * @param cancellation lets another thread (a Ctrl-C handler, say) cancel the run
     * @param out where the plan, the bar and the report go
     * @return the report
     */
    public static FleetApplyReport run(CustomerManagedKeys cmk, FleetScope scope, DesiredState desired,
                                       FleetCancellation cancellation, PrintStream out) {
        FleetPlan plan = cmk.fleet().plan(scope, desired);
        out.print(plan);
        FleetApplyReport report = plan.apply(ApplyOptions.of(FailurePolicy.CONTINUE).cancellation(cancellation)
                .listener(new ProgressBar(out, 30)));
        out.print(report);
        return report;
    }

    /** Renders progress events as one console line, redrawn in place with a carriage return. */
    public static final class ProgressBar implements FleetProgressListener {
        private final PrintStream out;
        private final int width;

        /**
         * A bar of the given width.
         *
         * @param out where to draw
         * @param width the number of cells
         */
        public ProgressBar(PrintStream out, int width) {
            this.out = out;
            this.width = width;
        }

        /**
         * The bar for one event, without the carriage return.
         *
         * @param p the event
         * @return for example {@code [###############...............]  10/20  50%  failed 0  throttled 0  ETA 1 s}
         */
        public String render(FleetProgress p) {
            int filled = (int) Math.round(p.fraction() * width);
            return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + String.format(Locale.ROOT,
                    "%d/%d  %3d%%  failed %d  throttled %d  ETA %s", p.done(), p.total(),
                    Math.round(p.fraction() * 100), p.failed(), p.throttled(), p.eta().map(d -> d.toSeconds()
                            + " s").orElse("-"));
        }

        @Override
        public void onProgress(FleetProgress p) {
            out.print("\r" + render(p));
            if (p.done() == p.total()) {
                out.println();
            }
            out.flush();
        }
    }

    /**
     * Runs the example: 60 accounts over two regions, through the real Azure SDK over the wire-level fake (so the
     * adapter's pacing runs on the virtual clock and the ETA is meaningful), then a second run that writes nothing.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Sandbox sandbox = new Sandbox();
        for (int i = 0; i < 60; i++) {
            StorageAccountId id = sandbox.azure.account(String.format("contoso%03d", i))
                    .location(i % 2 == 0 ? "westeurope" : "northeurope").systemAssignedIdentity().create();
            sandbox.azure.grantAccess(sandbox.key, sandbox.azure.systemPrincipal(id));
        }
        CustomerManagedKeys cmk = WireFake.over(sandbox.azure).adapter().build();
        FleetScope scope = FleetScope.parse("/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION);
        run(cmk, scope, DesiredState.customerManagedKey(sandbox.key), new FleetCancellation(), System.out);
        System.out.println("\nSecond run:");
        run(cmk, scope, DesiredState.customerManagedKey(sandbox.key), new FleetCancellation(), System.out);
    }
}
