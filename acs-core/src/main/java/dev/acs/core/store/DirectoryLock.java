package dev.acs.core.store;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock on a store directory: an OS file lock on its {@code LOCK} file, which also names the process
 * holding it. The OS releases the lock when the process dies, so a crash never leaves a directory locked.
 *
 * <p>Stores of this JVM are also tracked in a set of locked directories, checked before the file is touched: on
 * POSIX systems closing any descriptor of a file drops every lock the process holds on it, so a second, failed
 * attempt in the same process must never open the lock file.
 */
final class DirectoryLock implements Closeable {
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dir}, or fails with {@code INVALID_STATE} when another store (in any process) holds it. */
    static DirectoryLock acquire(Path directory) throws IOException {
        Path dir = directory.toRealPath();
        if (!HELD_IN_THIS_JVM.add(dir)) {
            throw inUse(dir, "this process, pid " + ProcessHandle.current().pid());
        }
        try {
            return lock(dir);
        } catch (IOException | RuntimeException e) {
            HELD_IN_THIS_JVM.remove(dir);
            throw e;
        }
    }

    private static DirectoryLock lock(Path dir) throws IOException {
        Path file = dir.resolve(StoreFiles.LOCK);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw inUse(dir, holder(file));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            return new DirectoryLock(dir, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static AcsException inUse(Path dir, String holder) {
        return new AcsException(ErrorCode.INVALID_STATE, "state directory " + dir + " is already open in another"
                + " FileStateStore (" + holder + "): close that store first, or give each store its own directory",
                Map.of("directory", dir.toString(), "holder", holder), null);
    }

    private static String holder(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8).strip();
            return content.isEmpty() ? "another process" : content;
        } catch (IOException e) {
            return "another process";
        }
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            lock.release();
        } finally {
            HELD_IN_THIS_JVM.remove(dir);
        }
    }
}
