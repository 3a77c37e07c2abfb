package dev.cmk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The published artifacts stay consistent with the build: the BOM manages every library module at the build's
 * version, every library module packages sources and javadoc jars, and the license file exists.
 */
class PublishingTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void bomManagesEveryLibraryModuleAtTheBuildVersion() throws Exception {
        Document parent = read(ROOT.resolve("pom.xml"));
        String version = child(parent.getDocumentElement(), "version");
        List<String> libraries = libraryModules(parent);
        assertThat(libraries).contains("cmk-api", "cmk-core", "cmk-testkit", "cmk-azure", "cmk-azure-testkit");

        Document bom = read(ROOT.resolve("cmk-bom/pom.xml"));
        assertThat(child(bom.getDocumentElement(), "version")).isEqualTo(version);
        assertThat(child(bom.getDocumentElement(), "packaging")).isEqualTo("pom");
        NodeList deps = bom.getElementsByTagName("dependency");
        List<String> managed = new ArrayList<>();
        for (int i = 0; i < deps.getLength(); i++) {
            Element dep = (Element) deps.item(i);
            assertThat(child(dep, "groupId")).isEqualTo("dev.cmk");
            assertThat(child(dep, "version")).as(child(dep, "artifactId")).isEqualTo(version);
            managed.add(child(dep, "artifactId"));
        }
        assertThat(managed).containsExactlyInAnyOrderElementsOf(libraries);
    }

    @Test
    void everyLibraryModulePackagesSourcesAndJavadoc() throws Exception {
        for (String module : libraryModules(read(ROOT.resolve("pom.xml")))) {
            String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
            assertThat(pom).as(module).contains("<artifactId>maven-source-plugin</artifactId>")
                    .contains("<artifactId>maven-javadoc-plugin</artifactId>").contains("<goal>jar</goal>");
        }
    }

    @Test
    void licenseAndScmMetadataArePresent() throws Exception {
        assertThat(Files.readString(ROOT.resolve("LICENSE"))).contains("Apache License").contains("Version 2.0");
        Element project = read(ROOT.resolve("pom.xml")).getDocumentElement();
        assertThat(project.getElementsByTagName("license").getLength()).isEqualTo(1);
        assertThat(project.getElementsByTagName("scm").getLength()).isEqualTo(1);
        assertThat(project.getElementsByTagName("developer").getLength()).isPositive();
    }

    @Test
    void internalsAreNotExported_exceptToCmksOwnModules() {
        Map<String, ModuleDescriptor> modules = new TreeMap<>();
        for (String library : List.of("cmk-api", "cmk-core", "cmk-testkit", "cmk-azure", "cmk-azure-testkit")) {
            // built by the same reactor run (mvn verify); absent only when examples is built on its own
            assumeTrue(Files.exists(ROOT.resolve(library).resolve("target/classes/module-info.class")),
                    library + " is not built in this run");
            ModuleFinder.of(ROOT.resolve(library).resolve("target/classes")).findAll()
                    .forEach(ref -> modules.put(ref.descriptor().name(), ref.descriptor()));
        }
        assertThat(modules).hasSize(5);
        Set<String> own = modules.keySet();
        for (ModuleDescriptor m : modules.values()) {
            for (ModuleDescriptor.Exports e : m.exports()) {
                boolean internal = e.source().contains(".internal") || e.source().endsWith(".validation");
                if (internal) {
                    assertThat(e.isQualified()).as(m.name() + " exports " + e.source() + " to everyone").isTrue();
                    assertThat(own).as(e.source() + " is exported only to cmk's modules")
                            .containsAll(e.targets());
                }
            }
        }
        assertThat(modules.get("dev.cmk.core").exports()).noneMatch(e -> e.source().equals("dev.cmk.core.validation"));
        assertThat(modules.get("dev.cmk.api").exports()).anyMatch(e -> e.source().equals("dev.cmk.api.internal")
                && e.isQualified());
    }

    /** Every module of the reactor except the BOM, the examples and the benchmarks is a published library. */
    private static List<String> libraryModules(Document parent) {
        NodeList modules = parent.getElementsByTagName("module");
        List<String> result = new ArrayList<>();
        for (int i = 0; i < modules.getLength(); i++) {
            String m = modules.item(i).getTextContent().trim();
            if (!m.equals("cmk-bom") && !m.equals("examples") && !m.equals("benchmarks")) {
                result.add(m);
            }
        }
        return result;
    }

    private static Document read(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    /** The text of {@code parent}'s direct child element {@code name}. */
    private static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
    }
}
