package dev.cmk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code <pre>{@code ...}} example in the library modules' Javadoc is taken from a compiled
 * {@code examples/.../snippets/*JavaDocCodeSnippets.java} source, so every example compiles.
 */
class JavaDocSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> LIBRARIES = List.of("cmk-api", "cmk-core", "cmk-testkit", "cmk-azure",
            "cmk-azure-testkit");
    private static final Path SNIPPETS = Path.of("src/main/java/dev/cmk/examples/snippets");

    @Test
    void everyJavadocCodeBlockIsInACompiledSnippet() {
        String snippets = normalise(snippetSources());
        List<String> missing = new ArrayList<>();
        int blocks = 0;
        for (Path source : librarySources()) {
            for (String block : codeBlocks(read(source))) {
                blocks++;
                if (!snippets.contains(normalise(block))) {
                    missing.add(ROOT.relativize(source) + ":\n" + block);
                }
            }
        }
        assertThat(blocks).as("Javadoc code blocks found").isGreaterThanOrEqualTo(10);
        assertThat(missing).as("Javadoc examples not found in examples/.../snippets (copy them from there)")
                .isEmpty();
    }

    @Test
    void aBlockThatIsNotInASnippet_isReported() {
        String source = """
                /**
                 * Example.
                 *
                 * <pre>{@code
                 * Foo foo = Foo.parse("x");
                 *     foo.bar();
                 * }</pre>
                 */
                """;
        assertThat(codeBlocks(source)).containsExactly("Foo foo = Foo.parse(\"x\");\n    foo.bar();");
        assertThat(normalise("class S { void m() { Foo foo = Foo.parse(\"x\");\n foo.bar(); } }"))
                .contains(normalise(codeBlocks(source).get(0)));
        assertThat(normalise("class S { void m() { Foo foo = Foo.parse(\"y\"); foo.bar(); } }"))
                .doesNotContain(normalise(codeBlocks(source).get(0)));
    }

    /** The body of each {@code <pre>{@code ... }</pre>} block, without the leading {@code " * "} of each line. */
    static List<String> codeBlocks(String source) {
        List<String> blocks = new ArrayList<>();
        int from = 0;
        while (true) {
            int start = source.indexOf("<pre>{@code", from);
            if (start < 0) {
                return blocks;
            }
            int end = source.indexOf("}</pre>", start);
            String raw = source.substring(start + "<pre>{@code".length(), end);
            blocks.add(raw.lines().map(l -> l.replaceFirst("^\\s*\\* ?", "")).collect(Collectors.joining("\n"))
                    .strip());
            from = end;
        }
    }

    /** Drops all whitespace, so that indentation and where a line is broken do not matter. */
    static String normalise(String code) {
        return code.replaceAll("\\s+", "");
    }

    private static String snippetSources() {
        try (Stream<Path> files = Files.list(SNIPPETS)) {
            List<Path> sources = files.filter(p -> p.getFileName().toString().endsWith("JavaDocCodeSnippets.java"))
                    .sorted().toList();
            assertThat(sources).hasSize(5);
            return sources.stream().map(JavaDocSnippetsTest::read).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> librarySources() {
        List<Path> all = new ArrayList<>();
        for (String module : LIBRARIES) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(all::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
