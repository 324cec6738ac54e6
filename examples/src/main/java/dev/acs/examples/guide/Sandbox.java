package dev.acs.examples.guide;

import dev.acs.core.api.Expansion;
import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.ParseResult;
import dev.acs.compose.Templates;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.api.Operation;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.ByteSize;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Node;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineState;
import dev.acs.core.spi.RuntimeContainer;
import dev.acs.scheduler.SwarmScheduler;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What every guide example starts from: a simulated cloud in region {@code cn-hangzhou} (zones e, f and g) and a
 * control plane over it, both on one {@link ManualClock}, so minutes of cloud time pass in microseconds and every run
 * is the same. The engine runs its background steps on the thread that moves the clock
 * ({@code executor(Runnable::run)}) and reconciles only when asked ({@link #reconcile()}).
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.open(System.out)) {
 *     Cluster c = sandbox.cluster("web", 2, Sandbox.ZONE_E);      // waits (in virtual time) until RUNNING
 *     Application app = sandbox.await(sandbox.cp().applications().deploy(c.id(), Sandbox.template("hello", yaml)));
 *     sandbox.printContainers(app.id());
 * }
 * }</pre>
 *
 * <p>Closing the sandbox closes its control plane.
 */
public final class Sandbox implements AutoCloseable {
    /** The simulated region. */
    public static final String REGION = "cn-hangzhou";
    /** Zone e of the region. */
    public static final Zone ZONE_E = new Zone(REGION, "cn-hangzhou-e");
    /** Zone f of the region. */
    public static final Zone ZONE_F = new Zone(REGION, "cn-hangzhou-f");
    /** Zone g of the region. */
    public static final Zone ZONE_G = new Zone(REGION, "cn-hangzhou-g");
    /** The instance type of the examples' nodes: 2 cores, 4 GiB. */
    public static final String INSTANCE_TYPE = "ecs.n4.large";
    /** How long a new container may take to pass its probe in the examples (virtual time). */
    public static final Duration HEALTH_TIMEOUT = Duration.ofMinutes(1);

    /** Virtual time moves in steps of this size while waiting. */
    private static final Duration STEP = Duration.ofSeconds(1);
    /** Waiting gives up after this many steps (one hour of virtual time). */
    private static final int MAX_STEPS = 3600;

    private final Printer printer;
    private final ManualClock clock;
    private final SimCloud cloud;
    private ControlPlane cp;

    private Sandbox(PrintStream out, ManualClock clock, SimCloud cloud, UnaryOperator<ControlPlane.Builder> planeOptions) {
        this.printer = new Printer(out);
        this.clock = clock;
        this.cloud = cloud;
        this.cp = buildControlPlane(planeOptions);
    }

    /** A sandbox with the default simulated cloud and control plane. */
    public static Sandbox open(PrintStream out) {
        return open(out, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /**
     * A sandbox whose cloud and control plane the caller adjusts.
     *
     * @param cloudOptions applied to a cloud builder that already has the clock and the region (e.g. add a quota)
     * @param planeOptions applied to a control-plane builder that already has the cloud, the scheduler, the clock, the
     *                     executor and the health timeout (e.g. add a state store)
     */
    public static Sandbox open(PrintStream out, UnaryOperator<SimCloud.Builder> cloudOptions,
                               UnaryOperator<ControlPlane.Builder> planeOptions) {
        ManualClock clock = new ManualClock();
        SimCloud cloud = cloudOptions.apply(SimCloud.builder().clock(clock)
                .region(REGION, ZONE_E.zoneId(), ZONE_F.zoneId(), ZONE_G.zoneId())).build();
        return new Sandbox(out, clock, cloud, planeOptions);
    }

    private ControlPlane buildControlPlane(UnaryOperator<ControlPlane.Builder> planeOptions) {
        return planeOptions.apply(ControlPlane.builder()
                .infrastructure(cloud.infrastructure())
                .runtime(cloud.runtime())
                .scheduler(new SwarmScheduler())
                .clock(clock)
                .executor(Runnable::run)        // background steps run on the thread that advances the clock
                .reconcileEvery(null)           // reconcile passes only when the example asks
                .healthTimeout(HEALTH_TIMEOUT)).build();
    }

    /**
     * Closes the control plane and builds a new one over the same cloud and clock, as a host process that restarts
     * does; the new one reconciles once while it is built.
     */
    public ControlPlane restart(UnaryOperator<ControlPlane.Builder> planeOptions) {
        cp.close();
        cp = buildControlPlane(planeOptions);
        return cp;
    }

    /** The control plane. */
    public ControlPlane cp() {
        return cp;
    }

    /** The simulated cloud, for fault injection. */
    public SimCloud cloud() {
        return cloud;
    }

    /** The virtual clock. */
    public ManualClock clock() {
        return clock;
    }

    /** Moves virtual time until the operation is done (at most an hour of it) and returns the operation. */
    public <T> Operation<T> settle(Operation<T> op) {
        for (int i = 0; i < MAX_STEPS && !op.state().isDone(); i++) {
            clock.advance(STEP);
        }
        return op;
    }

    /**
     * Moves virtual time until the operation is done and returns its result.
     *
     * @throws dev.acs.core.error.AcsException the operation's error when it failed
     */
    public <T> T await(Operation<T> op) {
        return settle(op).await(Duration.ZERO);
    }

    /** Runs one reconcile pass and moves virtual time until it is done. */
    public void reconcile() {
        CompletableFuture<Void> pass = cp.reconcile().toCompletableFuture();
        for (int i = 0; i < MAX_STEPS && !pass.isDone(); i++) {
            clock.advance(STEP);
        }
        pass.join();
    }

    /** Moves virtual time forward. */
    public void advance(Duration span) {
        clock.advance(span);
    }

    /**
     * Creates a cluster with {@code nodesPerZone} nodes of {@link #INSTANCE_TYPE} in the first zone, expands it by as
     * many in each further zone, and waits until it runs.
     */
    public Cluster cluster(String name, int nodesPerZone, Zone... zones) {
        Cluster c = await(cp.clusters().create(ClusterSpec.classic(name, zones[0], nodesPerZone, INSTANCE_TYPE)));
        for (int i = 1; i < zones.length; i++) {
            c = await(cp.clusters().expand(c.id(), Expansion.of(nodesPerZone).inZone(zones[i])));
        }
        return c;
    }

    /**
     * Creates {@code count} machines of {@link #INSTANCE_TYPE} in {@code zone} outside any cluster, as a user who
     * bought them in the console, and waits until they run: machines to add to a cluster as existing nodes.
     */
    public List<Machine> ownMachines(Zone zone, int count, String clientToken) {
        List<String> ids = cloud.infrastructure().createMachines(new MachineRequest(zone, List.of(), INSTANCE_TYPE,
                count, clientToken, Map.of("owner", "me")), Duration.ofSeconds(5)).stream().map(Machine::id).toList();
        for (int i = 0; i < MAX_STEPS && !running(ids); i++) {
            clock.advance(STEP);
        }
        return cloud.machines().stream().filter(m -> ids.contains(m.id())).toList();
    }

    private boolean running(List<String> machineIds) {
        return cloud.machines().stream().filter(m -> machineIds.contains(m.id()))
                .allMatch(m -> m.state() == MachineState.RUNNING);
    }

    /**
     * Deploys a template as application {@code appName}, waits until it is ready and prints its placement table.
     *
     * @throws dev.acs.core.error.AcsException when the deployment fails
     */
    public Application deploy(String clusterId, String appName, String yaml) {
        Application app = await(cp.applications().deploy(clusterId, template(appName, yaml)));
        step(app.name() + " is " + app.state());
        printContainers(app.id());
        return app;
    }

    /**
     * Parses a template into an application named {@code appName}.
     *
     * @throws IllegalArgumentException with the located diagnostics when the template is invalid
     */
    public static AppSpec template(String appName, String yaml) {
        ParseResult result = Templates.parse(yaml, ParseOptions.builder().applicationName(appName).build());
        return result.app().orElseThrow(() -> new IllegalArgumentException("invalid template: " + result.errors()));
    }

    /** Prints a step's title. */
    public void step(String title) {
        printer.step(title);
    }

    /** Prints an indented, formatted line. */
    public void say(String format, Object... args) {
        printer.say(format, args);
    }

    /** Prints the nodes of a cluster as a table. */
    public void printNodes(String clusterId) {
        say("%-5s %-16s %-5s %-8s %-12s %s", "INDEX", "ZONE", "CPUS", "MEMORY", "STATE", "LABELS");
        for (Node n : cp.nodes().list(clusterId)) {
            say("%-5d %-16s %-5s %-8s %-12s %s", n.index(), n.zone().zoneId(), n.capacity().cores(),
                    ByteSize.format(n.capacity().memoryBytes()), n.state(), n.labels());
        }
    }

    /** Prints the containers of an application with their node and zone (the placement table). */
    public void printContainers(String appId) {
        String clusterId = cp.applications().require(appId).clusterId();
        Map<String, Node> nodes = nodesById(clusterId);
        say("%-18s %-42s %-5s %-16s %s", "CONTAINER", "IMAGE", "NODE", "ZONE", "STATE/HEALTH");
        for (Container c : cp.applications().containers(appId)) {
            Node n = nodes.get(c.nodeId());
            say("%-18s %-42s %-5s %-16s %s/%s", c.name(), c.image(), n == null ? "-" : n.index(),
                    n == null ? "-" : n.zone().zoneId(), c.state(), c.health());
        }
    }

    /** The nodes of a cluster by id. */
    public Map<String, Node> nodesById(String clusterId) {
        return cp.nodes().list(clusterId).stream().collect(Collectors.toMap(Node::id, Function.identity()));
    }

    /** The containers of one service of an application. */
    public List<Container> containersOf(String appId, String service) {
        return cp.applications().containers(appId).stream().filter(c -> c.service().equals(service)).toList();
    }

    /**
     * Every container the control plane made on the cluster's nodes, as the simulated engines themselves report
     * them (what {@code docker ps -a} shows): the truth to compare the control plane's records with.
     */
    public List<RuntimeContainer> engineContainers(String clusterId) {
        return cp.nodes().list(clusterId).stream().flatMap(n -> cloud.containersOn(n.machineId()).stream())
                .filter(rc -> rc.containerId() != null).toList();
    }

    /** The state of every container on the cluster's engines, by container name (see {@link #engineContainers}). */
    public Map<String, ContainerState> engineStates(String clusterId) {
        Map<String, ContainerState> states = new TreeMap<>();
        engineContainers(clusterId).forEach(rc -> states.put(rc.name(), rc.state()));
        return states;
    }

    /** The types of events, in order. */
    public static List<String> types(List<Event> events) {
        return events.stream().map(Event::type).toList();
    }

    /**
     * Runs {@code body} with a new temporary directory (named {@code prefix...}) and deletes the directory and
     * everything in it afterwards, also when the body fails: where examples keep a {@code FileStateStore}.
     */
    public static <T> T inTemporaryDirectory(String prefix, Function<Path, T> body) {
        Path dir;
        try {
            dir = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return body.apply(dir);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Closes the control plane. */
    @Override
    public void close() {
        cp.close();
    }
}
