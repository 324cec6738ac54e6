package dev.acs.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Task;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.acs.scheduler.Fixtures.affinity;
import static dev.acs.scheduler.Fixtures.nodes;
import static dev.acs.scheduler.Fixtures.nodesOf;
import static dev.acs.scheduler.Fixtures.perNode;
import static dev.acs.scheduler.Fixtures.service;
import static dev.acs.scheduler.Fixtures.snapshot;
import static dev.acs.scheduler.Fixtures.tasks;
import static org.assertj.core.api.Assertions.assertThat;

class AffinityFilterTest {
    private final SwarmScheduler scheduler = new SwarmScheduler();

    private PlacementPlan place(ClusterSnapshot snapshot, List<Task> tasks) {
        return scheduler.place(PlacementRequest.of(tasks), snapshot);
    }

    @Test
    void hardAntiAffinityOnOneNodeFails() {
        ServiceSpec master = service("master").image("mysql:5.6").build();
        ServiceSpec slave = service("slave").image("mysql:5.6").rule(affinity("service", "!=", "master")).build();
        List<Task> all = new ArrayList<>(tasks(master));
        all.addAll(tasks(slave));
        PlacementPlan plan = place(snapshot(nodes(1)), all);
        assertThat(nodesOf(plan)).containsExactly("n1");
        assertThat(plan.unplaced()).singleElement().satisfies(u -> {
            assertThat(u.task().service().name()).isEqualTo("slave");
            assertThat(u.summary()).isEqualTo("0/1 nodes: 1 failing affinity:service!=master");
        });
    }

    @Test
    void hardAntiAffinityOnTwoNodesSeparatesTheServices() {
        ServiceSpec master = service("master").build();
        ServiceSpec slave = service("slave").scale(3).rule(affinity("service", "!=", "master")).build();
        List<Task> all = new ArrayList<>(tasks(master));
        all.addAll(tasks(slave));
        PlacementPlan plan = place(snapshot(nodes(2)), all);
        assertThat(plan.isComplete()).isTrue();
        assertThat(nodesOf(plan)).containsExactly("n1", "n2", "n2", "n2");
    }

    @Test
    void antiAffinityAmongOwnReplicasGivesOnePerNode() {
        ServiceSpec web = service("web").scale(4).rule(affinity("service", "!=", "web")).build();
        PlacementPlan plan = place(snapshot(nodes(3)), tasks(web));
        assertThat(perNode(plan)).containsOnlyKeys("n1", "n2", "n3").allSatisfy((n, c) -> assertThat(c).isOne());
        assertThat(plan.unplaced()).singleElement().satisfies(u -> assertThat(u.task().index()).isEqualTo(4));
    }

    @Test
    void positiveServiceAffinityFollowsTheOtherService() {
        PlacedContainer redis = new PlacedContainer("app", service("redis").image("redis").build(), 1, "n3");
        ServiceSpec web = service("web").scale(3).rule(affinity("service", "==", "redis")).build();
        assertThat(nodesOf(place(snapshot(nodes(4), redis), tasks(web)))).containsOnly("n3");
    }

    @Test
    void bareServiceNameMeansSameApplicationAndQualifiedNameAnother() {
        PlacedContainer otherDb = new PlacedContainer("other", service("db").build(), 1, "n2");
        ServiceSpec sameApp = service("web").scale(2).rule(affinity("service", "==", "db")).build();
        ServiceSpec crossApp = service("api").scale(2).rule(affinity("service", "==", "other/db")).build();
        PlacementPlan same = place(snapshot(nodes(3), otherDb), tasks(sameApp));
        assertThat(same.placed()).isEmpty();
        assertThat(nodesOf(place(snapshot(nodes(3), otherDb), tasks(crossApp)))).containsOnly("n2");
    }

    @Test
    void softAntiAffinityPrefersNodesWithoutThenFallsBack() {
        PlacedContainer redis = new PlacedContainer("app", service("redis").build(), 1, "n1");
        ServiceSpec web = service("web").scale(3).rule(affinity("service", "!=~", "redis")).build();
        PlacementPlan two = place(snapshot(nodes(2), redis), tasks(web));
        assertThat(nodesOf(two)).containsOnly("n2");
        PlacementPlan one = place(snapshot(nodes(1), redis), tasks(web));
        assertThat(one.isComplete()).isTrue();
        assertThat(nodesOf(one)).containsOnly("n1");
    }

    @Test
    void softImageAffinityPrefersNodesHoldingTheImage() {
        PlacedContainer cache = new PlacedContainer("x", service("cache").image("redis:3.2").build(), 1, "n3");
        ServiceSpec web = service("web").scale(2).rule(affinity("image", "==~", "redis")).build();
        assertThat(nodesOf(place(snapshot(nodes(3), cache), tasks(web)))).containsOnly("n3");
        ServiceSpec tagged = service("w2").rule(affinity("image", "==", "redis:3.*")).build();
        assertThat(nodesOf(place(snapshot(nodes(3), cache), tasks(tagged)))).containsOnly("n3");
    }

    @Test
    void containerLabelAffinityAndMissingLabelAsEmpty() {
        PlacedContainer proxy = new PlacedContainer("app",
                service("proxy").label("aliyun.lb.port_6379", "tcp://proxy_test:6379").build(), 1, "n1");
        PlacedContainer plain = new PlacedContainer("app", service("plain").build(), 1, "n2");
        ServiceSpec redis = service("redis").scale(3)
                .rule(affinity("aliyun.lb.port_6379", "!=", "tcp://proxy_test:6379")).build();
        assertThat(nodesOf(place(snapshot(nodes(3), proxy, plain), tasks(redis)))).doesNotContain("n1");
        // a container without the label compares as "": only n2 holds such a container
        ServiceSpec nearUnlabeled = service("near").scale(2).rule(affinity("aliyun.lb.port_6379", "==", "")).build();
        assertThat(nodesOf(place(snapshot(nodes(3), proxy, plain), tasks(nearUnlabeled)))).containsOnly("n2");
    }

    @Test
    void containerNameAffinity() {
        PlacedContainer db = new PlacedContainer("shop", service("db").build(), 2, "n2");
        ServiceSpec web = service("web").rule(affinity("container", "==", "shop_db_*")).build();
        assertThat(nodesOf(place(snapshot(nodes(3), db), tasks("shop", web)))).containsExactly("n2");
    }

    @Test
    void anyMatchingOverManyContainersOnANode() {
        Node n = nodes(2).get(0);
        PlacedContainer a = new PlacedContainer("app", service("a").label("tier", "front").build(), 1, n.id());
        PlacedContainer b = new PlacedContainer("app", service("b").label("tier", "back").build(), 1, n.id());
        ServiceSpec notBack = service("c").scale(2).rule(affinity("tier", "!=", "back")).build();
        ServiceSpec withFront = service("d").scale(2).rule(affinity("tier", "==", "front")).build();
        ClusterSnapshot s = snapshot(nodes(2), a, b);
        assertThat(nodesOf(place(s, tasks(notBack)))).containsOnly("n2");
        assertThat(nodesOf(place(s, tasks(withFront)))).containsOnly("n1");
    }
    @Test
    void typedAliyunLabelsAreContainerLabelsForAffinity() {
        // the product's example: the client keeps away from the node of the service bound to the SLB
        ServiceSpec master = service("redis-master").port(dev.acs.core.model.PortMapping.published(6379, 6379))
                .loadBalancers(List.of(new dev.acs.core.model.LoadBalancerBinding(6379, "tcp", "proxy_test", 6379)))
                .build();
        assertThat(master.labels()).doesNotContainKey("aliyun.lb.port_6379"); // typed, not a plain label
        ServiceSpec client = service("redis-client")
                .rule(affinity("aliyun.lb.port_6379", "!=", "tcp://proxy_test:6379")).build();
        // binpack would put the client beside the master if the rule did not see the label
        SwarmScheduler binpack = SwarmScheduler.builder().strategy(dev.acs.core.placement.Strategy.BINPACK).build();
        PlacementPlan plan = binpack.place(PlacementRequest.of(List.of(
                new Task("app", master, 1), new Task("app", client, 1))),
                snapshot(nodes(2)));
        assertThat(nodesOf(plan)).containsExactly("n1", "n2");
        // and a positive affinity on a typed label (aliyun.scale) joins the service that has it
        ServiceSpec scaled = service("scaled").scale(3).rule(affinity("service", "!=", "scaled")).build();
        ServiceSpec follower = service("follower").rule(affinity("aliyun.scale", "==", "3")).build();
        PlacedContainer placed = new PlacedContainer("app", scaled, 2, "n2");
        PlacementPlan joined = new SwarmScheduler().place(PlacementRequest.of(tasks(follower)),
                snapshot(nodes(3), placed));
        assertThat(nodesOf(joined)).containsExactly("n2");
    }
}
