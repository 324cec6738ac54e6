package dev.acs.testing.api;

import dev.acs.core.engine.ControlPlane;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SDK works from a class loader of its own, the way a Jenkins plugin loads it: its jars (and the code that uses
 * them) on a loader whose parent is the platform loader, with a thread context class loader that sees none of them.
 * Nothing in the SDK finds classes by name through the context or system class loader (see
 * {@link NoReflectiveLookupTest}), so nothing here needs the application class path.
 */
class IsolatedClassLoaderTest {

    @Test
    void theQuickstartRunsFromAnIsolatedClassLoader() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader isolated = new URLClassLoader("isolated-sdk", urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
             URLClassLoader unrelated = new URLClassLoader("unrelated", new URL[0], null)) {
            thread.setContextClassLoader(unrelated);
            Class<?> quickstart = isolated.loadClass(IsolatedQuickstart.class.getName());
            assertThat(quickstart.getClassLoader()).isSameAs(isolated);
            Class<?> plane = isolated.loadClass(ControlPlane.class.getName());
            assertThat(plane).as("the SDK's classes come from the isolated loader").isNotSameAs(ControlPlane.class);
            assertThat(plane.getClassLoader()).isSameAs(isolated);
            assertThat(quickstart.getMethod("run").invoke(null)).isEqualTo("READY");
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
