package dev.acs.testing.docker;

/**
 * Thrown when a private Docker Engine cannot be started for a test: {@code dockerd} or the {@code docker} CLI is
 * missing, the test does not run as root, or the engine does not come up. Its message says what to install or fix.
 * The tests of the class fail with it; they are never skipped.
 */
public final class DockerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with the message saying what is missing. */
    public DockerUnavailableException(String message) {
        super(message);
    }

    /** An exception with the message and its cause. */
    public DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
