package dev.acs.core.store;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoredEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who may open a {@link FileStateStore} directory and how: the lock keyed on the directory's identity whatever path
 * names it, read-only stores, owner-only files and unwritable directories.
 */
class DirectoryAccessTest {
    @TempDir
    Path tmp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** What another process meets when it opens {@code dir}: {@code OPENED n} or {@code CODE message}. */
    private String openInAnotherProcess(Path dir, boolean readOnly) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), OpenAttempt.class.getName(), dir.toString(),
                readOnly ? "read-only" : "writable").redirectError(tmp.resolve("child-stderr.txt").toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child ended").isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(out).as("child output (stderr: %s)", Files.readString(tmp.resolve("child-stderr.txt")))
                .isNotEmpty();
        return out;
    }

    private static void assertInUse(ThrowingOpen open) {
        assertThatThrownBy(open::open).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
            assertThat(e.getMessage()).contains("already open", "this process");
        });
    }

    /** An open that is expected to fail. */
    private interface ThrowingOpen {
        FileStateStore open();
    }

    @Test
    void theSameDirectoryByAnotherPathIsRefusedAndTheFirstStoreKeepsItsLock() throws Exception {
        Path dir = tmp.resolve("state");
        Path renamed = tmp.resolve("renamed");
        Path link = tmp.resolve("link");
        try (FileStateStore first = FileStateStore.open(dir)) {
            first.put("a", StateStore.ABSENT, bytes("1"));
            // the directory the first store holds, reached by paths it never saw
            Files.move(dir, renamed);
            Files.createSymbolicLink(link, renamed);
            for (Path other : List.of(renamed, link, link.resolve("."))) {
                assertInUse(() -> FileStateStore.open(other));
                assertInUse(() -> FileStateStore.builder(other).readOnly(true).open());
            }
            assertThat(openInAnotherProcess(renamed, false)).as("the first store still holds the OS lock")
                    .startsWith("INVALID_STATE").contains("pid " + ProcessHandle.current().pid());
            assertThat(openInAnotherProcess(renamed, true)).startsWith("INVALID_STATE");
            first.put("b", StateStore.ABSENT, bytes("2"));
        }
        try (FileStateStore again = FileStateStore.open(link)) {
            assertThat(again.list("")).extracting(StoredEntry::key).containsExactly("a", "b");
        }
    }

    @Test
    void theSameDirectoryThroughProcSelfFdIsRefused() throws Exception {
        Path dir = tmp.resolve("state");
        try (FileStateStore first = FileStateStore.open(dir);
             FileChannel handle = FileChannel.open(dir, StandardOpenOption.READ);
             Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            Path viaFd = descriptors.filter(p -> isSameFile(p, dir)).findFirst().orElseThrow();
            assertThat(handle.isOpen()).isTrue();
            assertInUse(() -> FileStateStore.open(viaFd));
            first.put("k", StateStore.ABSENT, bytes("v"));
            assertThat(openInAnotherProcess(dir, false)).startsWith("INVALID_STATE");
        }
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void readOnlyStoresShareTheDirectoryReadItAsItIsAndRefuseCommits() throws Exception {
        Path dir = tmp.resolve("state");
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.put("a", StateStore.ABSENT, bytes("1"));
            store.put("b", StateStore.ABSENT, bytes("2"));
        }
        // a torn tail and a leftover temporary: a read-only store reports them and changes nothing
        Path journal = StoreFiles.journal(dir, 0);
        byte[] full = Files.readAllBytes(journal);
        byte[] torn = Arrays.copyOf(full, full.length - 3);
        Files.write(journal, torn);
        Files.write(dir.resolve(StoreFiles.COMMITTED), committedAfterFirstBatch(dir));
        Path leftover = Files.write(StoreFiles.snapshotTemp(dir, 7), bytes("half"));
        Map<String, byte[]> before = contents(dir);

        try (FileStateStore reader = FileStateStore.builder(dir).readOnly(true).open();
             FileStateStore second = FileStateStore.builder(dir).readOnly(true).open()) {
            assertThat(reader.isReadOnly()).isTrue();
            assertThat(reader.toString()).contains("read-only");
            assertThat(reader.list("")).extracting(StoredEntry::key).containsExactly("a");
            assertThat(reader.recoveryReport().tornTail()).isPresent();
            assertThatThrownBy(() -> reader.put("c", StateStore.ABSENT, bytes("3")))
                    .isInstanceOfSatisfying(AcsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STORE_READ_ONLY);
                        assertThat(e.getMessage()).contains("read-only", dir.toString());
                    });
            assertInUse(() -> FileStateStore.open(dir));
            assertThat(openInAnotherProcess(dir, false)).startsWith("INVALID_STATE");
            assertThat(openInAnotherProcess(dir, true)).isEqualTo("OPENED 1");
            second.close();
            assertThat(reader.get("a")).isPresent();
            assertInUse(() -> FileStateStore.open(dir));
        }
        assertThat(contents(dir)).as("nothing changed").containsOnlyKeys(before.keySet())
                .allSatisfy((name, content) -> assertThat(content).isEqualTo(before.get(name)));
        assertThat(leftover).exists();

        try (FileStateStore writer = FileStateStore.open(dir)) {
            assertThat(writer.list("")).extracting(StoredEntry::key).containsExactly("a");
            assertInUse(() -> FileStateStore.builder(dir).readOnly(true).open());
        }
        assertThat(leftover).doesNotExist();
        assertThatThrownBy(() -> FileStateStore.builder(tmp.resolve("none")).readOnly(true).open())
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("does not exist");
                });
        assertThat(tmp.resolve("none")).doesNotExist();
    }

    /** The {@code COMMITTED} file as the first of two commits left it (rebuilt in a scratch store). */
    private byte[] committedAfterFirstBatch(Path dir) throws IOException {
        Path scratch = tmp.resolve("scratch");
        try (FileStateStore store = FileStateStore.builder(scratch).fsync(false).open()) {
            store.put("a", StateStore.ABSENT, bytes("1"));
        }
        return Files.readAllBytes(scratch.resolve(StoreFiles.COMMITTED));
    }

    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    @Test
    void theDirectoryAndEveryFileAreOwnerOnly() throws IOException {
        Path dir = tmp.resolve("parent").resolve("state");
        try (FileStateStore store = FileStateStore.builder(dir).fsync(false).compactionThreshold(512).open()) {
            for (int i = 0; i < 40; i++) {
                store.put("key-" + i, StateStore.ABSENT, new byte[64]);
            }
        }
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dir.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertThat(names).contains(StoreFiles.LOCK, StoreFiles.COMMITTED).anyMatch(n -> n.endsWith(".snap"))
                .anyMatch(n -> n.endsWith(".log"));
        for (String name : names) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir.resolve(name));
            assertThat(permissions).as(name).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void anUnwritableDirectoryIsStoreReadOnlyNotInternal() throws IOException {
        Path dir = tmp.resolve("state");
        try (FileStateStore store = FileStateStore.open(dir)) {
            store.put("a", StateStore.ABSENT, bytes("1"));
        }
        Files.delete(dir.resolve(StoreFiles.LOCK));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
        try {
            Path unwritable = unwritable(dir);
            assertThatThrownBy(() -> FileStateStore.open(unwritable)).isInstanceOfSatisfying(AcsException.class,
                    e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STORE_READ_ONLY);
                        assertThat(e.getMessage()).contains(unwritable.toString(), "not writable", "read-only");
                    });
            if (unwritable.equals(dir)) {
                try (FileStateStore reader = FileStateStore.builder(dir).readOnly(true).open()) {
                    assertThat(reader.get("a")).isPresent();
                }
            }
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /**
     * {@code dir} when this process cannot create files in it (its mode is r-x), else (a superuser ignores modes) a
     * directory whose file system refuses new files to everyone: {@code /sys/kernel}.
     */
    private static Path unwritable(Path dir) {
        for (Path candidate : List.of(dir, Path.of("/sys/kernel"))) {
            try {
                Files.delete(Files.createFile(candidate.resolve("probe")));
            } catch (IOException refused) {
                return candidate;
            }
        }
        throw new AssertionError("no unwritable directory found to test with");
    }
}
