package dev.acs.scheduler;

import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceLabels;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.Task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mutable per-call state of a cluster: one slot per node (its ordinal) with capacity, reserved resources,
 * container count, published host ports and - only when some rule needs them - the affinity subjects of its
 * containers. Every placement updates the slot of one node and appends the ordinal to a change log, which the
 * candidate pools read to refresh their order incrementally instead of rescanning the cluster.
 */
final class NodeTable {
    /** Candidate pools kept per table at most (the ones used last). */
    static final int MAX_POOLS = 64;

    /** Key of a service across applications. */
    record ServiceKey(String app, String service) {
    }

    /**
     * What the table knows of one service's containers: per-zone counts, per-value counts of the node label it spreads
     * over, highest index and - for a global service, which has at most one container per node - the nodes that have
     * one.
     */
    static final class ServiceInfo {
        final Map<String, Integer> zones = new LinkedHashMap<>();
        /**
         * With a spread preference: containers per value of {@link #spreadKey} ("" for nodes without the label);
         * {@code null} until one is counted (most services have no preference).
         */
        private Map<String, Integer> spread;
        final BitSet nodes = new BitSet();
        int maxIndex;
        /** {@code app/service}, as service affinity sees it. */
        String qualifiedName;
        /** Whether the service has a zone rule, so its per-zone counts matter. */
        boolean countZones;
        /** The node label of the service's (first) spread preference, or {@code null}. */
        String spreadKey;

        void describe(String app, ServiceSpec spec) {
            qualifiedName = app + "/" + spec.name();
            countZones = false;
            spreadKey = null;
            for (PlacementRule r : spec.placement()) {
                if (r.kind() == PlacementRule.Kind.AVAILABILITY_ZONE) {
                    countZones = true;
                } else if (r.kind() == PlacementRule.Kind.SPREAD && spreadKey == null) {
                    spreadKey = r.key();
                }
            }
        }

        /** The service's containers on nodes whose spread label has {@code value}. */
        int spreadCount(String value) {
            return spread == null ? 0 : spread.getOrDefault(value, 0);
        }

        /** Counts one more container of the service on {@code node} where its rules need counts. */
        void count(Node node) {
            if (countZones) {
                zones.merge(node.zone().zoneId(), 1, Integer::sum);
            }
            if (spreadKey != null) {
                countSpread(spreadValue(node, spreadKey));
            }
        }

        private void countSpread(String value) {
            if (spread == null) {
                spread = new HashMap<>();
            }
            spread.merge(value, 1, Integer::sum);
        }

        /** A copy of the counts, for a table of its own. */
        ServiceInfo copy() {
            ServiceInfo info = new ServiceInfo();
            info.zones.putAll(zones);
            info.spread = spread == null ? null : new HashMap<>(spread);
            info.nodes.or(nodes);
            info.maxIndex = maxIndex;
            info.qualifiedName = qualifiedName;
            info.countZones = countZones;
            info.spreadKey = spreadKey;
            return info;
        }
    }

    /**
     * Counts again, per value of {@code spreadKey}, the containers the table was built with of a service whose
     * containers were counted by another spread label (a preference the update at hand adds or changes), so the
     * counts follow the service as the call declares it. A pass over the cluster's containers, only when that
     * happens.
     */
    void respread(ServiceKey key, ServiceInfo info, String spreadKey) {
        info.spreadKey = spreadKey;
        info.spread = null;
        if (spreadKey == null) {
            return;
        }
        for (PlacedContainer c : placed) {
            Integer o = c.app().equals(key.app()) && c.service().name().equals(key.service())
                    ? ordinalsById.get(c.nodeId()) : null;
            if (o != null) {
                info.countSpread(spreadValue(nodes[o], spreadKey));
            }
        }
    }

    /** The value of node label {@code key} on a node, {@code ""} when it has none (its own group, as in Swarm). */
    static String spreadValue(Node node, String key) {
        String v = node.labels().get(key);
        return v == null ? "" : v;
    }

    /**
     * Which affinity subjects the rules of a request refer to; only those are tracked per node.
     *
     * @param services  some rule is about {@code service}
     * @param images    some rule is about {@code image}
     * @param names     some rule is about {@code container}
     * @param labelKeys the container label keys rules are about
     */
    record Tracking(boolean services, boolean images, boolean names, Set<String> labelKeys) {
        /** Tracks nothing. */
        static final Tracking NONE = new Tracking(false, false, false, Set.of());

        /** What the affinity rules of the given tasks need. */
        static Tracking of(List<Task> tasks) {
            boolean services = false;
            boolean images = false;
            boolean names = false;
            Set<String> labelKeys = new HashSet<>();
            ServiceSpec last = null;
            for (Task t : tasks) {
                if (t.service() == last) {
                    continue;
                }
                last = t.service();
                for (PlacementRule r : last.placement()) {
                    if (r.kind() == PlacementRule.Kind.AFFINITY) {
                        switch (r.key()) {
                            case "service" -> services = true;
                            case "image" -> images = true;
                            case "container" -> names = true;
                            default -> labelKeys.add(r.key());
                        }
                    }
                }
            }
            return new Tracking(services, images, names, Set.copyOf(labelKeys));
        }

        boolean any() {
            return services || images || names || !labelKeys.isEmpty();
        }
    }

    /** The affinity subjects of the containers on one node (multisets of strings). */
    static final class Subjects {
        final Map<String, Integer> services = new HashMap<>();
        final Map<String, Integer> images = new HashMap<>();
        final Map<String, Integer> names = new HashMap<>();
        final Map<String, Map<String, Integer>> labels = new HashMap<>();
        int containers;
    }

    final Node[] nodes;
    final long[] totalCpu;
    final long[] totalMem;
    final int[] totalGpu;
    final long[] usedCpu;
    final long[] usedMem;
    final int[] usedGpu;
    final int[] containers;
    final boolean[] schedulable;
    private final Set<Integer>[] ports;
    private final Subjects[] subjects;
    private final Tracking tracking;
    private final Map<ServiceSpec, String[]> imageForms = new IdentityHashMap<>();
    private final Map<ServiceSpec, Map<String, String>> typedLabels = new IdentityHashMap<>();
    private final Map<ServiceKey, ServiceInfo> services = new HashMap<>();
    /** The containers the table was built with, and the nodes' ordinals by id (for {@link #respread}). */
    private final List<PlacedContainer> placed;
    private final Map<String, Integer> ordinalsById;
    private final ChangeLog log;
    /** The candidate pools of the table's users (see {@link #pools()}). */
    private final Map<ServicePlan.Signature, CandidatePool> pools;
    /** For a table shared across calls: what this call added, taken back by {@link #rollback()}; else null. */
    private final Undo undo;
    private BitSet schedulableSet;

    /**
     * The table of a snapshot. Per-service information ({@link ServiceInfo}) is kept only for the services of
     * {@code tasks}, the only ones a call asks about: the other containers count for their node's resources, ports
     * and tracked subjects only, so building the table does not grow with the number of services in the cluster.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    NodeTable(ClusterSnapshot snapshot, Set<String> excluded, List<Task> tasks) {
        this(snapshot, excluded, Tracking.of(tasks), requested(tasks));
    }

    private static Set<ServiceKey> requested(List<Task> tasks) {
        Set<ServiceKey> keys = new HashSet<>();
        for (Task t : tasks) {
            keys.add(new ServiceKey(t.app(), t.service().name()));
        }
        return keys;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private NodeTable(ClusterSnapshot snapshot, Set<String> excluded, Tracking tracking, Set<ServiceKey> requested) {
        List<Node> list = snapshot.nodes();
        int n = list.size();
        nodes = list.toArray(new Node[0]);
        totalCpu = new long[n];
        totalMem = new long[n];
        totalGpu = new int[n];
        usedCpu = new long[n];
        usedMem = new long[n];
        usedGpu = new int[n];
        containers = new int[n];
        schedulable = new boolean[n];
        ports = new Set[n];
        this.tracking = tracking;
        subjects = tracking.any() ? new Subjects[n] : null;
        log = new ChangeLog(n);
        pools = pools();
        undo = null;
        Map<String, Integer> ordinals = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            Node node = nodes[i];
            Resources c = node.capacity();
            totalCpu[i] = c.cpuUnits();
            totalMem[i] = c.memoryBytes();
            totalGpu[i] = c.gpus();
            schedulable[i] = node.state().isSchedulable() && (excluded.isEmpty() || !excluded.contains(node.id()));
            ordinals.put(node.id(), i);
        }
        for (PlacedContainer c : snapshot.containers()) {
            Integer ordinal = ordinals.get(c.nodeId());
            if (ordinal != null) {
                ServiceInfo info = null;
                if (requested.contains(new ServiceKey(c.app(), c.service().name()))) {
                    info = service(c.app(), c.service().name());
                    if (info.qualifiedName == null) {
                        info.describe(c.app(), c.service());
                    }
                }
                add(c.app(), c.service(), c.index(), ordinal, info);
            }
        }
        placed = snapshot.containers();
        ordinalsById = ordinals;
    }

    /**
     * A table of the usage the cache counted for the same snapshot ({@link NodeTableCache}), per-service information
     * copied for the services of {@code tasks}; tracks no affinity subjects. A table of its own ({@code shared} false)
     * copies the per-node amounts; a {@code shared} one (no node excluded) works on the usage's own amounts, change
     * log and candidate pools, and the call must {@link #rollback()} what it added when it ends, so the next call's
     * table (and the pools made on this one, which read the same arrays) sees the usage as counted.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    NodeTable(NodeTableCache.Usage usage, Set<String> excluded, List<Task> tasks, boolean shared) {
        int n = usage.nodes.length;
        nodes = usage.nodes;
        totalCpu = usage.totalCpu;
        totalMem = usage.totalMem;
        totalGpu = usage.totalGpu;
        if (shared) {
            usedCpu = usage.usedCpu;
            usedMem = usage.usedMem;
            usedGpu = usage.usedGpu;
            containers = usage.containers;
            schedulable = usage.schedulable;
            schedulableSet = usage.schedulableSet;
            ports = usage.ports;
            log = usage.log;
            pools = usage.pools;
            undo = new Undo();
        } else {
            usedCpu = usage.usedCpu.clone();
            usedMem = usage.usedMem.clone();
            usedGpu = usage.usedGpu.clone();
            containers = usage.containers.clone();
            schedulable = new boolean[n];
            ports = new Set[n];
            for (int i = 0; i < n; i++) {
                schedulable[i] = usage.schedulable[i] && !excluded.contains(nodes[i].id());
                if (usage.ports[i] != null) {
                    ports[i] = new HashSet<>(usage.ports[i]);
                }
            }
            log = new ChangeLog(n);
            pools = pools();
            undo = null;
        }
        tracking = Tracking.NONE;
        subjects = null;
        for (ServiceKey key : requested(tasks)) {
            ServiceInfo counted = usage.services.get(key);
            if (counted != null) {
                services.put(key, counted.copy());
            }
        }
        placed = usage.counted;
        ordinalsById = usage.ordinals;
    }

    /** An empty map of candidate pools by signature that keeps the {@value #MAX_POOLS} used last. */
    static Map<ServicePlan.Signature, CandidatePool> pools() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ServicePlan.Signature, CandidatePool> eldest) {
                return size() > MAX_POOLS;
            }
        };
    }

    /**
     * The candidate pools of the ranked strategies made on this table: a shared table's serve every call on it (the
     * random strategy's draw from the call's seed, so the caller keeps those per call).
     */
    Map<ServicePlan.Signature, CandidatePool> rankedPools() {
        return pools;
    }

    /** The schedulable nodes as a set of ordinals (not to be changed). */
    BitSet schedulableSet() {
        if (schedulableSet == null) {
            schedulableSet = schedulableSet(schedulable);
        }
        return schedulableSet;
    }

    static BitSet schedulableSet(boolean[] schedulable) {
        BitSet set = new BitSet(schedulable.length);
        for (int o = 0; o < schedulable.length; o++) {
            if (schedulable[o]) {
                set.set(o);
            }
        }
        return set;
    }

    /** Takes back the containers added to a shared table by this call (in reverse order); logs their nodes. */
    void rollback() {
        for (int i = undo.ports - 1; i >= 0; i--) {
            ports[(int) (undo.portEntries[i] >>> 32)].remove((int) undo.portEntries[i]);
        }
        for (int i = undo.added - 1; i >= 0; i--) {
            int o = undo.ordinals[i];
            Resources r = undo.specs[i].reservation();
            usedCpu[o] -= r.cpuUnits();
            usedMem[o] -= r.memoryBytes();
            usedGpu[o] -= r.gpus();
            containers[o]--;
            log.add(o);
        }
        undo.clear();
    }

    /** What a call added to a shared table: the nodes and services of its containers, the host ports they took. */
    private static final class Undo {
        int[] ordinals = new int[16];
        ServiceSpec[] specs = new ServiceSpec[16];
        int added;
        /** Node ordinal in the high half, port code in the low half. */
        long[] portEntries = new long[4];
        int ports;

        void container(int ordinal, ServiceSpec spec) {
            if (added == ordinals.length) {
                ordinals = Arrays.copyOf(ordinals, added * 2);
                specs = Arrays.copyOf(specs, added * 2);
            }
            ordinals[added] = ordinal;
            specs[added++] = spec;
        }

        /**
         * Forgets what was added. The table outlives the call, so the declarations are let go (a call of 100,000
         * tasks otherwise kept all of them alive until the next call), and arrays grown past a small size are dropped.
         */
        void clear() {
            if (ordinals.length > 1024) {
                ordinals = new int[16];
                specs = new ServiceSpec[16];
            } else {
                Arrays.fill(specs, 0, added, null);
            }
            if (portEntries.length > 1024) {
                portEntries = new long[4];
            }
            added = 0;
            ports = 0;
        }

        void port(int ordinal, int code) {
            if (ports == portEntries.length) {
                portEntries = Arrays.copyOf(portEntries, ports * 2);
            }
            portEntries[ports++] = (long) ordinal << 32 | code;
        }
    }

    int size() {
        return nodes.length;
    }

    ServiceInfo service(String app, String service) {
        return services.computeIfAbsent(new ServiceKey(app, service), k -> new ServiceInfo());
    }

    /**
     * Records a container of {@code spec} with the given index on node {@code ordinal}; {@code info} is its service's,
     * or {@code null} for a service the call does not place.
     */
    void add(String app, ServiceSpec spec, int index, int ordinal, ServiceInfo info) {
        Resources r = spec.reservation();
        usedCpu[ordinal] += r.cpuUnits();
        usedMem[ordinal] += r.memoryBytes();
        usedGpu[ordinal] += r.gpus();
        containers[ordinal]++;
        for (PortMapping p : spec.ports()) {
            if (p.hasFixedHostPort()) {
                if (ports[ordinal] == null) {
                    ports[ordinal] = new HashSet<>();
                }
                if (ports[ordinal].add(portCode(p)) && undo != null) {
                    undo.port(ordinal, portCode(p));
                }
            }
        }
        if (info != null) {
            info.count(nodes[ordinal]);
            if (spec.global()) {
                info.nodes.set(ordinal);
            }
            info.maxIndex = Math.max(info.maxIndex, index);
        }
        if (subjects != null) {
            addSubjects(app, spec, index, ordinal, info);
        }
        if (undo != null) {
            undo.container(ordinal, spec);
        }
        log.add(ordinal);
    }

    private void addSubjects(String app, ServiceSpec spec, int index, int ordinal, ServiceInfo info) {
        if (subjects[ordinal] == null) {
            subjects[ordinal] = new Subjects();
        }
        Subjects s = subjects[ordinal];
        s.containers++;
        if (tracking.services()) {
            s.services.merge(info != null ? info.qualifiedName : app + "/" + spec.name(), 1, Integer::sum);
        }
        if (tracking.images()) {
            for (String form : imageForms.computeIfAbsent(spec, NodeTable::imageForms)) {
                s.images.merge(form, 1, Integer::sum);
            }
        }
        if (tracking.names()) {
            s.names.merge(containerName(app, spec, index), 1, Integer::sum);
        }
        for (String key : tracking.labelKeys()) {
            String value = label(spec, key);
            if (value != null) {
                s.labels.computeIfAbsent(key, x -> new HashMap<>()).merge(value, 1, Integer::sum);
            }
        }
    }

    /**
     * The value of a container label of the service: a plain label, or an {@code aliyun.*} label that templates
     * map to a typed field ({@link ServiceLabels}), so that affinity rules on such labels match as in the product.
     */
    private String label(ServiceSpec spec, String key) {
        String plain = spec.labels().get(key);
        if (plain != null || !key.startsWith("aliyun.")) {
            return plain;
        }
        return typedLabels.computeIfAbsent(spec, ServiceLabels::of).get(key);
    }

    /** The strings an image affinity sees for an image: the full reference, the repository, repository:tag. */
    private static String[] imageForms(ServiceSpec spec) {
        ImageRef image = spec.image();
        return new LinkedHashSet<>(List.of(image.toString(), image.repository(), image.repository() + ":" + image.tag()))
                .toArray(new String[0]);
    }

    /** The container name Docker Compose would give, or the service's fixed name. */
    static String containerName(String app, ServiceSpec spec, int index) {
        return spec.containerName() != null ? spec.containerName() : app + "_" + spec.name() + "_" + index;
    }

    /** Subjects of a node, or {@code null} when it has no containers (or subjects are not tracked). */
    Subjects subjects(int ordinal) {
        return subjects == null ? null : subjects[ordinal];
    }

    /** Whether a published port of {@code spec} is already taken on the node; the first such port, or null. */
    PortMapping portConflict(ServiceSpec spec, int ordinal) {
        Set<Integer> taken = ports[ordinal];
        if (taken == null) {
            return null;
        }
        for (PortMapping p : spec.ports()) {
            if (p.hasFixedHostPort() && taken.contains(portCode(p))) {
                return p;
            }
        }
        return null;
    }

    static int portCode(PortMapping p) {
        return p.protocol().ordinal() << 16 | p.hostPort();
    }

    /** The position of the next change in the change log (see {@link ChangeLog}). */
    long changeCount() {
        return log.count();
    }

    /** The node changed at log position {@code i}. */
    int change(long i) {
        return log.at(i);
    }

    /** Zones that hold at least one schedulable node, in node order. */
    List<String> schedulableZones() {
        Set<String> zones = new LinkedHashSet<>();
        for (int i = 0; i < nodes.length; i++) {
            if (schedulable[i]) {
                zones.add(nodes[i].zone().zoneId());
            }
        }
        return new ArrayList<>(zones);
    }
}
