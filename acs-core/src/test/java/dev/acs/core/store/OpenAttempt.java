package dev.acs.core.store;

import dev.acs.core.error.AcsException;

import java.nio.file.Path;

/**
 * A child process of {@link DirectoryAccessTest}: tries to open a store and prints {@code OPENED} or the error code
 * and message, so the parent can see what another process meets while it holds a directory.
 *
 * <p>Arguments: directory, {@code read-only} or {@code writable}.
 */
public final class OpenAttempt {
    private OpenAttempt() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        try (FileStateStore store = FileStateStore.builder(Path.of(args[0])).readOnly(args[1].equals("read-only"))
                .open()) {
            System.out.println("OPENED " + store.list("").size());
        } catch (AcsException e) {
            System.out.println(e.code() + " " + e.getMessage());
        }
    }
}
