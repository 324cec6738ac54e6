package dev.acs.core.engine;

import dev.acs.core.access.CsAction;
import dev.acs.core.api.Clusters;
import dev.acs.core.api.Expansion;
import dev.acs.core.api.Operation;
import dev.acs.core.api.RebalanceOptions;
import dev.acs.core.api.RebalanceResult;
import dev.acs.core.event.Event;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;

import java.util.List;
import java.util.Optional;

/** {@link Clusters} as one principal sees them: every call checked, listings filtered (see {@link Guard}). */
final class GuardedClusters implements Clusters {
    private final Clusters d;
    private final Guard g;

    GuardedClusters(Clusters delegate, Guard guard) {
        this.d = delegate;
        this.g = guard;
    }

    @Override
    public Operation<Cluster> create(ClusterSpec spec) {
        String arn = g.account(CsAction.CREATE_CLUSTER);
        return g.run(CsAction.CREATE_CLUSTER, arn, null, () -> d.create(spec), spec);
    }

    @Override
    public Operation<Cluster> createOrchestrated(ClusterSpec spec, int managers) {
        String arn = g.account(CsAction.CREATE_CLUSTER);
        return g.run(CsAction.CREATE_CLUSTER, arn, null, () -> d.createOrchestrated(spec, managers), spec, managers);
    }

    @Override
    public Operation<Cluster> expand(String clusterId, Expansion expansion) {
        String arn = g.cluster(CsAction.EXPAND_CLUSTER, clusterId);
        return g.run(CsAction.EXPAND_CLUSTER, arn, clusterId, () -> d.expand(clusterId, expansion), clusterId, expansion);
    }

    @Override
    public Operation<Cluster> delete(String clusterId) {
        String arn = g.cluster(CsAction.DELETE_CLUSTER, clusterId);
        return g.run(CsAction.DELETE_CLUSTER, arn, clusterId, () -> d.delete(clusterId), clusterId);
    }

    @Override
    public Cluster rename(String clusterId, String newName) {
        String arn = g.cluster(CsAction.UPDATE_CLUSTER, clusterId);
        return g.run(CsAction.UPDATE_CLUSTER, arn, clusterId, () -> d.rename(clusterId, newName), clusterId, newName);
    }

    @Override
    public Operation<RebalanceResult> rebalance(String clusterId, RebalanceOptions options) {
        String arn = g.cluster(CsAction.REBALANCE_CLUSTER, clusterId);
        return g.run(CsAction.REBALANCE_CLUSTER, arn, clusterId, () -> d.rebalance(clusterId, options), clusterId, options);
    }

    /** Empty for a cluster the principal may not read, as for an unknown one. */
    @Override
    public Optional<Cluster> get(String clusterId) {
        return g.sees(CsAction.GET_CLUSTER, clusterId) ? d.get(clusterId) : Optional.empty();
    }

    @Override
    public Cluster require(String clusterId) {
        g.cluster(CsAction.GET_CLUSTER, clusterId);
        return d.require(clusterId);
    }

    @Override
    public List<Cluster> list() {
        return d.list().stream().filter(c -> g.sees(CsAction.DESCRIBE_CLUSTERS, c.id())).toList();
    }

    @Override
    public List<Cluster> search(String text) {
        return d.search(text).stream().filter(c -> g.sees(CsAction.DESCRIBE_CLUSTERS, c.id())).toList();
    }

    @Override
    public List<Event> events(String clusterId) {
        g.cluster(CsAction.DESCRIBE_CLUSTER_EVENTS, clusterId);
        return d.events(clusterId);
    }
}
