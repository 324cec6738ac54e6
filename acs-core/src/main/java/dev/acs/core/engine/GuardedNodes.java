package dev.acs.core.engine;

import dev.acs.core.access.CsAction;
import dev.acs.core.api.NodeRemoval;
import dev.acs.core.api.NodeReset;
import dev.acs.core.api.Nodes;
import dev.acs.core.api.Operation;
import dev.acs.core.model.AttachMode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Node;
import dev.acs.core.spi.Machine;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** {@link Nodes} as one principal sees them: every call checked against the node's cluster (see {@link Guard}). */
final class GuardedNodes implements Nodes {
    private final Nodes d;
    private final Guard g;

    GuardedNodes(Nodes delegate, Guard guard) {
        this.d = delegate;
        this.g = guard;
    }

    @Override
    public List<Node> list(String clusterId) {
        g.cluster(CsAction.DESCRIBE_NODES, clusterId);
        return d.list(clusterId);
    }

    @Override
    public Node require(String clusterId, String nodeId) {
        g.cluster(CsAction.DESCRIBE_NODES, clusterId);
        return d.require(clusterId, nodeId);
    }

    @Override
    public Node setLabels(String clusterId, String nodeId, Map<String, String> labels) {
        String arn = g.cluster(CsAction.UPDATE_NODE_LABELS, clusterId);
        return g.run(CsAction.UPDATE_NODE_LABELS, arn, clusterId, () -> d.setLabels(clusterId, nodeId, labels), clusterId, nodeId,
                labels);
    }

    @Override
    public List<Machine> attachableMachines(String clusterId) {
        g.cluster(CsAction.DESCRIBE_ATTACHABLE_INSTANCES, clusterId);
        return d.attachableMachines(clusterId);
    }

    @Override
    public Operation<Cluster> addExisting(String clusterId, Collection<String> machineIds, AttachMode mode) {
        String arn = g.cluster(CsAction.ATTACH_INSTANCES, clusterId);
        return g.run(CsAction.ATTACH_INSTANCES, arn, clusterId, () -> d.addExisting(clusterId, machineIds, mode), clusterId,
                machineIds, mode);
    }

    @Override
    public Operation<Node> remove(String clusterId, String nodeId, NodeRemoval removal) {
        String arn = g.cluster(CsAction.REMOVE_NODE, clusterId);
        return g.run(CsAction.REMOVE_NODE, arn, clusterId, () -> d.remove(clusterId, nodeId, removal), clusterId, nodeId, removal);
    }

    @Override
    public Operation<Node> reset(String clusterId, String nodeId, NodeReset reset) {
        String arn = g.cluster(CsAction.RESET_NODE, clusterId);
        return g.run(CsAction.RESET_NODE, arn, clusterId, () -> d.reset(clusterId, nodeId, reset), clusterId, nodeId, reset);
    }
}
