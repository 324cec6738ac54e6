package dev.acs.core.model;

import dev.acs.core.error.AcsException;

import java.util.Locale;

/**
 * A container port, optionally published on a host port. A host port of 0 means "not published at a fixed
 * port": Docker picks a dynamic one (the console shows 动态) or the port is only exposed.
 *
 * @param hostIp        host address to bind, or {@code null} for all addresses
 * @param hostPort      1–65535, or 0 for none / dynamic
 * @param containerPort 1–65535
 * @param protocol      transport protocol
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, Protocol protocol) {

    /** Transport protocols of a port. */
    public enum Protocol {
        /** TCP (the default). */
        TCP,
        /** UDP. */
        UDP,
        /** SCTP. */
        SCTP;

        /** Parses {@code tcp}, {@code udp} or {@code sctp} in any case. */
        public static Protocol parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw AcsException.invalidArgument("'" + text + "' is not a port protocol: use tcp, udp or sctp");
            }
        }

        /** The lower-case form Docker writes. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks the port ranges. */
    public PortMapping {
        if (containerPort < 1 || containerPort > 65535) {
            throw AcsException.invalidArgument("container port " + containerPort + " is outside 1-65535");
        }
        if (hostPort < 0 || hostPort > 65535) {
            throw AcsException.invalidArgument("host port " + hostPort + " is outside 1-65535 (0 for a dynamic port)");
        }
        if (protocol == null) {
            protocol = Protocol.TCP;
        }
    }

    /** A TCP container port without a fixed host port. */
    public static PortMapping exposed(int containerPort) {
        return new PortMapping(null, 0, containerPort, Protocol.TCP);
    }

    /** A TCP container port published on a fixed host port. */
    public static PortMapping published(int hostPort, int containerPort) {
        return new PortMapping(null, hostPort, containerPort, Protocol.TCP);
    }

    /** Whether a fixed host port is published (and so can conflict with others on the same node). */
    public boolean hasFixedHostPort() {
        return hostPort > 0;
    }

    @Override
    public String toString() {
        String c = containerPort + "/" + protocol.id();
        if (hostPort == 0) {
            return c;
        }
        return (hostIp == null ? "" : hostIp + ":") + hostPort + ":" + c;
    }
}
