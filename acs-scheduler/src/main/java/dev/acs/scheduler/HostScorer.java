package dev.acs.scheduler;

import dev.acs.core.placement.Task;

import java.util.Objects;
import java.util.function.ToDoubleBiFunction;

/**
 * A fitness score a host adds to {@link SwarmScheduler} ({@link SwarmScheduler.Builder#scorer(HostScorer, double)}):
 * among the nodes that pass every filter, the container goes to the node with the highest weighted sum of the
 * scorers' scores; nodes with equal sums are ranked by the scheduler's strategy (spread, binpack or random). So a
 * scorer that answers 1 for SSD nodes and 0 for others spreads containers over the SSD nodes first.
 *
 * <p>A score is a number from 0 (worst) to 1 (best); values outside are clamped, and a scorer that throws or returns
 * {@code NaN} scores the node 0 and is reported as a {@link dev.acs.core.placement.PlacementPlan#warnings() warning}
 * of the plan. Scores apply to containers of replicated services; a global service goes to every eligible node
 * anyway. A scorer must be a pure, fast function of its arguments and safe for concurrent calls. With scorers, each
 * decision scores the accepted candidates (all of them, or at most
 * {@link SwarmScheduler.Builder#scoredCandidates(int)} taken in strategy order), so it costs more than a decision
 * without scorers.
 */
public interface HostScorer {
    /** The scorer's name, used in warnings: non-blank and unique among the scheduler's scorers. */
    String name();

    /**
     * How well {@code node} fits {@code task}, from 0 to 1.
     *
     * @param task the container to place
     * @param node a node that passed every filter, with what is already reserved on it
     */
    double score(Task task, NodeView node);

    /** A scorer with the given name and function. */
    static HostScorer of(String name, ToDoubleBiFunction<Task, NodeView> score) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(score, "score");
        return new HostScorer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double score(Task task, NodeView node) {
                return score.applyAsDouble(task, node);
            }

            @Override
            public String toString() {
                return "HostScorer[" + name + "]";
            }
        };
    }
}
