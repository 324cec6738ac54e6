package dev.acs.cloud.sim;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.spi.RuntimeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a simulated engine does to a container over time, as Docker does: a start binds its host ports (a port
 * without a fixed host port gets the next free one of the node from 32768 up), an exit frees them and applies the
 * restart policy after a back-off that doubles up to a minute, a service set to end by itself exits after its run
 * time; every change is logged in the container and sent to the node's event subscribers. Callers hold the cloud's
 * lock.
 */
final class SimLifecycle {
    /** First port of Docker's dynamic range on Linux. */
    static final int FIRST_DYNAMIC_PORT = 32768;
    /** Last port of Docker's dynamic range on Linux. */
    static final int LAST_DYNAMIC_PORT = 60999;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(SimLifecycle.class);

    private final SimCloud cloud;

    SimLifecycle(SimCloud cloud) {
        this.cloud = cloud;
    }

    /** Starts a container: binds its ports, runs it, and schedules its self-exit when its service has one. */
    void run(SimMachine m, SimContainer c, String where) {
        c.boundPorts = bind(m, c, where);
        c.state = ContainerState.RUNNING;
        c.exitCode = null;
        c.health = HealthStatus.UNKNOWN;
        c.startedAt = cloud.clock.now();
        c.probesSinceStart = 0;
        log(c, "started" + (c.boundPorts.isEmpty() ? "" : ", listening on " + c.boundPorts));
        emit(m, c);
        SimCloud.SelfExit exit = c.service() == null ? null : cloud.selfExits.get(c.service());
        if (exit != null) {
            c.pendingExit = cloud.clock.schedule(exit.after(), () -> selfExit(m, c, exit.exitCode()));
        }
    }

    private void selfExit(SimMachine m, SimContainer c, int exitCode) {
        synchronized (cloud.lock) {
            if (c.state == ContainerState.RUNNING && m.containers.get(c.runtimeId) == c) {
                c.pendingExit = null;
                exited(m, c, exitCode);
            }
        }
    }

    /** Ends a container's run in state {@code to}: pending restarts and exits cancelled, ports freed. */
    void halt(SimContainer c, ContainerState to, Integer exitCode) {
        c.cancelPending();
        c.state = to;
        c.exitCode = exitCode;
        c.health = HealthStatus.UNKNOWN;
        c.boundPorts = List.of();
    }

    /** A container's process exited with {@code exitCode}: its restart policy decides whether it restarts. */
    void exited(SimMachine m, SimContainer c, int exitCode) {
        halt(c, ContainerState.EXITED, exitCode);
        log(c, "exited with code " + exitCode);
        emit(m, c);
        if (!restarts(c.restartPolicy(), exitCode, c.restarts)) {
            return;
        }
        c.state = ContainerState.RESTARTING;
        emit(m, c);
        Duration backoff = cloud.restartBackoff.multipliedBy(1L << Math.min(c.restarts, 20));
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        c.pendingRestart = cloud.clock.schedule(backoff, () -> restart(m, c));
    }

    private void restart(SimMachine m, SimContainer c) {
        synchronized (cloud.lock) {
            if (c.state != ContainerState.RESTARTING || m.containers.get(c.runtimeId) != c) {
                return;
            }
            c.pendingRestart = null;
            c.restarts++;
            try {
                run(m, c, "machine " + m.id);
            } catch (AcsException e) {
                c.state = ContainerState.EXITED;
                c.exitCode = 128;
                log(c, "restart failed: " + e.getMessage());
                emit(m, c);
            }
        }
    }

    private static boolean restarts(RestartPolicy policy, int exitCode, int restartsSoFar) {
        return switch (policy.mode()) {
            case NO -> false;
            case ALWAYS, UNLESS_STOPPED -> true;
            case ON_FAILURE -> exitCode != 0 && (policy.maxRetries() == 0 || restartsSoFar < policy.maxRetries());
        };
    }

    // ---- ports ----

    private List<PortMapping> bind(SimMachine m, SimContainer c, String where) {
        Set<String> taken = new HashSet<>();
        for (SimContainer other : m.containers.values()) {
            if (other != c && other.state == ContainerState.RUNNING) {
                other.boundPorts.forEach(p -> taken.add(portKey(p.hostPort(), p.protocol())));
            }
        }
        List<PortMapping> bound = new ArrayList<>();
        for (PortMapping p : c.declaredPorts) {
            if (p.hasFixedHostPort()) {
                String key = portKey(p.hostPort(), p.protocol());
                if (!taken.add(key)) {
                    throw new AcsException(ErrorCode.INVALID_ARGUMENT, "host port " + p.hostPort() + "/"
                            + p.protocol().id() + " on " + where + " is already bound by another container: publish "
                            + "another host port or stop that container first",
                            Map.of("hostPort", Integer.toString(p.hostPort()), "protocol", p.protocol().id()), null);
                }
                bound.add(p);
            } else {
                bound.add(new PortMapping(p.hostIp(), dynamicPort(m, taken, p.protocol(), where), p.containerPort(),
                        p.protocol()));
            }
        }
        return bound;
    }

    private static int dynamicPort(SimMachine m, Set<String> taken, PortMapping.Protocol protocol, String where) {
        int range = LAST_DYNAMIC_PORT - FIRST_DYNAMIC_PORT + 1;
        for (int i = 0; i < range; i++) {
            int port = m.nextDynamicPort;
            m.nextDynamicPort = port == LAST_DYNAMIC_PORT ? FIRST_DYNAMIC_PORT : port + 1;
            if (taken.add(portKey(port, protocol))) {
                return port;
            }
        }
        throw new AcsException(ErrorCode.INVALID_STATE, "no free dynamic host port is left on " + where
                + ": stop containers that publish ports");
    }

    private static String portKey(int port, PortMapping.Protocol protocol) {
        return port + "/" + protocol.id();
    }

    // ---- log and events ----

    /** Adds a line to the container's log, stamped with the cloud's time. */
    void log(SimContainer c, String text) {
        c.logs.add(new SimContainer.LogLine(cloud.clock.now(), text));
    }

    /** Sends the container's current state to the machine's subscribers, as clock tasks due at once. */
    void emit(SimMachine m, SimContainer c) {
        Instant now = cloud.clock.now();
        for (SimMachine.Subscription s : m.subscriptions) {
            RuntimeEvent event = new RuntimeEvent(s.nodeId, c.runtimeId, c.containerId(), c.state,
                    c.state == ContainerState.EXITED ? c.exitCode : null, now);
            cloud.clock.schedule(Duration.ZERO, () -> deliver(s, event));
        }
    }

    private static void deliver(SimMachine.Subscription s, RuntimeEvent event) {
        if (!s.open) {
            return;
        }
        try {
            s.listener.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("an event listener of node {} failed on {}: {}", s.nodeId, event, e.toString());
        }
    }
}
