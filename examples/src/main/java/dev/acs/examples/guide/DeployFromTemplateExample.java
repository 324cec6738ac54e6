package dev.acs.examples.guide;

import dev.acs.core.api.DeployOptions;
import dev.acs.core.api.Operation;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.CreationMode;
import dev.acs.core.model.Node;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deploying from a template: services start in {@code aliyun.depends} order, each dependency running and healthy
 * (its probe passes) before its dependants start; {@code aliyun.scale} sets the replicas, {@code aliyun.global}
 * puts one container on every node and {@code availability:az==3} spreads a service over three zones.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.DeployFromTemplateExample}
 */
public final class DeployFromTemplateExample {
    /** The application: a database, a web tier that needs it, and a log agent on every node. */
    static final String TEMPLATE = """
            version: "2"
            services:
              db:
                image: mysql:5.7
                mem_limit: 1g
                labels:
                  aliyun.probe.cmd: mysqladmin ping
                  aliyun.probe.initial_delay_seconds: "5"
              web:
                image: wordpress:4.6
                ports:
                  - 80
                environment:
                  - WORDPRESS_DB_HOST=db:3306
                  - availability:az==3
                mem_limit: 512m
                labels:
                  aliyun.scale: "3"
                  aliyun.depends: db
                  aliyun.probe.url: http://container/license.txt
              logagent:
                image: registry.aliyuncs.com/acs/logtail:0.11.6
                mem_limit: 64m
                labels:
                  aliyun.global: "true"
            """;

    private DeployFromTemplateExample() {
    }

    /**
     * What the example observed.
     *
     * @param state               the application's state after the deployment
     * @param serviceReadyOrder   the services in the order the deployment reported them ready
     * @param containersByService container count per service
     * @param nodes               the cluster's node count
     * @param webZones            the zones web's containers run in
     * @param logagentNodes       how many distinct nodes run the log agent
     * @param webStartedAfterDb   whether every web container was created once db had passed its probe
     * @param allRunning          whether every container runs
     */
    public record Result(AppState state, List<String> serviceReadyOrder, Map<String, Long> containersByService,
                         int nodes, Set<String> webZones, int logagentNodes, boolean webStartedAfterDb,
                         boolean allRunning) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) {
        try (Sandbox sandbox = Sandbox.open(out)) {
            sandbox.step("A cluster of 4 nodes over three zones");
            Cluster cluster = sandbox.cluster("shop", 1, Sandbox.ZONE_E, Sandbox.ZONE_F, Sandbox.ZONE_G, Sandbox.ZONE_E);
            sandbox.printNodes(cluster.id());

            sandbox.step("Deploy the template");
            // DeployOptions.fromTemplate keeps the template text with the application, for later edits and redeploys
            Operation<Application> deploying = sandbox.cp().applications().deploy(cluster.id(),
                    Sandbox.template("shop", TEMPLATE), DeployOptions.fromTemplate(TEMPLATE));
            Application app = sandbox.await(deploying);
            List<String> readyOrder = deploying.events().stream().filter(e -> e.type().equals("SERVICE_READY"))
                    .map(e -> e.attributes().get("service")).toList();
            for (Event e : deploying.events()) {
                sandbox.say("%s %-14s %s", e.time(), e.type(), e.message());
            }
            sandbox.say("%s is %s", app.name(), app.state());

            sandbox.step("The placement table");
            sandbox.printContainers(app.id());

            List<Container> containers = sandbox.cp().applications().containers(app.id());
            Map<String, Node> nodes = sandbox.nodesById(cluster.id());
            // db passes its probe only after its 5 s initial delay: no web container may exist before that
            Instant dbReady = deploying.events().stream().filter(e -> e.type().equals("SERVICE_READY"))
                    .filter(e -> "db".equals(e.attributes().get("service"))).map(Event::time).findFirst().orElseThrow();
            Instant dbCreated = sandbox.containersOf(app.id(), "db").get(0).createdAt();
            boolean webAfterDb = dbReady.isAfter(dbCreated) && sandbox.containersOf(app.id(), "web").stream()
                    .noneMatch(c -> c.createdAt().isBefore(dbReady));
            return new Result(app.state(), readyOrder,
                    containers.stream().collect(Collectors.groupingBy(Container::service, Collectors.counting())),
                    nodes.size(),
                    sandbox.containersOf(app.id(), "web").stream().map(c -> nodes.get(c.nodeId()).zone().zoneId())
                            .collect(Collectors.toSet()),
                    (int) sandbox.containersOf(app.id(), "logagent").stream().map(Container::nodeId).distinct().count(),
                    webAfterDb,
                    containers.stream().allMatch(c -> c.state() == ContainerState.RUNNING));
        }
    }
}
