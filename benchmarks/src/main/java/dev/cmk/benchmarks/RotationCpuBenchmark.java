package dev.cmk.benchmarks;

import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.core.rotation.RotationOptions;
import dev.cmk.core.rotation.RotationStatus;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * cmk's CPU for one rotation of a key pinned by N accounts, on the in-memory Azure (which answers in O(1) per
 * call, so the growth per dependent is cmk's own): each measured invocation runs a whole rotation (create the
 * version, move every pinned account) on a fresh fleet. Divide the score by N for the CPU per dependent;
 * {@link CpuBenchmarks} prints that.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class RotationCpuBenchmark {
    /** Pinned dependents of the key. */
    @Param({"2000", "32000"})
    public int dependents;

    /** One thread moves every account: the figure is CPU per dependent, not parallel speed-up. */
    private static final RotationOptions ONE_THREAD = RotationOptions.custom().parallelRegions(1).build();

    private Fleet fleet;
    private CustomerManagedKeys cmk;

    /** A fresh fleet for every invocation (not measured). */
    @Setup(Level.Iteration)
    public void setUp() {
        fleet = new Fleet(dependents, 4, true).pinnedToFirstVersion();
        fleet.azure.historyLimit(0);
        cmk = CustomerManagedKeys.builder().keyVaults(fleet.azure.keyVaults())
                .storageAccounts(fleet.azure.storageAccounts()).keyAccess(fleet.azure.keyAccess())
                .clock(fleet.azure.clock()).build();
    }

    /**
     * One rotation over every dependent.
     *
     * @return the status (consumed by JMH)
     */
    @Benchmark
    public RotationStatus rotate() {
        return cmk.key(fleet.key).rotation("cpu-bench", Dependents.declared(fleet.accounts)
                .acknowledgingUnlistedAccountsMayLoseAccess(), ONE_THREAD).run();
    }
}
