package dev.acs.cloud.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.SELContext;
import com.github.dockerjava.api.model.Volume;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.FileMount;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.VolumeMount;
import dev.acs.core.spi.ContainerRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link ContainerRequest} into a Docker create-container call: image, command, entrypoint, environment,
 * labels (the user's plus the reserved {@code dev.acs.*} ones), ports (fixed and dynamic host ports, {@code expose}),
 * volumes (bind, named with {@code nocopy}, anonymous), restart policy, {@code cpu_shares} (as Docker CPU shares, the
 * product's 100-per-core units passed through), {@code mem_limit}, GPUs (as an NVIDIA device request), DNS servers,
 * search domains and options, {@code oom_kill_disable}, host name, extra hosts, privileged mode, working directory,
 * user, network mode, TTY and stdin, and the service's {@link dev.acs.core.model.ContainerSettings} (hardening, limits,
 * logging, stop signal, the declared health check, ...) through {@link ContainerSettingsMapper}.
 *
 * <p>Not mapped, because they are the control plane's or the product's own features rather than an engine's:
 * links, external links, routes, load balancers, log stores, scaling and placement.
 */
final class ContainerSpecs {
    private ContainerSpecs() {
    }

    /** Refuses requests Docker would misread; runs before anything is sent to an engine. */
    static void validate(ContainerRequest request) {
        ServiceSpec s = request.service();
        for (String key : s.labels().keySet()) {
            if (DockerLabels.isReserved(key)) {
                throw AcsException.invalidArgument("service '" + s.name() + "': the label '" + key + "' is in the "
                        + "namespace " + DockerLabels.PREFIX + "* reserved for the control plane: rename it");
            }
        }
        if (request.name().isBlank() || !request.name().matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw AcsException.invalidArgument("container name '" + request.name() + "' is not valid on Docker: use "
                    + "letters, digits and _ . - (starting with a letter or digit)");
        }
        ContainerSettingsMapper.validate(s);
        if (request.index() < 1) {
            throw AcsException.invalidArgument("replica index " + request.index() + " must be 1 or more");
        }
    }

    /** The labels of the container: the service's, then the reserved ones. */
    static Map<String, String> labels(ContainerRequest request) {
        Map<String, String> labels = new LinkedHashMap<>(request.service().labels());
        labels.put(DockerLabels.CONTAINER_ID, request.containerId());
        labels.put(DockerLabels.APP, request.app());
        labels.put(DockerLabels.SERVICE, request.service().name());
        labels.put(DockerLabels.INDEX, Integer.toString(request.index()));
        labels.put(DockerLabels.RESTART, StopMarks.label(restartPolicy(request.service().restart())));
        return labels;
    }

    /** Fills a create-container call for the request (name included). */
    static CreateContainerCmd apply(CreateContainerCmd cmd, ContainerRequest request) {
        validate(request);
        ServiceSpec s = request.service();
        cmd.withName(request.name()).withImage(s.image().toString()).withLabels(labels(request));
        if (!s.command().isEmpty()) {
            cmd.withCmd(s.command());
        }
        if (!s.entrypoint().isEmpty()) {
            cmd.withEntrypoint(s.entrypoint());
        }
        if (!s.environment().isEmpty()) {
            List<String> env = new ArrayList<>();
            s.environment().forEach((k, v) -> env.add(k + "=" + (v == null ? "" : v)));
            cmd.withEnv(env);
        }
        if (blankToNull(s.hostname()) != null) {
            cmd.withHostName(s.hostname());
        }
        if (blankToNull(s.workingDir()) != null) {
            cmd.withWorkingDir(s.workingDir());
        }
        if (blankToNull(s.user()) != null) {
            cmd.withUser(s.user());
        }
        cmd.withTty(s.tty());
        cmd.withStdinOpen(s.stdinOpen());

        Set<ExposedPort> exposed = new LinkedHashSet<>();
        Ports bindings = new Ports();
        for (PortMapping p : s.ports()) {
            ExposedPort port = exposedPort(p);
            exposed.add(port);
            bindings.bind(port, binding(p));
        }
        for (PortMapping p : s.expose()) {
            exposed.add(exposedPort(p));
        }
        if (!exposed.isEmpty()) {
            cmd.withExposedPorts(new ArrayList<>(exposed));
        }

        HostConfig host = HostConfig.newHostConfig().withPortBindings(bindings)
                .withRestartPolicy(restartPolicy(s.restart()))
                .withPrivileged(s.privileged());
        List<Bind> binds = new ArrayList<>();
        List<Volume> anonymous = new ArrayList<>();
        for (VolumeMount v : s.volumes()) {
            AccessMode mode = v.readOnly() ? AccessMode.ro : AccessMode.rw;
            switch (v.type()) {
                case BIND -> binds.add(new Bind(v.source(), new Volume(v.target()), mode));
                case NAMED -> binds.add(new Bind(v.source(), new Volume(v.target()), mode, SELContext.none, v.noCopy()));
                case ANONYMOUS -> anonymous.add(new Volume(v.target()));
            }
        }
        for (FileMount f : s.container().files()) {
            // secrets and configs: the file of the template's directory, read-only
            binds.add(new Bind(f.source(), new Volume(f.target()), AccessMode.ro));
        }
        if (!binds.isEmpty()) {
            host.withBinds(binds);
        }
        if (!anonymous.isEmpty()) {
            cmd.withVolumes(anonymous);
        }
        Resources r = s.reservation();
        if (r.cpuUnits() > 0) {
            host.withCpuShares((int) Math.min(Integer.MAX_VALUE, Math.max(2, r.cpuUnits())));
        }
        if (r.memoryBytes() > 0) {
            host.withMemory(r.memoryBytes());
        }
        if (r.gpus() > 0) {
            host.withDeviceRequests(List.of(new DeviceRequest().withDriver("nvidia").withCount(r.gpus())
                    .withCapabilities(List.of(List.of("gpu")))));
        }
        if (s.oomKillDisable()) {
            host.withOomKillDisable(true);
        }
        if (!s.dns().isEmpty()) {
            host.withDns(s.dns());
        }
        if (!s.dnsSearch().isEmpty()) {
            host.withDnsSearch(s.dnsSearch());
        }
        if (!s.dnsOptions().isEmpty()) {
            host.withDnsOptions(s.dnsOptions());
        }
        if (!s.extraHosts().isEmpty()) {
            host.withExtraHosts(s.extraHosts().stream().map(ContainerSpecs::extraHost).toArray(String[]::new));
        }
        if (s.networkMode() != null && !s.networkMode().isBlank()) {
            host.withNetworkMode(s.networkMode());
        } else if (onAppNetwork(s)) {
            host.withNetworkMode(AppNetworks.name(request.app()));
            List<String> aliases = new ArrayList<>(List.of(s.name()));
            s.container().networkAliases().stream().filter(a -> !aliases.contains(a)).forEach(aliases::add);
            cmd.withAliases(aliases);
        }
        ContainerSettingsMapper.apply(cmd, host, s);
        cmd.withHostConfig(host);
        return cmd;
    }

    /** Whether the service's containers go on their application's network ({@link AppNetworks}). */
    static boolean onAppNetwork(ServiceSpec s) {
        return s.container().appNetwork() && (s.networkMode() == null || s.networkMode().isBlank());
    }

    static ExposedPort exposedPort(PortMapping p) {
        return new ExposedPort(p.containerPort(), switch (p.protocol()) {
            case TCP -> InternetProtocol.TCP;
            case UDP -> InternetProtocol.UDP;
            case SCTP -> InternetProtocol.SCTP;
        });
    }

    private static Ports.Binding binding(PortMapping p) {
        String ip = blankToNull(p.hostIp());
        if (p.hasFixedHostPort()) {
            return ip == null ? Ports.Binding.bindPort(p.hostPort()) : Ports.Binding.bindIpAndPort(ip, p.hostPort());
        }
        return ip == null ? Ports.Binding.empty() : Ports.Binding.bindIp(ip);
    }

    static RestartPolicy restartPolicy(dev.acs.core.model.RestartPolicy policy) {
        return switch (policy.mode()) {
            case NO -> RestartPolicy.noRestart();
            case ALWAYS -> RestartPolicy.alwaysRestart();
            case UNLESS_STOPPED -> RestartPolicy.unlessStoppedRestart();
            case ON_FAILURE -> RestartPolicy.onFailureRestart(policy.maxRetries());
        };
    }

    /** Compose writes extra hosts as {@code host:ip} or {@code host=ip}; Docker takes {@code host:ip}. */
    private static String extraHost(String entry) {
        int eq = entry.indexOf('=');
        return eq > 0 && !entry.substring(0, eq).contains(":") ? entry.substring(0, eq) + ":" + entry.substring(eq + 1)
                : entry;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
