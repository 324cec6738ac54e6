package dev.acs.core.model;

import dev.acs.core.error.AcsException;

import java.time.Duration;

/**
 * A container health check ({@code aliyun.probe.*}, {@code spec/compose-dialect.md} §3.2). HTTP is healthy on a
 * 2xx or 3xx answer to GET, TCP when the port accepts a connection, EXEC when the command exits 0. Checks are
 * issued from the container's host, every {@link #interval()} (2 s by default).
 *
 * @param kind         how to check
 * @param port         port for HTTP and TCP (HTTP without a port uses 80); 0 for EXEC
 * @param path         HTTP path starting with {@code /}; {@code null} otherwise
 * @param command      shell command for EXEC; {@code null} otherwise
 * @param timeout      timeout of one check
 * @param initialDelay delay after the container starts before the first check
 * @param interval     time between checks
 */
public record Probe(Kind kind, int port, String path, String command, Duration timeout, Duration initialDelay,
                    Duration interval) {
    /** The documented default interval: two seconds. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    /** Default timeout of one check when the template gives none (an SDK choice; the product states none). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** Kinds of probe. */
    public enum Kind {
        /** {@code http://container[:port][/path]} */
        HTTP,
        /** {@code tcp://container:port} */
        TCP,
        /** {@code aliyun.probe.cmd} */
        EXEC
    }

    /** Checks the parts against the kind and fills defaults. */
    public Probe {
        if (kind == null) {
            throw AcsException.invalidArgument("probe kind is missing");
        }
        if (kind == Kind.EXEC) {
            if (command == null || command.isBlank()) {
                throw AcsException.invalidArgument("an exec probe needs a command");
            }
        } else if (port < 1 || port > 65535) {
            throw AcsException.invalidArgument("probe port " + port + " is outside 1-65535");
        }
        if (kind == Kind.HTTP && path == null) {
            path = "/";
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        initialDelay = initialDelay == null ? Duration.ZERO : initialDelay;
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        if (timeout.isNegative() || initialDelay.isNegative() || interval.isNegative() || interval.isZero()) {
            throw AcsException.invalidArgument("probe timeout and delay must not be negative and the interval must be positive");
        }
    }

    /** An HTTP probe with default timings. */
    public static Probe http(int port, String path) {
        return new Probe(Kind.HTTP, port, path, null, null, null, null);
    }

    /** A TCP probe with default timings. */
    public static Probe tcp(int port) {
        return new Probe(Kind.TCP, port, null, null, null, null, null);
    }

    /** An exec probe with default timings. */
    public static Probe exec(String command) {
        return new Probe(Kind.EXEC, 0, null, command, null, null, null);
    }

    /** The same probe with other timings. */
    public Probe withTimings(Duration timeout, Duration initialDelay) {
        return new Probe(kind, port, path, command, timeout, initialDelay, interval);
    }
}
