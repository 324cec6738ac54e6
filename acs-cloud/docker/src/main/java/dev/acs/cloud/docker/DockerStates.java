package dev.acs.cloud.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.PortMapping;
import dev.acs.core.spi.RuntimeContainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Docker's container descriptions (inspect and list) as {@link RuntimeContainer}s.
 *
 * <p>Docker reports one state, {@code exited}, for a container that was stopped and one that ended by itself; the
 * runtime tells them apart by the mark it leaves on containers it stops ({@link StopMarks}): those are
 * {@link ContainerState#STOPPED}, the others {@link ContainerState#EXITED}.
 */
final class DockerStates {
    private static final Pattern EXITED_STATUS = Pattern.compile("Exited \\((-?\\d+)\\)");

    private DockerStates() {
    }

    static ContainerState state(String status, boolean stoppedByUs) {
        return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
            case "created" -> ContainerState.CREATED;
            case "running", "paused" -> ContainerState.RUNNING;
            case "restarting" -> ContainerState.RESTARTING;
            case "removing" -> ContainerState.REMOVED;
            default -> stoppedByUs ? ContainerState.STOPPED : ContainerState.EXITED;
        };
    }

    static HealthStatus health(String status) {
        if (status == null) {
            return HealthStatus.UNKNOWN;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "healthy" -> HealthStatus.HEALTHY;
            case "unhealthy" -> HealthStatus.UNHEALTHY;
            default -> HealthStatus.UNKNOWN;
        };
    }

    static RuntimeContainer fromInspect(InspectContainerResponse c) {
        InspectContainerResponse.ContainerState s = c.getState();
        boolean stoppedByUs = StopMarks.isMarked(c);
        ContainerState state = state(s == null ? null : s.getStatus(), stoppedByUs);
        Integer exit = exitCode(state, s == null || s.getExitCodeLong() == null ? null : s.getExitCodeLong().intValue());
        HealthStatus health = s == null || s.getHealth() == null ? HealthStatus.UNKNOWN : health(s.getHealth().getStatus());
        Map<String, String> labels = c.getConfig() == null || c.getConfig().getLabels() == null ? Map.of()
                : c.getConfig().getLabels();
        Ports ports = state == ContainerState.RUNNING && c.getNetworkSettings() != null
                ? c.getNetworkSettings().getPorts() : c.getHostConfig() == null ? null : c.getHostConfig().getPortBindings();
        return new RuntimeContainer(c.getId(), labels.get(DockerLabels.CONTAINER_ID), stripSlash(c.getName()), state,
                health, exit, ports(ports), c.getImageId());
    }

    static RuntimeContainer fromList(Container c, boolean stoppedByUs) {
        ContainerState state = state(c.getState(), stoppedByUs);
        Integer exit = null;
        if (c.getStatus() != null) {
            Matcher m = EXITED_STATUS.matcher(c.getStatus());
            if (m.find()) {
                exit = Integer.parseInt(m.group(1));
            }
        }
        HealthStatus health = HealthStatus.UNKNOWN;
        String status = c.getStatus() == null ? "" : c.getStatus();
        if (status.contains("(healthy)")) {
            health = HealthStatus.HEALTHY;
        } else if (status.contains("(unhealthy)")) {
            health = HealthStatus.UNHEALTHY;
        }
        Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
        String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : stripSlash(c.getNames()[0]);
        return new RuntimeContainer(c.getId(), labels.get(DockerLabels.CONTAINER_ID), name, state, health,
                exitCode(state, exit), listPorts(c.getPorts()), c.getImageId());
    }

    private static Integer exitCode(ContainerState state, Integer code) {
        return state == ContainerState.EXITED || state == ContainerState.STOPPED ? code : null;
    }

    /** Published ports from Docker's bindings, one per host port (IPv4 and IPv6 bindings of a port merged). */
    static List<PortMapping> ports(Ports ports) {
        if (ports == null) {
            return List.of();
        }
        Map<String, PortMapping> out = new LinkedHashMap<>();
        for (Map.Entry<ExposedPort, Ports.Binding[]> e : ports.getBindings().entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            for (Ports.Binding b : e.getValue()) {
                int hostPort = parsePort(b.getHostPortSpec());
                PortMapping.Protocol protocol = PortMapping.Protocol.parse(e.getKey().getProtocol().toString());
                add(out, new PortMapping(hostIp(b.getHostIp()), hostPort, e.getKey().getPort(), protocol),
                        isIpv6Wildcard(b.getHostIp()));
            }
        }
        return merged(out);
    }

    private static List<PortMapping> listPorts(ContainerPort[] ports) {
        Map<String, PortMapping> out = new LinkedHashMap<>();
        if (ports != null) {
            for (ContainerPort p : ports) {
                if (p.getPrivatePort() != null && p.getPublicPort() != null) {
                    add(out, new PortMapping(hostIp(p.getIp()), p.getPublicPort(), p.getPrivatePort(),
                            PortMapping.Protocol.parse(p.getType() == null ? "tcp" : p.getType())),
                            isIpv6Wildcard(p.getIp()));
                }
            }
        }
        return merged(out);
    }

    /**
     * Adds a binding. A port published on all addresses has an IPv4 ({@code 0.0.0.0}) and an IPv6 ({@code ::})
     * binding, which Docker may give different dynamic host ports: {@link #merged} keeps the IPv4 one.
     */
    private static void add(Map<String, PortMapping> out, PortMapping p, boolean ipv6Wildcard) {
        out.putIfAbsent((ipv6Wildcard ? "v6 " : "") + p.hostIp() + ":" + p.hostPort() + ":" + p.containerPort() + "/"
                + p.protocol(), p);
    }

    /** The mappings without IPv6 wildcard bindings of ports that also have an IPv4 wildcard binding. */
    private static List<PortMapping> merged(Map<String, PortMapping> out) {
        java.util.Set<String> v4 = new java.util.HashSet<>();
        out.forEach((k, p) -> {
            if (!k.startsWith("v6 ") && p.hostIp() == null) {
                v4.add(p.containerPort() + "/" + p.protocol());
            }
        });
        List<PortMapping> result = new ArrayList<>();
        out.forEach((k, p) -> {
            if (!k.startsWith("v6 ") || !v4.contains(p.containerPort() + "/" + p.protocol())) {
                result.add(p);
            }
        });
        return result;
    }

    private static boolean isIpv6Wildcard(String ip) {
        return "::".equals(ip);
    }

    private static String hostIp(String ip) {
        return ip == null || ip.isBlank() || ip.equals("0.0.0.0") || ip.equals("::") ? null : ip;
    }

    private static int parsePort(String spec) {
        if (spec == null || spec.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(spec.contains("-") ? spec.substring(0, spec.indexOf('-')) : spec);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String stripSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }
}
