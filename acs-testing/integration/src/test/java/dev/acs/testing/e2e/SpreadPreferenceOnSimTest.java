package dev.acs.testing.e2e;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.ParseResult;
import dev.acs.compose.Profile;
import dev.acs.compose.Templates;
import dev.acs.core.api.Operation;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import dev.acs.core.model.Zone;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy.placement.preferences: [spread: node.labels.rack]} from template text to containers: the control plane
 * on the simulated cloud with the real parser and scheduler, three nodes on rack a and one on rack b.
 */
class SpreadPreferenceOnSimTest {
    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
    private final ControlPlane cp = ControlPlane.builder().infrastructure(cloud.infrastructure())
            .runtime(cloud.runtime()).scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run)
            .reconcileEvery(null).build();

    @AfterEach
    void close() {
        cp.close();
    }

    private <T> T settle(Operation<T> op) {
        for (int i = 0; i < 600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op.await(Duration.ZERO);
    }

    /** A four-node cluster: nodes 1 to 3 on rack a, node 4 on rack b. */
    private Cluster racks() {
        Cluster c = settle(cp.clusters().create(ClusterSpec.classic("racks", new Zone("cn-hangzhou", "cn-hangzhou-e"),
                4, "ecs.n4.large")));
        for (Node n : cp.nodes().list(c.id())) {
            cp.nodes().setLabels(c.id(), n.id(), Map.of("rack", n.index() < 4 ? "a" : "b"));
        }
        return c;
    }

    private static dev.acs.core.model.AppSpec template(String name, String deploy) {
        ParseResult r = Templates.parse("""
                services:
                  web:
                    image: nginx:1.25
                    deploy:
                %s
                """.formatted(deploy.indent(6).stripTrailing()), ParseOptions.builder().applicationName(name)
                .profile(Profile.COMPOSE_SPEC).build());
        assertThat(r.isValid()).as(r.diagnostics().toString()).isTrue();
        return r.app().orElseThrow();
    }

    /** The application's containers per rack of their node. */
    private Map<String, Integer> perRack(Cluster c, Application app) {
        Map<String, String> rackOf = new TreeMap<>();
        cp.nodes().list(c.id()).forEach(n -> rackOf.put(n.id(), n.labels().get("rack")));
        Map<String, Integer> out = new TreeMap<>();
        for (Container k : cp.applications().containers(app.id())) {
            out.merge(rackOf.get(k.nodeId()), 1, Integer::sum);
        }
        return out;
    }

    @Test
    void theReplicasAreSpreadOverTheRacksAndStaySoWhenScaled() {
        Cluster c = racks();
        Application plain = settle(cp.applications().deploy(c.id(), template("plain", "replicas: 4")));
        assertThat(perRack(c, plain)).as("without the preference, one per node").isEqualTo(Map.of("a", 3, "b", 1));

        Application spread = settle(cp.applications().deploy(c.id(), template("spread", """
                replicas: 4
                placement:
                  preferences:
                    - spread: node.labels.rack""")));
        assertThat(perRack(c, spread)).isEqualTo(Map.of("a", 2, "b", 2));

        spread = settle(cp.applications().scale(spread.id(), "web", 6));
        assertThat(perRack(c, spread)).as("the new replicas keep the balance").isEqualTo(Map.of("a", 3, "b", 3));
    }
}
