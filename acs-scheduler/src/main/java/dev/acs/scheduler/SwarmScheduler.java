package dev.acs.scheduler;

import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Strategy;
import dev.acs.core.spi.Scheduler;

import java.util.List;
import java.util.Objects;

/**
 * The {@link Scheduler} with classic Docker Swarm semantics plus the product's additions
 * ({@code spec/compose-dialect.md} §4, {@code spec/lifecycle.md} §11).
 *
 * <p><b>Filters</b>, in this order: node health ({@link dev.acs.core.model.NodeState#isSchedulable()}); hard
 * constraints on node attributes and labels ({@code node}, {@code aliyun.node_index}, {@code aliyun.zone},
 * user labels; a missing label compares as {@code ""}); hard affinities to the services, images, container names
 * and container labels already on a node ({@code ==} holds when any subject matches, {@code !=} when none does);
 * published host ports (once per node and protocol); reserved CPU ({@code cpu_shares}, 100 per core), memory
 * ({@code mem_limit}) and GPUs ({@code aliyun.gpu}); availability zones ({@code availability:az==N}: while the
 * service spans fewer than N zones each new container opens a new zone, and a cluster with fewer than N zones of
 * ready nodes fails the service). Values are Swarm expressions: literals, anchored globs, value sets
 * {@code (1|2|3)} and unanchored {@code /regex/}. In an affinity to {@code service}, a bare name means a service of
 * the same application and {@code app/service} names one of another application. An affinity to {@code image} sees
 * the images of the containers on the node (full reference, repository, and repository:tag), since a snapshot
 * carries no image inventory; one to {@code container} sees container names ({@code <app>_<service>_<index>} or
 * the service's fixed name); any other key is a container label, missing labels comparing as {@code ""}. Container
 * labels include the {@code aliyun.*} labels templates map to typed fields ({@link dev.acs.core.model.ServiceLabels}),
 * so {@code affinity:aliyun.lb.port_6379!=tcp://proxy_test:6379} keeps a container off the node of the service bound
 * to that load balancer.
 *
 * <p><b>Soft rules</b> ({@code ==~}, {@code !=~}, {@code az==~N}) use classic Swarm's two passes: first with every
 * soft rule enforced; if no node passes, with all soft rules ignored.
 *
 * <p><b>Strategies</b> rank the nodes that pass: spread (the default; lowest reserved CPU percent plus memory
 * percent after placing, then fewest containers), binpack (the highest, then most containers) and random (seeded
 * by {@link Builder#seed(long)}, so the scheduler stays a pure function). The strategy is chosen, from the most
 * specific: the service label {@value #STRATEGY_LABEL} ({@code spread}, {@code binpack} or {@code random}), the
 * request's strategy, the scheduler's default. Ties go to the node earlier in the snapshot.
 *
 * <p><b>Global services</b>: one task of a global service in a request stands for the whole service; the
 * scheduler places one container (with the next free indexes) on every ready node that passes its hard
 * constraints and affinities and has none yet, so calling it again after nodes join fills the new nodes. A node
 * that should get one but lacks resources or ports is reported as unplaced for that node.
 *
 * <p><b>Host filters and scorers</b> ({@link Builder#filter(HostFilter)}, {@link Builder#scorer(HostScorer, double)}):
 * a host adds hard rules of its own as {@link HostFilter}s, which join the built-in filters in one ordered pipeline
 * ({@link #filters()}), and fitness scores as {@link HostScorer}s, which choose among the nodes every filter accepts
 * (the strategy breaks ties). A host filter or scorer that fails never aborts the placement: see their javadoc.
 *
 * <p><b>Explanations</b>: an unplaced container carries one {@link dev.acs.core.placement.Rejection} record per
 * filter that rejected nodes - the filter, how many nodes, the rule or port, and for resources the amount asked and
 * the most any rejected node had free - each node counted under the first filter of the pipeline that rejects it;
 * {@link dev.acs.core.placement.Unplaced#summary()} joins their sentences. An invalid expression or strategy label
 * makes every container of its service unplaced with a reason that says what to write instead.
 *
 * <p><b>Moves</b>: the rescheduling, drain and rebalance plans of the {@link Scheduler} SPI
 * ({@link #planNodeFailure}, {@link #planDrain}, {@link #planRebalance}) use the product's policy
 * ({@link dev.acs.core.placement.MovePolicy}) with this scheduler's placement, host filters and scorers included.
 *
 * <p><b>Speed</b>: the scheduler keeps per cluster the usage its last call counted. When a snapshot extends the
 * previous call's for the same cluster - the same nodes, the same containers followed by new ones, as an engine
 * deploying one application after another sends; told in constant time for the views of a
 * {@link dev.acs.core.placement.PlacementLedger} - only the new containers are counted, and the call works on that
 * usage itself and takes its own placements back when it ends; otherwise the table is built from the snapshot. Each
 * distinct constraint is evaluated once over the nodes, and each placement signature (request size, rules, ports,
 * strategy) has a ranked pool of candidates that is updated incrementally from a change log and kept from call to
 * call, so a decision costs a few heap operations instead of a cluster scan, and a call costs what it places, not
 * the size of the cluster. Host filters are called on candidates in strategy order until one passes, and with
 * scorers each decision scores the accepted candidates (see {@link Builder#scoredCandidates(int)}). Instances are
 * safe for concurrent calls (as long as the host's filters and scorers are; a call while another works on the same
 * cluster builds a table of its own); the tables they keep never change a result.
 */
public final class SwarmScheduler implements Scheduler {
    /** Service label that chooses the strategy for one service: {@code spread}, {@code binpack} or {@code random}. */
    public static final String STRATEGY_LABEL = "aliyun.strategy";

    private final Strategy strategy;
    private final long seed;
    private final Pipeline pipeline;
    /** The last node table per cluster, extended when the next snapshot extends the last (see {@link NodeTableCache}). */
    private final NodeTableCache tables = new NodeTableCache();

    private SwarmScheduler(Builder b) {
        this.strategy = b.strategy;
        this.seed = b.seed;
        this.pipeline = b.pipeline;
    }

    /** A scheduler with the spread strategy, seed 0 and the built-in filters only. */
    public SwarmScheduler() {
        this(builder());
    }

    /** A builder; defaults: {@link Strategy#SPREAD}, seed 0, no host filters or scorers. */
    public static Builder builder() {
        return new Builder();
    }

    /** The default strategy. */
    public Strategy strategy() {
        return strategy;
    }

    /**
     * The names of the filters in the order the pipeline applies them: the {@linkplain BuiltInFilter built-in} ones
     * and the host's, e.g. {@code [health, constraint, affinity, port, cpu, memory, gpu, zone, ssd-only]}.
     */
    public List<String> filters() {
        return pipeline.names();
    }

    /** The names of the host's scorers, in the order they were added. */
    public List<String> scorers() {
        return pipeline.scorers.stream().map(w -> w.scorer().name()).toList();
    }

    @Override
    public PlacementPlan place(PlacementRequest request, ClusterSnapshot snapshot) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(snapshot, "snapshot");
        try (NodeTableCache.Lease lease = tables.table(snapshot, request.excludedNodes(), request.tasks())) {
            return new Placer(lease.table, strategy, seed, pipeline).place(request.tasks(), request.strategy());
        }
    }

    /** {@link #place} with a node table built from the snapshot alone, never from the previous call's (for tests). */
    PlacementPlan placeAfresh(PlacementRequest request, ClusterSnapshot snapshot) {
        Placer placer = new Placer(new NodeTable(snapshot, request.excludedNodes(), request.tasks()), strategy, seed,
                pipeline);
        return placer.place(request.tasks(), request.strategy());
    }

    /** Builder of {@link SwarmScheduler}. */
    public static final class Builder {
        private Strategy strategy = Strategy.SPREAD;
        private long seed;
        private Pipeline pipeline = Pipeline.builtIn();

        private Builder() {
        }

        /** The default strategy, used when neither the request nor the service chooses one. */
        public Builder strategy(Strategy value) {
            strategy = Objects.requireNonNull(value, "strategy");
            return this;
        }

        /** Seed of the random strategy; each call starts from it, so equal inputs give equal plans. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /**
         * Adds a host filter after the built-in filters (and after the host filters added before it).
         *
         * @throws dev.acs.core.error.AcsException {@code INVALID_ARGUMENT} for a blank, reserved or duplicate name
         */
        public Builder filter(HostFilter filter) {
            pipeline = pipeline.withFilter(filter, null);
            return this;
        }

        /**
         * Adds a host filter just before a built-in one, so explanations count the nodes both reject under the host
         * filter (selection is the same wherever a filter sits: a node must pass them all).
         *
         * @throws dev.acs.core.error.AcsException {@code INVALID_ARGUMENT} for a blank, reserved or duplicate name
         */
        public Builder filterBefore(BuiltInFilter before, HostFilter filter) {
            pipeline = pipeline.withFilter(filter, Objects.requireNonNull(before, "before"));
            return this;
        }

        /**
         * Adds a host scorer with weight 1.
         *
         * @throws dev.acs.core.error.AcsException {@code INVALID_ARGUMENT} for a blank, reserved or duplicate name
         */
        public Builder scorer(HostScorer scorer) {
            return scorer(scorer, 1);
        }

        /**
         * Adds a host scorer; a node's fitness is the sum of each scorer's score (0 to 1) times its weight.
         *
         * @throws dev.acs.core.error.AcsException {@code INVALID_ARGUMENT} for a blank, reserved or duplicate name,
         *                                         or a weight that is not positive and finite
         */
        public Builder scorer(HostScorer scorer, double weight) {
            pipeline = pipeline.withScorer(scorer, weight);
            return this;
        }

        /**
         * With scorers, how many accepted candidates each decision scores at most, taken in strategy order (as
         * kube-scheduler's {@code percentageOfNodesToScore}); by default all of them, which is exact but costs a
         * pass over the accepted nodes per container.
         *
         * @throws dev.acs.core.error.AcsException {@code INVALID_ARGUMENT} when below 1
         */
        public Builder scoredCandidates(int n) {
            pipeline = pipeline.withScoredCandidates(n);
            return this;
        }

        /** The scheduler. */
        public SwarmScheduler build() {
            return new SwarmScheduler(this);
        }
    }
}
