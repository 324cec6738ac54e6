package dev.acs.benchmarks.scheduler;

import dev.acs.scheduler.bench.SwarmKitWorkload;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.Placement;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark workloads are what their javadoc says, at sizes small enough for a unit test. */
class WorkloadsTest {

    @Test
    void swarmKitConstraintsUseEveryThirdNode() {
        PlacementPlan plan = new SwarmKitWorkload(9, 30, true).run(new SwarmScheduler());
        assertThat(plan.isComplete()).isTrue();
        Set<String> used = plan.placed().stream().map(Placement::nodeId).collect(Collectors.toSet());
        assertThat(used).containsExactlyInAnyOrder("node-0", "node-3", "node-6");
        assertThat(new SwarmKitWorkload(9, 30, false).run(new SwarmScheduler()).placed()
                .stream().map(Placement::nodeId).distinct()).hasSize(9);
    }

    @Test
    void mixedWorkloadPlacesCompletelyOnAScaledDownCluster() {
        MixedWorkload w = new MixedWorkload(300, 200, 10);
        PlacementPlan plan = MixedWorkload.place(new SwarmScheduler(), w.buildNodes(), w.buildTasks());
        assertThat(plan.unplaced()).isEmpty();
        assertThat(plan.placed()).hasSize(2000);
    }

    @Test
    void bothSchedulersPackTheSameDemands() {
        BinPackWorkload w = new BinPackWorkload(20, 300, 7);
        List<BinPackWorkload.Demand> demands = w.demands();
        Map<String, List<BinPackWorkload.Demand>> fenzo = FenzoRunner.run(w, demands);
        Map<String, List<BinPackWorkload.Demand>> acs = FenzoSideBySide.runAcs(w, demands);
        BinPackWorkload.Packing ours = BinPackWorkload.packing(acs);
        BinPackWorkload.Packing theirs = BinPackWorkload.packing(fenzo);
        assertThat(ours.placed()).isEqualTo(300);
        assertThat(theirs.placed()).isEqualTo(300);
        assertThat(ours.nodesUsed()).isLessThanOrEqualTo(theirs.nodesUsed());
        assertThat(ours.cpuUsed()).isBetween(0.0, 1.0);
    }
}
