package dev.acs.cloud.docker;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Node;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps what docker-java throws to {@link AcsException}s that name the node, its engine and what to do. */
final class DockerErrors {
    private static final Pattern PORT_IN_USE = Pattern.compile(
            ":(\\d+)(?: failed: port is already allocated|: bind: address already in use)");

    private DockerErrors() {
    }

    /**
     * The exception for a failed call.
     *
     * @param what what was attempted, e.g. {@code "start container 1f2e"}
     */
    static AcsException map(Node node, Endpoint endpoint, String what, Throwable error) {
        AcsException own = causeOf(error, AcsException.class);
        if (own != null) {
            return own;
        }
        Map<String, String> details = Map.of("node", node.id(), "engine", String.valueOf(endpoint));
        if (error instanceof InterruptedException) {
            return new AcsException(ErrorCode.CANCELLED, "interrupted while trying to " + what + " on "
                    + node.describe(), details, error);
        }
        String where = " on " + node.describe() + " (engine " + endpoint + ")";
        SSLException tls = causeOf(error, SSLException.class);
        if (tls != null) {
            return new AcsException(ErrorCode.UNAUTHORIZED, "the TLS handshake with the engine failed while trying to "
                    + what + where + ": " + tls.getMessage() + "; the engine and the client bundle must come from the "
                    + "same cluster CA", details, error);
        }
        if (error instanceof DockerException d) {
            String msg = dockerMessage(d);
            if (msg.contains("HTTP request to an HTTPS server")) {
                return new AcsException(ErrorCode.UNAUTHORIZED, "the engine" + where + " requires TLS: give the "
                        + "runtime the cluster's client bundle (DockerRuntime.builder().tls(...))", details, error);
            }
            if (d instanceof NotFoundException) {
                return new AcsException(ErrorCode.NOT_FOUND, "cannot " + what + where + ": " + msg, details, error);
            }
            if (d instanceof ConflictException) {
                return new AcsException(ErrorCode.INVALID_STATE, "cannot " + what + where + ": " + msg, details, error);
            }
            if (d instanceof BadRequestException) {
                return new AcsException(ErrorCode.INVALID_ARGUMENT, "the engine" + where + " refused to " + what + ": "
                        + msg, details, error);
            }
            if (d instanceof UnauthorizedException || d.getHttpStatus() == 403) {
                return new AcsException(ErrorCode.UNAUTHORIZED, "the engine" + where + " does not allow to " + what
                        + ": " + msg, details, error);
            }
            Matcher port = PORT_IN_USE.matcher(msg);
            if (port.find()) {
                return new AcsException(ErrorCode.INVALID_ARGUMENT, "host port " + port.group(1) + " is already in use"
                        + where + ": publish another port or use a dynamic one (cannot " + what + ")", details, error);
            }
            return new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "the engine" + where + " failed to " + what
                    + " (HTTP " + d.getHttpStatus() + "): " + msg, details, error);
        }
        IOException io = causeOf(error, IOException.class);
        if (io != null) {
            return new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "the Docker Engine of " + node.describe() + " at "
                    + endpoint + " cannot be reached (" + io.getClass().getSimpleName() + ": " + io.getMessage()
                    + "); check that dockerd runs and listens there", details, error);
        }
        return new AcsException(ErrorCode.INTERNAL, "cannot " + what + where + ": " + error, details, error);
    }

    /** Docker's own error message, without docker-java's "Status 404: " prefix and JSON wrapping. */
    static String dockerMessage(DockerException d) {
        String m = d.getMessage() == null ? "" : d.getMessage();
        int brace = m.indexOf("{\"message\":\"");
        if (brace >= 0) {
            String inner = m.substring(brace + 12);
            int end = inner.lastIndexOf("\"}");
            m = end >= 0 ? inner.substring(0, end) : inner;
            m = m.replace("\\\"", "\"");
        }
        return m.replaceFirst("^Status \\d+: ", "").strip();
    }

    static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
