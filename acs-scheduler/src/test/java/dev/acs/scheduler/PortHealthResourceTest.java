package dev.acs.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.acs.scheduler.Fixtures.GIB;
import static dev.acs.scheduler.Fixtures.inState;
import static dev.acs.scheduler.Fixtures.node;
import static dev.acs.scheduler.Fixtures.nodes;
import static dev.acs.scheduler.Fixtures.nodesOf;
import static dev.acs.scheduler.Fixtures.perNode;
import static dev.acs.scheduler.Fixtures.place;
import static dev.acs.scheduler.Fixtures.service;
import static dev.acs.scheduler.Fixtures.snapshot;
import static dev.acs.scheduler.Fixtures.tasks;
import static org.assertj.core.api.Assertions.assertThat;

class PortHealthResourceTest {

    @Test
    void aPublishedHostPortIsTakenOncePerNodeAndProtocol() {
        ServiceSpec web = service("web").scale(3).port(PortMapping.published(80, 8080)).build();
        PlacementPlan plan = place(nodes(2), tasks(web));
        assertThat(perNode(plan)).containsOnlyKeys("n1", "n2");
        assertThat(plan.unplaced()).singleElement().satisfies(u ->
                assertThat(u.reasons()).containsExactly("2 with host port 80/tcp already in use"));
    }

    @Test
    void udpAndTcpOnTheSamePortDoNotConflictNorDoDynamicPorts() {
        ServiceSpec tcp = service("tcp").port(PortMapping.published(53, 53)).build();
        ServiceSpec udp = service("udp").port(new PortMapping(null, 53, 53, PortMapping.Protocol.UDP)).build();
        ServiceSpec dynamic = service("dyn").scale(3).port(PortMapping.exposed(80)).build();
        List<dev.acs.core.placement.Task> all = new ArrayList<>(tasks(tcp));
        all.addAll(tasks(udp));
        all.addAll(tasks(dynamic));
        PlacementPlan plan = place(nodes(1), all);
        assertThat(plan.isComplete()).isTrue();
        assertThat(nodesOf(plan)).containsOnly("n1");
    }

    @Test
    void portsOfContainersAlreadyOnANodeCount() {
        PlacedContainer old = new PlacedContainer("other", service("lb").port(PortMapping.published(443, 443)).build(),
                1, "n1");
        ServiceSpec web = service("web").port(PortMapping.published(443, 8443)).build();
        PlacementPlan plan = new SwarmScheduler().place(PlacementRequest.of(tasks(web)), snapshot(nodes(2), old));
        assertThat(nodesOf(plan)).containsExactly("n2");
    }

    @Test
    void nodesThatAreNotReadyTakeNothingAndAreCounted() {
        List<Node> cluster = List.of(inState(node(1), NodeState.UNREACHABLE), inState(node(2), NodeState.UPGRADING),
                node(3), inState(node(4), NodeState.UNREACHABLE));
        ServiceSpec web = service("web").scale(3).build();
        assertThat(nodesOf(place(cluster, tasks(web)))).containsOnly("n3");
        PlacementPlan none = place(List.of(cluster.get(0), cluster.get(1), cluster.get(3)), tasks(web));
        assertThat(none.unplaced()).hasSize(3).first().satisfies(u ->
                assertThat(u.summary()).isEqualTo("0/3 nodes: 3 not ready (unreachable 2, upgrading 1)"));
    }

    @Test
    void cpuSharesAreReservedAtOneHundredUnitsPerCore() {
        // a 4-core node hosts at most 8 containers with cpu_shares=50 (spec §4.9)
        ServiceSpec half = service("half").scale(9).reservation(new Resources(50, 0, 0)).build();
        PlacementPlan plan = place(nodes(1), tasks(half));
        assertThat(plan.placed()).hasSize(8);
        assertThat(plan.unplaced()).singleElement().satisfies(u ->
                assertThat(u.reasons()).containsExactly("1 insufficient cpu (asked 0.5 cores, most free 0 cores)"));
    }

    @Test
    void memoryShortageIsExplainedWithAskedAndMostFree() {
        List<Node> cluster = List.of(node(1, "cn-test-a", 4, 2, 0, Map.of()), node(2, "cn-test-a", 4, 1, 0, Map.of()));
        PlacedContainer half = new PlacedContainer("x", service("x").reservation(new Resources(0, GIB / 2, 0)).build(),
                1, "n1");
        ServiceSpec big = service("big").reservation(new Resources(0, 2 * GIB, 0)).build();
        PlacementPlan plan = new SwarmScheduler().place(PlacementRequest.of(tasks(big)), snapshot(cluster, half));
        assertThat(plan.unplaced()).singleElement().satisfies(u -> assertThat(u.summary())
                .isEqualTo("0/2 nodes: 2 insufficient memory (asked 2 GiB, most free 1.5 GiB)"));
    }

    @Test
    void gpusAreReservedPerContainerAndNeverShared() {
        List<Node> cluster = List.of(node(1), node(2, "cn-test-a", 32, 128, 2, Map.of()),
                node(3, "cn-test-a", 32, 128, 1, Map.of()));
        ServiceSpec serving = service("serving").scale(4).reservation(new Resources(0, 0, 1)).build();
        PlacementPlan plan = place(cluster, tasks(serving));
        assertThat(perNode(plan)).containsOnlyKeys("n2", "n3").containsEntry("n2", 2).containsEntry("n3", 1);
        assertThat(plan.unplaced()).singleElement().satisfies(u ->
                assertThat(u.reasons()).containsExactly("3 insufficient gpus (asked 1, most free 0)"));
    }

    @Test
    void reservationOfNothingNeverFillsANode() {
        ServiceSpec free = service("free").scale(500).build();
        assertThat(place(nodes(1), tasks(free)).placed()).hasSize(500);
    }

    @Test
    void emptyClusterExplainsItself() {
        PlacementPlan plan = place(List.of(), tasks(service("web").build()));
        assertThat(plan.unplaced()).singleElement().satisfies(u ->
                assertThat(u.summary()).isEqualTo("0/0 nodes: the cluster has no nodes"));
    }
}
