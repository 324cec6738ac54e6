package dev.acs.cloud.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.ContainerSettings;
import dev.acs.core.model.Healthcheck;
import dev.acs.core.model.Probe;
import dev.acs.core.model.ServiceSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a service's {@link ContainerSettings} to a Docker create-container call: hardening (read-only root file
 * system, capabilities, security options), kernel and process limits (ulimits, sysctls, pids, shm, tmpfs, devices),
 * the logging driver, CPU and memory limits, namespaces (IPC, PID, user), groups, domain name, stop signal and grace
 * period, and the health check exactly as declared (exec form and retries kept). {@code volumes_from} is not mapped
 * (the other service's containers may be on another engine; the key-support table says so).
 */
final class ContainerSettingsMapper {
    /** Docker's own default health-check retries, used for a probe that is not a declared health check. */
    static final int DEFAULT_RETRIES = 3;

    private ContainerSettingsMapper() {
    }

    /** Checks names Docker would refuse with a less helpful message; runs before anything is sent to an engine. */
    static void validate(ServiceSpec s) {
        ContainerSettings c = s.container();
        capabilities(s, c.capAdd());
        capabilities(s, c.capDrop());
        if (c.logDriver() != null) {
            logType(s, c.logDriver());
        }
        for (String d : c.devices()) {
            device(s, d);
        }
    }

    /** Sets the settings on the create call and its host configuration. */
    static void apply(CreateContainerCmd cmd, HostConfig host, ServiceSpec s) {
        ContainerSettings c = s.container();
        if (c.readOnly()) {
            host.withReadonlyRootfs(true);
        }
        if (!c.capAdd().isEmpty()) {
            host.withCapAdd(capabilities(s, c.capAdd()));
        }
        if (!c.capDrop().isEmpty()) {
            host.withCapDrop(capabilities(s, c.capDrop()));
        }
        if (!c.securityOpt().isEmpty()) {
            host.withSecurityOpts(c.securityOpt());
        }
        if (!c.ulimits().isEmpty()) {
            host.withUlimits(c.ulimits().stream().map(u -> new Ulimit(u.name(), u.soft(), u.hard())).toList());
        }
        if (c.init() != null) {
            host.withInit(c.init());
        }
        if (c.shmSize() > 0) {
            host.withShmSize(c.shmSize());
        }
        if (!c.tmpfs().isEmpty()) {
            host.withTmpFs(c.tmpfs());
        }
        if (c.logDriver() != null || !c.logOptions().isEmpty()) {
            LogConfig.LoggingType type = c.logDriver() == null ? LogConfig.LoggingType.JSON_FILE : logType(s, c.logDriver());
            host.withLogConfig(new LogConfig(type, c.logOptions()));
        }
        if (!c.sysctls().isEmpty()) {
            host.withSysctls(c.sysctls());
        }
        if (!c.devices().isEmpty()) {
            host.withDevices(c.devices().stream().map(d -> device(s, d)).toList());
        }
        if (c.pidsLimit() != null) {
            host.withPidsLimit(c.pidsLimit());
        }
        if (c.nanoCpus() > 0) {
            host.withNanoCPUs(c.nanoCpus());
        }
        if (c.memoryLimit() != null) {
            host.withMemory(c.memoryLimit());
        }
        if (c.memoryReservation() > 0) {
            host.withMemoryReservation(c.memoryReservation());
        }
        if (c.memswapLimit() != null) {
            host.withMemorySwap(c.memswapLimit());
        }
        if (c.memSwappiness() != null) {
            host.withMemorySwappiness(c.memSwappiness().longValue());
        }
        if (c.oomScoreAdj() != null) {
            host.withOomScoreAdj(c.oomScoreAdj());
        }
        if (c.cpuQuota() > 0) {
            host.withCpuQuota(c.cpuQuota());
        }
        if (c.cpuPeriod() > 0) {
            host.withCpuPeriod(c.cpuPeriod());
        }
        setText(c.cpuset(), host::withCpusetCpus);
        setText(c.ipc(), host::withIpcMode);
        setText(c.pid(), host::withPidMode);
        setText(c.usernsMode(), host::withUsernsMode);
        setText(c.cgroupParent(), host::withCgroupParent);
        if (!c.groupAdd().isEmpty()) {
            host.withGroupAdd(c.groupAdd());
        }
        setText(c.domainname(), cmd::withDomainName);
        setText(c.stopSignal(), cmd::withStopSignal);
        if (c.stopGracePeriod() != null) {
            cmd.withStopTimeout((int) Math.min(Integer.MAX_VALUE, (c.stopGracePeriod().toMillis() + 999) / 1000));
        }
        HealthCheck health = healthCheck(s);
        if (health != null) {
            cmd.withHealthcheck(health);
        }
    }

    /**
     * The engine's health check: the declared one unchanged, else the control plane's exec probe as a shell command
     * with Docker's default retries; {@code null} when there is neither.
     */
    static HealthCheck healthCheck(ServiceSpec s) {
        Healthcheck h = s.container().healthcheck();
        if (h != null) {
            HealthCheck out = new HealthCheck().withTest(h.test());
            if (!h.disabled()) {
                setNanos(h.interval(), out::withInterval);
                setNanos(h.timeout(), out::withTimeout);
                setNanos(h.startPeriod(), out::withStartPeriod);
                setNanos(h.startInterval(), out::withStartInterval);
                if (h.retries() > 0) {
                    out.withRetries(h.retries());
                }
            }
            return out;
        }
        Probe probe = s.probe();
        if (probe != null && probe.kind() == Probe.Kind.EXEC) {
            return new HealthCheck().withTest(List.of("CMD-SHELL", probe.command()))
                    .withInterval(probe.interval().toNanos()).withTimeout(probe.timeout().toNanos())
                    .withStartPeriod(probe.initialDelay().toNanos()).withRetries(DEFAULT_RETRIES);
        }
        return null;
    }

    private static void setNanos(Duration d, java.util.function.Consumer<Long> sink) {
        if (d != null) {
            sink.accept(d.toNanos());
        }
    }

    private static void setText(String v, java.util.function.Consumer<String> sink) {
        if (v != null && !v.isBlank()) {
            sink.accept(v);
        }
    }

    private static Capability[] capabilities(ServiceSpec s, List<String> names) {
        List<Capability> out = new ArrayList<>();
        for (String n : names) {
            try {
                out.add(Capability.valueOf(n));
            } catch (IllegalArgumentException e) {
                throw AcsException.invalidArgument("service '" + s.name() + "': '" + n + "' is not a Linux capability"
                        + " Docker knows (such as NET_ADMIN, CHOWN or ALL)");
            }
        }
        return out.toArray(Capability[]::new);
    }

    private static LogConfig.LoggingType logType(ServiceSpec s, String driver) {
        for (LogConfig.LoggingType t : LogConfig.LoggingType.values()) {
            if (t.getType().equals(driver)) {
                return t;
            }
        }
        throw AcsException.invalidArgument("service '" + s.name() + "': logging driver '" + driver + "' is not one"
                + " Docker ships (json-file, local, none, syslog, journald, gelf, fluentd, awslogs, splunk, ...)");
    }

    private static Device device(ServiceSpec s, String spec) {
        String[] p = spec.split(":", -1);
        if (p.length > 3 || p[0].isEmpty()) {
            throw AcsException.invalidArgument("service '" + s.name() + "': device '" + spec
                    + "' is not /host/path[:/container/path[:rwm]]");
        }
        return new Device(p.length == 3 ? p[2] : "rwm", p.length >= 2 ? p[1] : p[0], p[0]);
    }
}
