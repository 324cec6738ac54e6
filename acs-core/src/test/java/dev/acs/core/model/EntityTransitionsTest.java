package dev.acs.core.model;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The entities apply their state tables and name themselves in refusals. */
class EntityTransitionsTest {
    private static final Instant T0 = Instant.parse("2016-05-05T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(5);

    @Test
    void clusterMovesAlongItsTableAndDerivesActivation() {
        Cluster c = new Cluster("c1", ClusterSpec.zeroNode("demo", Zone.of("cn-beijing-a")), ClusterState.INITIAL, 0, T0, T0);
        Cluster running = c.withState(ClusterState.RUNNING, T1);
        assertThat(running.state()).isEqualTo(ClusterState.RUNNING);
        assertThat(running.updatedAt()).isEqualTo(T1);
        assertThat(running.activation()).isEqualTo(Activation.WAITING_ACTIVATION);
        assertThat(running.withNodeCount(1, T1).activation()).isEqualTo(Activation.READY);
        assertThatThrownBy(() -> c.withState(ClusterState.DELETED, T1))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
                    assertThat(e.getMessage()).contains("cluster 'demo' (c1)", "INITIAL", "DELETED");
                });
    }

    @Test
    void nodeContainerAndApplicationRefuseIllegalMoves() {
        Node n = Node.builder().id("n1").clusterId("c1").name("c1-node1").index(1).zone(Zone.of("cn-beijing-a"))
                .machineId("i-1")
                .capacity(Resources.of(2, 4L << 30, 0)).labels(Map.of("group", "1"))
                .state(NodeState.INITIALIZING).origin(NodeOrigin.CLUSTER_CREATE).createdAt(T0)
                .build();
        assertThat(n.withState(NodeState.NORMAL, T1).state()).isEqualTo(NodeState.NORMAL);
        assertThatThrownBy(() -> n.withState(NodeState.REMOVED, T1)).hasMessageContaining("node 'c1-node1' (n1)");

        Container k = Container.builder().id("k1").name("app_web_1").appId("a1").service("web").index(1).nodeId("n1")
                .image(ImageRef.parse("nginx")).state(ContainerState.CREATED).createdAt(T0).updatedAt(T0).build();
        Container exited = k.withState(ContainerState.RUNNING, T1).exited(137, T1);
        assertThat(exited.state()).isEqualTo(ContainerState.EXITED);
        assertThat(exited.exitCode()).isEqualTo(137);
        assertThat(exited.withState(ContainerState.RUNNING, T1).exitCode()).isNull();
        assertThatThrownBy(() -> k.withState(ContainerState.STOPPED, T1)).hasMessageContaining("container 'app_web_1'");

        Application a = Application.builder().id("a1").clusterId("c1").spec(AppSpec.builder("wordpress").build())
                .mode(CreationMode.TEMPLATE).template("").state(AppState.DEPLOYING).createdAt(T0).updatedAt(T0)
                .build();
        assertThat(a.withState(AppState.READY, T1).withState(AppState.BLUE_GREEN_RELEASING, T1).state())
                .isEqualTo(AppState.BLUE_GREEN_RELEASING);
        assertThatThrownBy(() -> a.withState(AppState.STOPPED, T1)).hasMessageContaining("application 'wordpress'");
    }
}
