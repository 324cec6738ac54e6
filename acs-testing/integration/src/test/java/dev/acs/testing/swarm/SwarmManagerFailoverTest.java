package dev.acs.testing.swarm;

import dev.acs.cloud.swarm.SwarmNodeView;
import dev.acs.cloud.swarm.SwarmOrchestrator;
import dev.acs.cloud.swarm.SwarmTaskView;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.ServiceSpec;
import dev.acs.testing.docker.DockerSwarm;
import dev.acs.testing.docker.DockerSwarmExtension;
import dev.acs.testing.docker.SwarmNode;
import dev.acs.testing.fixtures.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raft high availability on a real swarm of three managers: when the leader's dockerd is killed (SIGKILL), the other
 * managers elect a new leader, the orchestrator moves on to a manager that answers, and the application keeps being
 * managed (listed, scaled by Swarm onto the remaining nodes, removed).
 */
class SwarmManagerFailoverTest {
    private static final Duration CALL = Duration.ofSeconds(60);

    @RegisterExtension
    static final DockerSwarmExtension SWARM = DockerSwarmExtension.swarm(3, 0);

    @Test
    void killingTheLeaderLeavesTheSwarmOperableThroughAnotherManager() {
        DockerSwarm swarm = SWARM.swarm();
        SwarmOrchestrator.Builder builder = SwarmOrchestrator.builder().routingMesh(false);
        swarm.managers().forEach(m -> builder.manager(m.engine().endpoint()));
        SwarmNode leader = swarm.leader();
        try (SwarmOrchestrator orchestrator = builder.build()) {
            assertThat(orchestrator.connect(CALL)).filteredOn(SwarmNodeView::manager).hasSize(3);
            AppSpec app = AppSpec.builder("ha").service(ServiceSpec.builder("svc").image(swarm.testImageId())
                    .command(List.of("sleep", "100000")).scale(4).build()).build();
            orchestrator.deploy(app, CALL);
            awaitRunning(orchestrator, 4, null);
            assertThat(orchestrator.currentManager()).isEqualTo(leader.engine().endpoint());

            leader.engine().kill();
            SwarmNode next = swarm.leader();
            assertThat(next.name()).isNotEqualTo(leader.name());
            List<SwarmNodeView> nodes = awaitNodeDown(orchestrator, leader.name());
            assertThat(orchestrator.currentManager()).as("the orchestrator moved on to a manager that answers")
                    .isNotEqualTo(leader.engine().endpoint());
            assertThat(nodes).filteredOn(SwarmNodeView::leader).extracting(SwarmNodeView::hostname)
                    .containsExactly(next.name());
            String lostId = nodes.stream().filter(n -> n.hostname().equals(leader.name())).findFirst().orElseThrow()
                    .id();
            awaitRunning(orchestrator, 4, lostId);
            orchestrator.remove("ha", CALL);
            assertThat(orchestrator.services("ha", CALL)).isEmpty();
        } finally {
            if (!leader.engine().isRunning()) {
                leader.engine().restart();
            }
        }
    }

    private static List<SwarmNodeView> awaitNodeDown(SwarmOrchestrator orchestrator, String host) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        List<SwarmNodeView> nodes = List.of();
        while (System.nanoTime() < deadline) {
            nodes = orchestrator.nodes(CALL);
            if (nodes.stream().anyMatch(n -> n.hostname().equals(host) && !n.ready())) {
                return nodes;
            }
            Http.pause(250);
        }
        throw new AssertionError(host + " is not shown down within 120 s: " + nodes);
    }

    private static void awaitRunning(SwarmOrchestrator orchestrator, int count, String notOn) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        List<SwarmTaskView> running = List.of();
        while (System.nanoTime() < deadline) {
            running = orchestrator.tasks("ha", CALL).stream().filter(SwarmTaskView::running).toList();
            if (running.size() == count && running.stream().noneMatch(t -> t.nodeId().equals(notOn))) {
                return;
            }
            Http.pause(250);
        }
        throw new AssertionError(count + " tasks not running (none on " + notOn + ") within 120 s: " + running);
    }
}
