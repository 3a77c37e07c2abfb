package dev.cmk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The naming conventions of the exported cmk-core packages (see {@code package-info.java}): a reviewed plan is
 * performed by {@code apply}, and a key version within a key's context is its {@code String} name.
 */
class NamingConventionsTest {
    private static final List<String> EXPORTED = List.of("dev.cmk.core", "dev.cmk.core.fleet",
            "dev.cmk.core.rotation");

    static List<Class<?>> exportedPublicTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(CustomerManagedKeys.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> types = new ArrayList<>();
        for (String pkg : EXPORTED) {
            try (Stream<Path> files = Files.list(root.resolve(pkg.replace('.', '/')))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                    String simple = f.getFileName().toString().replace(".class", "");
                    if (simple.equals("package-info")) {
                        continue;
                    }
                    Class<?> c = Class.forName(pkg + "." + simple, false, CustomerManagedKeys.class.getClassLoader());
                    if (isExported(c)) {
                        types.add(c);
                    }
                }
            }
        }
        return types;
    }

    private static boolean isExported(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theScanSeesThePublicApi() throws Exception {
        assertThat(exportedPublicTypes()).contains(RevocationPlan.class, EncryptionPlan.class,
                AccountCreationPlan.class, dev.cmk.core.fleet.FleetPlan.class, dev.cmk.core.rotation.RotationStatus.class,
                dev.cmk.core.fleet.AuditRow.class).doesNotContain(EncryptionPlanner.class);
    }

    @Test
    void everyPlanIsPerformedByApply_executeIsOnlyADeprecatedAlias() throws Exception {
        List<String> undeprecatedExecute = new ArrayList<>();
        for (Class<?> c : exportedPublicTypes()) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && m.getName().equals("execute")
                        && !m.isAnnotationPresent(Deprecated.class)) {
                    undeprecatedExecute.add(c.getName() + "." + m.getName());
                }
            }
        }
        assertThat(undeprecatedExecute).isEmpty();
        for (Class<?> plan : List.of(EncryptionPlan.class, AccountCreationPlan.class, RevocationPlan.class,
                dev.cmk.core.fleet.FleetPlan.class)) {
            assertThat(Stream.of(plan.getMethods()).map(Method::getName)).as(plan.getSimpleName()).contains("apply");
        }
    }

    @Test
    void aVersionWithinAKeysContext_isItsStringName_neverAKeyReference() throws Exception {
        List<String> outliers = new ArrayList<>();
        for (Class<?> c : exportedPublicTypes()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic()
                        || !m.getName().toLowerCase(Locale.ROOT).contains("version")) {
                    continue;
                }
                List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
                types.add(m.getGenericReturnType());
                if (types.stream().anyMatch(t -> t.getTypeName().contains("KeyReference"))) {
                    outliers.add(c.getName() + "." + m.getName());
                }
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    if (rc.getName().toLowerCase(Locale.ROOT).contains("version")
                            && rc.getGenericType().getTypeName().contains("KeyReference")) {
                        outliers.add(c.getName() + "#" + rc.getName());
                    }
                }
            }
        }
        assertThat(outliers).isEmpty();
        assertThat(dev.cmk.core.rotation.RotationStatus.class.getMethod("newVersion").getGenericReturnType()
                .getTypeName()).isEqualTo("java.util.Optional<java.lang.String>");
    }
}
