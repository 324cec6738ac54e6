package dev.acs.testing.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The busybox test image ({@value DockerEngine#TEST_IMAGE}): imported into an engine with {@code docker import} from a
 * root file system made of the machine's static busybox, or copied from another engine ({@code docker save | docker
 * load}) so that both hold it under the same image id.
 */
final class TestImage {
    private TestImage() {
    }

    /** Imports the image into {@code engine} (its root file system is built in the engine's directory). */
    static void importInto(DockerEngine engine) {
        Path busybox = Tools.busybox();
        Path rootfs = engine.directory().resolve("busybox-rootfs");
        try {
            Files.createDirectories(rootfs.resolve("bin"));
            Files.copy(busybox, rootfs.resolve("bin/busybox"));
            rootfs.resolve("bin/busybox").toFile().setExecutable(true, false);
            String applets = Tools.run(List.of(busybox.toString(), "--list"), null, 30)
                    .orFail(List.of(busybox.toString(), "--list"));
            for (String applet : applets.lines().map(String::strip).toList()) {
                if (!applet.isEmpty() && !applet.equals("busybox") && !applet.contains("/")) {
                    Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
                }
            }
            for (String d : List.of("tmp", "etc", "root", "var/www", "proc", "sys", "dev")) {
                Files.createDirectories(rootfs.resolve(d));
            }
            Files.setPosixFilePermissions(rootfs.resolve("tmp"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n"
                    + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
            Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
            Path tar = Tools.require("tar", "tar");
            Process tarring = new ProcessBuilder(tar.toString(), "-C", rootfs.toString(), "-c", ".")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (InputStream archive = tarring.getInputStream()) {
                engine.dockerWithInput(archive, "import", "--change", "CMD [\"sh\"]", "-", DockerEngine.TEST_IMAGE);
            }
            if (tarring.waitFor() != 0) {
                throw new IllegalStateException("tar of the busybox root file system failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("building the busybox test image failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while importing the test image", e);
        } finally {
            Tools.deleteTree(rootfs);
        }
    }

    /** Copies the image of {@code source} (imported there first when needed) into {@code target}. */
    static void copy(DockerEngine source, DockerEngine target) {
        String image = source.testImage();
        try {
            Process saving = new ProcessBuilder(Tools.require("docker", "the docker CLI").toString(), "--host",
                    source.socketEndpoint(), "save", image).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (InputStream archive = saving.getInputStream()) {
                target.dockerWithInput(archive, "load", "-q");
            }
            if (saving.waitFor() != 0) {
                throw new IllegalStateException("docker save " + image + " on " + source.name() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying the test image to " + target.name() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying the test image to " + target.name(), e);
        }
    }
}
