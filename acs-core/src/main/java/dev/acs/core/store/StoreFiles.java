package dev.acs.core.store;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The names of the files in a {@link FileStateStore} directory, and directory-level file operations. */
final class StoreFiles {
    /** The lock file's name. */
    static final String LOCK = "LOCK";
    /** The name of the file that records the sequence number of the last acknowledged batch. */
    static final String COMMITTED = "COMMITTED";

    private static final Pattern NAME = Pattern.compile("(journal|snapshot)-(\\d{1,18})\\.(log|snap|tmp)");
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");

    private StoreFiles() {
    }

    /** The journal of a generation. */
    static Path journal(Path dir, long generation) {
        return dir.resolve(String.format(Locale.ROOT, "journal-%010d.log", generation));
    }

    /** The snapshot of a generation: the state before that generation's journal. */
    static Path snapshot(Path dir, long generation) {
        return dir.resolve(String.format(Locale.ROOT, "snapshot-%010d.snap", generation));
    }

    /** Where a snapshot is written before it is renamed into place. */
    static Path snapshotTemp(Path dir, long generation) {
        return dir.resolve(String.format(Locale.ROOT, "snapshot-%010d.tmp", generation));
    }

    /** The generations of the journals and snapshots found in a directory, and the leftover temporary files. */
    record Listing(TreeSet<Long> journals, TreeSet<Long> snapshots, List<Path> temporaries) {
    }

    /** Lists the store files of {@code dir}; other files are ignored. */
    static Listing list(Path dir) throws IOException {
        Listing listing = new Listing(new TreeSet<>(), new TreeSet<>(), new ArrayList<>());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Matcher m = NAME.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long generation = Long.parseLong(m.group(2));
                switch (m.group(1) + "." + m.group(3)) {
                    case "journal.log" -> listing.journals().add(generation);
                    case "snapshot.snap" -> listing.snapshots().add(generation);
                    case "snapshot.tmp" -> listing.temporaries().add(file);
                    default -> {
                        // a name of the right shape with a foreign extension: not one of ours
                    }
                }
            }
        }
        return listing;
    }

    /** Deletes the journals and snapshots of {@code listing} older than {@code generation}. */
    static void deleteGenerationsBefore(Path dir, Listing listing, long generation) throws IOException {
        for (long old : listing.journals().headSet(generation, false)) {
            Files.deleteIfExists(journal(dir, old));
        }
        for (long old : listing.snapshots().headSet(generation, false)) {
            Files.deleteIfExists(snapshot(dir, old));
        }
    }

    /**
     * Forces the directory's entries (created, renamed, removed files) to disk. Windows cannot open a directory for
     * this; there the rename itself is the durable step.
     */
    static void syncDirectory(Path dir) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Closes each resource that is not {@code null}, adding what fails to {@code failure} as suppressed. */
    static void closeAll(Exception failure, Closeable... resources) {
        for (Closeable c : resources) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (IOException suppressed) {
                failure.addSuppressed(suppressed);
            }
        }
    }

    /** Whether {@code dir} is on a file system with POSIX permissions. */
    static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates {@code dir} and its missing parents, the created ones readable by their owner only (0700). */
    static void createDirectories(Path dir) throws IOException {
        if (posix(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Opens a channel on {@code file}; when the options create it, it is readable by its owner only (0600). */
    static FileChannel openOwnerOnly(Path file, OpenOption... options) throws IOException {
        FileAttribute<?>[] attributes = posix(file) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
        return FileChannel.open(file, Set.of(options), attributes);
    }

    /** The {@code STATE_CORRUPTED} failure for damage at {@code offset} of {@code file}. */
    static AcsException corrupted(Path file, long offset, String reason) {
        return new AcsException(ErrorCode.STATE_CORRUPTED, "state file " + file + " is damaged at offset " + offset
                + ": " + reason + "; the store does not load damaged data: restore the directory " + file.getParent()
                + " from a backup", Map.of("file", file.toString(), "offset", Long.toString(offset)), null);
    }

    /**
     * The failure wrapping an I/O error: {@code STORE_READ_ONLY} when the file system refused to write (permissions,
     * a read-only file system), {@code INTERNAL} otherwise.
     */
    static AcsException ioFailure(String what, Path path, IOException e) {
        if (refusedWrite(e)) {
            return new AcsException(ErrorCode.STORE_READ_ONLY, what + " " + path + " failed: the state directory is"
                    + " not writable (" + e + "): give the process write access to it, or open the store read-only",
                    Map.of("file", path.toString()), e);
        }
        return new AcsException(ErrorCode.INTERNAL, what + " " + path + " failed: " + e,
                Map.of("file", path.toString()), e);
    }

    private static boolean refusedWrite(IOException e) {
        if (e instanceof AccessDeniedException) {
            return true;
        }
        String reason = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        return reason != null && reason.contains("Read-only file system");
    }
}
