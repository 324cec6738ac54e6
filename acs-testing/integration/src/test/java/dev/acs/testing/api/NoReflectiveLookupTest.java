package dev.acs.testing.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hosts with class loaders of their own (Jenkins plugins) break libraries that find classes by name through the
 * thread context or system class loader. No library module does: no compiled class refers to {@code ServiceLoader},
 * {@code Class.forName}, {@code ClassLoader.loadClass}, the context class loader or the system class loader. A module
 * that needs one must take the {@code ClassLoader} from its caller, and then be listed here with the reason.
 */
class NoReflectiveLookupTest {
    private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    private static final List<String> LOOKUPS = List.of("java/util/ServiceLoader", "forName", "getContextClassLoader",
            "getSystemClassLoader", "loadClass");

    @ParameterizedTest
    @ValueSource(strings = {"acs-core", "acs-compose", "acs-scheduler", "acs-cloud/sim", "acs-cloud/docker", "acs-cloud/swarm",
            "acs-cloud/aliyun", "acs-cloud/tls", "acs-cloud/haproxy", "acs-testing/contracts", "acs-testing/docker", "acs-testing/ecs",
            "acs-store-etcd", "acs-testing/etcd"})
    void noLibraryClassLooksClassesUpByName(String module) throws IOException {
        Path classes = ROOT.resolve(module).resolve("target/classes");
        assertThat(classes).as("compiled classes of " + module).isDirectory();
        List<String> found = new ArrayList<>();
        int read = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                // Names of referenced classes and methods are plain UTF-8 entries of the constant pool.
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                read++;
                for (String lookup : LOOKUPS) {
                    if (text.contains(lookup)) {
                        found.add(classes.relativize(p) + " refers to " + lookup);
                    }
                }
            }
        }
        assertThat(read).as("classes read in " + module).isPositive();
        assertThat(found).as("lookups by name in " + module).isEmpty();
    }
}
