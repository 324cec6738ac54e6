package dev.acs.core.model;

import dev.acs.core.error.AcsException;

/**
 * What to create: a cluster's name, place, network and initial nodes. A {@link #nodeCount()} of 0 creates a
 * zero-node cluster that waits for activation.
 *
 * @param name          1–64 digits, CJK characters, letters and {@code -}; unique per region (checked by {@code Limits})
 * @param zone          region and zone of the cluster and its first nodes
 * @param networkType   classic or VPC
 * @param vpcId         VPC id (VPC only), else {@code null}
 * @param vSwitchId     VSwitch id (VPC only), else {@code null}
 * @param containerCidr container CIDR (VPC only), must not overlap the machines' network; else {@code null}
 * @param nodeCount     nodes to create with the cluster, 0 for a zero-node cluster
 * @param instanceType  instance type of the new nodes, e.g. {@code ecs.n4.large}; {@code null} when nodeCount is 0
 */
public record ClusterSpec(String name, Zone zone, NetworkType networkType, String vpcId, String vSwitchId,
                          String containerCidr, int nodeCount, String instanceType) {

    /** Checks the network settings and node count. */
    public ClusterSpec {
        if (name == null) {
            throw AcsException.invalidArgument("a cluster needs a name");
        }
        if (zone == null) {
            throw AcsException.invalidArgument("cluster '" + name + "' needs a zone");
        }
        networkType = networkType == null ? NetworkType.CLASSIC : networkType;
        if (networkType == NetworkType.VPC && (vpcId == null || vSwitchId == null)) {
            throw AcsException.invalidArgument("VPC cluster '" + name + "' needs a VPC id and a VSwitch id");
        }
        if (networkType == NetworkType.CLASSIC && (vpcId != null || vSwitchId != null || containerCidr != null)) {
            throw AcsException.invalidArgument("classic-network cluster '" + name
                    + "' takes no VPC id, VSwitch id or container CIDR");
        }
        if (nodeCount < 0) {
            throw AcsException.invalidArgument("cluster '" + name + "': node count " + nodeCount + " must not be negative");
        }
        if (nodeCount > 0 && (instanceType == null || instanceType.isBlank())) {
            throw AcsException.invalidArgument("cluster '" + name + "' creates " + nodeCount
                    + " nodes and so needs an instance type");
        }
    }

    /** A classic-network cluster with {@code nodeCount} nodes of {@code instanceType}. */
    public static ClusterSpec classic(String name, Zone zone, int nodeCount, String instanceType) {
        return new ClusterSpec(name, zone, NetworkType.CLASSIC, null, null, null, nodeCount, instanceType);
    }

    /** A classic-network zero-node cluster that waits for nodes to be added. */
    public static ClusterSpec zeroNode(String name, Zone zone) {
        return new ClusterSpec(name, zone, NetworkType.CLASSIC, null, null, null, 0, null);
    }
}
