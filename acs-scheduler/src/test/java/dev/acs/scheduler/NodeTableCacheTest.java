package dev.acs.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Task;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.acs.scheduler.Fixtures.GIB;
import static dev.acs.scheduler.Fixtures.inState;
import static dev.acs.scheduler.Fixtures.nodes;
import static dev.acs.scheduler.Fixtures.service;
import static dev.acs.scheduler.Fixtures.tasks;
import static dev.acs.scheduler.Fixtures.zones;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scheduler that extends the node table of its previous call (snapshots that extend the previous one, as an engine
 * deploying application after application sends) decides exactly as one that reads every snapshot afresh, also when
 * a snapshot does not extend the last (a container gone, a node changed) and when the cluster fills up.
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
    void extendingTheLastTableDecidesAsReadingTheSnapshotAfresh() {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            SwarmScheduler cached = new SwarmScheduler();
            List<Node> normal = nodes(12);
            List<Node> nodes = new ArrayList<>(normal);
            List<PlacedContainer> containers = new ArrayList<>();
            for (int app = 0; app < 60; app++) {
                if (app % 17 == 16 && !containers.isEmpty()) {
                    containers.remove(random.nextInt(containers.size())); // a container went: not an extension
                }
                if (app % 23 == 22) {
                    int i = random.nextInt(nodes.size());
                    nodes.set(i, nodes.get(i).state() == NodeState.NORMAL
                            ? inState(normal.get(i), NodeState.UNREACHABLE) : normal.get(i));
                }
                ServiceSpec spec = serviceOf(random, app);
                List<Task> tasks = tasks("app" + app, spec);
                ClusterSnapshot snapshot = new ClusterSnapshot(nodes, containers);
                PlacementPlan fromCache = cached.place(PlacementRequest.of(tasks), snapshot);
                PlacementPlan afresh = new SwarmScheduler().placeAfresh(PlacementRequest.of(tasks), snapshot);
                assertThat(fromCache).as("seed " + seed + ", application " + app).isEqualTo(afresh);
                for (Placement p : fromCache.placed()) {
                    containers.add(new PlacedContainer(p.task().app(), p.task().service(), p.task().index(),
                            p.nodeId()));
                }
            }
            assertThat(containers).as("the cluster filled up on the way").hasSizeGreaterThan(40);
        }
    }
}
