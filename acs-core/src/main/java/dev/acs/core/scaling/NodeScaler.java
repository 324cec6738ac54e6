package dev.acs.core.scaling;

import dev.acs.core.api.Expansion;
import dev.acs.core.metrics.MetricKey;
import dev.acs.core.metrics.Metrics;
import dev.acs.core.metrics.Usage;
import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.ControllerContext;
import dev.acs.core.spi.InfrastructureProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Node auto-scaling of one cluster: scale-out by the policy's step after three consecutive periods above the upper
 * bound, or at once when containers of the cluster cannot be placed; scale-in by one node after three periods below
 * the lower bound, removing the newest node auto-scaling created (or labelled {@code aliyun.reschedule=true}) after
 * migrating its containers, then releasing its machine. Every decision is an event of the cluster.
 */
final class NodeScaler {
    /** The node label that lets node auto-scaling remove a node it did not create. */
    static final String RESCHEDULE_LABEL = "aliyun.reschedule";

    private final Metrics metrics;
    private final ScalingStore store;
    private final InfrastructureProvider infrastructure;
    private final Duration callTimeout;
    /** When the cluster last scaled out for unplaceable containers (one expansion per period at most). */
    private final Map<String, Instant> lastUnplaceable = new HashMap<>();

    NodeScaler(Metrics metrics, ScalingStore store, InfrastructureProvider infrastructure, Duration callTimeout) {
        this.metrics = metrics;
        this.store = store;
        this.infrastructure = infrastructure;
        this.callTimeout = callTimeout;
    }

    void scale(ControllerContext ctx, Cluster cluster, NodeScalingPolicy policy) {
        if (cluster.state() != ClusterState.RUNNING) {
            return; // an expansion or another change is under way
        }
        List<Node> nodes = ctx.nodes(cluster.id()).stream().filter(n -> n.state() != NodeState.REMOVED).toList();
        if (policy.scalesOutWhenUnplaceable() && unplaceable(ctx, cluster, policy, nodes.size())) {
            return;
        }
        Optional<Usage> latest = metrics.latest(MetricKey.cluster(cluster.id()));
        String id = "cluster/" + cluster.id();
        Streak streak = store.streak(id);
        if (latest.isEmpty() || !streak.isNew(latest.get())) {
            return;
        }
        Usage u = latest.get();
        Verdict v = Verdict.of(u, policy.cpu().orElse(null), policy.memory().orElse(null));
        streak.count(u, v.above(), v.below(), metrics.period());
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("metric", v.metric());
        attrs.put("value", v.value());
        attrs.put("nodes", String.valueOf(nodes.size()));
        String what = "cluster " + v.describe();
        if (streak.out >= Streak.PERIODS) {
            streak.reset(u);
            scaleOut(ctx, cluster, policy, nodes.size(), what + " for " + Streak.PERIODS + " periods", attrs, () -> { });
        } else if (streak.in >= Streak.PERIODS) {
            streak.reset(u);
            scaleIn(ctx, cluster, policy, nodes, what + " for " + Streak.PERIODS + " periods", attrs);
        } else if (streak.out > 0 || streak.in > 0) {
            ctx.publish("cluster", cluster.id(), "NODE_SCALING_PENDING", what + " for "
                    + Math.max(streak.out, streak.in) + " of " + Streak.PERIODS + " consecutive periods: no action yet",
                    attrs);
        }
        store.save(id, streak);
    }

    /** Scales out at once when online services of the cluster have fewer containers than declared; true if it did. */
    private boolean unplaceable(ControllerContext ctx, Cluster cluster, NodeScalingPolicy policy, int nodes) {
        int missing = 0;
        List<String> failed = new java.util.ArrayList<>();
        for (Application app : ctx.applications(cluster.id())) {
            if (app.spec().kind() != AppKind.ONLINE
                    || (app.state() != AppState.READY && app.state() != AppState.FAILED)) {
                continue;
            }
            Map<String, Integer> recorded = new HashMap<>();
            for (Container c : ctx.containers(app.id())) {
                recorded.merge(c.service(), 1, Integer::sum);
            }
            int short0 = missing;
            for (ServiceSpec s : app.spec().services()) {
                if (!s.global() && !app.stoppedServices().contains(s.name())) {
                    missing += Math.max(0, s.scale() - recorded.getOrDefault(s.name(), 0));
                }
            }
            if (missing > short0 && app.state() == AppState.FAILED) {
                failed.add(app.id());
            }
        }
        Instant last = lastUnplaceable.get(cluster.id());
        Instant now = ctx.now();
        if (missing == 0 || (last != null && now.isBefore(last.plus(metrics.period())))) {
            return false;
        }
        lastUnplaceable.put(cluster.id(), now);
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("reason", "unplaceable");
        attrs.put("containers", String.valueOf(missing));
        attrs.put("nodes", String.valueOf(nodes));
        // the applications whose placement failed are deployed again once the new nodes run
        return scaleOut(ctx, cluster, policy, nodes, missing + " container(s) of the cluster's services cannot be "
                + "placed for lack of room", attrs, () -> failed.forEach(ctx::redeploy));
    }

    private boolean scaleOut(ControllerContext ctx, Cluster cluster, NodeScalingPolicy policy, int nodes, String why,
                             Map<String, String> attrs, Runnable then) {
        if (nodes >= policy.maxNodes()) {
            ctx.publish("cluster", cluster.id(), "NODE_SCALING_AT_MAX", why + ", but the cluster has " + nodes
                    + " nodes, the maximum of " + policy.maxNodes() + ": no scale-out", attrs);
            return false;
        }
        int add = Math.min(policy.step(), policy.maxNodes() - nodes);
        Expansion expansion = Expansion.of(add).byAutoScaling();
        if (policy.instanceType().isPresent()) {
            expansion = expansion.withInstanceType(policy.instanceType().get());
        }
        attrs.put("add", String.valueOf(add));
        ctx.publish("cluster", cluster.id(), "NODE_SCALING_OUT", why + ": adding " + add + " node(s) of "
                + policy.instanceType().orElse(String.valueOf(cluster.spec().instanceType())), attrs);
        ctx.expand(cluster.id(), expansion).whenComplete((c, e) -> {
            if (e != null) {
                ctx.publish("cluster", cluster.id(), "NODE_SCALING_FAILED", "node scale-out failed: "
                        + unwrap(e).getMessage(), attrs);
            } else {
                then.run();
            }
        });
        return true;
    }

    private void scaleIn(ControllerContext ctx, Cluster cluster, NodeScalingPolicy policy, List<Node> nodes, String why,
                         Map<String, String> attrs) {
        if (nodes.size() <= policy.minNodes()) {
            ctx.publish("cluster", cluster.id(), "NODE_SCALING_AT_MIN", why + ", but the cluster has " + nodes.size()
                    + " nodes, the minimum being " + policy.minNodes() + ": no scale-in", attrs);
            return;
        }
        Optional<Node> newest = nodes.stream().filter(n -> n.state() == NodeState.NORMAL && removable(n))
                .max(Comparator.comparing(Node::createdAt).thenComparing(Node::index));
        if (newest.isEmpty()) {
            ctx.publish("cluster", cluster.id(), "NODE_SCALING_NO_CANDIDATE", why + ", but no node may be removed: only "
                    + "nodes auto-scaling added, or labelled aliyun.reschedule=true, are", attrs);
            return;
        }
        Node node = newest.get();
        attrs.put("node", node.id());
        ctx.publish("cluster", cluster.id(), "NODE_SCALING_IN", why + ": removing " + node.describe()
                + " after migrating its containers, then releasing machine " + node.machineId(), attrs);
        ctx.removeNode(cluster.id(), node.id()).whenComplete((removed, e) -> {
            if (e != null) {
                ctx.publish("cluster", cluster.id(), "NODE_SCALING_FAILED", "node scale-in of " + node.describe()
                        + " failed: " + unwrap(e).getMessage(), attrs);
                return;
            }
            try {
                infrastructure.releaseMachines(List.of(node.machineId()), callTimeout);
                ctx.publish("cluster", cluster.id(), "NODE_RELEASED", "machine " + node.machineId() + " of "
                        + node.describe() + " released", attrs);
            } catch (RuntimeException error) {
                ctx.publish("cluster", cluster.id(), "NODE_SCALING_FAILED", "machine " + node.machineId()
                        + " left the cluster but could not be released: " + error.getMessage(), attrs);
            }
        });
    }

    private static boolean removable(Node n) {
        return n.origin() == NodeOrigin.AUTO_SCALING || "true".equals(n.labels().get(RESCHEDULE_LABEL));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
