package dev.acs.examples.guide;

import dev.acs.core.api.Expansion;
import dev.acs.core.api.Operation;
import dev.acs.core.model.Activation;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Node;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Clusters: create one with new nodes and one with none (waiting for activation), expand into another zone, rename,
 * label a node, search by name, read the cluster's events, and delete.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.ClustersExample}
 */
public final class ClustersExample {
    private ClustersExample() {
    }

    /**
     * What the example observed.
     *
     * @param stateWhileCreating   the new cluster's state before its machines run ({@code INITIAL})
     * @param stateCreated         its state once created ({@code RUNNING})
     * @param nodesCreated         its node count once created
     * @param zeroNodeState        the zero-node cluster's state ({@code RUNNING} at once)
     * @param zeroNodeActivation   the zero-node cluster's activation display ({@code WAITING_ACTIVATION})
     * @param nodesExpanded        the node count after the expansion
     * @param zones                the zones of the nodes after the expansion
     * @param renamedTo            the name after renaming
     * @param labelsOfNode1        node 1's user labels after setting them
     * @param searchHits           names of the clusters a search for "prod" finds
     * @param eventTypes           the types of the cluster's events
     * @param deletedState         the zero-node cluster's state once its deletion finished ({@code DELETED})
     * @param visibleAfterDelete   names of the clusters {@code list()} still shows
     */
    public record Result(ClusterState stateWhileCreating, ClusterState stateCreated, int nodesCreated,
                         ClusterState zeroNodeState, Activation zeroNodeActivation, int nodesExpanded,
                         Set<String> zones, String renamedTo, Map<String, String> labelsOfNode1,
                         List<String> searchHits, List<String> eventTypes, ClusterState deletedState,
                         List<String> visibleAfterDelete) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) {
        try (Sandbox sandbox = Sandbox.open(out)) {
            var clusters = sandbox.cp().clusters();

            sandbox.step("Create a cluster with 2 new nodes in zone e");
            // create() returns at once; the cluster is INITIAL until the cloud's machines run
            Operation<Cluster> creating = clusters.create(ClusterSpec.classic("shop-prod", Sandbox.ZONE_E, 2,
                    Sandbox.INSTANCE_TYPE));
            ClusterState whileCreating = clusters.require(creating.targetId()).state();
            sandbox.say("just accepted: %s", whileCreating);
            Cluster prod = sandbox.await(creating);        // moves virtual time until the machines booted
            sandbox.say("created: %s with %d nodes (operation %s, %d%%)", prod.state(), prod.nodeCount(),
                    creating.state(), creating.progress());

            sandbox.step("Create a cluster with no nodes: it waits for activation");
            Cluster edge = sandbox.await(clusters.create(ClusterSpec.zeroNode("edge-test", Sandbox.ZONE_F)));
            sandbox.say("%s is %s, activation %s", edge.name(), edge.state(), edge.activation());

            sandbox.step("Expand shop-prod by 1 node in zone f");
            // null instance type: the cluster's own; the zone must be in the cluster's region
            Cluster expanded = sandbox.await(clusters.expand(prod.id(), Expansion.of(1).inZone(Sandbox.ZONE_F)));
            List<Node> nodes = sandbox.cp().nodes().list(prod.id());
            sandbox.printNodes(prod.id());

            sandbox.step("Rename shop-prod and label node 1");
            Cluster renamed = clusters.rename(prod.id(), "shop-production");
            // user labels only matter to future placements (constraint:group==ssd); running containers stay put
            Node labelled = sandbox.cp().nodes().setLabels(prod.id(), nodes.get(0).id(), Map.of("group", "ssd"));
            sandbox.say("renamed to %s; %s has labels %s", renamed.name(), labelled.name(), labelled.labels());

            sandbox.step("Search clusters by name (case-insensitive, part of the name)");
            List<String> hits = clusters.search("PROD").stream().map(Cluster::name).toList();
            sandbox.say("search 'PROD' finds %s", hits);

            sandbox.step("The cluster's events, oldest first");
            var events = clusters.events(prod.id());
            String previous = "";
            for (var e : events) {
                if (!e.message().equals(previous)) {   // the engine reports every poll of starting machines
                    sandbox.say("%s %-20s %s", e.time(), e.type(), e.message());
                }
                previous = e.message();
            }

            sandbox.step("Delete the zero-node cluster");
            Cluster deleted = sandbox.await(clusters.delete(edge.id()));
            List<String> visible = clusters.list().stream().map(Cluster::name).toList();
            sandbox.say("%s is %s; list() shows %s", deleted.name(), deleted.state(), visible);

            return new Result(whileCreating, prod.state(), prod.nodeCount(), edge.state(), edge.activation(),
                    expanded.nodeCount(), nodes.stream().map(n -> n.zone().zoneId()).collect(Collectors.toSet()),
                    renamed.name(), labelled.labels(), hits, Sandbox.types(events), deleted.state(), visible);
        }
    }
}
