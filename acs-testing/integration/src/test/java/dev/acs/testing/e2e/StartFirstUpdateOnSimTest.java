package dev.acs.testing.e2e;

import dev.acs.cloud.sim.ProbeBehaviour;
import dev.acs.cloud.sim.SimCloud;
import dev.acs.cloud.sim.SimOperation;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.Operation;
import dev.acs.core.api.RedeployResult;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.Node;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.RuntimeContainer;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy.update_config.order: start-first} on the control plane's own rolling updates, end to end on the
 * simulated cloud with the Swarm scheduler and real templates, on virtual time. The number of containers the engines
 * run is counted at every engine event, so a moment with fewer than the declared count would be seen.
 */
class StartFirstUpdateOnSimTest {
    private static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");

    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger fewestRunning = new AtomicInteger(Integer.MAX_VALUE);
    private volatile boolean counting;
    private ControlPlane cp;
    private Cluster cluster;

    @AfterEach
    void close() {
        if (cp != null) {
            cp.close();
        }
    }

    private void start(int nodes) {
        cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                .healthTimeout(Duration.ofSeconds(30)).listener(e -> {
                    events.add(e);
                    if (counting) {
                        fewestRunning.accumulateAndGet(running(), Math::min);
                    }
                }).build();
        cluster = settle(cp.clusters().create(ClusterSpec.classic("web", ZONE, nodes, "ecs.n4.large")));
    }

    /** A Compose Specification file: web with a probe, a memory reservation and the given update order. */
    private static AppSpec web(String tag, int replicas, String memory, String order, String extra) {
        return web(tag, replicas, memory, order, "stop-first", extra);
    }

    private static AppSpec web(String tag, int replicas, String memory, String order, String rollbackOrder,
                               String extra) {
        String yaml = """
                services:
                  web:
                    image: nginx:%s
                    labels:
                      aliyun.probe.url: http://container/
                %s
                    deploy:
                      replicas: %d
                      resources: {reservations: {memory: %s}}
                      update_config: {parallelism: 1, order: %s}
                      rollback_config: {order: %s}
                """.formatted(tag, extra, replicas, memory, order, rollbackOrder);
        return Templates.parse(yaml, ParseOptions.builder().applicationName("shop").build()).app().orElseThrow()
                .toBuilder().version(tag + "." + replicas + "." + order).build();
    }

    private Application deploy(AppSpec spec) {
        Application app = settle(cp.applications().deploy(cluster.id(), spec));
        assertThat(cp.applications().containers(app.id())).allSatisfy(c ->
                assertThat(c.health()).isEqualTo(HealthStatus.HEALTHY));
        return app;
    }

    private Operation<Application> update(Application app, AppSpec to) {
        events.clear();
        fewestRunning.set(Integer.MAX_VALUE);
        counting = true;
        Operation<Application> op = cp.applications().update(app.id(), to, UpdateOptions.DEFAULTS);
        for (int i = 0; i < 900 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        counting = false;
        assertThat(op.state().isDone()).as("the update ends").isTrue();
        return op;
    }

    @Test
    void startFirstNeverRunsFewerThanTheCountAndStopFirstDoes() {
        start(2);
        Application app = deploy(web("1", 3, "256m", "start-first", ""));
        Map<Integer, String> namesBefore = names(app);

        Operation<Application> op = update(app, web("2", 3, "256m", "start-first", ""));

        assertThat(op.error()).isEmpty();
        assertThat(fewestRunning.get()).as("running containers at every engine event of the update").isEqualTo(3);
        assertThat(cp.applications().containers(app.id())).hasSize(3).allSatisfy(c -> {
            assertThat(c.image().tag()).isEqualTo("2");
            assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
            assertThat(c.health()).isEqualTo(HealthStatus.HEALTHY);
        });
        assertThat(names(app)).as("each new container took its replica's name").isEqualTo(namesBefore);
        assertThat(types(op)).doesNotContain("START_FIRST_FALLBACK", "START_FIRST_ABORTED").contains("BATCH_DONE");
        assertThat(events).filteredOn(e -> e.type().equals("CONTAINER_RENAMED")).hasSize(3);
        assertNewStartsBeforeOldGoes();
        assertRecordsMatchTheEngines(app);

        Operation<Application> stopFirst = update(app, web("3", 3, "256m", "stop-first", ""));
        assertThat(stopFirst.error()).isEmpty();
        assertThat(fewestRunning.get()).as("stop-first runs one fewer while a container is replaced").isEqualTo(2);
        assertThat(events).extracting(Event::type).doesNotContain("CONTAINER_RENAMED");
        assertRecordsMatchTheEngines(app);
    }

    @Test
    void withoutRoomBesideTheOldOneTheNewOneStartsOnAnotherNode() {
        start(3);
        // 2.5 GiB of a 4 GiB node: two replicas never share a node
        Application app = deploy(web("1", 2, "2560m", "start-first", ""));
        assertThat(perNode(app)).containsExactly(1, 1, 0);

        Operation<Application> op = update(app, web("2", 2, "2560m", "start-first", ""));

        assertThat(op.error()).isEmpty();
        assertThat(fewestRunning.get()).isEqualTo(2);
        assertThat(fallbacks(op)).hasSize(2).allSatisfy(m -> assertThat(m).contains("no room beside")
                .contains("insufficient memory (asked 2.5 GiB").contains("starts on node").doesNotContain("excluded"));
        assertThat(perNode(app)).as("the first moved to the empty node, the second into the room the first left")
                .containsExactly(1, 0, 1);
        assertThat(cp.applications().containers(app.id())).allSatisfy(c -> assertThat(c.image().tag()).isEqualTo("2"));
        assertRecordsMatchTheEngines(app);
    }

    @Test
    void withoutRoomAnywhereOrWithVolumesTheBatchIsReplacedStopFirst() {
        start(2);
        Application app = deploy(web("1", 2, "2560m", "start-first", "    volumes: [\"/srv/data:/data\"]"));

        Operation<Application> op = update(app, web("2", 2, "2560m", "start-first", "    volumes: [\"/srv/data:/data\"]"));

        assertThat(op.error()).isEmpty();
        assertThat(fallbacks(op)).hasSize(2).allSatisfy(m -> assertThat(m).contains("no room beside")
                .contains("mounts volumes").contains("stop-first"));
        assertThat(fewestRunning.get()).as("a stop-first batch runs one fewer").isEqualTo(1);
        assertThat(perNode(app)).containsExactly(1, 1);
        assertThat(cp.applications().containers(app.id())).allSatisfy(c -> assertThat(c.image().tag()).isEqualTo("2"));
        assertRecordsMatchTheEngines(app);

        // without volumes the service may move, but no other node has room either
        Operation<Application> again = update(app, web("3", 2, "2560m", "start-first", ""));
        assertThat(again.error()).isEmpty();
        assertThat(fallbacks(again)).hasSize(2).allSatisfy(m -> assertThat(m).contains("elsewhere")
                .contains("stop-first"));
        assertRecordsMatchTheEngines(app);
    }

    @Test
    void aRedeployOfAnImagePushedAgainUnderItsTagAlsoStartsFirst() {
        start(2);
        Application app = deploy(web("1", 3, "256m", "start-first", ""));
        Map<Integer, String> namesBefore = names(app);
        Map<Integer, String> originals = runtimeIds(app);
        cloud.pushImage("nginx:1");
        events.clear();
        fewestRunning.set(Integer.MAX_VALUE);
        counting = true;

        RedeployResult result = settle(cp.applications().redeploy(app.id()));

        counting = false;
        assertThat(result.recreated()).hasSize(3);
        assertThat(fewestRunning.get()).as("running containers at every engine event of the redeploy").isEqualTo(3);
        assertThat(runtimeIds(app).values()).doesNotContainAnyElementsOf(originals.values());
        assertThat(names(app)).isEqualTo(namesBefore);
        assertThat(events).filteredOn(e -> e.type().equals("CONTAINER_RENAMED")).hasSize(3);
        assertRecordsMatchTheEngines(app);
    }

    @Test
    void aGlobalServiceIsReplacedStopFirstWithAnEvent() {
        start(2);
        Application app = deploy(globalWeb("1"));
        assertThat(perNode(app)).containsExactly(1, 1);

        Operation<Application> op = update(app, globalWeb("2"));

        assertThat(op.error()).isEmpty();
        assertThat(fallbacks(op)).hasSize(2).allSatisfy(m -> assertThat(m).contains("global service")
                .contains("stop-first"));
        assertThat(cp.applications().containers(app.id())).hasSize(2)
                .allSatisfy(c -> assertThat(c.image().tag()).isEqualTo("2"));
        assertRecordsMatchTheEngines(app);
    }

    private static AppSpec globalWeb(String tag) {
        String yaml = """
                services:
                  web:
                    image: nginx:%s
                    deploy:
                      mode: global
                      update_config: {order: start-first}
                """.formatted(tag);
        return Templates.parse(yaml, ParseOptions.builder().applicationName("shop").build()).app().orElseThrow()
                .toBuilder().version(tag).build();
    }

    @Test
    void aFixedHostPortMovesTheNewContainerOrFallsBackToStopFirst() {
        start(3);
        String port = "    ports: [\"8080:80\"]";
        Application app = deploy(web("1", 2, "64m", "start-first", port));
        assertThat(perNode(app)).containsExactly(1, 1, 0);

        Operation<Application> op = update(app, web("2", 2, "64m", "start-first", port));

        assertThat(op.error()).isEmpty();
        assertThat(fewestRunning.get()).isEqualTo(2);
        assertThat(fallbacks(op)).hasSize(2).allSatisfy(m -> assertThat(m)
                .contains("1 with host port 8080/tcp already in use; its new container starts on node"));
        assertThat(perNode(app)).containsExactly(1, 0, 1);
        assertRecordsMatchTheEngines(app);

        // two replicas on two nodes: no node has the port free, so each is replaced stop-first
        AppSpec three = web("3", 3, "64m", "start-first", port);
        settle(cp.applications().update(app.id(), three, UpdateOptions.DEFAULTS));
        Operation<Application> full = update(app, web("4", 3, "64m", "start-first", port));
        assertThat(full.error()).isEmpty();
        assertThat(fallbacks(full)).hasSize(3).allSatisfy(m -> assertThat(m).contains("8080").contains("stop-first"));
        assertThat(fewestRunning.get()).isEqualTo(2);
        assertRecordsMatchTheEngines(app);
    }

    @Test
    void aNewContainerThatNeverBecomesHealthyIsRemovedAndTheOldOnesKeepRunning() {
        start(2);
        Application app = deploy(web("1", 3, "256m", "start-first", ""));
        Map<Integer, String> originals = runtimeIds(app);
        // the second replacement never passes its probe; every container running before does
        AtomicInteger newOnes = new AtomicInteger();
        Map<String, Boolean> healthyById = new ConcurrentHashMap<>();
        cloud.probeBehaviourForService("web", c -> {
            boolean healthy = originals.containsValue(c.runtimeId())
                    || healthyById.computeIfAbsent(c.runtimeId(), id -> newOnes.incrementAndGet() != 2);
            return (healthy ? ProbeBehaviour.healthy() : ProbeBehaviour.unhealthy()).answer(c);
        });

        Operation<Application> op = update(app, web("2", 3, "256m", "start-first", ""));

        assertThat(op.error()).hasValueSatisfying(e -> assertThat(e.getMessage()).contains("rolled back"));
        assertThat(types(op)).contains("START_FIRST_ABORTED", "ROLLBACK");
        assertThat(fewestRunning.get()).as("neither the failed batch nor the rollback of the first one ran fewer")
                .isGreaterThanOrEqualTo(2);
        Application after = cp.applications().require(app.id());
        assertThat(after.state()).isEqualTo(AppState.READY);
        assertThat(after.spec().version()).isEqualTo(app.spec().version());
        List<Container> containers = cp.applications().containers(app.id());
        assertThat(containers).hasSize(3).allSatisfy(c -> {
            assertThat(c.image().tag()).isEqualTo("1");
            assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
        }).extracting(Container::index).containsExactlyInAnyOrder(1, 2, 3);
        Map<Integer, String> now = runtimeIds(app);
        assertThat(now.get(2)).as("the failed batch's old container kept running").isEqualTo(originals.get(2));
        assertThat(now.get(3)).as("the container the update did not reach").isEqualTo(originals.get(3));
        assertThat(now.get(1)).as("the replaced one was started again with the old version")
                .isNotEqualTo(originals.get(1));
        assertRecordsMatchTheEngines(app);
    }

    @Test
    void aNewContainerTheEngineCreatedButCouldNotStartIsRemovedFromTheEngineAndNothingIsLost() {
        start(2);
        Application app = deploy(web("1", 2, "256m", "start-first", ""));
        Map<Integer, String> originals = runtimeIds(app);
        cloud.failApi(SimOperation.START_CONTAINER, ErrorCode.PROVIDER_UNAVAILABLE, 1);

        Operation<Application> op = update(app, web("2", 2, "256m", "start-first", ""));

        assertThat(op.error()).hasValueSatisfying(e -> assertThat(e.getMessage()).contains("rolled back"));
        assertThat(types(op)).contains("START_FIRST_ABORTED");
        assertThat(fewestRunning.get()).isEqualTo(2);
        assertThat(runtimeIds(app)).as("the first batch failed: every original container is there").isEqualTo(originals);
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.READY);
        assertRecordsMatchTheEngines(app);
    }

    @Test
    void aStartFirstRollbackStartsTheOldVersionBesideTheNewBeforeRemovingIt() {
        start(2);
        Application app = deploy(web("1", 3, "256m", "start-first", "start-first", ""));
        Map<Integer, String> namesBefore = names(app);
        Map<Integer, String> originals = runtimeIds(app);
        // the third replacement never passes its probe: the first two are rolled back
        AtomicInteger newOnes = new AtomicInteger();
        Map<String, Boolean> healthyById = new ConcurrentHashMap<>();
        cloud.probeBehaviourForService("web", c -> {
            boolean healthy = originals.containsValue(c.runtimeId())
                    || healthyById.computeIfAbsent(c.runtimeId(), id -> newOnes.incrementAndGet() != 3);
            return (healthy ? ProbeBehaviour.healthy() : ProbeBehaviour.unhealthy()).answer(c);
        });

        Operation<Application> op = update(app, web("2", 3, "256m", "start-first", "start-first", ""));

        assertThat(op.error()).hasValueSatisfying(e -> assertThat(e.getMessage()).contains("rolled back"));
        assertThat(types(op)).contains("START_FIRST_ABORTED", "ROLLBACK").doesNotContain("START_FIRST_FALLBACK");
        assertThat(fewestRunning.get()).as("the update, the failed batch and the rollback all ran three")
                .isEqualTo(3);
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.READY);
        assertThat(cp.applications().containers(app.id())).hasSize(3).allSatisfy(c -> {
            assertThat(c.image().tag()).isEqualTo("1");
            assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
        });
        assertThat(names(app)).as("the rolled-back containers took their replicas' names").isEqualTo(namesBefore);
        assertThat(runtimeIds(app).get(3)).as("the failed batch's old container kept running").isEqualTo(originals.get(3));
        assertRecordsMatchTheEngines(app);
    }

    // ---- helpers ----

    private <T> T settle(Operation<T> op) {
        for (int i = 0; i < 900 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op.await(Duration.ZERO);
    }

    /** The containers RUNNING on every engine of the cluster now. */
    private int running() {
        int n = 0;
        for (Node node : cp.nodes().list(cluster.id())) {
            n += (int) cloud.containersOn(node.machineId()).stream()
                    .filter(c -> c.state() == ContainerState.RUNNING).count();
        }
        return n;
    }

    private List<String> types(Operation<?> op) {
        return op.events().stream().map(Event::type).toList();
    }

    private List<String> fallbacks(Operation<?> op) {
        return op.events().stream().filter(e -> e.type().equals("START_FIRST_FALLBACK")).map(Event::message).toList();
    }

    private Map<Integer, String> names(Application app) {
        return cp.applications().containers(app.id()).stream().collect(Collectors.toMap(Container::index,
                Container::name));
    }

    private Map<Integer, String> runtimeIds(Application app) {
        return cp.applications().containers(app.id()).stream().collect(Collectors.toMap(Container::index,
                Container::runtimeId));
    }

    private List<Integer> perNode(Application app) {
        List<Container> containers = cp.applications().containers(app.id());
        List<Integer> out = new ArrayList<>();
        for (Node n : cp.nodes().list(cluster.id())) {
            out.add((int) containers.stream().filter(c -> c.nodeId().equals(n.id())).count());
        }
        return out;
    }

    /** For every container removed by the update, its replica's new container started (and was healthy) before. */
    private void assertNewStartsBeforeOldGoes() {
        List<Integer> removals = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String type = events.get(i).type();
            if (type.equals("CONTAINER_REMOVED")) {
                removals.add(i);
            } else if (type.equals("CONTAINER_STARTED")) {
                starts.add(i);
            }
        }
        assertThat(removals).hasSize(3);
        for (int k = 0; k < removals.size(); k++) {
            assertThat(starts.get(k)).as("the %d. new container starts before the %d. old one is removed", k + 1, k + 1)
                    .isLessThan(removals.get(k));
        }
    }

    /** Every record names a container its node's engine runs under the record's name, and the engines run no other. */
    private void assertRecordsMatchTheEngines(Application app) {
        Map<String, String> recorded = cp.applications().containers(app.id()).stream()
                .collect(Collectors.toMap(Container::runtimeId, c -> c.nodeId() + "/" + c.name()));
        Map<String, String> onEngines = new HashMap<>();
        for (Node n : cp.nodes().list(cluster.id())) {
            for (RuntimeContainer rc : cloud.containersOn(n.machineId())) {
                onEngines.put(rc.runtimeId(), n.id() + "/" + rc.name());
            }
        }
        assertThat(onEngines).isEqualTo(recorded);
    }
}
