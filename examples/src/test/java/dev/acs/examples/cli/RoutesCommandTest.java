package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.Operation;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.store.FileStateStore;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code acs routes} over a state directory written by a control plane (a {@link FileStateStore}, filled here on the
 * simulated cloud): the table, one application's routes, {@code --json}, {@code --root-domain} and bad input.
 */
class RoutesCommandTest {
    @TempDir
    Path state;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private String clusterId;

    private static final String SHOP = """
            web:
              image: nginx:1.10
              ports:
                - 80
              labels:
                aliyun.scale: "2"
                aliyun.routing.port_80: web;http://shop.example.com/api
                aliyun.routing.session_sticky: "true"
            """;
    private static final String BLOG = """
            blog:
              image: nginx:1.10
              ports:
                - 8080
              labels:
                aliyun.routing.port_8080: www.example.com/blog
            """;

    @BeforeEach
    void deploy() {
        ManualClock clock = new ManualClock();
        SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
        try (FileStateStore store = FileStateStore.open(state);
             ControlPlane cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                     .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                     .stateStore(store).build()) {
            Cluster cluster = settle(clock, cp.clusters().create(ClusterSpec.classic("local",
                    new Zone("cn-hangzhou", "cn-hangzhou-e"), 2, "ecs.n4.large"))).await(Duration.ZERO);
            clusterId = cluster.id();
            settle(clock, cp.applications().deploy(cluster.id(), template(SHOP, "shop"))).await(Duration.ZERO);
            settle(clock, cp.applications().deploy(cluster.id(), template(BLOG, "blog"))).await(Duration.ZERO);
        }
    }

    private static <T> Operation<T> settle(ManualClock clock, Operation<T> op) {
        for (int i = 0; i < 600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op;
    }

    private static AppSpec template(String yaml, String name) {
        return Templates.parse(yaml, ParseOptions.builder().applicationName(name).build()).app().orElseThrow();
    }

    private int run(String... args) {
        CommandLine cli = new CommandLine(new RoutesCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void printsEveryRouteOfTheClusterWithItsBackends() {
        assertThat(run("--state", state.toString())).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines[0]).startsWith("ROUTE").contains("APP", "STICKY", "BACKEND", "NODE", "WEIGHT", "STATE");
        String web = "web." + clusterId.toLowerCase() + ".cn-hangzhou.alicontainer.com";
        assertThat(lines).filteredOn(l -> l.startsWith(web + " ")).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("shop", "yes", "128", "active"));
        assertThat(lines).filteredOn(l -> l.startsWith("shop.example.com/api ")).hasSize(2);
        assertThat(lines).filteredOn(l -> l.startsWith("www.example.com/blog ")).singleElement()
                .satisfies(l -> assertThat(l).contains("blog", "no", "256", "active"));
    }

    @Test
    void printsOneApplicationsRoutesAsJsonWithTheRootDomain() throws Exception {
        assertThat(run("--state", state.toString(), "--app", "shop", "--root-domain", "toolchainx.com", "--json"))
                .as(err.toString()).isZero();
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("cluster").asText()).isEqualTo("local");
        assertThat(root.get("routes")).hasSize(2);
        assertThat(root.get("routes").findValuesAsText("route"))
                .containsExactlyInAnyOrder("shop.example.com/api", "web.toolchainx.com");
        JsonNode backend = root.get("routes").get(0).get("backends").get(0);
        assertThat(backend.get("active").asBoolean()).isTrue();
        assertThat(backend.get("hostPort").asInt()).isPositive();
        assertThat(backend.get("service").asText()).isEqualTo("web");
    }

    @Test
    void anUnknownClusterApplicationOrDirectoryIsInvalidInput() {
        assertThat(run("--state", state.toString(), "--cluster", "nope")).isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(err.toString()).contains("no cluster 'nope'");
        assertThat(run("--state", state.toString(), "--app", "nope")).isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(err.toString()).contains("no application 'nope'");
        assertThat(run("--state", state.resolve("missing").toString())).isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(run()).isEqualTo(AcsCli.EXIT_USAGE);
    }
}
