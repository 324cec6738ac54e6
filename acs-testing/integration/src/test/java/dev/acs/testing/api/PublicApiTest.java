package dev.acs.testing.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guards the public API: every public and protected signature of each library module is listed in a committed file,
 * {@code <module>/api/<artifact>.api}, and this test fails when the compiled classes say otherwise. An API change
 * is then deliberate and reviewable: run this test with {@code -Dacs.api.update=true} to rewrite the files and commit
 * them with the change. Packages named {@code internal} are not API and are not listed.
 */
class PublicApiTest {
    private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();

    @ParameterizedTest
    @ValueSource(strings = {"acs-core", "acs-compose", "acs-scheduler", "acs-cloud/sim", "acs-cloud/docker", "acs-cloud/swarm",
            "acs-cloud/aliyun", "acs-cloud/tls", "acs-cloud/haproxy", "acs-micrometer", "acs-testing/contracts", "acs-testing/docker", "acs-testing/ecs",
            "acs-store-etcd", "acs-testing/etcd"})
    void theCompiledApiIsTheCommittedOne(String module) throws Exception {
        Path classes = ROOT.resolve(module).resolve("target/classes");
        assertThat(classes).as("compiled classes of " + module).isDirectory();
        String artifact = artifactOf(module);
        Path dump = ROOT.resolve(module).resolve("api").resolve(artifact + ".api");
        List<String> actual = dump(classes);
        assertThat(actual).as("public API of " + module).isNotEmpty();
        if (Boolean.getBoolean("acs.api.update")) {
            Files.createDirectories(dump.getParent());
            Files.writeString(dump, String.join("\n", actual) + "\n", StandardCharsets.UTF_8);
        }
        assertThat(dump).as("the API dump of " + module + "; create it with -Dacs.api.update=true").exists();
        List<String> committed = Files.readAllLines(dump, StandardCharsets.UTF_8);
        Set<String> added = new LinkedHashSet<>(actual);
        committed.forEach(added::remove);
        Set<String> removed = new LinkedHashSet<>(committed);
        actual.forEach(removed::remove);
        assertThat(added).as("signatures in " + module + " that " + ROOT.relativize(dump) + " does not list: an API"
                + " change must update the dump in the same commit (run PublicApiTest with -Dacs.api.update=true)")
                .isEmpty();
        assertThat(removed).as("signatures listed in " + ROOT.relativize(dump) + " that " + module + " no longer has:"
                + " an API change must update the dump in the same commit (run PublicApiTest with"
                + " -Dacs.api.update=true)").isEmpty();
    }

    /**
     * A public record's canonical constructor changes with every new component, so a type that may grow is
     * builder-built instead (a final class keeping its fields in a private record, with a {@code Builder}): no public
     * record of a library module has {@value #MAX_RECORD_COMPONENTS} or more components.
     */
    @ParameterizedTest
    @ValueSource(strings = {"acs-core", "acs-compose", "acs-scheduler", "acs-cloud/sim", "acs-cloud/docker", "acs-cloud/swarm",
            "acs-cloud/aliyun", "acs-cloud/tls", "acs-cloud/haproxy", "acs-micrometer", "acs-testing/contracts", "acs-testing/docker", "acs-testing/ecs",
            "acs-store-etcd", "acs-testing/etcd"})
    void wideTypesAreBuilderBuiltNotRecords(String module) throws Exception {
        Path classes = ROOT.resolve(module).resolve("target/classes");
        List<String> wide = new ArrayList<>();
        for (String name : classNames(classes)) {
            Class<?> type = Class.forName(name, false, PublicApiTest.class.getClassLoader());
            if (type.isRecord() && visible(type) && type.getRecordComponents().length >= MAX_RECORD_COMPONENTS) {
                wide.add(name + " (" + type.getRecordComponents().length + " components)");
            }
        }
        assertThat(wide).as("public records of " + module + " too wide to grow without breaking callers").isEmpty();
    }

    private static final int MAX_RECORD_COMPONENTS = 10;

    private static List<String> classNames(Path classes) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                String rel = classes.relativize(p).toString();
                names.add(rel.substring(0, rel.length() - ".class".length()).replace('/', '.'));
            });
        }
        names.removeIf(n -> n.endsWith("package-info") || n.endsWith("module-info") || n.contains(".internal."));
        return names;
    }

    private static String artifactOf(String module) throws IOException {
        String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
        int parentEnd = pom.indexOf("</parent>");
        int start = pom.indexOf("<artifactId>", parentEnd) + "<artifactId>".length();
        return pom.substring(start, pom.indexOf("</artifactId>", start)).strip();
    }

    /** Every public or protected signature under {@code classes}, one per line, sorted. */
    static List<String> dump(Path classes) throws IOException, ClassNotFoundException {
        Set<String> out = new TreeSet<>();
        ClassLoader loader = PublicApiTest.class.getClassLoader();
        for (String name : classNames(classes)) {
            Class<?> type = Class.forName(name, false, loader);
            if (!visible(type)) {
                continue;
            }
            String owner = type.getName();
            out.add(owner + " : " + declaration(type));
            for (Field f : type.getDeclaredFields()) {
                if (exposed(f) && !f.isSynthetic()) {
                    out.add(owner + " : " + f.toGenericString());
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (exposed(c) && !c.isSynthetic()) {
                    out.add(owner + " : " + c.toGenericString());
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (exposed(m) && !m.isSynthetic() && !m.isBridge()) {
                    out.add(owner + " : " + m.toGenericString());
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** A type a caller can name: public or protected, and so is every type enclosing it; not anonymous or local. */
    private static boolean visible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (t.isAnonymousClass() || t.isLocalClass() || t.isSynthetic()) {
                return false;
            }
            int m = t.getModifiers();
            if (!Modifier.isPublic(m) && !(t != type.getNestHost() && Modifier.isProtected(m))) {
                return false;
            }
        }
        return true;
    }

    private static boolean exposed(Member member) {
        int m = member.getModifiers();
        boolean finalClass = Modifier.isFinal(member.getDeclaringClass().getModifiers());
        return Modifier.isPublic(m) || Modifier.isProtected(m) && !finalClass
                || member instanceof Executable e && e.getDeclaringClass().isInterface() && !Modifier.isPrivate(m);
    }

    private static String declaration(Class<?> type) {
        StringBuilder s = new StringBuilder(type.toGenericString());
        if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum()
                && !type.isRecord()) {
            s.append(" extends ").append(type.getGenericSuperclass().getTypeName());
        }
        if (type.getGenericInterfaces().length > 0) {
            s.append(type.isInterface() ? " extends " : " implements ");
            s.append(String.join(", ", Arrays.stream(type.getGenericInterfaces()).map(t -> t.getTypeName()).toList()));
        }
        return s.toString();
    }
}
