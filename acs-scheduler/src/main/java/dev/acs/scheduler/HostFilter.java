package dev.acs.scheduler;

import dev.acs.core.placement.Task;

import java.util.Objects;

/**
 * A hard rule a host adds to {@link SwarmScheduler}'s filters ({@link SwarmScheduler.Builder#filter(HostFilter)}):
 * given the container to place and a node, it accepts the node or rejects it with a reason. A container goes only to
 * a node that every filter accepts; how well an accepted node fits is a separate question, answered by
 * {@link HostScorer}s (hard rules apart from fitness scores, as in Netflix Fenzo).
 *
 * <p>A filter is called on the candidates in the strategy's order until one passes every filter, so it is not
 * called for every node. It must be a pure, fast function of its arguments and safe for concurrent calls (the
 * scheduler may place for several clusters at once). A filter that throws or returns {@code null} rejects the node:
 * the failure is reported as a {@link dev.acs.core.placement.Rejection#failed() failed} rejection record when the
 * container cannot be placed, and as a {@link dev.acs.core.placement.PlacementPlan#warnings() warning} of the plan
 * otherwise; it never aborts the placement.
 *
 * <p>Example, keeping batch services off nodes labelled {@code tier=frontend}:
 * <pre>{@code
 * HostFilter noBatchOnFrontend = HostFilter.of("no-batch-on-frontend", (task, node) ->
 *         task.service().labels().containsKey("batch") && "frontend".equals(node.node().labels().get("tier"))
 *                 ? HostFilter.Result.reject("frontend node") : HostFilter.Result.ACCEPT);
 * Scheduler scheduler = SwarmScheduler.builder().filter(noBatchOnFrontend).build();
 * }</pre>
 */
public interface HostFilter {
    /**
     * The filter's name, used in rejection records and warnings: non-blank, unique among the scheduler's filters
     * and different from the {@linkplain BuiltInFilter built-in} names.
     */
    String name();

    /**
     * Whether {@code node} may take {@code task}.
     *
     * @param task the container to place
     * @param node the candidate node, with what is already reserved on it
     * @return {@link Result#ACCEPT} or a rejection with its reason
     */
    Result test(Task task, NodeView node);

    /** A filter with the given name and test. */
    static HostFilter of(String name, java.util.function.BiFunction<Task, NodeView, Result> test) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(test, "test");
        return new HostFilter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Result test(Task task, NodeView node) {
                return test.apply(task, node);
            }

            @Override
            public String toString() {
                return "HostFilter[" + name + "]";
            }
        };
    }

    /**
     * A filter's answer for one node.
     *
     * @param accepted whether the node may take the container
     * @param reason   why it may not (shown in rejection records, e.g. {@code "3 rejected by no-batch: frontend
     *                 node"}); {@code null} when accepted
     */
    record Result(boolean accepted, String reason) {
        /** The node may take the container. */
        public static final Result ACCEPT = new Result(true, null);

        /** Requires a reason for a rejection. */
        public Result {
            if (!accepted && (reason == null || reason.isBlank())) {
                throw new IllegalArgumentException("a rejection needs a reason");
            }
            if (accepted) {
                reason = null;
            }
        }

        /** The node may not take the container, for the given reason. */
        public static Result reject(String reason) {
            return new Result(false, reason);
        }
    }
}
