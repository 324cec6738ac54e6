package dev.acs.examples.bench;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.core.api.Operation;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.limits.Limits;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Resources;
import dev.acs.core.model.RollingUpdate;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.FileStateStore;
import dev.acs.core.store.InMemoryStateStore;
import dev.acs.scheduler.SwarmScheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The engine benchmark's workload: a control plane over a {@link SimCloud} on one {@link ManualClock} (virtual time,
 * background steps on the calling thread), so what is measured is the engine's own CPU: store, scheduler, runtime
 * calls, events. {@link #open} builds the cluster of {@code nodes} nodes (not measured); {@link #deployAll} deploys
 * {@code apps} applications of {@code services} services of {@code scale} containers each, one after another, then
 * runs one reconcile pass over the healthy containers; {@link #rollingUpdate} changes one service's image with a
 * rolling update. Commits are counted by a {@link CountingStateStore} around the store.
 *
 * <pre>{@code
 * try (EngineWorkload w = EngineWorkload.open(new EngineWorkload.Settings(500, 1000, 3, 3, EngineWorkload.StoreKind.MEMORY, false))) {
 *     EngineWorkload.Result r = w.deployAll();
 * }
 * }</pre>
 */
public final class EngineWorkload implements AutoCloseable {
    /** The zone every node is in. */
    public static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");
    /** The nodes' instance type: 2 cores, 4 GiB. */
    public static final String INSTANCE_TYPE = "ecs.n4.large";
    /** What every container reserves: one hundredth of a core and 16 MiB. */
    public static final Resources RESERVATION = new Resources(1, 16L << 20, 0);
    private static final Duration STEP = Duration.ofSeconds(1);
    private static final int MAX_STEPS = 3600;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Where the control plane keeps its state. */
    public enum StoreKind {
        /** {@link InMemoryStateStore}. */
        MEMORY,
        /** {@link FileStateStore} with fsync, in a temporary directory removed on {@link #close()}. */
        FILE
    }

    /**
     * The workload's size.
     *
     * @param nodes    ready nodes of the one cluster (at least 1)
     * @param apps     applications deployed one after another (at least 1)
     * @param services services per application (at least 1)
     * @param scale    containers per service (at least 1)
     * @param store    the kind of state store
     * @param cpuTime  measure the calling thread's CPU time instead of wall time (every step of the engine runs on
     *                 the calling thread, so this is the engine's CPU whatever else the machine runs; a file store's
     *                 waits for the disk are not in it)
     */
    public record Settings(int nodes, int apps, int services, int scale, StoreKind store, boolean cpuTime) {
        /** Checks the sizes. */
        public Settings {
            if (nodes < 1 || apps < 1 || services < 1 || scale < 1 || store == null) {
                throw AcsException.invalidArgument("nodes, apps, services and scale must be at least 1 and the store "
                        + "named, got nodes " + nodes + ", apps " + apps + ", services " + services + ", scale " + scale
                        + ", store " + store);
            }
        }

        /** The containers the workload declares. */
        public int containers() {
            return apps * services * scale;
        }
    }

    /**
     * What {@link #deployAll} measured.
     *
     * @param containers          containers recorded once every deployment finished
     * @param ready               applications READY once every deployment finished
     * @param deployMillis        wall time (or CPU time, see {@link Settings#cpuTime()}) of all the deployments
     * @param containersPerSecond containers per second of wall time over the deployments
     * @param firstAppMillis      mean wall time of one deployment over the first few (the first tenth, at most 10)
     * @param lastAppMillis       mean wall time of one deployment over as many of the last ones
     * @param reconcileMillis     wall time of one reconcile pass over the healthy containers
     * @param reconcileCommits    store commits that pass made
     */
    public record Result(int containers, int ready, long deployMillis, double containersPerSecond,
                         double firstAppMillis, double lastAppMillis, long reconcileMillis, long reconcileCommits) {
    }

    private final Settings settings;
    private final ManualClock clock = new ManualClock();
    private final Path directory;
    private final CountingStateStore store;
    private final ControlPlane cp;
    private final String clusterId;
    private final List<String> appIds = new ArrayList<>();

    private EngineWorkload(Settings settings) {
        this.settings = settings;
        this.directory = settings.store() == StoreKind.FILE ? temporaryDirectory() : null;
        StateStore inner = directory == null ? new InMemoryStateStore()
                : FileStateStore.builder(directory).fsync(true).open();
        this.store = new CountingStateStore(inner);
        SimCloud cloud = SimCloud.builder().clock(clock).region(ZONE.regionId(), ZONE.zoneId()).build();
        this.cp = ControlPlane.builder()
                .infrastructure(cloud.infrastructure())
                .runtime(cloud.runtime())
                .scheduler(new SwarmScheduler())
                .clock(clock)
                .executor(Runnable::run)
                .stateStore(store)
                .limits(Limits.defaults().toBuilder().maxNodesPerCluster(Math.max(settings.nodes(), 1)).build())
                .reconcileEvery(null)
                .build();
        Cluster cluster = await(cp.clusters().create(ClusterSpec.classic("bench", ZONE, settings.nodes(), INSTANCE_TYPE)));
        this.clusterId = cluster.id();
    }

    /** Builds the simulated cloud, the control plane and its cluster of {@code settings.nodes()} running nodes. */
    public static EngineWorkload open(Settings settings) {
        return new EngineWorkload(settings);
    }

    /** The control plane under test. */
    public ControlPlane controlPlane() {
        return cp;
    }

    /** The counting store around the control plane's store. */
    public CountingStateStore store() {
        return store;
    }

    /** The cluster the applications deploy to. */
    public String clusterId() {
        return clusterId;
    }

    /** The ids of the applications deployed so far, in deployment order. */
    public List<String> applicationIds() {
        return List.copyOf(appIds);
    }

    /** The declaration of application number {@code n} (from 0): {@code services} services of {@code scale}. */
    public AppSpec application(int n) {
        AppSpec.Builder app = AppSpec.builder("app" + n);
        for (int s = 0; s < settings.services(); s++) {
            app.service(ServiceSpec.builder("s" + s).image("nginx:1.25").scale(settings.scale())
                    .reservation(RESERVATION).build());
        }
        return app.build();
    }

    /**
     * Deploys every application, one after another, each until it is done, then runs one reconcile pass.
     *
     * @throws AcsException when a deployment fails
     */
    public Result deployAll() {
        int apps = settings.apps();
        long[] nanos = new long[apps];
        long start = now();
        for (int n = 0; n < apps; n++) {
            long t0 = now();
            Application app = await(cp.applications().deploy(clusterId, application(n)));
            nanos[n] = now() - t0;
            appIds.add(app.id());
        }
        long deployNanos = now() - start;
        int containers = 0;
        int ready = 0;
        for (String id : appIds) {
            containers += cp.applications().containers(id).size();
            ready += cp.applications().require(id).state() == AppState.READY ? 1 : 0;
        }
        int window = Math.max(1, Math.min(10, apps / 10));
        double first = 0;
        double last = 0;
        for (int i = 0; i < window; i++) {
            first += nanos[i];
            last += nanos[apps - 1 - i];
        }
        long[] pass = reconcile();
        long deployMillis = deployNanos / 1_000_000;
        return new Result(containers, ready, deployMillis, containers * 1e9 / Math.max(1, deployNanos),
                first / window / 1e6, last / window / 1e6, pass[0], pass[1]);
    }

    /**
     * Runs one reconcile pass until it is done.
     *
     * @return its wall time in milliseconds and the number of commits it made
     */
    public long[] reconcile() {
        long commits = store.commits();
        long t0 = now();
        CompletableFuture<Void> pass = cp.reconcile().toCompletableFuture();
        for (int i = 0; i < MAX_STEPS && !pass.isDone(); i++) {
            clock.advance(STEP);
        }
        pass.join();
        return new long[] {(now() - t0) / 1_000_000, store.commits() - commits};
    }

    /**
     * Changes the image of the first service of the first application deployed, as a rolling update with
     * {@code parallelism} containers per batch, and waits until it is done.
     *
     * @return its wall time in milliseconds
     * @throws AcsException when nothing is deployed yet or the update fails
     */
    public long rollingUpdate(int parallelism) {
        if (appIds.isEmpty()) {
            throw new AcsException(dev.acs.core.error.ErrorCode.INVALID_STATE, "deploy before updating");
        }
        Application app = cp.applications().require(appIds.get(0));
        List<ServiceSpec> services = new ArrayList<>(app.spec().services());
        services.set(0, services.get(0).toBuilder().image("nginx:1.26").rollingUpdate(RollingUpdate.of(parallelism))
                .build());
        AppSpec updated = app.spec().toBuilder().version("2.0").services(services).build();
        long t0 = now();
        await(cp.applications().update(app.id(), updated, UpdateOptions.DEFAULTS));
        return (now() - t0) / 1_000_000;
    }

    private long now() {
        return settings.cpuTime() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private <T> T await(Operation<T> op) {
        for (int i = 0; i < MAX_STEPS && !op.state().isDone(); i++) {
            clock.advance(STEP);
        }
        return op.await(Duration.ZERO);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("acs-bench-engine");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the control plane and the store; removes the file store's directory. */
    @Override
    public void close() {
        cp.close();
        store.close();
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
