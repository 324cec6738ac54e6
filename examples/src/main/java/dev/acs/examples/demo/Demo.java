package dev.acs.examples.demo;

import dev.acs.core.api.Expansion;
import dev.acs.core.api.DeployOptions;
import dev.acs.cloud.sim.SimCloud;
import dev.acs.cloud.sim.SimRouter;
import dev.acs.core.routing.RouteBackend;
import dev.acs.core.routing.RouteEntry;
import dev.acs.core.routing.RoutingTable;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.ParseResult;
import dev.acs.compose.Templates;
import dev.acs.core.clock.SystemClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.api.Operation;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Job;
import dev.acs.core.model.JobRun;
import dev.acs.core.model.JobState;
import dev.acs.core.model.JobTask;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Zone;
import dev.acs.scheduler.SwarmScheduler;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The main job: a whole container service on the embedded simulated cloud, checking itself at every step. It
 * creates a cluster over three zones with GPU nodes, deploys the web-shop template ({@code shop.yml}: depends,
 * probes, scale, global, GPU, {@code availability:az==3} and an anti-affinity), shows the placements, loses a node
 * and shows the rescheduling, runs a rolling update and prints the final state. {@link #run()} is true only when
 * every step did what it should.
 */
public final class Demo {
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    private static final String REGION = "cn-hangzhou";

    private final PrintStream out;
    private int checks;

    /** A demo printing to {@code out}. */
    public Demo(PrintStream out) {
        this.out = out;
    }

    /** Runs the demo; the exit code is 0 only if every check passed. */
    public static void main(String[] args) {
        System.exit(new Demo(System.out).run() ? 0 : 1);
    }

    /** Thrown when a step did not do what it should. */
    static final class CheckFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CheckFailed(String message) {
            super(message);
        }
    }

    /** Runs every step; false (after saying why) when a check failed or an operation failed. */
    public boolean run() {
        SimCloud cloud;
        try (SystemClock clock = new SystemClock()) {
            cloud = SimCloud.builder().clock(clock)
                    .region(REGION, "cn-hangzhou-e", "cn-hangzhou-f", "cn-hangzhou-g")
                    .pendingTime(Duration.ofMillis(200)).bootTime(Duration.ofMillis(400)).stopTime(Duration.ofMillis(100))
                    .build();
            SimRouter router = new SimRouter();
            try (ControlPlane cp = ControlPlane.builder()
                    .infrastructure(cloud.infrastructure()).runtime(cloud.runtime()).scheduler(new SwarmScheduler())
                    .clock(clock).pollInterval(Duration.ofMillis(100)).reconcileEvery(null).router(router)
                    .listener(this::show).build()) {
                steps(cp, cloud, router);
            }
            out.printf("%nDEMO PASSED: %d checks%n", checks);
            return true;
        } catch (CheckFailed e) {
            out.printf("%nDEMO FAILED: %s%n", e.getMessage());
            return false;
        } catch (RuntimeException e) {
            out.printf("%nDEMO FAILED: %s%n", e);
            return false;
        }
    }

    private void steps(ControlPlane cp, SimCloud cloud, SimRouter router) {
        step("1. Create a cluster over three zones, with GPU nodes");
        Cluster cluster = cp.clusters().create(ClusterSpec.classic("shop-prod", new Zone(REGION, "cn-hangzhou-e"), 3,
                "ecs.n4.xlarge")).await(STEP_TIMEOUT);
        cp.clusters().expand(cluster.id(), Expansion.of(2).withInstanceType("ecs.n4.xlarge").inZone(new Zone(REGION, "cn-hangzhou-f"))).await(STEP_TIMEOUT);
        cluster = cp.clusters().expand(cluster.id(), Expansion.of(2).withInstanceType("ecs.gn5-c4g1.xlarge").inZone(new Zone(REGION, "cn-hangzhou-g")))
                .await(STEP_TIMEOUT);
        List<Node> nodes = cp.nodes().list(cluster.id());
        printNodes(nodes);
        check(nodes.size() == 7, "the cluster has 7 nodes (has " + nodes.size() + ")");
        check(nodes.stream().map(n -> n.zone().zoneId()).distinct().count() == 3, "the nodes span 3 zones");
        check(nodes.stream().filter(n -> n.capacity().gpus() > 0).count() == 2, "2 nodes have GPUs");

        step("2. Deploy the web-shop template");
        AppSpec v1 = template("4.5");
        Application app = cp.applications().deploy(cluster.id(), v1, DeployOptions.fromTemplate(read("shop.yml"))).await(STEP_TIMEOUT);
        check(app.state() == AppState.READY, "the application is READY (is " + app.state() + ")");
        Map<String, Node> byId = cp.nodes().list(cluster.id()).stream()
                .collect(Collectors.toMap(Node::id, Function.identity()));
        List<Container> containers = cp.applications().containers(app.id());
        printPlacements(containers, byId);
        check(count(containers, "db") == 1 && byId.get(only(containers, "db").nodeId()).index() == 1,
                "db runs once, on node 1 (constraint:aliyun.node_index==1)");
        check(zonesOf(containers, "web", byId).size() == 3, "web's 3 containers span 3 zones (availability:az==3)");
        check(nodesOf(containers, "cache").size() == 2, "cache's 2 containers are on different nodes (affinity:service!=cache)");
        check(containers.stream().filter(c -> c.service().equals("worker"))
                .allMatch(c -> byId.get(c.nodeId()).capacity().gpus() > 0), "workers run on GPU nodes (aliyun.gpu)");
        check(nodesOf(containers, "logagent").size() == 7, "the log agent runs on every node (aliyun.global)");
        check(containers.stream().allMatch(c -> c.state() == ContainerState.RUNNING), "every container runs");

        step("3. Lose a node that runs a web container");
        Container victim = containers.stream().filter(c -> c.service().equals("web"))
                .filter(c -> byId.get(c.nodeId()).index() != 1).findFirst().orElseThrow();
        Node lost = byId.get(victim.nodeId());
        out.printf("   losing %s (%s, zone %s)%n", lost.name(), lost.machineId(), lost.zone());
        cloud.loseNode(lost.machineId());
        cp.reconcile().toCompletableFuture().orTimeout(STEP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
        Node afterLoss = cp.nodes().list(cluster.id()).stream().filter(n -> n.id().equals(lost.id())).findFirst().orElseThrow();
        check(afterLoss.state() == NodeState.UNREACHABLE, "the lost node is UNREACHABLE");
        containers = cp.applications().containers(app.id());
        printPlacements(containers, byId);
        check(count(containers, "web") == 3 && !nodesOf(containers, "web").contains(lost.id()),
                "web was rescheduled off the lost node (reschedule:on-node-failure)");
        check(zonesOf(containers, "web", byId).size() == 3, "web still spans 3 zones");
        check(containers.stream().filter(c -> c.nodeId().equals(lost.id()))
                .allMatch(c -> c.health() == dev.acs.core.model.HealthStatus.UNKNOWN),
                "containers that stay on the lost node (no reschedule policy) show an UNKNOWN health");

        step("4. Rolling update of web to wordpress:4.6, one container at a time");
        AppSpec v2 = template("4.6").toBuilder().version("1.1").build();
        Operation<Application> update = cp.applications().update(app.id(), v2, UpdateOptions.DEFAULTS.withTemplate(read("shop.yml")));
        Application updated = update.await(STEP_TIMEOUT);
        long batches = update.events().stream().filter(e -> e.type().equals("BATCH_DONE")).count();
        containers = cp.applications().containers(app.id());
        check(updated.state() == AppState.READY && updated.spec().version().equals("1.1"), "version 1.1 is READY");
        check(containers.stream().filter(c -> c.service().equals("web")).allMatch(c -> c.image().tag().equals("4.6")),
                "every web container runs wordpress:4.6");
        check(batches == 3, "web rolled in 3 batches of 1 (" + batches + ")");
        check(count(containers, "db") == 1 && count(containers, "cache") == 2, "unchanged services were not touched");

        step("5. A batch job: extract -> transform x3 -> load, one transform container failing once");
        batchJob(cp, cloud, cluster);

        step("6. Final state");
        printNodes(cp.nodes().list(cluster.id()));
        printPlacements(containers, byId);
        cp.reconcile().toCompletableFuture().orTimeout(STEP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
        RoutingTable routes = router.table(cluster.id());
        for (RouteEntry r : routes.routes()) {
            out.printf("   route http://%s -> %s%n", r.address(), r.backends().stream()
                    .map(b -> b.endpoint() + (b.active() ? "" : " (inactive)")).collect(Collectors.joining(", ")));
        }
        check(routes.equals(cp.routes().cluster(cluster.id())), "the routing layer serves the cluster's routes");
        check(routes.routes().stream().filter(r -> r.domain().startsWith("shop."))
                        .anyMatch(r -> r.backends().stream().filter(RouteBackend::active).count() == 3),
                "web's route has its 3 updated containers as backends");
    }

    private static final String ETL = """
            version: "2"
            labels:
              aliyun.project_type: "batch"
            services:
              extract:
                image: busybox:latest
              transform:
                image: busybox:latest
                labels:
                  aliyun.scale: "3"
                  aliyun.depends: "extract"
              load:
                image: busybox:latest
                labels:
                  aliyun.depends: "transform"
            """;

    /** Runs the ETL job, one reconcile pass every 20 ms (this demo's control plane runs passes on request only). */
    private void batchJob(ControlPlane cp, SimCloud cloud, Cluster cluster) {
        cloud.exitAfter("extract", Duration.ofMillis(200), 0);
        cloud.exitAfter("transform", Duration.ofMillis(400), 0);
        cloud.exitAfter("load", Duration.ofMillis(100), 0);
        AppSpec spec = Templates.parse(ETL, ParseOptions.builder().applicationName("etl").build()).app().orElseThrow();
        Application etl = cp.applications().deploy(cluster.id(), spec).await(STEP_TIMEOUT);
        boolean failed = false;
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        Job job = cp.applications().job(etl.id());
        while (job.current().isPresent() && System.nanoTime() < deadline) {
            if (!failed) {
                Container flaky = cp.applications().containers(etl.id()).stream()
                        .filter(c -> c.name().equals("etl_transform_2") && c.state() == ContainerState.RUNNING)
                        .findFirst().orElse(null);
                if (flaky != null) {
                    cloud.failContainer(flaky.runtimeId(), 1);
                    failed = true;
                }
            }
            cp.reconcile().toCompletableFuture().join();
            pause();
            job = cp.applications().job(etl.id());
        }
        JobRun run = job.latest().orElseThrow();
        for (JobTask t : run.tasks()) {
            out.printf("   . task %-9s %-8s exit codes %s%n", t.name(), t.state(), t.containers().stream()
                    .map(c -> c.runs().stream().map(r -> String.valueOf(r.exitCode())).collect(Collectors.joining(",")))
                    .toList());
        }
        check(job.state() == JobState.FINISHED, "job etl FINISHED (is " + job.state() + ")");
        check(run.task("transform").orElseThrow().containers().get(1).runs().size() == 2,
                "transform container 2 failed once and finished on its retry");
        check(cp.applications().containers(etl.id()).isEmpty(), "finished containers were removed (remove-finished)");
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckFailed("interrupted");
        }
    }

    private AppSpec template(String webTag) {
        ParseResult result = Templates.parse(read("shop.yml"), ParseOptions.builder().applicationName("shop")
                .variable("WEB_TAG", webTag).variable("DB_PASSWORD", "demo-only-secret").build());
        if (!result.isValid()) {
            throw new CheckFailed("the template is invalid: " + result.errors());
        }
        return result.app().orElseThrow();
    }

    private static String read(String resource) {
        try (InputStream in = Objects.requireNonNull(Demo.class.getResourceAsStream(resource), resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void show(Event e) {
        switch (e.type()) {
            case "NODE_ADDED", "SERVICE_READY", "NODE_UNREACHABLE", "CONTAINER_RESCHEDULED", "BATCH_DONE", "ROLLBACK",
                 "OPERATION_FAILED" -> out.printf("   . %s%n", e.message());
            case "STATE_CHANGED" -> {
                if (e.entityKind().equals("application")) {
                    out.printf("   . %s%n", e.message());
                }
            }
            default -> { }
        }
    }

    private void step(String title) {
        out.printf("%n== %s%n", title);
    }

    private void check(boolean ok, String what) {
        checks++;
        if (!ok) {
            throw new CheckFailed(what);
        }
        out.printf("   ok  %s%n", what);
    }

    private void printNodes(List<Node> nodes) {
        out.printf("   %-5s %-16s %-8s %-6s %-8s %s%n", "INDEX", "ZONE", "CPUS", "GPUS", "MEMORY", "STATE");
        for (Node n : nodes) {
            out.printf("   %-5d %-16s %-8s %-6d %-8s %s%n", n.index(), n.zone(), n.capacity().cores(), n.capacity().gpus(),
                    dev.acs.core.model.ByteSize.format(n.capacity().memoryBytes()), n.state());
        }
    }

    private void printPlacements(List<Container> containers, Map<String, Node> nodes) {
        out.printf("   %-22s %-42s %-5s %-16s %s%n", "CONTAINER", "IMAGE", "NODE", "ZONE", "STATE");
        for (Container c : containers) {
            Node n = nodes.get(c.nodeId());
            out.printf("   %-22s %-42s %-5d %-16s %s/%s%n", c.name(), c.image(), n.index(), n.zone(), c.state(), c.health());
        }
    }

    private static long count(List<Container> containers, String service) {
        return containers.stream().filter(c -> c.service().equals(service)).count();
    }

    private static Container only(List<Container> containers, String service) {
        return containers.stream().filter(c -> c.service().equals(service)).findFirst().orElseThrow();
    }

    private static Set<String> nodesOf(List<Container> containers, String service) {
        return containers.stream().filter(c -> c.service().equals(service)).map(Container::nodeId).collect(Collectors.toSet());
    }

    private static Set<String> zonesOf(List<Container> containers, String service, Map<String, Node> nodes) {
        return containers.stream().filter(c -> c.service().equals(service))
                .map(c -> nodes.get(c.nodeId()).zone().zoneId()).collect(Collectors.toSet());
    }
}
