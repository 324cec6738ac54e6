package dev.acs.testing.swarm;

import dev.acs.cloud.swarm.SwarmJoinTokens;
import dev.acs.cloud.swarm.SwarmNodeView;
import dev.acs.cloud.swarm.SwarmOrchestrator;
import dev.acs.cloud.swarm.SwarmSetup;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.testing.docker.DockerSwarm;
import dev.acs.testing.docker.DockerSwarmExtension;
import dev.acs.testing.docker.SwarmNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Building swarms from plain engines on real dockerd processes (each in its own network namespace): a spare engine
 * initialises a new swarm, another joins it with the worker token and shows up in the node list; a wrong token, an
 * engine already in a swarm and a worker asked for tokens are refused with messages that say what to change.
 */
class SwarmSetupTest {
    private static final Duration CALL = Duration.ofSeconds(60);

    @RegisterExtension
    static final DockerSwarmExtension SWARM = DockerSwarmExtension.swarm(1, 0).withSpares(2);

    @Test
    void sparesBecomeASwarmThroughInitAndJoin() {
        DockerSwarm swarm = SWARM.swarm();
        SwarmNode first = swarm.spares().get(0);
        SwarmNode second = swarm.spares().get(1);
        SwarmSetup setup = SwarmSetup.create(null);

        SwarmJoinTokens tokens = setup.init(first.engine().endpoint(), first.address(), CALL);
        assertThat(tokens.worker()).startsWith("SWMTKN-1-");
        assertThat(tokens.manager()).startsWith("SWMTKN-1-").isNotEqualTo(tokens.worker());
        assertThat(tokens.toString()).doesNotContain(tokens.worker()).doesNotContain(tokens.manager());

        String wrong = tokens.worker().substring(0, tokens.worker().lastIndexOf('-') + 1) + "0".repeat(25);
        assertThatThrownBy(() -> setup.join(second.engine().endpoint(), first.address() + ":2377", wrong,
                second.address(), CALL)).isInstanceOf(AcsException.class)
                .satisfies(e -> assertThat(((AcsException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("join token is not valid").hasMessageContaining("docker swarm join-token");

        setup.join(second.engine().endpoint(), first.address() + ":2377", tokens.worker(), second.address(), CALL);
        try (SwarmOrchestrator orchestrator = SwarmOrchestrator.builder().manager(first.engine().endpoint()).build()) {
            List<SwarmNodeView> nodes = orchestrator.connect(CALL);
            assertThat(nodes).extracting(SwarmNodeView::hostname, SwarmNodeView::manager).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(first.name(), true),
                    org.assertj.core.groups.Tuple.tuple(second.name(), false));
        }
        assertThatThrownBy(() -> setup.tokens(second.engine().endpoint(), CALL)).isInstanceOf(AcsException.class)
                .hasMessageContaining("is a swarm worker");
        assertThatThrownBy(() -> setup.init(first.engine().endpoint(), first.address(), CALL))
                .isInstanceOf(AcsException.class)
                .satisfies(e -> assertThat(((AcsException) e).code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessageContaining("in a swarm already");
        assertThatThrownBy(() -> setup.join(swarm.node(0).engine().endpoint(), first.address() + ":2377",
                tokens.worker(), swarm.node(0).address(), CALL)).isInstanceOf(AcsException.class)
                .hasMessageContaining("in a swarm already");
    }
}
