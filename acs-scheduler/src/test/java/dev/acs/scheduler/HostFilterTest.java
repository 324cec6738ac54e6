package dev.acs.scheduler;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Rejection;
import dev.acs.core.placement.Strategy;
import dev.acs.core.placement.Task;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.acs.scheduler.Fixtures.GIB;
import static dev.acs.scheduler.Fixtures.affinity;
import static dev.acs.scheduler.Fixtures.constraint;
import static dev.acs.scheduler.Fixtures.inState;
import static dev.acs.scheduler.Fixtures.node;
import static dev.acs.scheduler.Fixtures.nodes;
import static dev.acs.scheduler.Fixtures.nodesOf;
import static dev.acs.scheduler.Fixtures.perNode;
import static dev.acs.scheduler.Fixtures.service;
import static dev.acs.scheduler.Fixtures.snapshot;
import static dev.acs.scheduler.Fixtures.tasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Host filters and scorers beside the built-in filters, and the structured rejection records. */
class HostFilterTest {
    /** Accepts only nodes labelled {@code disk=ssd}. */
    private static final HostFilter SSD_ONLY = HostFilter.of("ssd-only", (task, node) ->
            "ssd".equals(node.node().labels().get("disk")) ? HostFilter.Result.ACCEPT
                    : HostFilter.Result.reject("no ssd"));

    private static List<Node> mixedDisks() {
        return List.of(node(1), node(2, "cn-test-a", 4, 8, 0, Map.of("disk", "ssd")), node(3),
                node(4, "cn-test-a", 4, 8, 0, Map.of("disk", "ssd")));
    }

    private static PlacementPlan place(SwarmScheduler scheduler, List<Node> nodes, List<Task> tasks) {
        return scheduler.place(PlacementRequest.of(tasks), snapshot(nodes));
    }

    @Test
    void theDefaultPipelineIsClassicSwarmsOrder() {
        assertThat(new SwarmScheduler().filters())
                .containsExactly("health", "constraint", "affinity", "port", "cpu", "memory", "gpu", "zone");
        assertThat(new SwarmScheduler().scorers()).isEmpty();
    }

    @Test
    void aHostFilterKeepsContainersOffTheNodesItRejects() {
        SwarmScheduler scheduler = SwarmScheduler.builder().filter(SSD_ONLY).build();
        assertThat(scheduler.filters()).endsWith("zone", "ssd-only");
        PlacementPlan plan = place(scheduler, mixedDisks(), tasks(service("db").scale(4).build()));
        assertThat(plan.isComplete()).isTrue();
        assertThat(perNode(plan)).containsOnlyKeys("n2", "n4").containsValues(2, 2); // still spread among them
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void hostFilterRejectionsAreCountedAfterTheBuiltInOnesByDefault() {
        SwarmScheduler scheduler = SwarmScheduler.builder().filter(SSD_ONLY).build();
        ServiceSpec big = service("big").reservation(new Resources(0, 6 * GIB, 0)).scale(3).build();
        PlacementPlan plan = place(scheduler, mixedDisks(), tasks(big));
        assertThat(nodesOf(plan)).containsExactlyInAnyOrder("n2", "n4");
        assertThat(plan.unplaced()).singleElement().satisfies(u -> {
            // n2 and n4 are full; n1 and n3 have room but no ssd
            assertThat(u.summary()).isEqualTo("0/4 nodes: 2 insufficient memory (asked 6 GiB, most free 2 GiB);"
                    + " 2 rejected by ssd-only: no ssd");
            assertThat(u.rejections()).extracting(Rejection::filter).containsExactly("memory", "ssd-only");
            Rejection ssd = u.rejections().get(1);
            assertThat(ssd.nodes()).isEqualTo(2);
            assertThat(ssd.subject()).isEqualTo("no ssd");
            assertThat(ssd.failed()).isFalse();
        });
    }

    @Test
    void aFilterPlacedBeforeABuiltInOneIsCountedFirst() {
        SwarmScheduler scheduler = SwarmScheduler.builder().filterBefore(BuiltInFilter.MEMORY, SSD_ONLY).build();
        assertThat(scheduler.filters()).containsSubsequence("cpu", "ssd-only", "memory");
        ServiceSpec huge = service("huge").reservation(new Resources(0, 16 * GIB, 0)).build();
        PlacementPlan plan = place(scheduler, mixedDisks(), tasks(huge));
        assertThat(plan.unplaced()).singleElement().satisfies(u -> assertThat(u.reasons()).containsExactly(
                "2 rejected by ssd-only: no ssd", "2 insufficient memory (asked 16 GiB, most free 8 GiB)"));
    }

    @Test
    void aFilterSeesTheTaskAndWhatIsReservedOnTheNode() {
        // at most two containers per node, whatever the resources: a load-dependent rule
        HostFilter twoPerNode = HostFilter.of("two-per-node", (task, node) -> node.containers() < 2
                ? HostFilter.Result.ACCEPT : HostFilter.Result.reject("node already runs " + node.containers()));
        SwarmScheduler scheduler = SwarmScheduler.builder().strategy(Strategy.BINPACK).filter(twoPerNode).build();
        PlacementPlan plan = place(scheduler, nodes(2), tasks(service("web").scale(5).build()));
        assertThat(perNode(plan)).containsEntry("n1", 2).containsEntry("n2", 2);
        assertThat(plan.unplaced()).singleElement().satisfies(u ->
                assertThat(u.reasons()).containsExactly("2 rejected by two-per-node: node already runs 2"));
        List<String> seen = new ArrayList<>();
        HostFilter recorder = HostFilter.of("recorder", (task, node) -> {
            seen.add(task.describe() + "@" + node.node().id() + " free " + node.free().memoryBytes() / GIB + "G"
                    + " reserved " + node.reserved().memoryBytes() / GIB + "G");
            return HostFilter.Result.ACCEPT;
        });
        ServiceSpec one = service("one").reservation(new Resources(0, 3 * GIB, 0)).scale(2).build();
        place(SwarmScheduler.builder().strategy(Strategy.BINPACK).filter(recorder).build(), nodes(1), tasks(one));
        assertThat(seen).containsExactly("app/one#1@n1 free 8G reserved 0G", "app/one#2@n1 free 5G reserved 3G");
    }

    @Test
    void aThrowingFilterRejectsTheNodeWithAFailureRecordAndNeverAbortsThePlacement() {
        HostFilter broken = HostFilter.of("flaky", (task, node) -> {
            if (node.node().id().equals("n1")) {
                throw new IllegalStateException("inventory service down");
            }
            return HostFilter.Result.ACCEPT;
        });
        SwarmScheduler scheduler = SwarmScheduler.builder().filter(broken).build();
        ServiceSpec web = service("web").scale(2).rule(affinity("service", "!=", "web")).build();
        PlacementPlan plan = place(scheduler, nodes(2), tasks(web));
        assertThat(nodesOf(plan)).containsExactly("n2");
        assertThat(plan.unplaced()).singleElement().satisfies(u -> {
            assertThat(u.summary()).isEqualTo("0/2 nodes: 1 failing affinity:service!=web; 1 rejected because"
                    + " filter flaky failed: IllegalStateException: inventory service down");
            Rejection r = u.rejections().get(1);
            assertThat(r.failed()).isTrue();
            assertThat(r.filter()).isEqualTo("flaky");
            assertThat(r.nodes()).isEqualTo(1);
        });
        assertThat(plan.warnings()).singleElement().satisfies(w -> assertThat(w)
                .startsWith("host filter 'flaky' failed on ").contains("which rejected those nodes (first on node 'node1'")
                .endsWith("IllegalStateException: inventory service down"));
    }

    @Test
    void aFilterReturningNullIsAFailureToo() {
        SwarmScheduler scheduler = SwarmScheduler.builder().filter(HostFilter.of("silent", (t, n) -> null)).build();
        PlacementPlan plan = place(scheduler, nodes(1), tasks(service("web").build()));
        assertThat(plan.unplaced()).singleElement().satisfies(u -> assertThat(u.reasons())
                .containsExactly("1 rejected because filter silent failed: returned no result"));
    }

    @Test
    void globalServicesHonourHostFiltersPerNode() {
        SwarmScheduler scheduler = SwarmScheduler.builder().filter(SSD_ONLY).build();
        ServiceSpec agent = service("agent").global(true).build();
        PlacementPlan plan = place(scheduler, mixedDisks(), List.of(new Task("app", agent, 1)));
        assertThat(nodesOf(plan)).containsExactly("n2", "n4");
        assertThat(plan.unplaced()).hasSize(2).allSatisfy(u -> {
            assertThat(u.rejections()).singleElement().satisfies(r -> {
                assertThat(r.filter()).isEqualTo("ssd-only");
                assertThat(r.nodes()).isEqualTo(1);
            });
            assertThat(u.reasons().get(0)).endsWith(": rejected by ssd-only: no ssd");
        });
    }

    @Test
    void manyDistinctReasonsAreGroupedSoRecordsStayFew() {
        HostFilter perNode = HostFilter.of("picky", (task, node) -> HostFilter.Result.reject(
                "node " + node.node().index() + " is reserved"));
        PlacementPlan plan = place(SwarmScheduler.builder().filter(perNode).build(), nodes(8),
                tasks(service("web").build()));
        assertThat(plan.unplaced()).singleElement().satisfies(u -> {
            assertThat(u.rejections()).hasSize(6);
            assertThat(u.reasons()).endsWith("3 rejected by picky: other reasons");
            assertThat(u.rejections().stream().mapToInt(Rejection::nodes).sum()).isEqualTo(8);
        });
    }

    @Test
    void scorersChooseAmongAcceptedNodesAndTheStrategyBreaksTies() {
        HostScorer preferSsd = HostScorer.of("prefer-ssd", (task, node) ->
                "ssd".equals(node.node().labels().get("disk")) ? 1 : 0);
        SwarmScheduler scheduler = SwarmScheduler.builder().scorer(preferSsd).build();
        assertThat(scheduler.scorers()).containsExactly("prefer-ssd");
        PlacementPlan plan = place(scheduler, mixedDisks(), tasks(service("web").scale(4)
                .reservation(new Resources(100, 0, 0)).build()));
        // the score is 1 on n2 and n4 whatever their load, so all four go there, spread between them
        assertThat(perNode(plan)).containsOnlyKeys("n2", "n4").containsValues(2, 2);
    }

    @Test
    void weightsCombineScorers() {
        HostScorer ssd = HostScorer.of("ssd", (task, node) -> "ssd".equals(node.node().labels().get("disk")) ? 1 : 0);
        HostScorer emptiest = HostScorer.of("emptiest", (task, node) -> node.containers() == 0 ? 1 : 0);
        SwarmScheduler scheduler = SwarmScheduler.builder().strategy(Strategy.BINPACK).scorer(ssd, 1)
                .scorer(emptiest, 3).build();
        PlacementPlan plan = place(scheduler, mixedDisks(), tasks(service("web").scale(4).build()));
        // "emptiest" outweighs "ssd": every container opens an empty node, ssd nodes first
        assertThat(nodesOf(plan)).containsExactly("n2", "n4", "n1", "n3");
    }

    @Test
    void scoredCandidatesBoundsTheSearchInStrategyOrder() {
        HostScorer lastNode = HostScorer.of("last", (task, node) -> node.node().index() / 10.0);
        SwarmScheduler all = SwarmScheduler.builder().scorer(lastNode).build();
        SwarmScheduler firstTwo = SwarmScheduler.builder().scorer(lastNode).scoredCandidates(2).build();
        List<Task> one = tasks(service("web").build());
        assertThat(nodesOf(place(all, nodes(4), one))).containsExactly("n4");
        assertThat(nodesOf(place(firstTwo, nodes(4), one))).containsExactly("n2");
    }

    @Test
    void randomStrategyWithScorersStillPicksTheBestScore() {
        HostScorer onlyThree = HostScorer.of("three", (task, node) -> node.node().index() == 3 ? 1 : 0);
        SwarmScheduler scheduler = SwarmScheduler.builder().strategy(Strategy.RANDOM).seed(7).scorer(onlyThree).build();
        assertThat(nodesOf(place(scheduler, nodes(6), tasks(service("web").scale(3).build()))))
                .containsExactly("n3", "n3", "n3");
    }

    @Test
    void aThrowingOrNanScorerScoresZeroAndIsReported() {
        AtomicInteger calls = new AtomicInteger();
        HostScorer broken = HostScorer.of("broken", (task, node) -> {
            calls.incrementAndGet();
            if (node.node().id().equals("n1")) {
                throw new IllegalArgumentException("bad metric");
            }
            return node.node().id().equals("n2") ? Double.NaN : 0.5;
        });
        PlacementPlan plan = place(SwarmScheduler.builder().scorer(broken).build(), nodes(3),
                tasks(service("web").build()));
        assertThat(nodesOf(plan)).containsExactly("n3");
        assertThat(calls.get()).isEqualTo(3);
        assertThat(plan.warnings()).containsExactly("host scorer 'broken' failed on 2 node evaluation(s), which scored"
                + " 0 on those nodes (first on node 'node1' (n1) for app/web#1): IllegalArgumentException: bad metric");
    }

    @Test
    void hostFiltersApplyInTheSoftRulesSecondPassToo() {
        ServiceSpec web = service("web").rule(constraint("zone", "==~", "nowhere")).build();
        PlacementPlan plan = place(SwarmScheduler.builder().filter(SSD_ONLY).build(), mixedDisks(), tasks(web));
        assertThat(nodesOf(plan)).containsExactly("n2");
    }

    @Test
    void filtersAreCalledOnlyUntilACandidatePasses() {
        AtomicInteger calls = new AtomicInteger();
        HostFilter counting = HostFilter.of("counting", (task, node) -> {
            calls.incrementAndGet();
            return HostFilter.Result.ACCEPT;
        });
        place(SwarmScheduler.builder().filter(counting).build(), nodes(1000), tasks(service("web").scale(10).build()));
        assertThat(calls.get()).isEqualTo(10);
    }

    @Test
    void healthComesBeforeHostFilters() {
        ServiceSpec web = service("web").build();
        List<Node> cluster = List.of(inState(node(1), NodeState.UNREACHABLE), node(2), node(3));
        PlacementPlan plan = SwarmScheduler.builder().filter(SSD_ONLY).build().place(PlacementRequest.of(tasks(web)),
                snapshot(cluster));
        assertThat(plan.unplaced()).singleElement().satisfies(u -> {
            assertThat(u.reasons()).containsExactly("1 not ready (unreachable 1)", "2 rejected by ssd-only: no ssd");
            assertThat(u.rejections().get(0).filter()).isEqualTo("health");
            assertThat(u.rejections().get(0).subject()).isEqualTo("unreachable 1");
        });
    }

    @Test
    void badBuilderInputIsAnInvalidArgument() {
        HostScorer score = HostScorer.of("s", (t, n) -> 1);
        assertInvalid(() -> SwarmScheduler.builder().filter(HostFilter.of(" ", (t, n) -> HostFilter.Result.ACCEPT)),
                "non-blank name");
        assertInvalid(() -> SwarmScheduler.builder().filter(HostFilter.of("memory", (t, n) -> HostFilter.Result.ACCEPT)),
                "reserved");
        assertInvalid(() -> SwarmScheduler.builder().filter(SSD_ONLY).filter(SSD_ONLY), "already has a filter");
        assertInvalid(() -> SwarmScheduler.builder().scorer(score).scorer(score), "already has a scorer");
        assertInvalid(() -> SwarmScheduler.builder().scorer(score, 0), "positive, finite weight");
        assertInvalid(() -> SwarmScheduler.builder().scorer(score, Double.NaN), "positive, finite weight");
        assertInvalid(() -> SwarmScheduler.builder().scoredCandidates(0), "at least 1");
        assertThatThrownBy(() -> HostFilter.Result.reject(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertInvalid(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
