package dev.acs.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.Resources;
import dev.acs.core.placement.Task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's filters and scorers as one scheduling call uses them: each call is guarded (an exception or a missing
 * answer rejects the node, or scores it 0, and is remembered for the plan's warnings), and the node is shown through
 * a view of the call's table. Belongs to one call; not thread-safe.
 */
final class HostCalls {
    /** A filter's answer: accepted, rejected for a reason, or failed with a message. */
    record Outcome(boolean accepted, String reason, boolean failed) {
        static final Outcome ACCEPTED = new Outcome(true, null, false);
    }

    /** How one filter or scorer failed during the call. */
    private static final class Failure {
        int nodes;
        final String first;

        Failure(String first) {
            this.first = first;
        }
    }

    private static final String SCORED_ZERO = "scored 0 on";

    private final Pipeline pipeline;
    private final NodeTable table;
    private final View view = new View();
    private final Map<String, Failure> failures = new LinkedHashMap<>();

    HostCalls(Pipeline pipeline, NodeTable table) {
        this.pipeline = pipeline;
        this.table = table;
    }

    /** Whether the host added filters. */
    boolean hasFilters() {
        return !pipeline.filters.isEmpty();
    }

    /** Whether the host added scorers. */
    boolean hasScorers() {
        return !pipeline.scorers.isEmpty();
    }

    /** How many accepted candidates a decision scores at most. */
    int scoredCandidates() {
        return pipeline.scoredCandidates;
    }

    /** Whether every host filter accepts node {@code o} for the task (failures are remembered). */
    boolean accepts(Task task, int o) {
        for (HostFilter f : pipeline.filters) {
            if (!test(f, task, o, true).accepted()) {
                return false;
            }
        }
        return true;
    }

    /** The first host filter's rejection of node {@code o}, as a sentence for one node, or null. */
    String rejection(Task task, int o) {
        for (HostFilter f : pipeline.filters) {
            Outcome r = test(f, task, o, true);
            if (!r.accepted()) {
                return r.failed() ? "filter " + f.name() + " failed: " + r.reason()
                        : "rejected by " + f.name() + ": " + r.reason();
            }
        }
        return null;
    }

    /** One filter's answer; with {@code remember}, a failure counts for the warnings. */
    Outcome test(HostFilter f, Task task, int o, boolean remember) {
        view.ordinal = o;
        String failure;
        try {
            HostFilter.Result r = f.test(task, view);
            if (r == null) {
                failure = "returned no result";
            } else {
                return r.accepted() ? Outcome.ACCEPTED : new Outcome(false, r.reason(), false);
            }
        } catch (RuntimeException e) {
            failure = describe(e);
        }
        if (remember) {
            remember("host filter '" + f.name() + "'", "rejected", task, o, failure);
        }
        return new Outcome(false, failure, true);
    }

    /** The weighted sum of the scorers' scores for node {@code o} (a failing scorer gives 0). */
    double score(Task task, int o) {
        view.ordinal = o;
        double sum = 0;
        for (Pipeline.Weighted w : pipeline.scorers) {
            double s;
            try {
                s = w.scorer().score(task, view);
                if (Double.isNaN(s)) {
                    remember("host scorer '" + w.scorer().name() + "'", SCORED_ZERO, task, o, "returned NaN");
                    s = 0;
                }
            } catch (RuntimeException e) {
                remember("host scorer '" + w.scorer().name() + "'", SCORED_ZERO, task, o, describe(e));
                s = 0;
            }
            sum += w.weight() * Math.max(0, Math.min(1, s));
        }
        return sum;
    }

    private void remember(String who, String effect, Task task, int o, String failure) {
        failures.computeIfAbsent(who, k -> new Failure(", which " + effect + " those nodes (first on "
                + table.nodes[o].describe() + " for " + task.describe() + "): " + failure)).nodes++;
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** One sentence per filter or scorer that failed during the call. */
    List<String> warnings() {
        List<String> out = new ArrayList<>(failures.size());
        failures.forEach((who, f) -> out.add(who + " failed on " + f.nodes + " node evaluation(s)" + f.first));
        return out;
    }

    /** The node at {@link #ordinal} of the call's table. */
    private final class View implements NodeView {
        int ordinal;

        @Override
        public Node node() {
            return table.nodes[ordinal];
        }

        @Override
        public Resources reserved() {
            return new Resources(table.usedCpu[ordinal], table.usedMem[ordinal], table.usedGpu[ordinal]);
        }

        @Override
        public Resources free() {
            return new Resources(Math.max(0, table.totalCpu[ordinal] - table.usedCpu[ordinal]),
                    Math.max(0, table.totalMem[ordinal] - table.usedMem[ordinal]),
                    Math.max(0, table.totalGpu[ordinal] - table.usedGpu[ordinal]));
        }

        @Override
        public int containers() {
            return table.containers[ordinal];
        }

        @Override
        public String toString() {
            return "NodeView[" + node().describe() + "]";
        }
    }
}
