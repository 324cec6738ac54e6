package dev.acs.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.PlacementLedger;
import dev.acs.core.placement.Task;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The usage counted by the last call per cluster, so a call whose snapshot extends the previous one's (the same nodes,
 * the same containers followed by new ones, as an engine placing one application after another sends) only counts
 * the new containers instead of reading the whole cluster again. Such a call works on the usage itself (a shared
 * {@link NodeTable}, with the candidate pools of earlier calls) and takes back what it placed when it closes its
 * {@link Lease}; a call that excludes nodes gets a copy. Anything else (a node or a container changed or gone, another
 * cluster, a call while another works on the usage) builds the table from the snapshot, as does a call whose
 * affinity rules need the subjects of every container. The snapshots are compared by identity of their nodes and
 * containers, so the cache never changes a result: a table made from the cache holds exactly what one built from the
 * snapshot would.
 */
final class NodeTableCache {
    /** What the containers of one snapshot use per node, and per service (all of them). */
    static final class Usage {
        final Node[] nodes;
        /** The (immutable) list the nodes came from. */
        private final List<Node> nodeList;
        final long[] totalCpu;
        final long[] totalMem;
        final int[] totalGpu;
        final long[] usedCpu;
        final long[] usedMem;
        final int[] usedGpu;
        final int[] containers;
        final Set<Integer>[] ports;
        final Map<NodeTable.ServiceKey, NodeTable.ServiceInfo> services = new HashMap<>();
        final Map<String, Integer> ordinals;
        final boolean[] schedulable;
        final BitSet schedulableSet;
        /** The nodes whose usage changed, for the candidate pools kept across calls. */
        final ChangeLog log;
        final Map<ServicePlan.Signature, CandidatePool> pools = NodeTable.pools();
        /** The containers counted so far (the last snapshot's list). */
        List<PlacedContainer> counted = List.of();
        /** Whether a call works on the usage (a {@linkplain NodeTable#rollback() shared table}). */
        boolean inUse;

        @SuppressWarnings({"unchecked", "rawtypes"})
        Usage(List<Node> list) {
            int n = list.size();
            nodeList = list;
            nodes = list.toArray(new Node[0]);
            totalCpu = new long[n];
            totalMem = new long[n];
            totalGpu = new int[n];
            usedCpu = new long[n];
            usedMem = new long[n];
            usedGpu = new int[n];
            containers = new int[n];
            ports = new Set[n];
            ordinals = new HashMap<>(n * 2);
            schedulable = new boolean[n];
            log = new ChangeLog(n);
            for (int i = 0; i < n; i++) {
                schedulable[i] = nodes[i].state().isSchedulable();
                Resources c = nodes[i].capacity();
                totalCpu[i] = c.cpuUnits();
                totalMem[i] = c.memoryBytes();
                totalGpu[i] = c.gpus();
                ordinals.put(nodes[i].id(), i);
            }
            schedulableSet = NodeTable.schedulableSet(schedulable);
        }

        boolean sameNodes(List<Node> list) {
            if (list == nodeList) {
                return true; // an engine hands the same immutable list while its nodes are unchanged
            }
            if (list.size() != nodes.length) {
                return false;
            }
            for (int i = 0; i < nodes.length; i++) {
                if (list.get(i) != nodes[i]) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Whether {@code next} starts with every container counted, in the same order (in constant time for the
         * views of an engine's {@link PlacementLedger}).
         */
        boolean extendedBy(List<PlacedContainer> next) {
            return PlacementLedger.extendsList(next, counted);
        }

        /** Counts the containers of {@code next} after those counted. */
        void count(List<PlacedContainer> next) {
            for (int i = counted.size(); i < next.size(); i++) {
                PlacedContainer c = next.get(i);
                Integer ordinal = ordinals.get(c.nodeId());
                if (ordinal != null) {
                    add(c, ordinal);
                }
            }
            counted = next;
        }

        private void add(PlacedContainer c, int o) {
            ServiceSpec spec = c.service();
            Resources r = spec.reservation();
            usedCpu[o] += r.cpuUnits();
            usedMem[o] += r.memoryBytes();
            usedGpu[o] += r.gpus();
            containers[o]++;
            for (PortMapping p : spec.ports()) {
                if (p.hasFixedHostPort()) {
                    if (ports[o] == null) {
                        ports[o] = new HashSet<>();
                    }
                    ports[o].add(NodeTable.portCode(p));
                }
            }
            NodeTable.ServiceInfo info = services.computeIfAbsent(new NodeTable.ServiceKey(c.app(), spec.name()),
                    k -> new NodeTable.ServiceInfo());
            if (info.qualifiedName == null) {
                info.describe(c.app(), spec);
            }
            info.count(nodes[o]);
            if (spec.global()) {
                info.nodes.set(o);
            }
            info.maxIndex = Math.max(info.maxIndex, c.index());
            log.add(o);
        }
    }

    /** Clusters whose usage is kept at most; past that the cache starts again (clusters come and go). */
    private static final int MAX_CLUSTERS = 64;

    /** The usage counted for one cluster, guarded by the holder. */
    private static final class Holder {
        Usage usage;
    }

    private final Map<String, Holder> byCluster = new ConcurrentHashMap<>();

    /**
     * The table of one call; close the lease when the call is done with it. Without excluded nodes, and unless another
     * call works on the cluster's usage, the table is the usage itself ({@link NodeTable#rollback()} when closed), so
     * neither the table nor the candidate pools are built again per call.
     */
    Lease table(ClusterSnapshot snapshot, Set<String> excluded, List<Task> tasks) {
        NodeTable.Tracking tracking = NodeTable.Tracking.of(tasks);
        List<Node> nodes = snapshot.nodes();
        if (tracking.any() || nodes.isEmpty()) {
            return new Lease(new NodeTable(snapshot, excluded, tasks), null);
        }
        if (byCluster.size() > MAX_CLUSTERS) {
            byCluster.clear();
        }
        Holder holder = byCluster.computeIfAbsent(nodes.get(0).clusterId(), k -> new Holder());
        synchronized (holder) {
            Usage u = holder.usage;
            if (u != null && u.inUse) {
                return new Lease(new NodeTable(snapshot, excluded, tasks), null); // a concurrent call has it
            }
            if (u == null || !u.sameNodes(nodes) || !u.extendedBy(snapshot.containers())) {
                u = new Usage(nodes);
                holder.usage = u;
            }
            u.count(snapshot.containers());
            if (!excluded.isEmpty()) {
                return new Lease(new NodeTable(u, excluded, tasks, false), null);
            }
            u.inUse = true;
            return new Lease(new NodeTable(u, excluded, tasks, true), holder);
        }
    }

    /** A call's table; closing it gives a shared table back (see {@link #table}). */
    static final class Lease implements AutoCloseable {
        final NodeTable table;
        private final Holder holder;

        private Lease(NodeTable table, Holder holder) {
            this.table = table;
            this.holder = holder;
        }

        @Override
        public void close() {
            if (holder == null) {
                return;
            }
            synchronized (holder) {
                Usage u = holder.usage;
                try {
                    table.rollback();
                } catch (RuntimeException | Error e) {
                    holder.usage = null; // counts no longer known: the next call counts again
                    throw e;
                } finally {
                    u.inUse = false;
                }
            }
        }
    }
}
