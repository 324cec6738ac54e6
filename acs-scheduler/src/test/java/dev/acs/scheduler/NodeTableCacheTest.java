package dev.acs.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.PlacementLedger;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Strategy;
import dev.acs.core.placement.Task;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static dev.acs.scheduler.Fixtures.GIB;
import static dev.acs.scheduler.Fixtures.inState;
import static dev.acs.scheduler.Fixtures.nodes;
import static dev.acs.scheduler.Fixtures.service;
import static dev.acs.scheduler.Fixtures.tasks;
import static dev.acs.scheduler.Fixtures.zones;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scheduler that works on the node table and candidate pools it kept from its previous call (snapshots that extend
 * the previous one, as an engine deploying application after application sends) decides exactly as one that reads
 * every snapshot afresh: with every strategy, also when a snapshot does not extend the last (a container gone, a node
 * changed), when nodes are excluded, when published ports drop nodes from pools and when the cluster fills up.
 */
class NodeTableCacheTest {
    private static final Resources SMALL = new Resources(50, GIB, 0);

    private static ServiceSpec serviceOf(Random random, int n) {
        ServiceSpec.Builder s = service("s" + n).scale(1 + random.nextInt(4)).reservation(random.nextInt(3) == 0
                ? new Resources(100, 2 * GIB, 0) : SMALL);
        if (random.nextInt(5) == 0) {
            s.port(PortMapping.published(8080 + random.nextInt(3), 80));
        }
        if (random.nextInt(6) == 0) {
            s.rule(zones(2, true));
        }
        return s.build();
    }

    @Test
    void keepingTheTableAcrossCallsDecidesAsReadingTheSnapshotAfresh() {
        for (Strategy strategy : Strategy.values()) {
            for (long seed = 1; seed <= 5; seed++) {
                Random random = new Random(seed);
                SwarmScheduler cached = SwarmScheduler.builder().strategy(strategy).seed(seed).build();
                SwarmScheduler afresh = SwarmScheduler.builder().strategy(strategy).seed(seed).build();
                List<Node> normal = nodes(12);
                List<Node> nodes = new ArrayList<>(normal);
                PlacementLedger<Integer> containers = new PlacementLedger<>(); // as an engine keeps them
                List<Integer> keys = new ArrayList<>();
                for (int app = 0; app < 60; app++) {
                    String what = strategy + ", seed " + seed + ", application " + app;
                    if (app % 17 == 16 && !keys.isEmpty()) {
                        containers.remove(keys.remove(random.nextInt(keys.size()))); // not an extension
                    }
                    if (app % 23 == 22) {
                        int i = random.nextInt(nodes.size());
                        nodes.set(i, nodes.get(i).state() == NodeState.NORMAL
                                ? inState(normal.get(i), NodeState.UNREACHABLE) : normal.get(i));
                    }
                    ServiceSpec spec = serviceOf(random, app);
                    PlacementRequest request = PlacementRequest.of(tasks("app" + app, spec));
                    if (app % 11 == 10) {
                        request = request.excluding(Set.of(nodes.get(random.nextInt(nodes.size())).id()));
                    }
                    ClusterSnapshot snapshot = new ClusterSnapshot(nodes, containers.view());
                    PlacementPlan fromCache = cached.place(request, snapshot);
                    assertThat(fromCache).as(what).isEqualTo(afresh.placeAfresh(request, snapshot));
                    if (app % 7 == 6) {
                        // the engine failed to write this plan: the next snapshot is the same as this one
                        assertThat(cached.place(request, snapshot)).as(what + ", again").isEqualTo(fromCache);
                        continue;
                    }
                    for (Placement p : fromCache.placed()) {
                        keys.add(keys.size() + 1_000 * app);
                        containers.add(keys.get(keys.size() - 1), new PlacedContainer(p.task().app(),
                                p.task().service(), p.task().index(), p.nodeId()));
                    }
                }
                assertThat(containers.size()).as("the cluster filled up on the way").isGreaterThan(40);
            }
        }
    }

    @Test
    void aCallWhileAnotherWorksOnTheSharedTableGetsATableOfItsOwn() {
        NodeTableCache cache = new NodeTableCache();
        ClusterSnapshot snapshot = new ClusterSnapshot(nodes(3), List.of());
        List<Task> tasks = tasks("app", service("web").reservation(SMALL).build());
        try (NodeTableCache.Lease first = cache.table(snapshot, Set.of(), tasks)) {
            first.table.add("app", tasks.get(0).service(), 1, 0, null);
            try (NodeTableCache.Lease second = cache.table(snapshot, Set.of(), tasks)) {
                assertThat(second.table).isNotSameAs(first.table);
                assertThat(second.table.containers[0]).isZero();
            }
        }
        try (NodeTableCache.Lease again = cache.table(snapshot, Set.of(), tasks)) {
            assertThat(again.table.containers[0]).as("the first call's container was taken back").isZero();
        }
    }
}
