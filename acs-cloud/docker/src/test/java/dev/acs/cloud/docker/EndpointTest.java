package dev.acs.cloud.docker;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointTest {
    static Node node(String address) {
        return Node.builder().id("n1").clusterId("c1").name("node-1").index(1).zone(Zone.of("z")).machineId("m1")
                .address(address).capacity(Resources.NONE).labels(Map.of()).state(NodeState.NORMAL)
                .origin(NodeOrigin.CLUSTER_CREATE).createdAt(Instant.EPOCH).build();
    }

    @Test
    void addressesAreReadAsUnixOrTcpEndpoints() {
        assertThat(Endpoint.of(node("unix:///var/run/docker.sock")).uri().toString())
                .isEqualTo("unix:///var/run/docker.sock");
        assertThat(Endpoint.of(node("/var/run/docker.sock")).uri().toString()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(Endpoint.of(node("tcp://10.0.0.5:2376")).uri().getPort()).isEqualTo(2376);
        assertThat(Endpoint.of(node("10.0.0.5:2376")).uri().toString()).isEqualTo("tcp://10.0.0.5:2376");
    }

    @Test
    void localEnginesReachContainerAddressesAndRemoteOnesPublishedPorts() {
        assertThat(Endpoint.of(node("unix:///var/run/docker.sock")).isLocal()).isTrue();
        assertThat(Endpoint.of(node("unix:///var/run/docker.sock")).publishHost()).isEqualTo("127.0.0.1");
        assertThat(Endpoint.of(node("tcp://127.0.0.1:2376")).isLocal()).isTrue();
        Endpoint remote = Endpoint.of(node("tcp://192.0.2.77:2376"));
        assertThat(remote.isLocal()).isFalse();
        assertThat(remote.publishHost()).isEqualTo("192.0.2.77");
        assertThat(remote.isTcp()).isTrue();
    }

    @Test
    void missingOrMalformedAddressesNameTheNode() {
        for (String bad : new String[]{null, " ", "http://10.0.0.5:2376", "tcp://10.0.0.5", "unix://", "a b:1"}) {
            assertThatThrownBy(() -> Endpoint.of(node(bad))).as(String.valueOf(bad))
                    .isInstanceOfSatisfying(AcsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("node-1");
        }
    }
}
