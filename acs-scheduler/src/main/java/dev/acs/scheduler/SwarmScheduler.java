package dev.acs.scheduler;

import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Strategy;
import dev.acs.core.spi.Scheduler;

import java.util.Objects;
import java.util.Set;

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
 * the service's fixed name); any other key is a container label, missing labels comparing as {@code ""}.
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
 * <p><b>Explanations</b>: an unplaced container lists, per filter, how many nodes it rejected and why (see
 * {@link dev.acs.core.placement.Unplaced#summary()}). An invalid expression or strategy label makes every
 * container of its service unplaced with a reason that says what to write instead.
 *
 * <p><b>Speed</b>: per call the scheduler builds a table of per-node state once, evaluates each distinct
 * constraint once over the nodes, and keeps for each placement signature (request size, rules, ports, strategy) a
 * ranked pool of candidates that is updated incrementally from a change log, so a decision costs a few heap
 * operations instead of a cluster scan. Instances are immutable and safe for concurrent calls.
 */
public final class SwarmScheduler implements Scheduler {
    /** Service label that chooses the strategy for one service: {@code spread}, {@code binpack} or {@code random}. */
    public static final String STRATEGY_LABEL = "aliyun.strategy";

    private final Strategy strategy;
    private final long seed;

    private SwarmScheduler(Builder b) {
        this.strategy = b.strategy;
        this.seed = b.seed;
    }

    /** A scheduler with the spread strategy and seed 0. */
    public SwarmScheduler() {
        this(builder());
    }

    /** A builder; defaults: {@link Strategy#SPREAD}, seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** The default strategy. */
    public Strategy strategy() {
        return strategy;
    }

    @Override
    public PlacementPlan place(PlacementRequest request, ClusterSnapshot snapshot) {
        return place(request, snapshot, Set.of());
    }

    /**
     * Places the request as {@link #place(PlacementRequest, ClusterSnapshot)} does, treating the nodes with the given
     * ids as unschedulable (nodes being drained or relieved by a planner).
     */
    PlacementPlan place(PlacementRequest request, ClusterSnapshot snapshot, Set<String> excludedNodes) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(snapshot, "snapshot");
        Placer placer = new Placer(snapshot, excludedNodes, strategy, seed, request.tasks());
        return placer.place(request.tasks(), request.strategy());
    }

    /** Builder of {@link SwarmScheduler}. */
    public static final class Builder {
        private Strategy strategy = Strategy.SPREAD;
        private long seed;

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

        /** The scheduler. */
        public SwarmScheduler build() {
            return new SwarmScheduler(this);
        }
    }
}
