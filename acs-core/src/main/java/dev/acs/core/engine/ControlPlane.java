package dev.acs.core.engine;

import dev.acs.core.api.Clusters;
import dev.acs.core.api.Nodes;
import dev.acs.core.api.Applications;
import dev.acs.core.api.Operations;
import dev.acs.core.clock.SystemClock;
import dev.acs.core.error.AcsException;
import dev.acs.core.limits.Limits;
import dev.acs.core.spi.Authorizer;
import dev.acs.core.event.Event;
import dev.acs.core.spi.Clock;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerSlot;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.EventListener;
import dev.acs.core.spi.LogSink;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.core.spi.Scheduler;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.InMemoryStateStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The control plane a host assembles from SPI implementations: nothing is discovered by class-path scanning, every
 * part is passed in.
 *
 * <pre>{@code
 * try (ControlPlane cp = ControlPlane.builder()
 *         .infrastructure(provider)          // required
 *         .stateStore(FileStateStore.open(dir))
 *         .build()) {
 *     Cluster c = cp.clusters().create(ClusterSpec.classic("web", Zone.of("cn-hangzhou-e"), 3, "ecs.n4.large"))
 *             .await(Duration.ofMinutes(10));
 * }
 * }</pre>
 *
 * <p>Building a control plane over a store that a previous one left in the middle of a cluster create or expansion
 * resumes it: the stored machine request is sent again with its client token, so no machine is made twice.
 *
 * <p>Defaults: an {@link InMemoryStateStore}, the {@link SystemClock}, an authorizer that allows everything, the
 * product's {@link Limits}, and a small daemon thread pool for background steps. Closing the control plane stops
 * the threads it created itself; SPI instances passed in stay the host's to close.
 */
public final class ControlPlane implements AutoCloseable {
    private final EngineContext context;
    private final ContainerRuntime runtime;
    private final Scheduler scheduler;
    private final Clusters clusters;
    private final Nodes nodes;
    private final Applications applications;
    private final ControllerRunner controllers;
    private final Views views;
    private final PrincipalView hostView;
    private final TriggerCalls triggerEndpoint;
    private final dev.acs.core.logs.Logs logs;
    private final List<AutoCloseable> owned;
    private final boolean automaticPasses;
    private final ObservabilityWiring.Built observability;

    private ControlPlane(Builder b, EngineContext context, List<AutoCloseable> owned,
                         dev.acs.core.routing.RoutingController routing, ObservabilityWiring.Built observability) {
        this.context = context;
        this.runtime = b.runtime;
        this.scheduler = b.scheduler;
        this.observability = observability;
        EngineComponents parts = EngineComponents.wire(b, context, routing, observability);
        this.clusters = parts.clusterCommands();
        this.nodes = parts.nodes();
        this.applications = parts.applications();
        this.controllers = parts.controllers();
        this.views = parts.views();
        this.triggerEndpoint = parts.triggerEndpoint();
        this.hostView = as(context.principal());
        this.logs = new ContainerLogs(context, hostView.applications(), hostView.nodes());
        this.owned = owned;
        this.automaticPasses = b.reconcileInterval != null;
        parts.clusterCommands().resumeMachineRequests();
        parts.clusterCommands().reattachOrchestrated();
    }

    private void startReconciling() {
        if (runtime != null && scheduler != null) {
            // adopt what a previous control plane over the same store left running, and finish interrupted work
            CompletableFuture<Void> adoption = controllers.passOfAll();
            if (automaticPasses) {
                adoption.whenComplete((v, e) -> controllers.start());
            }
        }
    }

    /** A builder; {@link Builder#infrastructure(InfrastructureProvider)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The API as {@code principal} sees it: every call checked by the {@link Builder#authorizer authorizer} against
     * the cluster it touches, listings filtered, operations recorded with the principal's name (see
     * {@link PrincipalView}). With {@link dev.acs.core.access.AccessControl} as authorizer the principal's grants and
     * policies decide.
     */
    public PrincipalView as(String principal) {
        if (principal == null || principal.isBlank()) {
            throw AcsException.invalidArgument("a principal must be named");
        }
        return views.of(principal);
    }

    /**
     * Cluster commands: create, expand, rename, delete, search, events; as the control plane's own principal
     * ({@link Builder#principal}, {@code host} by default), which the default authorizer lets do everything: a
     * single-user host needs nothing else. Same as {@code as(principal).clusters()}.
     */
    public Clusters clusters() {
        return hostView.clusters();
    }

    /** Node operations: list, labels, add existing machines, remove and reset (with container migration); as the
     * control plane's own principal (see {@link #clusters()}). */
    public Nodes nodes() {
        return hostView.nodes();
    }

    /** Application-level operations (needs a runtime and a scheduler); as the control plane's own principal (see
     * {@link #clusters()}). */
    public Applications applications() {
        return hostView.applications();
    }

    /**
     * The routes of every cluster and application (domain and context path → backends), as the routing layer
     * routes them; see {@link Builder#router(dev.acs.core.spi.Router)}.
     */
    public dev.acs.core.routing.Routes routes() {
        return hostView.routes();
    }

    /**
     * The logs of the applications' containers (needs a runtime): read the last lines of an application, a service or
     * a container, follow them, download them all; as the control plane's own principal (see {@link #clusters()}).
     */
    public dev.acs.core.logs.Logs logs() {
        return logs;
    }

    /**
     * The usage and custom monitoring the {@code METRICS} slot measures: the controller
     * {@link Builder#metrics(java.util.function.Consumer)} made, or the host's own when it is a
     * {@link dev.acs.core.metrics.Metrics}; empty otherwise.
     */
    public Optional<dev.acs.core.metrics.Metrics> metrics() {
        return Optional.ofNullable(observability.metrics());
    }

    /**
     * The auto-scaling controller of the {@code SCALING} slot (set and read policies through it): the one
     * {@link Builder#autoScaling(java.util.function.Consumer)} made, or the host's own; empty otherwise.
     */
    public Optional<dev.acs.core.scaling.ScalingController> scaling() {
        return Optional.ofNullable(observability.scaling());
    }

    /** The log-store collector {@link Builder#logStores} made (its counters); empty when none was asked for. */
    public Optional<dev.acs.core.logs.LogCollector> logStores() {
        return Optional.ofNullable(observability.logs());
    }

    /** The triggers of applications (触发器): create (the secret shown once), list, delete, call history; as the
     * control plane's own principal (see {@link #clusters()}). */
    public dev.acs.core.api.Triggers triggers() {
        return hostView.triggers();
    }

    /**
     * Where trigger calls arrive: mount it at {@code /hook/trigger} in an HTTP server (see
     * {@link dev.acs.core.api.TriggerEndpoint}); {@code acs serve} does so. Calls act as the principal
     * {@code trigger:<token>}, whatever the authorizer says: the trigger's secret is their authority.
     */
    public dev.acs.core.api.TriggerEndpoint triggerEndpoint() {
        return triggerEndpoint;
    }

    /** The operation log of every cluster and application, running operations, and waiting for one by id; as the
     * control plane's own principal (see {@link #clusters()}). */
    public Operations operations() {
        return hostView.operations();
    }

    /**
     * Runs one reconcile pass now: every controller once, one after another, on the executor: the built-in ones
     * ({@code orphan-machines} reports, and when the host opted in releases, the machines this control plane created
     * that no cluster holds ({@link Builder#releaseOrphanMachines(boolean)}); {@code node-health} checks every node's
     * engine; {@code rescheduling} moves the containers of failed nodes that asked for it; {@code convergence} makes
     * every application match its declaration, restarting containers by their kind and restart policy and replacing
     * lost ones; {@code global-services} extends global services to new nodes), then the filled
     * {@link ControllerSlot}s ({@code jobs}, {@code metrics}, {@code scaling}, {@code routing}, {@code triggers}),
     * then the host's, in the order they were added ({@link #controllerNames()}). Controllers also run on their own
     * intervals (see {@link Builder#reconcileEvery(Duration)}, {@link Builder#controller(Controller)} and
     * {@link Builder#controller(ControllerSlot, Controller)}).
     *
     * @return completes when the pass is done; a controller that failed is reported as an event, not here
     */
    public CompletionStage<Void> reconcile() {
        return controllers.passOfAll();
    }

    /**
     * The names of the controllers in the order one {@link #reconcile()} pass runs them: the built-in ones, the filled
     * {@link ControllerSlot}s, the host's.
     */
    public List<String> controllerNames() {
        return controllers.names();
    }

    /**
     * The latest events of a controller ({@code CONTROLLER_FAILED}, {@code CONTROLLER_OVER_BUDGET}, and what a host
     * controller published for itself), oldest first.
     */
    public List<Event> controllerEvents(String controllerName) {
        return context.events().eventsOf(controllerName);
    }

    /** The limits in force. */
    public Limits limits() {
        return context.limits();
    }

    /** The clock in use. */
    public Clock clock() {
        return context.clock();
    }

    /** The state store in use. */
    public StateStore stateStore() {
        return context.store();
    }

    /** The container runtime, if one was given. */
    public Optional<ContainerRuntime> runtime() {
        return Optional.ofNullable(runtime);
    }

    /** The scheduler, if one was given. */
    public Optional<Scheduler> scheduler() {
        return Optional.ofNullable(scheduler);
    }

    /** Stops the threads and closes the defaults the control plane created itself. */
    @Override
    public void close() {
        controllers.close();
        owned.forEach(ControlPlane::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(ControlPlane.class).warn("closing {} failed", c, e);
        }
    }

    /** Builder of {@link ControlPlane}. */
    public static final class Builder {
        InfrastructureProvider infrastructure;
        ContainerRuntime runtime;
        Scheduler scheduler;
        StateStore store;
        Clock clock;
        Executor executor;
        Authorizer authorizer = Authorizer.allowAll();
        String principal = "host";
        Limits limits = Limits.defaults();
        final List<EventListener> listeners = new ArrayList<>();
        Duration callTimeout = Duration.ofSeconds(30);
        Duration pollInterval = Duration.ofSeconds(2);
        Duration machineTimeout = Duration.ofMinutes(10);
        int eventsPerEntity = 500;
        int eventEntities = 10_000;
        final List<Controller> hostControllers = new ArrayList<>();
        final Map<ControllerSlot, Controller> slots = new java.util.EnumMap<>(ControllerSlot.class);
        final Map<String, Duration[]> timings = new LinkedHashMap<>();
        int operationsPerEntity = 100;
        Duration healthTimeout = Duration.ofMinutes(5);
        Duration stopGrace = Duration.ofSeconds(10);
        Duration reconcileInterval = Duration.ofSeconds(30);
        boolean releaseOrphanMachines;
        int triggerCallsPerMinute = 10;
        dev.acs.core.spi.SpecRefresher specRefresher = dev.acs.core.spi.SpecRefresher.none();
        java.time.ZoneId jobTimeZone = java.time.ZoneId.of("Asia/Shanghai");
        dev.acs.core.spi.Router router;
        dev.acs.core.spi.LoadBalancer loadBalancer;
        dev.acs.core.routing.RoutingSettings routingSettings = dev.acs.core.routing.RoutingSettings.defaults();
        Duration drainGrace = dev.acs.core.routing.RoutingController.DRAIN_GRACE;
        final List<OrchestratedClusters.Registration> orchestratedClusters = new ArrayList<>();
        dev.acs.core.spi.OrchestratorProvisioner orchestratorProvisioner;
        final ObservabilityWiring observability = new ObservabilityWiring();
        /** Set by {@link StateSnapshot} only: assemble to read, recovering nothing. */
        boolean snapshot;

        private Builder() {
        }

        /**
         * Adds a cluster whose tasks {@code orchestrator} places (Swarm mode; the Java equivalent of
         * {@code acs deploy --swarm}): the cluster named {@code name}, or a new zero-node one in {@code zone}
         * ({@code INVALID_ARGUMENT} at {@link #build()} when that cluster has nodes of its own). The control plane does
         * not place, restart or reschedule anything there: deploy, update, scale and delete go to the orchestrator;
         * applications, containers (its tasks) and nodes (its node list) are read from it; removing a node with
         * migration drains it there; the calls it has no counterpart for are refused with {@code INVALID_STATE}.
         * docs/swarm.md has the table of every call.
         */
        public Builder orchestratedCluster(String name, dev.acs.core.model.Zone zone,
                                           dev.acs.core.spi.Orchestrator orchestrator) {
            orchestratedClusters.add(new OrchestratedClusters.Registration(Objects.requireNonNull(name, "name"),
                    Objects.requireNonNull(zone, "zone"), Objects.requireNonNull(orchestrator, "orchestrator")));
            return this;
        }

        /**
         * What turns the new machines of {@code clusters().createOrchestrated} into an orchestrated cluster (Swarm
         * mode: {@code SwarmProvisioner} of acs-cloud-swarm); without one that call is refused.
         */
        public Builder orchestratorProvisioner(dev.acs.core.spi.OrchestratorProvisioner v) {
            orchestratorProvisioner = Objects.requireNonNull(v);
            return this;
        }

        /** The machine provider (required). */
        public Builder infrastructure(InfrastructureProvider v) { infrastructure = Objects.requireNonNull(v); return this; }
        /** The container runtime. */
        public Builder runtime(ContainerRuntime v) { runtime = Objects.requireNonNull(v); return this; }
        /** The scheduler. */
        public Builder scheduler(Scheduler v) { scheduler = Objects.requireNonNull(v); return this; }
        /** Where state is kept; default in memory. */
        public Builder stateStore(StateStore v) { store = Objects.requireNonNull(v); return this; }
        /** Source of time; default real time. Use a {@link dev.acs.core.clock.ManualClock} for virtual time. */
        public Builder clock(Clock v) { clock = Objects.requireNonNull(v); return this; }
        /**
         * Where background steps run; default a small daemon pool. {@code Runnable::run} runs them on the calling
         * or clock thread, which makes tests on virtual time deterministic.
         */
        public Builder executor(Executor v) { executor = Objects.requireNonNull(v); return this; }
        /** Who may do what ({@link dev.acs.core.access.AccessControl} for grants and RAM policies); default allows
         * everything. */
        public Builder authorizer(Authorizer v) { authorizer = Objects.requireNonNull(v); return this; }
        /** The principal of {@link ControlPlane#clusters()}, {@code nodes()}, {@code applications()},
         * {@code operations()} and {@code routes()}: the single user of an embedding host; default {@code host}.
         * Other principals use {@link ControlPlane#as(String)}. */
        public Builder principal(String v) { principal = Objects.requireNonNull(v); return this; }
        /** Quotas and naming rules; default the product's. */
        public Builder limits(Limits v) { limits = Objects.requireNonNull(v); return this; }
        /** Adds an event listener. */
        public Builder listener(EventListener v) { listeners.add(Objects.requireNonNull(v)); return this; }
        /** Timeout of each provider call; default 30 s. */
        public Builder callTimeout(Duration v) { callTimeout = positive("callTimeout", v); return this; }
        /** Interval between polls of machines that are starting; default 2 s. */
        public Builder pollInterval(Duration v) { pollInterval = positive("pollInterval", v); return this; }
        /** How long new machines may take to run; default 10 min. */
        public Builder machineTimeout(Duration v) { machineTimeout = positive("machineTimeout", v); return this; }
        /** How long a new container may take to pass its probe before its deployment fails; default 5 min. */
        public Builder healthTimeout(Duration v) { healthTimeout = positive("healthTimeout", v); return this; }
        /** How long a stopping container gets before it is killed; default 10 s. */
        public Builder stopGrace(Duration v) { stopGrace = positive("stopGrace", v); return this; }
        /**
         * Interval of the built-in controllers' automatic runs; default 30 s. {@code null} for passes on request
         * only ({@link ControlPlane#reconcile()}): then no controller, the host's included, runs by itself.
         */
        public Builder reconcileEvery(Duration v) {
            reconcileInterval = v == null ? null : positive("reconcileEvery", v);
            return this;
        }

        /**
         * Adds a host controller: it runs on its own {@link Controller#interval()} and in every
         * {@link ControlPlane#reconcile()} pass, after the built-in ones and the filled {@link ControllerSlot}s. Names
         * must be unique (the built-in ones are {@code orphan-machines}, {@code node-health}, {@code rescheduling},
         * {@code convergence} and {@code global-services}); the slots' names ({@code jobs}, {@code metrics},
         * {@code scaling}, {@code routing}, {@code triggers}) are taken by {@link #controller(ControllerSlot, Controller)}
         * and fail here with {@code INVALID_ARGUMENT}.
         */
        public Builder controller(Controller v) {
            hostControllers.add(ControllerLineup.hostController(v));
            return this;
        }

        /**
         * Fills a {@link ControllerSlot}, the well-known place in the pass where a feature's controller plugs in (jobs,
         * metrics, scaling, routing, triggers): it runs on its own {@link Controller#interval()} and in every
         * {@link ControlPlane#reconcile()} pass after the built-in controllers and before the host's other ones, slots
         * in {@link ControllerSlot}'s order. Its timing can be overridden like any controller's
         * ({@link #controllerTiming(ControllerSlot, Duration, Duration)}).
         *
         * @throws AcsException {@code INVALID_ARGUMENT} when the controller is not named
         *                      {@link ControllerSlot#controllerName()} or the slot is filled already
         */
        public Builder controller(ControllerSlot slot, Controller v) {
            ControllerLineup.fill(slots, slot, v);
            return this;
        }

        /**
         * Measures usage (opt-in): fills {@link ControllerSlot#METRICS} with a
         * {@link dev.acs.core.metrics.MetricsController} over the runtime (1-minute periods, a sample every 15 s,
         * custom monitoring once a period), its calls in parallel on the executor with the call timeout, then set up
         * further by {@code settings} (e.g. {@code m -> m.listener(micrometerBinder)}). Read it with
         * {@link ControlPlane#metrics()}. Building fails with {@code INVALID_ARGUMENT} when the slot is also filled by
         * {@link #controller(ControllerSlot, Controller)}, and with {@code INVALID_STATE} without a runtime.
         */
        public Builder metrics(java.util.function.Consumer<dev.acs.core.metrics.MetricsController.Builder> settings) {
            observability.metrics(settings);
            return this;
        }

        /**
         * Container and node auto scaling (opt-in): fills {@link ControllerSlot#SCALING} with a
         * {@link dev.acs.core.scaling.ScalingController} over the metrics (the {@code METRICS} slot's, made with the
         * defaults of {@link #metrics} when neither asked for nor filled), keeping policies and period counts in the
         * state store and releasing scaled-in machines through the infrastructure provider, then set up further by
         * {@code settings}. Policies come from the {@code aliyun.auto_scaling.*} labels or through
         * {@link ControlPlane#scaling()}.
         */
        public Builder autoScaling(java.util.function.Consumer<dev.acs.core.scaling.ScalingController.Builder> settings) {
            observability.scaling(settings);
            return this;
        }

        /**
         * Ships the log stores ({@code aliyun.log_store_<name>}) to {@code sink} (opt-in): adds a
         * {@link dev.acs.core.logs.LogCollector} (controller {@value dev.acs.core.logs.LogCollector#NAME}) keeping its
         * positions in the state store, closed with the control plane, then set up further by {@code settings}.
         */
        public Builder logStores(LogSink sink,
                                 java.util.function.Consumer<dev.acs.core.logs.LogCollector.Builder> settings) {
            observability.logStores(sink, settings);
            return this;
        }

        /** {@link #controllerTiming(String, Duration, Duration)} of the controller filling {@code slot}. */
        public Builder controllerTiming(ControllerSlot slot, Duration interval, Duration budget) {
            return controllerTiming(slot.controllerName(), interval, budget);
        }

        /**
         * Overrides the interval and budget of a controller, built-in or the host's, by name; {@link #build()} fails
         * with {@code INVALID_ARGUMENT} for an unknown name.
         */
        public Builder controllerTiming(String name, Duration interval, Duration budget) {
            timings.put(Objects.requireNonNull(name), new Duration[] {positive("interval", interval),
                    positive("budget", budget)});
            return this;
        }

        /**
         * Entities (clusters, applications, controllers) whose events are kept for the event views; default 10,000.
         * When one more has events, the history of a deleted entity goes first, else the one whose last event is the
         * oldest.
         */
        public Builder eventEntities(int v) { eventEntities = atLeastOne("eventEntities", v); return this; }

        /**
         * Whether reconcile passes release orphan machines: machines this control plane created (tagged
         * {@code acs.plane} with its id) that no cluster holds, e.g. after a provider's answer was lost and the
         * clean-up could not reach it, or after a restart in the middle of a create. Every pass reports each orphan
         * once as a {@code MACHINE_ORPHANED} event of the cluster it was made for; with {@code true} it is then
         * released ({@code ORPHAN_RELEASED}). Machines handed over by a node removal are never orphans. Default
         * {@code false}: report only.
         */
        public Builder releaseOrphanMachines(boolean v) { releaseOrphanMachines = v; return this; }

        /**
         * The time zone the schedules of scheduled jobs ({@code aliyun.schedule}) are read in; default
         * {@code Asia/Shanghai}, the product's Beijing time.
         */
        public Builder jobTimeZone(java.time.ZoneId v) { jobTimeZone = Objects.requireNonNull(v); return this; }

        /**
         * How a redeploy reads an application's declaration again, so it applies changed configuration-set values
         * (see {@link dev.acs.core.spi.SpecRefresher}; for applications deployed from templates, acs-compose's
         * {@code TemplateRefresher}); default: the recorded declaration stays.
         */
        public Builder specRefresher(dev.acs.core.spi.SpecRefresher v) { specRefresher = Objects.requireNonNull(v); return this; }

        /**
         * Calls a trigger accepts within a minute (sliding window); more answer 429 and start nothing; default 10. The
         * window is rebuilt from the trigger's stored call history (the latest 100 calls), so it survives a restart.
         */
        public Builder triggerCallsPerMinute(int v) { triggerCallsPerMinute = atLeastOne("triggerCallsPerMinute", v); return this; }

        /** Events kept per entity for the event views; default 500. */
        public Builder eventsPerEntity(int v) { eventsPerEntity = atLeastOne("eventsPerEntity", v); return this; }

        /**
         * Operations kept per cluster and per application in the persisted operation log
         * ({@link Operations#log(String)}); default 100.
         */
        public Builder operationsPerEntity(int v) { operationsPerEntity = atLeastOne("operationsPerEntity", v); return this; }

        /**
         * The routing layer: fills {@link ControllerSlot#ROUTING} with a
         * {@link dev.acs.core.routing.RoutingController} that keeps {@code v} at every cluster's routing table
         * (cannot be combined with another controller in that slot).
         */
        public Builder router(dev.acs.core.spi.Router v) { router = Objects.requireNonNull(v); return this; }

        /**
         * The load balancers of the {@code aliyun.lb.port_*} bindings: the routing controller (in
         * {@link ControllerSlot#ROUTING}, with or without a {@link #router(dev.acs.core.spi.Router)}) keeps {@code v} at
         * every cluster's {@link dev.acs.core.routing.LoadBalancerTable}.
         */
        public Builder loadBalancer(dev.acs.core.spi.LoadBalancer v) { loadBalancer = Objects.requireNonNull(v); return this; }

        /**
         * How long a routed container keeps running after the proxy stopped sending it new requests and before the
         * engine stops it (requests already sent to it finish); {@link dev.acs.core.routing.RoutingController#DRAIN_GRACE}
         * by default. Only with a {@link #router(dev.acs.core.spi.Router)}.
         */
        public Builder drainGrace(Duration v) {
            if (v == null || v.isNegative()) {
                throw AcsException.invalidArgument("drainGrace must be zero or positive, got " + v);
            }
            drainGrace = v;
            return this;
        }

        /** How routing-domain prefixes expand (test domain, root domains); the product's defaults otherwise. */
        public Builder routingSettings(dev.acs.core.routing.RoutingSettings v) {
            routingSettings = Objects.requireNonNull(v);
            return this;
        }

        static int atLeastOne(String name, int v) {
            if (v < 1) {
                throw AcsException.invalidArgument(name + " must be at least 1");
            }
            return v;
        }

        static Duration positive(String name, Duration v) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw AcsException.invalidArgument(name + " must be a positive duration, got " + v);
            }
            return v;
        }

        /** The control plane; fails with {@code INVALID_ARGUMENT} when the infrastructure provider is missing. */
        public ControlPlane build() {
            if (infrastructure == null) {
                throw AcsException.invalidArgument("a control plane needs an InfrastructureProvider: call infrastructure(...)");
            }
            List<AutoCloseable> owned = new ArrayList<>();
            ContextAssembly assembled = ContextAssembly.of(this, owned);
            EngineContext ctx = assembled.context();
            dev.acs.core.routing.RoutingController routing = assembled.routing();
            ControlPlane plane;
            try {
                plane = new ControlPlane(this, ctx, owned, routing, observability.build(this, ctx, owned));
            } catch (RuntimeException badControllers) {
                owned.forEach(ControlPlane::closeQuietly);
                throw badControllers;
            }
            plane.startReconciling();
            return plane;
        }
    }
}
