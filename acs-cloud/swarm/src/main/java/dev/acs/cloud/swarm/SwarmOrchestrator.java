package dev.acs.cloud.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeSpec;
import com.github.dockerjava.api.model.Task;
import dev.acs.cloud.tls.CertificateBundle;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Resources;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs applications on a Docker Swarm-mode cluster through one of its managers: each application becomes one
 * attachable overlay network and one Swarm service per declared service (see {@link #deploy}); Swarm then places,
 * restarts and reschedules the tasks, and rolls updates back when they fail. What Swarm made of an application is read
 * back as {@link SwarmServiceView services}, {@link SwarmTaskView tasks} and {@link SwarmNodeView nodes}.
 *
 * <p>Several manager endpoints may be given: calls go to the first one that answers, and move on to the next when a
 * manager is lost (or has no leader while the managers elect one), so the orchestrator keeps working when a manager
 * dies. Everything it creates carries the labels of {@link SwarmLabels}.
 *
 * <pre>{@code
 * try (SwarmOrchestrator swarm = SwarmOrchestrator.builder().manager("tcp://10.0.0.5:2376").tls(bundle).build()) {
 *     swarm.deploy(app, Duration.ofMinutes(1));
 *     swarm.tasks(app.name(), Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class SwarmOrchestrator implements AutoCloseable {
    private final ManagerConnection managers;
    private final SwarmFileObjects files;
    private final boolean routingMesh;

    private SwarmOrchestrator(Builder b) {
        this.managers = new ManagerConnection(b.endpoints, b.tls, b.connectTimeout, b.responseTimeout);
        this.files = new SwarmFileObjects(managers);
        this.routingMesh = b.routingMesh;
    }

    /** A builder; at least one manager endpoint is needed. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks that the endpoint is a manager of an active swarm and returns the swarm's nodes.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} when the engine is not in swarm mode or is a worker,
     *                      {@code PROVIDER_UNAVAILABLE} when no manager answers
     */
    public List<SwarmNodeView> connect(Duration timeout) {
        managers.requireManager(timeout);
        return nodes(timeout);
    }

    /** What Swarm mode cannot run of {@code app} as declared; empty when it can be deployed. */
    public List<SwarmProblem> check(AppSpec app) {
        return ServiceTranslation.of(app, networkName(app.name()), routingMesh).problems();
    }

    /**
     * Deploys {@code app}: its overlay network ({@code <app>_default}, attachable), its secrets and configs from
     * files (Swarm secrets and configs named {@code <app>_<name>_<digest>}) and one Swarm service per declared service
     * ({@code <app>_<service>}). All or nothing: an application with {@linkplain #check problems} is refused
     * before anything is created, and when a creation fails, what was created for it is removed again.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} listing every problem, {@code NAME_CONFLICT} when the application
     *                      is already deployed, or the failure of the creation that failed
     */
    public void deploy(AppSpec app, Duration timeout) {
        Objects.requireNonNull(app, "app");
        String network = networkName(app.name());
        ServiceTranslation translation = ServiceTranslation.of(app, network, routingMesh);
        if (!translation.problems().isEmpty()) {
            throw new AcsException(ErrorCode.INVALID_ARGUMENT, "application '" + app.name() + "' cannot run on Swarm "
                    + "mode as declared: " + String.join("; ", translation.problems().stream()
                    .map(SwarmProblem::toString).toList()));
        }
        managers.requireManager(timeout);
        if (!services(app.name(), timeout).isEmpty()) {
            throw new AcsException(ErrorCode.NAME_CONFLICT, "application '" + app.name() + "' is already deployed on "
                    + "the swarm: update it, or remove it first");
        }
        List<String> made = new ArrayList<>();
        List<SwarmFileObjects.Made> madeFiles = new ArrayList<>();
        String networkId = null;
        try {
            networkId = managers.call("creating network " + network, timeout, c -> c.createNetworkCmd()
                    .withName(network).withDriver("overlay").withAttachable(true).withCheckDuplicate(true)
                    .withLabels(Map.of(SwarmLabels.APP, app.name(), SwarmLabels.ORCHESTRATOR, "swarm"))
                    .exec().getId());
            madeFiles.addAll(files.create(app.name(), translation.files(), timeout));
            Map<String, String> fileIds = files.ids(app.name(), timeout);
            for (Map.Entry<String, com.github.dockerjava.api.model.ServiceSpec> e : translation.specs()) {
                SwarmFiles.bind(e.getValue(), fileIds);
                String id = managers.call("creating service " + e.getValue().getName(), timeout,
                        c -> c.createServiceCmd(e.getValue()).exec().getId());
                made.add(id);
            }
        } catch (RuntimeException e) {
            undo(made, networkId, timeout, e);
            files.remove(madeFiles, timeout, e);
            throw e;
        }
    }

    /**
     * Updates a deployed application to {@code app}: each service whose spec changed is updated in place, and Swarm
     * rolls the change out under the service's update config (a failed update is rolled back by Swarm; see
     * {@link SwarmServiceView#rolledBack()}). Services are neither added nor removed by an update. Secrets and configs
     * whose file changed are created anew (under a new digest) before the services are updated; the old ones stay
     * until the application is removed.
     *
     * @throws AcsException {@code NOT_FOUND} when the application or one of its services is not deployed,
     *                      {@code INVALID_ARGUMENT} listing the {@linkplain #check problems}
     */
    public void update(AppSpec app, Duration timeout) {
        ServiceTranslation translation = ServiceTranslation.of(app, networkName(app.name()), routingMesh);
        if (!translation.problems().isEmpty()) {
            throw new AcsException(ErrorCode.INVALID_ARGUMENT, "application '" + app.name() + "' cannot run on Swarm "
                    + "mode as declared: " + String.join("; ", translation.problems().stream()
                    .map(SwarmProblem::toString).toList()));
        }
        List<Service> deployed = swarmServices(app.name(), timeout);
        files.create(app.name(), translation.files(), timeout);
        Map<String, String> fileIds = files.ids(app.name(), timeout);
        for (Map.Entry<String, com.github.dockerjava.api.model.ServiceSpec> e : translation.specs()) {
            SwarmFiles.bind(e.getValue(), fileIds);
            Service current = deployed.stream().filter(s -> e.getKey().equals(label(s, SwarmLabels.SERVICE)))
                    .findFirst().orElseThrow(() -> AcsException.notFound("service", app.name() + "/" + e.getKey()));
            managers.call("updating service " + current.getSpec().getName(), timeout, c -> {
                c.updateServiceCmd(current.getId(), e.getValue()).withVersion(current.getVersion().getIndex()).exec();
                return null;
            });
        }
    }

    /**
     * Removes an application's services, network, secrets and configs (nothing happens when it is not deployed).
     */
    public void remove(String app, Duration timeout) {
        for (Service s : swarmServices(app, timeout)) {
            removeService(s.getId(), timeout);
        }
        files.removeAll(app, timeout);
        removeNetwork(networkName(app), timeout);
    }

    /** The names of the applications this orchestrator deployed on the swarm (found by their labels). */
    public List<String> apps(Duration timeout) {
        return managers.call("listing services", timeout, c -> c.listServicesCmd()
                .withLabelFilter(Map.of(SwarmLabels.ORCHESTRATOR, "swarm")).exec()).stream()
                .map(s -> label(s, SwarmLabels.APP)).filter(Objects::nonNull).distinct().sorted().toList();
    }

    /** An application's services as Swarm holds them, in name order; empty when it is not deployed. */
    public List<SwarmServiceView> services(String app, Duration timeout) {
        return swarmServices(app, timeout).stream().map(SwarmOrchestrator::view)
                .sorted(Comparator.comparing(SwarmServiceView::name)).toList();
    }

    /** The tasks of an application's services, including finished ones Swarm still keeps in its history. */
    public List<SwarmTaskView> tasks(String app, Duration timeout) {
        List<Service> services = swarmServices(app, timeout);
        if (services.isEmpty()) {
            return List.of();
        }
        Map<String, String> names = new java.util.HashMap<>();
        services.forEach(s -> names.put(s.getId(), label(s, SwarmLabels.SERVICE)));
        List<Task> tasks = managers.call("listing tasks of " + app, timeout, c -> c.listTasksCmd()
                .withServiceFilter(services.stream().map(Service::getId).toArray(String[]::new)).exec());
        return tasks.stream().map(t -> view(t, names.get(t.getServiceId())))
                .sorted(Comparator.comparing(SwarmTaskView::service).thenComparing(SwarmTaskView::slot)
                        .thenComparing(SwarmTaskView::id)).toList();
    }

    /** The swarm's nodes as its node list shows them, in host name order. */
    public List<SwarmNodeView> nodes(Duration timeout) {
        return managers.call("listing nodes", timeout, c -> c.listSwarmNodesCmd().exec()).stream()
                .map(SwarmOrchestrator::view)
                .sorted(Comparator.comparing(SwarmNodeView::hostname).thenComparing(SwarmNodeView::id)).toList();
    }

    /**
     * Drains a node (by id or host name): Swarm stops its tasks and starts them on other nodes.
     *
     * @throws AcsException {@code NOT_FOUND} when no node has that id or host name
     */
    public void drain(String node, Duration timeout) {
        setAvailability(node, SwarmNodeAvailability.DRAIN, timeout);
    }

    /** Makes a drained or paused node (by id or host name) active again. */
    public void activate(String node, Duration timeout) {
        setAvailability(node, SwarmNodeAvailability.ACTIVE, timeout);
    }

    /**
     * This orchestrator as the control plane's {@link dev.acs.core.spi.Orchestrator}, for a Swarm-mode cluster of a
     * control plane ({@code ControlPlane.Builder.orchestratedCluster(name, zone, swarm.asOrchestrator())}): the control
     * plane then deploys through it and mirrors its services, tasks and nodes. Closing stays this object's business.
     */
    public dev.acs.core.spi.Orchestrator asOrchestrator() {
        return new SwarmModeOrchestrator(this);
    }

    /** The manager endpoint calls go to now (it changes when a manager is lost). */
    public String currentManager() {
        return managers.currentEndpoint().toString();
    }

    @Override
    public void close() {
        managers.close();
    }

    private void setAvailability(String node, SwarmNodeAvailability availability, Duration timeout) {
        SwarmNode n = managers.call("listing nodes", timeout, c -> c.listSwarmNodesCmd().exec()).stream()
                .filter(x -> node.equals(x.getId()) || x.getDescription() != null
                        && node.equals(x.getDescription().getHostname()))
                .findFirst().orElseThrow(() -> AcsException.notFound("swarm node", node));
        SwarmNodeSpec spec = n.getSpec() == null ? new SwarmNodeSpec() : n.getSpec();
        managers.call("setting node " + node + " to " + availability, timeout, c -> {
            c.updateSwarmNodeCmd().withSwarmNodeId(n.getId()).withVersion(n.getVersion().getIndex())
                    .withSwarmNodeSpec(spec.withAvailability(availability)).exec();
            return null;
        });
    }

    private List<Service> swarmServices(String app, Duration timeout) {
        return managers.call("listing services of " + app, timeout, c -> c.listServicesCmd()
                .withLabelFilter(Map.of(SwarmLabels.APP, app, SwarmLabels.ORCHESTRATOR, "swarm")).exec());
    }

    private void undo(List<String> services, String networkId, Duration timeout, RuntimeException cause) {
        for (String id : services) {
            try {
                removeService(id, timeout);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        if (networkId != null) {
            try {
                removeNetwork(networkId, timeout);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private void removeService(String id, Duration timeout) {
        managers.call("removing service " + id, timeout, c -> {
            try {
                c.removeServiceCmd(id).exec();
            } catch (NotFoundException e) {
                // already gone
            }
            return null;
        });
    }

    /** Removes a network by name or id; its tasks' endpoints go away a little after their services, so it retries. */
    private void removeNetwork(String network, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                managers.call("removing network " + network, timeout, (DockerClient c) -> {
                    Optional<Network> found = c.listNetworksCmd().withNameFilter(network).exec().stream()
                            .filter(n -> n.getName().equals(network) || n.getId().equals(network)).findFirst();
                    if (found.isEmpty()) {
                        List<Network> byId = c.listNetworksCmd().withIdFilter(network).exec();
                        found = byId.stream().findFirst();
                    }
                    found.ifPresent(n -> c.removeNetworkCmd(n.getId()).exec());
                    return null;
                });
                return;
            } catch (AcsException e) {
                if (e.code() != ErrorCode.INVALID_ARGUMENT && e.code() != ErrorCode.NAME_CONFLICT
                        && e.code() != ErrorCode.PROVIDER_UNAVAILABLE || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcsException(ErrorCode.CANCELLED, "interrupted while removing a network", e);
        }
    }

    /** The overlay network of an application. */
    static String networkName(String app) {
        return app + "_default";
    }

    private static String label(Service s, String key) {
        return s.getSpec() == null || s.getSpec().getLabels() == null ? null : s.getSpec().getLabels().get(key);
    }

    private static SwarmServiceView view(Service s) {
        com.github.dockerjava.api.model.ServiceSpec spec = s.getSpec();
        boolean global = spec.getMode() != null && spec.getMode().getGlobal() != null;
        int replicas = global || spec.getMode() == null || spec.getMode().getReplicated() == null ? 0
                : (int) spec.getMode().getReplicated().getReplicas();
        String image = spec.getTaskTemplate() == null || spec.getTaskTemplate().getContainerSpec() == null ? null
                : spec.getTaskTemplate().getContainerSpec().getImage();
        String state = s.getUpdateStatus() == null || s.getUpdateStatus().getState() == null ? null
                : s.getUpdateStatus().getState().name().toLowerCase(Locale.ROOT);
        String message = s.getUpdateStatus() == null ? null : s.getUpdateStatus().getMessage();
        return new SwarmServiceView(s.getId(), label(s, SwarmLabels.SERVICE), spec.getName(), global, replicas, image,
                state, message);
    }

    private static SwarmTaskView view(Task t, String service) {
        String state = t.getStatus() == null || t.getStatus().getState() == null ? "unknown"
                : t.getStatus().getState().getValue();
        String desired = t.getDesiredState() == null ? "unknown" : t.getDesiredState().getValue();
        String image = t.getSpec() == null || t.getSpec().getContainerSpec() == null ? null
                : t.getSpec().getContainerSpec().getImage();
        String error = t.getStatus() == null ? null : t.getStatus().getErr();
        String container = t.getStatus() == null || t.getStatus().getContainerStatus() == null ? null
                : t.getStatus().getContainerStatus().getContainerID();
        return new SwarmTaskView(t.getId(), service, t.getSlot() == null ? 0 : t.getSlot(), t.getNodeId(), state,
                desired, image, error, container);
    }

    private static SwarmNodeView view(SwarmNode n) {
        String host = n.getDescription() == null ? null : n.getDescription().getHostname();
        String state = n.getStatus() == null || n.getStatus().getState() == null ? "unknown"
                : n.getStatus().getState().name().toLowerCase(Locale.ROOT);
        String address = n.getStatus() == null ? null : n.getStatus().getAddress();
        String availability = n.getSpec() == null || n.getSpec().getAvailability() == null ? "active"
                : n.getSpec().getAvailability().name().toLowerCase(Locale.ROOT);
        boolean manager = n.getManagerStatus() != null;
        boolean leader = manager && n.getManagerStatus().isLeader();
        var resources = n.getDescription() == null ? null : n.getDescription().getResources();
        long nanoCpus = resources == null || resources.getNanoCPUs() == null ? 0 : resources.getNanoCPUs();
        long memory = resources == null || resources.getMemoryBytes() == null ? 0 : resources.getMemoryBytes();
        return new SwarmNodeView(n.getId(), host, address, manager, leader, state, availability,
                new Resources(nanoCpus / ServiceTranslation.NANOS_PER_CPU_UNIT, memory, 0));
    }

    /** Builds a {@link SwarmOrchestrator}. */
    public static final class Builder {
        private final List<URI> endpoints = new ArrayList<>();
        private CertificateBundle tls;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private boolean routingMesh = true;

        private Builder() {
        }

        /**
         * Adds a manager endpoint: {@code unix:///path/docker.sock}, {@code tcp://host:port} or {@code host:port}.
         * Calls go to the first one that answers.
         *
         * @throws AcsException {@code INVALID_ARGUMENT} when it is not a Docker endpoint
         */
        public Builder manager(String endpoint) {
            endpoints.add(Endpoints.parse(endpoint));
            return this;
        }

        /** The client bundle for TCP endpoints ({@code --tlsverify} engines). */
        public Builder tls(CertificateBundle clientBundle) {
            this.tls = Objects.requireNonNull(clientBundle, "clientBundle");
            return this;
        }

        /** How long to wait for a connection to a manager (5 s by default). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long to wait for one answer of a manager (30 s by default). */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Whether published ports go through Swarm's routing mesh (the default: every node answers on the port and
         * services have a virtual IP). Without it ports are published in host mode on the nodes that run a task and
         * services resolve by DNS round robin: for kernels without IPVS, where the routing mesh cannot work.
         */
        public Builder routingMesh(boolean enabled) {
            this.routingMesh = enabled;
            return this;
        }

        /**
         * The orchestrator.
         *
         * @throws AcsException {@code INVALID_ARGUMENT} when no manager endpoint was given
         */
        public SwarmOrchestrator build() {
            if (endpoints.isEmpty()) {
                throw AcsException.invalidArgument("a swarm orchestrator needs at least one manager endpoint");
            }
            return new SwarmOrchestrator(this);
        }
    }
}
