package dev.acs.testing.etcd;

/**
 * Thrown when a private etcd cluster cannot be started for a test: the {@code etcd} program is missing or its members
 * do not become healthy in time. Its message says what to install or where the members' logs are. The tests of the
 * class fail with it; they are never skipped.
 */
public final class EtcdUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with the message saying what is missing. */
    public EtcdUnavailableException(String message) {
        super(message);
    }

    /** An exception with the message and its cause. */
    public EtcdUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
