package dev.cmk.benchmarks;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks of this module (in a forked JVM, as JMH should) and prints cmk's CPU per rotation
 * dependent at each size and its growth. Works under {@code mvn exec:java}: the forked JVM gets the project's
 * class path, taken from the class loader exec:java runs it in.
 *
 * <p>Arguments: JMH's own command line (for example {@code RotationCpu -wi 1 -i 3}); with none, every benchmark
 * of the class {@link RotationCpuBenchmark} runs with its annotated warmup and measurement.
 */
public final class CpuBenchmarks {
    private CpuBenchmarks() {
    }

    /**
     * Runs the benchmarks and prints the report.
     *
     * @param args JMH command-line options, optional
     * @throws RunnerException if JMH fails
     * @throws CommandLineOptionException if the arguments are not JMH options
     */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        exposeClassPath();
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(cli);
        builder.shouldDoGC(true); // a full GC between iterations: the previous fleet's garbage is not measured
        if (cli.getIncludes().isEmpty()) {
            builder.include(RotationCpuBenchmark.class.getSimpleName());
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();
        Map<Integer, double[]> perDependent = new TreeMap<>();
        for (RunResult r : results) {
            String n = r.getParams().getParam("dependents");
            if (n != null) {
                int dependents = Integer.parseInt(n);
                var stats = r.getPrimaryResult().getStatistics();
                perDependent.put(dependents, new double[] {stats.getMean() * 1000.0 / dependents,
                        stats.getMin() * 1000.0 / dependents});
            }
        }
        Report report = new Report("cmk CPU per rotation dependent (in-memory Azure, JMH single-shot, 1 fork)",
                Report.command("CpuBenchmarks", null, args));
        perDependent.forEach((n, us) -> report.figure("per dependent at " + n + " (mean; best)",
                String.format(java.util.Locale.ROOT, "%,.1f µs; %,.1f µs", us[0], us[1])));
        if (perDependent.size() >= 2) {
            List<double[]> v = new ArrayList<>(perDependent.values());
            report.figure("growth, largest / smallest (mean; best)", String.format(java.util.Locale.ROOT,
                    "%.2fx; %.2fx", v.get(v.size() - 1)[0] / v.get(0)[0], v.get(v.size() - 1)[1] / v.get(0)[1]));
        }
        report.print();
    }

    /** JMH forks with {@code java.class.path}; under exec:java that is Maven's, so set it to the project's. */
    private static void exposeClassPath() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        List<String> entries = new ArrayList<>();
        while (cl != null) {
            if (cl instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        entries.add(new File(url.getPath()).getAbsolutePath());
                    }
                }
            }
            cl = cl.getParent();
        }
        if (!entries.isEmpty()) {
            System.setProperty("java.class.path", String.join(File.pathSeparator, entries));
        }
    }
}
