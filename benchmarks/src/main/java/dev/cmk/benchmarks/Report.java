package dev.cmk.benchmarks;

import java.util.Locale;

/** Prints a report: a title, the command that reproduces it, then one figure per line. */
final class Report {
    private final StringBuilder out = new StringBuilder();

    Report(String title, String command) {
        out.append("== ").append(title).append('\n').append("   reproduce: ").append(command).append('\n');
    }

    Report figure(String name, String value) {
        out.append(String.format(Locale.ROOT, "   %-44s %s%n", name, value));
        return this;
    }

    Report figure(String name, double value, String unit) {
        return figure(name, String.format(Locale.ROOT, "%,.3f %s", value, unit));
    }

    Report figure(String name, long value) {
        return figure(name, String.format(Locale.ROOT, "%,d", value));
    }

    void print() {
        System.out.print(out);
        System.out.flush();
    }

    static String command(String mainClass, String mavenOpts, String... args) {
        return (mavenOpts == null ? "" : "MAVEN_OPTS=" + mavenOpts + " ")
                + "mvn -B -q -pl benchmarks -am test-compile exec:java -Dexec.skip=true "
                + "-Dexec.mainClass=dev.cmk.benchmarks." + mainClass
                + (args.length == 0 ? "" : " -Dexec.args=\"" + String.join(" ", args) + "\"");
    }
}
