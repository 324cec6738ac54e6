package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.CreatedTrigger;
import dev.acs.core.api.Operation;
import dev.acs.core.api.TriggerRequest;
import dev.acs.core.api.TriggerSpec;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.Application;
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
 * {@code acs triggers} over a state directory written by a control plane (a {@link FileStateStore}, filled here on the
 * simulated cloud, with a redeploy trigger called three times): the list, a trigger's call history, its deletion, and
 * bad input.
 */
class TriggersCommandTest {
    @TempDir
    Path state;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private CreatedTrigger created;

    @BeforeEach
    void deploy() {
        ManualClock clock = new ManualClock();
        SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
        try (FileStateStore store = FileStateStore.open(state);
             ControlPlane cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                     .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                     .stateStore(store).build()) {
            Cluster cluster = settle(clock, cp.clusters().create(ClusterSpec.classic("local",
                    new Zone("cn-hangzhou", "cn-hangzhou-e"), 1, "ecs.n4.large"))).await(Duration.ZERO);
            Application app = settle(clock, cp.applications().deploy(cluster.id(), Templates.parse(
                    "web:\n  image: nginx:1.10\n", ParseOptions.builder().applicationName("shop").build())
                    .orElseThrow())).await(Duration.ZERO);
            created = cp.triggers().create(app.id(), TriggerSpec.redeploy());
            call(cp, created.trigger().path() + "&secret=bad");
            String redeploy = id(call(cp, created.pathWithSecret()));
            for (int i = 0; i < 600 && cp.operations().running(redeploy).isPresent(); i++) {
                clock.advance(Duration.ofSeconds(1));
            }
            call(cp, created.trigger().path());
        }
    }

    private static String call(ControlPlane cp, String path) {
        return cp.triggerEndpoint().handle(new TriggerRequest("GET", path.substring(path.indexOf('?') + 1),
                "198.51.100.4")).body();
    }

    private static String id(String body) {
        int at = body.indexOf("\"operation\":\"") + 13;
        return body.substring(at, body.indexOf('"', at));
    }

    private static <T> Operation<T> settle(ManualClock clock, Operation<T> op) {
        for (int i = 0; i < 600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op;
    }

    private int run(String... args) {
        CommandLine cli = new CommandLine(new TriggersCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void listsTheTriggersWithoutTheirSecret() throws Exception {
        assertThat(run("--state", state.toString(), "shop")).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines[0]).startsWith("TRIGGER").contains("TYPE", "CREATED", "PATH");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).startsWith(created.trigger().id()).contains("redeploy", created.trigger().path());

        out.getBuffer().setLength(0);
        assertThat(run("--state", state.toString(), "--json", "shop")).isZero();
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("triggers").get(0).get("id").asText()).isEqualTo(created.trigger().id());
        assertThat(root.get("triggers").get(0).get("type").asText()).isEqualTo("REDEPLOY");
        String secret = created.pathWithSecret().substring(created.pathWithSecret().indexOf("&secret=") + 8);
        assertThat(out.toString() + lines[1]).doesNotContain(secret);
    }

    @Test
    void showsATriggersCallsNewestFirst() throws Exception {
        assertThat(run("--state", state.toString(), "--history", created.trigger().id(), "shop"))
                .as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines[0]).startsWith("TIME").contains("SOURCE", "STATUS", "OUTCOME", "OPERATION");
        assertThat(lines).hasSize(4);
        assertThat(lines[1]).contains("198.51.100.4", "403", "the call needs the secret");
        assertThat(lines[2]).contains("202", "op-");
        assertThat(lines[3]).contains("403", "wrong secret");

        out.getBuffer().setLength(0);
        assertThat(run("--state", state.toString(), "--history", created.trigger().id(), "--json", "shop")).isZero();
        JsonNode calls = new ObjectMapper().readTree(out.toString()).get("calls");
        assertThat(calls.findValuesAsText("status")).containsExactly("403", "202", "403");
    }

    @Test
    void deletesATrigger() {
        assertThat(run("--state", state.toString(), "--delete", created.trigger().id(), "shop"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("deleted trigger " + created.trigger().id());
        out.getBuffer().setLength(0);
        assertThat(run("--state", state.toString(), "shop")).isZero();
        assertThat(out.toString().strip().split("\n")).hasSize(1);
    }

    @Test
    void anUnknownApplicationOrTriggerIsInvalidInputAndBothOptionsAreBadUsage() {
        assertThat(run("--state", state.toString(), "nope")).isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(err.toString()).contains("no application 'nope'");
        assertThat(run("--state", state.toString(), "--delete", "0".repeat(32), "shop")).isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(run("--state", state.toString(), "--history", "0".repeat(32), "shop"))
                .isEqualTo(AcsCli.EXIT_INVALID);
        assertThat(err.toString()).contains("no trigger '" + "0".repeat(32) + "'");
        assertThat(run("--state", state.toString(), "--delete", "x", "--history", "x", "shop"))
                .isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(run("--state", state.resolve("missing").toString(), "shop")).isEqualTo(AcsCli.EXIT_INVALID);
    }
}
