package dev.acs.cloud.swarm;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.PortConfigProtocol;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceGlobalModeOptions;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.UpdateConfig;
import com.github.dockerjava.api.model.UpdateFailureAction;
import com.github.dockerjava.api.model.UpdateOrder;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.ContainerSettings;
import dev.acs.core.model.Healthcheck;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Probe;
import dev.acs.core.model.Resources;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.model.RollingUpdate;
import dev.acs.core.model.ServiceSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One declared application as Swarm service specs, or the list of what Swarm mode cannot run as declared.
 *
 * <ul>
 *   <li>name {@code <app>_<service>}, on the application's overlay network with the declared service's name as
 *       alias, so services find each other by name;</li>
 *   <li>{@code global} → global mode, otherwise replicated with the declared scale;</li>
 *   <li>limits from {@code mem_limit} / {@code deploy.resources.limits} (memory, cpus), reservations from the
 *       declared reservation (CPU units, memory);</li>
 *   <li>placement constraints from the rules ({@link SwarmPlacement});</li>
 *   <li>update config ({@code deploy.update_config}, {@code aliyun.rolling_updates.parallelism}): the declared
 *       parallelism, delay, order (stop-first by default), monitor window ({@value #MONITOR_SECONDS} s by default) and
 *       failure action ({@code rollback} by default); the same for rollbacks, which pause when they fail;</li>
 *   <li>restart policy: {@code restart: "no"} → none, {@code on-failure[:N]} → on-failure with N attempts, every
 *       other policy (and none declared) → any, Swarm's default;</li>
 *   <li>the declared Compose health check unchanged; an {@code aliyun.probe} exec probe as a shell health check;</li>
 *   <li>secrets and configs from files as Swarm secrets and configs ({@link SwarmFiles}), mounted where Compose
 *       mounts them;</li>
 *   <li>published ports through the routing mesh (ingress, virtual-IP endpoints) or, without routing mesh, in host
 *       mode on every node that runs a task (DNS round-robin endpoints).</li>
 * </ul>
 */
final class ServiceTranslation {
    static final int MONITOR_SECONDS = 5;
    static final long NANOS_PER_CPU_UNIT = 10_000_000L;

    private final List<Map.Entry<String, com.github.dockerjava.api.model.ServiceSpec>> specs;
    private final List<SwarmProblem> problems;
    private final SwarmFiles files;

    private ServiceTranslation(List<Map.Entry<String, com.github.dockerjava.api.model.ServiceSpec>> specs,
                               List<SwarmProblem> problems, SwarmFiles files) {
        this.specs = specs;
        this.problems = problems;
        this.files = files;
    }

    /** Translates {@code app}; its services attach to {@code network}. */
    static ServiceTranslation of(AppSpec app, String network, boolean routingMesh) {
        List<Map.Entry<String, com.github.dockerjava.api.model.ServiceSpec>> specs = new ArrayList<>();
        List<SwarmProblem> problems = new ArrayList<>();
        SwarmFiles files = SwarmFiles.of(app, problems);
        for (ServiceSpec s : app.services()) {
            specs.add(Map.entry(s.name(), service(app, s, network, routingMesh, files, problems)));
        }
        return new ServiceTranslation(List.copyOf(specs), List.copyOf(problems), files);
    }

    /** The Swarm service name of a declared service. */
    static String swarmName(String app, String service) {
        return app + "_" + service;
    }

    /** The declared service names with their Swarm specs, in declaration order. */
    List<Map.Entry<String, com.github.dockerjava.api.model.ServiceSpec>> specs() {
        return specs;
    }

    /** The Swarm secrets and configs the services mount. */
    SwarmFiles files() {
        return files;
    }

    /** What Swarm mode cannot run as declared; empty when the application can be deployed. */
    List<SwarmProblem> problems() {
        return problems;
    }

    private static com.github.dockerjava.api.model.ServiceSpec service(AppSpec app, ServiceSpec s, String network,
            boolean routingMesh, SwarmFiles files, List<SwarmProblem> problems) {
        unsupported(s, problems);
        Map<String, String> labels = new LinkedHashMap<>(s.labels());
        labels.put(SwarmLabels.APP, app.name());
        labels.put(SwarmLabels.SERVICE, s.name());
        labels.put(SwarmLabels.VERSION, app.version());
        labels.put(SwarmLabels.ORCHESTRATOR, "swarm");
        ContainerSettings c = s.container();
        ContainerSpec container = new ContainerSpec().withImage(s.image().toString()).withLabels(labels);
        if (!s.entrypoint().isEmpty()) {
            container.withCommand(s.entrypoint());
        }
        if (!s.command().isEmpty()) {
            container.withArgs(s.command());
        }
        List<String> env = new ArrayList<>();
        s.environment().forEach((k, v) -> env.add(k + "=" + (v == null ? "" : v)));
        container.withEnv(env);
        if (s.workingDir() != null) {
            container.withDir(s.workingDir());
        }
        if (s.user() != null) {
            container.withUser(s.user());
        }
        if (s.hostname() != null) {
            container.withHostname(s.hostname());
        }
        if (!s.extraHosts().isEmpty()) {
            container.withHosts(s.extraHosts());
        }
        container.withTty(s.tty()).withOpenStdin(s.stdinOpen());
        if (!files.secrets(s.name()).isEmpty()) {
            container.withSecrets(files.secrets(s.name()));
        }
        if (!files.configs(s.name()).isEmpty()) {
            container.withConfigs(files.configs(s.name()));
        }
        HealthCheck health = health(s, problems);
        if (health != null) {
            container.withHealthCheck(health);
        }
        TaskSpec task = new TaskSpec().withContainerSpec(container)
                .withResources(resources(s.reservation(), c))
                .withRestartPolicy(restart(s.restart()))
                .withPlacement(new ServicePlacement().withConstraints(
                        SwarmPlacement.constraints(s.name(), s.placement(), problems)))
                .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(network)
                        .withAliases(List.of(s.name()))));
        ServiceModeConfig mode = s.global() ? new ServiceModeConfig().withGlobal(new ServiceGlobalModeOptions())
                : new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(s.scale()));
        UpdateConfig update = update(s.rollingUpdate(), true);
        UpdateConfig rollback = update(s.rollingUpdate(), false);
        return new com.github.dockerjava.api.model.ServiceSpec().withName(swarmName(app.name(), s.name()))
                .withLabels(labels).withTaskTemplate(task).withMode(mode).withUpdateConfig(update)
                .withRollbackConfig(rollback).withEndpointSpec(endpoint(s, routingMesh, problems));
    }

    /**
     * The update config (or, for {@code forward == false}, the rollback config): the declared parallelism, delay,
     * order (the update's or the rollback's, stop-first unless declared), monitor window ({@value #MONITOR_SECONDS} s unless declared) and failure
     * action ({@code rollback} unless declared, as on Docker engines; Swarm's own default is {@code pause}); a rollback
     * that fails pauses.
     */
    private static UpdateConfig update(RollingUpdate r, boolean forward) {
        UpdateFailureAction action = forward ? UpdateFailureAction.valueOf(r.effectiveFailureAction().name())
                : UpdateFailureAction.PAUSE;
        return new UpdateConfig().withParallelism((long) r.parallelism()).withDelay(r.effectiveDelay().toNanos())
                .withFailureAction(action)
                .withMonitor((r.monitor() == null ? Duration.ofSeconds(MONITOR_SECONDS) : r.monitor()).toNanos())
                .withMaxFailureRatio(0f)
                .withOrder((forward ? r.order() : r.rollbackOrder()) == RollingUpdate.Order.START_FIRST
                        ? UpdateOrder.START_FIRST : UpdateOrder.STOP_FIRST);
    }

    private static void unsupported(ServiceSpec s, List<SwarmProblem> problems) {
        if (!s.volumes().isEmpty()) {
            problems.add(new SwarmProblem(s.name(), "volumes", "this runtime does not mount volumes into Swarm "
                    + "tasks yet: remove the volumes or deploy on Docker engines"));
        }
        if (!s.routes().isEmpty()) {
            problems.add(new SwarmProblem(s.name(), "aliyun.routing", "routes go through the routing layer of "
                    + "classic clusters: publish a port instead (deploy: the routing mesh serves it on every node)"));
        }
        if (!s.loadBalancers().isEmpty()) {
            problems.add(new SwarmProblem(s.name(), "aliyun.lb", "load balancer bindings are not set up for Swarm "
                    + "services: publish a port and point the load balancer at the nodes"));
        }
        if (s.privileged()) {
            problems.add(new SwarmProblem(s.name(), "privileged", "Swarm services cannot run privileged: remove it"));
        }
        if (s.networkMode() != null && !s.networkMode().isBlank()) {
            problems.add(new SwarmProblem(s.name(), "network_mode", "Swarm services run on the application's "
                    + "overlay network: remove network_mode"));
        }
        if (s.build() != null) {
            problems.add(new SwarmProblem(s.name(), "build", "a swarm runs images from a registry every node can "
                    + "reach: build and push the image, then name it in image"));
        }
    }

    private static ResourceRequirements resources(Resources reservation, ContainerSettings c) {
        ResourceSpecs limits = new ResourceSpecs();
        if (c.memoryLimit() != null && c.memoryLimit() > 0) {
            limits.withMemoryBytes(c.memoryLimit());
        }
        if (c.nanoCpus() > 0) {
            limits.withNanoCPUs(c.nanoCpus());
        }
        ResourceSpecs reservations = new ResourceSpecs();
        if (reservation.cpuUnits() > 0) {
            reservations.withNanoCPUs(reservation.cpuUnits() * NANOS_PER_CPU_UNIT);
        }
        if (reservation.memoryBytes() > 0) {
            reservations.withMemoryBytes(reservation.memoryBytes());
        }
        return new ResourceRequirements().withLimits(limits).withReservations(reservations);
    }

    private static ServiceRestartPolicy restart(RestartPolicy policy) {
        if (policy.mode() == RestartPolicy.Mode.NO && policy.declared()) {
            return new ServiceRestartPolicy().withCondition(ServiceRestartCondition.NONE);
        }
        if (policy.mode() == RestartPolicy.Mode.ON_FAILURE) {
            ServiceRestartPolicy p = new ServiceRestartPolicy().withCondition(ServiceRestartCondition.ON_FAILURE);
            return policy.maxRetries() > 0 ? p.withMaxAttempts((long) policy.maxRetries()) : p;
        }
        return new ServiceRestartPolicy().withCondition(ServiceRestartCondition.ANY);
    }

    private static HealthCheck health(ServiceSpec s, List<SwarmProblem> problems) {
        Healthcheck declared = s.container().healthcheck();
        if (declared != null) {
            HealthCheck h = new HealthCheck().withTest(declared.test());
            if (declared.interval() != null) {
                h.withInterval(declared.interval().toNanos());
            }
            if (declared.timeout() != null) {
                h.withTimeout(declared.timeout().toNanos());
            }
            if (declared.startPeriod() != null) {
                h.withStartPeriod(declared.startPeriod().toNanos());
            }
            if (declared.retries() > 0) {
                h.withRetries(declared.retries());
            }
            return h;
        }
        Probe probe = s.probe();
        if (probe == null) {
            return null;
        }
        if (probe.kind() != Probe.Kind.EXEC) {
            problems.add(new SwarmProblem(s.name(), "aliyun.probe.url", "Swarm checks health inside the task with a "
                    + "command: declare a healthcheck (test: [CMD, ...]) or an aliyun.probe.cmd instead of a "
                    + probe.kind().name().toLowerCase(java.util.Locale.ROOT) + " probe"));
            return null;
        }
        return new HealthCheck().withTest(List.of("CMD-SHELL", probe.command()))
                .withInterval(probe.interval().toNanos()).withTimeout(probe.timeout().toNanos())
                .withStartPeriod(probe.initialDelay().toNanos());
    }

    private static EndpointSpec endpoint(ServiceSpec s, boolean routingMesh, List<SwarmProblem> problems) {
        List<PortConfig> ports = new ArrayList<>();
        for (PortMapping p : s.ports()) {
            if (p.hostIp() != null && !p.hostIp().isBlank() && !p.hostIp().equals("0.0.0.0")) {
                problems.add(new SwarmProblem(s.name(), "ports", "Swarm publishes on every address of a node: "
                        + "remove the host address " + p.hostIp() + " from the port " + p.containerPort()));
                continue;
            }
            if (p.hostPort() == 0) {
                continue;
            }
            ports.add(new PortConfig().withTargetPort(p.containerPort()).withPublishedPort(p.hostPort())
                    .withProtocol(PortConfigProtocol.valueOf(p.protocol().name()))
                    .withPublishMode(routingMesh ? PortConfig.PublishMode.ingress : PortConfig.PublishMode.host));
        }
        return new EndpointSpec().withPorts(ports)
                .withMode(routingMesh ? EndpointResolutionMode.VIP : EndpointResolutionMode.DNSRR);
    }
}
