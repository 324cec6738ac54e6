package dev.acs.cloud.swarm;

/**
 * The labels the Swarm orchestrator puts on the services and networks it creates, by which it finds, adopts and
 * removes them. They share the reserved {@code dev.acs.} namespace of the Docker runtime's labels.
 */
public final class SwarmLabels {
    /** The reserved prefix. */
    public static final String PREFIX = "dev.acs.";
    /** The application's name, on every service and on the application's network. */
    public static final String APP = PREFIX + "app";
    /** The declared service's name, on every service. */
    public static final String SERVICE = PREFIX + "service";
    /** The application's version as deployed, on every service. */
    public static final String VERSION = PREFIX + "version";
    /** Marks objects made by this orchestrator; its value is {@code swarm}. */
    public static final String ORCHESTRATOR = PREFIX + "orchestrator";

    private SwarmLabels() {
    }
}
