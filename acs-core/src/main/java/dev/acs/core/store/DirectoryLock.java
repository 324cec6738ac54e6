package dev.acs.core.store;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The lock on a store directory: an OS file lock on its {@code LOCK} file, which also names the process holding it.
 * A writable store holds it exclusively; read-only stores share it, so no writer opens the directory while they read
 * it. The OS releases the lock when the process dies, so a crash never leaves a directory locked.
 *
 * <p>The stores of this JVM are also tracked by the <em>identity</em> of their directory (device and inode, or the
 * file system's file key), checked before the lock file is touched: on POSIX systems closing any descriptor of a
 * file drops every lock the process holds on it, so a second, refused attempt in the same process must never open
 * the lock file, whatever path (a symlink, a bind mount, {@code /proc/self/fd/N}, a renamed parent) it names the
 * directory by. Read-only stores of one directory in this JVM share one lock.
 */
final class DirectoryLock implements Closeable {
    /** Guarded by itself: the directories this JVM holds, by identity. */
    private static final Map<Object, DirectoryLock> HELD_IN_THIS_JVM = new HashMap<>();

    private final Object identity;
    private final Path dir;
    private final boolean shared;
    private final FileChannel channel;
    private final FileLock lock;
    /** Guarded by HELD_IN_THIS_JVM: the stores using this lock (several only when shared). */
    private int users = 1;

    private DirectoryLock(Object identity, Path dir, boolean shared, FileChannel channel, FileLock lock) {
        this.identity = identity;
        this.dir = dir;
        this.shared = shared;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir}: exclusively for a writable store, shared for a read-only one ({@code shared}). A read-only
     * store of a directory that has no lock file (a copy, read-only media) takes no OS lock.
     *
     * @throws AcsException {@code INVALID_STATE} when another store (in any process) holds the directory in a mode
     *                      that excludes this one
     */
    static DirectoryLock acquire(Path dir, boolean shared) throws IOException {
        Object identity = identity(dir);
        synchronized (HELD_IN_THIS_JVM) {
            DirectoryLock held = HELD_IN_THIS_JVM.get(identity);
            if (held != null) {
                if (!(shared && held.shared)) {
                    throw inUse(dir, "this process, pid " + ProcessHandle.current().pid() + ", through "
                            + held.dir);
                }
                held.users++;
                return held;
            }
            DirectoryLock acquired = lock(identity, dir, shared);
            HELD_IN_THIS_JVM.put(identity, acquired);
            return acquired;
        }
    }

    /** The device and inode of {@code dir}, or its file key, or (where neither exists) its real path. */
    static Object identity(Path dir) throws IOException {
        Path real = dir.toRealPath();
        try {
            Map<String, Object> unix = Files.readAttributes(real, "unix:dev,ino");
            if (unix.get("dev") != null && unix.get("ino") != null) {
                return "dev " + unix.get("dev") + " ino " + unix.get("ino");
            }
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // not a POSIX file system: fall back to the file key
        }
        Object key = Files.readAttributes(real, BasicFileAttributes.class).fileKey();
        return key != null ? key : real;
    }

    private static DirectoryLock lock(Object identity, Path dir, boolean shared) throws IOException {
        Path file = dir.resolve(StoreFiles.LOCK);
        FileChannel channel;
        try {
            channel = shared ? FileChannel.open(file, StandardOpenOption.READ)
                    : StoreFiles.openOwnerOnly(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            if (shared) {
                return new DirectoryLock(identity, dir, true, null, null);
            }
            throw e;
        }
        FileLock lock;
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            // Another channel of this JVM locks the file although the identity check let this open through (a file
            // system without stable file identities). Closing this channel would drop that holder's lock too, so it
            // is left open: a descriptor is the price of keeping the other store safe.
            throw inUse(dir, "this process, pid " + ProcessHandle.current().pid());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        try {
            if (lock == null) {
                channel.close();
                throw inUse(dir, holder(file));
            }
            if (!shared) {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                        .getBytes(StandardCharsets.UTF_8)), 0);
            }
            return new DirectoryLock(identity, dir, shared, channel, lock);
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

    /** Releases this store's use of the lock; the OS lock goes with the last user. */
    @Override
    public void close() throws IOException {
        synchronized (HELD_IN_THIS_JVM) {
            if (users == 0 || --users > 0) {
                return;
            }
            HELD_IN_THIS_JVM.remove(identity);
            if (channel != null) {
                try (channel) {
                    lock.release();
                }
            }
        }
    }
}
