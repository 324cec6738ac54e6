package dev.acs.cloud.swarm;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

/** Turns docker-java failures of swarm calls into {@link AcsException}s that say what failed and what to change. */
final class SwarmErrors {
    private SwarmErrors() {
    }

    /** The failure of {@code what} as an {@link AcsException} with a stable code. */
    static AcsException map(String what, RuntimeException error) {
        if (error instanceof AcsException a) {
            return a;
        }
        String message = what + ": " + describe(error);
        if (error instanceof NotFoundException) {
            return new AcsException(ErrorCode.NOT_FOUND, message, error);
        }
        if (error instanceof ConflictException) {
            return new AcsException(ErrorCode.NAME_CONFLICT, message, error);
        }
        if (error instanceof DockerException d && d.getHttpStatus() == 400) {
            return new AcsException(ErrorCode.INVALID_ARGUMENT, message, error);
        }
        if (error instanceof DockerException d && d.getHttpStatus() == 503) {
            return new AcsException(ErrorCode.INVALID_ARGUMENT, message + ": the engine is not a manager of an active "
                    + "swarm; give a manager's endpoint", error);
        }
        return new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, message, error);
    }

    /** A one-line description of a failure: Docker's own message without its JSON wrapping. */
    static String describe(Throwable error) {
        if (error == null) {
            return "no answer";
        }
        String m = String.valueOf(error.getMessage());
        int at = m.indexOf("{\"message\":\"");
        if (at >= 0) {
            int end = m.lastIndexOf("\"}");
            m = m.substring(at + "{\"message\":\"".length(), end > at ? end : m.length());
        }
        return m.strip();
    }

    /** The first cause of {@code error} (itself included) of {@code type}, or {@code null}. */
    static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
