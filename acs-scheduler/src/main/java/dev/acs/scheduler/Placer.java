package dev.acs.scheduler;

import dev.acs.core.model.ByteSize;
import dev.acs.core.model.Node;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.Rejection;
import dev.acs.core.placement.Strategy;
import dev.acs.core.placement.Task;
import dev.acs.core.placement.Unplaced;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One scheduling call: the cluster table, the compiled services and the candidate pools it builds as it goes.
 * The built-in filters run in classic Swarm's order - health, constraints, affinity, ports, resources, zones - as
 * static pool membership, pool ranking and per-decision checks; the host's filters run last on each candidate, and
 * the host's scorers pick among the accepted candidates. A container nobody takes is explained with the number of
 * nodes each filter of the pipeline rejected.
 */
final class Placer {
    private final NodeTable table;
    private final Strategy strategy;
    private final Random random;
    private final Pipeline pipeline;
    private final HostCalls host;
    private final Map<String, Expression> expressions = new HashMap<>();
    private final Map<NodeTable.ServiceKey, ServicePlan> services = new HashMap<>();
    private final Map<PlacementRule, BitSet> constraintSets = new HashMap<>();
    /** The random strategy's pools (drawn from this call's seed); the ranked strategies' are the table's. */
    private final Map<ServicePlan.Signature, CandidatePool> randomPools = NodeTable.pools();
    private final Set<ServicePlan> handledGlobals = new HashSet<>();
    private List<String> schedulableZones;

    Placer(NodeTable table, Strategy strategy, long seed, Pipeline pipeline) {
        this.table = table;
        this.strategy = strategy;
        this.random = new Random(seed);
        this.pipeline = pipeline;
        this.host = new HostCalls(pipeline, table);
    }

    PlacementPlan place(List<Task> tasks, Strategy requested) {
        Strategy effective = requested != null ? requested : strategy;
        List<Placement> placed = new ArrayList<>(tasks.size());
        List<Unplaced> unplaced = new ArrayList<>();
        for (Task task : tasks) {
            ServicePlan sp = plan(task, effective);
            if (sp.error != null) {
                unplaced.add(new Unplaced(task, table.size(), List.of(Rejection.ofRequest(sp.error))));
            } else if (sp.spec.global()) {
                placeGlobal(task, sp, placed, unplaced);
            } else {
                placeOne(task, sp, placed, unplaced);
            }
        }
        return new PlacementPlan(placed, unplaced, host.warnings());
    }

    private ServicePlan plan(Task task, Strategy effective) {
        NodeTable.ServiceKey key = new NodeTable.ServiceKey(task.app(), task.service().name());
        ServicePlan sp = services.get(key);
        if (sp == null || sp.spec != task.service()) {
            NodeTable.ServiceInfo info = table.service(task.app(), task.service().name());
            if (info.qualifiedName == null) {
                info.describe(task.app(), task.service());
            }
            sp = new ServicePlan(task.app(), task.service(), info, effective, expressions);
            if (!java.util.Objects.equals(info.spreadKey, sp.spreadKey)) {
                table.respread(key, info, sp.spreadKey); // counted by the containers' older declaration
            }
            services.put(key, sp);
        }
        return sp;
    }

    /** Why a hard zone rule can never be met by the given zones, or null. */
    private static Rejection tooFewZones(ServicePlan sp, List<String> zones, String where) {
        if (sp.zones == 0 || sp.zonesSoft || zones.size() >= sp.zones) {
            return null;
        }
        String rule = "availability:az==" + sp.zones;
        return Rejection.of(BuiltInFilter.ZONE.filterName(), 0, rule, where + " " + zones.size()
                + " zone(s) with ready nodes " + zones + " but " + rule + " needs " + sp.zones
                + ": add nodes in other zones or lower the zone count");
    }

    private void placeOne(Task task, ServicePlan sp, List<Placement> placed, List<Unplaced> unplaced) {
        Rejection zoneProblem = sp.zones == 0 || sp.zonesSoft ? null : tooFewZones(sp, zones(), "the cluster has");
        if (zoneProblem != null) {
            unplaced.add(new Unplaced(task, table.size(), List.of(zoneProblem)));
            return;
        }
        boolean[] passes = sp.hasSoftRules() ? new boolean[] {true, false} : new boolean[] {false};
        for (boolean withSoft : passes) {
            ServicePlan.Signature signature = sp.signature(withSoft);
            Map<ServicePlan.Signature, CandidatePool> pools = sp.strategy == Strategy.RANDOM ? randomPools
                    : table.rankedPools();
            CandidatePool pool = pools.get(signature);
            if (pool == null) {
                pool = new CandidatePool(table, eligible(sp.constraints(withSoft)), sp.spec.reservation(),
                        sp.strategy, random);
                pools.put(signature, pool);
            }
            List<ServicePlan.Rule> affinities = sp.affinities(withSoft);
            boolean zones = sp.zonesApply(withSoft);
            CandidatePool.Verdict nodeLocal = sp.exclusivePool(withSoft)
                    ? CandidatePool.Verdict.DROP : CandidatePool.Verdict.DEFER;
            boolean spread = withSoft && sp.spreadKey != null;
            if (spread && sp.spreadValues == null) {
                sp.spreadValues = spreadValues(sp, pool);
            }
            int o;
            while (true) {
                int limit = spread ? sp.spreadLimit() : -1;
                o = host.hasScorers()
                        ? pool.select(n -> verdict(task, sp, affinities, zones, nodeLocal, limit, n),
                        n -> host.score(task, n), host.scoredCandidates())
                        : pool.select(n -> verdict(task, sp, affinities, zones, nodeLocal, limit, n));
                if (o >= 0 || limit < 0) {
                    break;
                }
                // no node of the least used values takes it: those are full, try the next least used
                sp.spreadFull(limit);
            }
            if (o >= 0) {
                table.add(task.app(), sp.spec, task.index(), o, sp.info);
                placed.add(new Placement(task, table.nodes[o].id()));
                return;
            }
        }
        unplaced.add(explain(task, sp));
    }

    /** The values of the service's spread label among the pool's nodes (each node without it counting as ""). */
    private Set<String> spreadValues(ServicePlan sp, CandidatePool pool) {
        Set<String> values = new HashSet<>();
        BitSet members = pool.members();
        for (int o = members.nextSetBit(0); o >= 0; o = members.nextSetBit(o + 1)) {
            values.add(NodeTable.spreadValue(table.nodes[o], sp.spreadKey));
        }
        return values;
    }

    /**
     * The dynamic filters of one decision. A node failing a node-local filter (ports, affinity) is dropped from a
     * pool only the service's own signature uses; in a pool shared with other services it is only deferred. A node
     * a host filter rejects is deferred, since host filters may depend on the task. With a spread preference
     * ({@code spreadLimit} not negative) a node whose label value already holds more of the service's containers than
     * {@code spreadLimit} is deferred.
     */
    private CandidatePool.Verdict verdict(Task task, ServicePlan sp, List<ServicePlan.Rule> affinities, boolean zones,
                                          CandidatePool.Verdict nodeLocal, int spreadLimit, int o) {
        if (spreadLimit >= 0 && sp.info.spreadCount(NodeTable.spreadValue(table.nodes[o], sp.spreadKey)) > spreadLimit) {
            return CandidatePool.Verdict.DEFER;
        }
        if (!sp.ports.isEmpty() && table.portConflict(sp.spec, o) != null) {
            return nodeLocal;
        }
        for (ServicePlan.Rule r : affinities) {
            if (!affinityHolds(r, sp.app, o)) {
                return nodeLocal;
            }
        }
        if (zones && outsideNeededZones(sp, o)) {
            return CandidatePool.Verdict.DEFER;
        }
        if (host.hasFilters() && !host.accepts(task, o)) {
            return CandidatePool.Verdict.DEFER;
        }
        return CandidatePool.Verdict.OK;
    }

    /** While the service spans fewer zones than it asks for, each new container must open a new zone. */
    private boolean outsideNeededZones(ServicePlan sp, int o) {
        return sp.info.zones.size() < sp.zones && sp.info.zones.containsKey(table.nodes[o].zone().zoneId());
    }

    private void placeGlobal(Task task, ServicePlan sp, List<Placement> placed, List<Unplaced> unplaced) {
        if (!handledGlobals.add(sp)) {
            return; // one task of a global service stands for all its containers
        }
        BitSet targets = eligible(sp.hardConstraints);
        for (int o = targets.nextSetBit(0); o >= 0; o = targets.nextSetBit(o + 1)) {
            if (!affinitiesHold(sp.hardAffinities, sp.app, o)) {
                targets.clear(o);
            }
        }
        Set<String> targetZones = new LinkedHashSet<>();
        targets.stream().forEach(o -> targetZones.add(table.nodes[o].zone().zoneId()));
        Rejection zoneProblem = tooFewZones(sp, List.copyOf(targetZones), "the service's eligible nodes are in");
        if (zoneProblem != null) {
            unplaced.add(new Unplaced(task, table.size(), List.of(zoneProblem)));
            return;
        }
        int index = sp.info.maxIndex;
        for (int o = targets.nextSetBit(0); o >= 0; o = targets.nextSetBit(o + 1)) {
            if (sp.info.nodes.get(o)) {
                continue;
            }
            Task t = new Task(task.app(), sp.spec, ++index);
            Rejection why = nodeLocalFailure(t, sp, o);
            if (why == null) {
                table.add(t.app(), sp.spec, t.index(), o, sp.info);
                placed.add(new Placement(t, table.nodes[o].id()));
            } else {
                unplaced.add(new Unplaced(t, 1, List.of(why)));
            }
        }
        if (targets.isEmpty() && sp.info.nodes.isEmpty()) {
            unplaced.add(explain(task, sp));
        }
    }

    /**
     * Why node {@code o} cannot take one more container of the service (ports, resources, host filters), as a record
     * for that one node, or null.
     */
    private Rejection nodeLocalFailure(Task task, ServicePlan sp, int o) {
        String node = table.nodes[o].describe() + ": ";
        PortMapping conflict = table.portConflict(sp.spec, o);
        if (conflict != null) {
            String port = conflict.hostPort() + "/" + conflict.protocol().id();
            return Rejection.of(BuiltInFilter.PORT.filterName(), 1, port, node + "host port " + port
                    + " already in use");
        }
        Resources r = sp.spec.reservation();
        long freeCpu = table.totalCpu[o] - table.usedCpu[o];
        if (r.cpuUnits() > freeCpu) {
            return Rejection.insufficient(BuiltInFilter.CPU.filterName(), 1, Rejection.Resource.CPU, r.cpuUnits(),
                    freeCpu, node + "insufficient cpu (asked " + cores(r.cpuUnits()) + ", free " + cores(freeCpu) + ")");
        }
        long freeMem = table.totalMem[o] - table.usedMem[o];
        if (r.memoryBytes() > freeMem) {
            return Rejection.insufficient(BuiltInFilter.MEMORY.filterName(), 1, Rejection.Resource.MEMORY,
                    r.memoryBytes(), freeMem, node + "insufficient memory (asked " + ByteSize.format(r.memoryBytes())
                            + ", free " + ByteSize.format(freeMem) + ")");
        }
        int freeGpu = table.totalGpu[o] - table.usedGpu[o];
        if (r.gpus() > freeGpu) {
            return Rejection.insufficient(BuiltInFilter.GPU.filterName(), 1, Rejection.Resource.GPUS, r.gpus(),
                    freeGpu, node + "insufficient gpus (asked " + r.gpus() + ", free " + freeGpu + ")");
        }
        for (HostFilter f : pipeline.filters) {
            HostCalls.Outcome outcome = host.test(f, task, o, true);
            if (!outcome.accepted()) {
                return outcome.failed()
                        ? Rejection.failure(f.name(), 1, node + "filter " + f.name() + " failed: " + outcome.reason())
                        : Rejection.of(f.name(), 1, outcome.reason(), node + "rejected by " + f.name() + ": "
                        + outcome.reason());
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- static filters

    private List<String> zones() {
        if (schedulableZones == null) {
            schedulableZones = table.schedulableZones();
        }
        return schedulableZones;
    }

    /** Schedulable nodes that satisfy every given constraint. */
    private BitSet eligible(List<ServicePlan.Rule> constraints) {
        BitSet set = (BitSet) table.schedulableSet().clone();
        for (ServicePlan.Rule r : constraints) {
            set.and(constraintSet(r));
        }
        return set;
    }

    private BitSet constraintSet(ServicePlan.Rule r) {
        return constraintSets.computeIfAbsent(r.rule().soft() ? hardCopy(r.rule()) : r.rule(), rule -> {
            BitSet set = new BitSet(table.size());
            for (int o = 0; o < table.size(); o++) {
                if (constraintHolds(r, table.nodes[o])) {
                    set.set(o);
                }
            }
            return set;
        });
    }

    private static PlacementRule hardCopy(PlacementRule r) {
        return new PlacementRule(r.kind(), r.key(), r.operator(), r.value(), false);
    }

    /** Whether a node satisfies a constraint; {@code ==} matches when any attribute value matches. */
    static boolean constraintHolds(ServicePlan.Rule r, Node node) {
        boolean any = NodeAttributes.anyMatch(node, r.rule().key(), r.expression());
        return r.rule().operator() == PlacementRule.Operator.EQ ? any : !any;
    }

    // ---------------------------------------------------------------- affinity

    private boolean affinitiesHold(List<ServicePlan.Rule> rules, String app, int o) {
        for (ServicePlan.Rule r : rules) {
            if (!affinityHolds(r, app, o)) {
                return false;
            }
        }
        return true;
    }

    private boolean affinityHolds(ServicePlan.Rule r, String app, int o) {
        boolean any = anyAffinityMatch(r, app, table.subjects(o));
        return r.rule().operator() == PlacementRule.Operator.EQ ? any : !any;
    }

    private static boolean anyAffinityMatch(ServicePlan.Rule r, String app, NodeTable.Subjects s) {
        if (s == null) {
            return false;
        }
        Expression e = r.expression();
        String lit = e.literal();
        switch (r.rule().key()) {
            case "service" -> {
                if (lit != null) {
                    return s.services.containsKey(lit.indexOf('/') >= 0 ? lit : app + "/" + lit);
                }
                String prefix = app + "/";
                for (String qualified : s.services.keySet()) {
                    if (e.matches(qualified)
                            || (qualified.startsWith(prefix) && e.matches(qualified.substring(prefix.length())))) {
                        return true;
                    }
                }
                return false;
            }
            case "image" -> {
                return anyKey(s.images, e);
            }
            case "container" -> {
                return anyKey(s.names, e);
            }
            default -> {
                Map<String, Integer> values = s.labels.getOrDefault(r.rule().key(), Map.of());
                int withLabel = values.values().stream().mapToInt(Integer::intValue).sum();
                if (withLabel < s.containers && e.matches("")) {
                    return true; // a container without the label compares as ""
                }
                return anyKey(values, e);
            }
        }
    }

    private static boolean anyKey(Map<String, Integer> subjects, Expression e) {
        if (e.isLiteral()) {
            return subjects.containsKey(e.literal());
        }
        for (String subject : subjects.keySet()) {
            if (e.matches(subject)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- explanations

    /**
     * Why no node takes the task: per filter, how many nodes it rejected (each node counted once, first filter). The
     * records are kept per service while the table is unchanged, unless host filters (which may depend on the task)
     * take part.
     */
    private Unplaced explain(Task task, ServicePlan sp) {
        boolean reusable = !host.hasFilters();
        if (reusable && sp.lastReasonsAt == table.changeCount() && sp.lastReasons != null) {
            return new Unplaced(task, table.size(), sp.lastReasons);
        }
        List<Rejection> records = new Explanation(sp, task, table, this, host).explain(pipeline);
        if (reusable) {
            sp.lastReasons = records;
            sp.lastReasonsAt = table.changeCount();
        }
        return new Unplaced(task, table.size(), records);
    }

    /** The first hard constraint the node fails, or null. */
    ServicePlan.Rule failedConstraint(ServicePlan sp, int o) {
        for (ServicePlan.Rule r : sp.hardConstraints) {
            if (!constraintSet(r).get(o)) {
                return r;
            }
        }
        return null;
    }

    /** The first hard affinity the node fails, or null. */
    ServicePlan.Rule failedAffinity(ServicePlan sp, int o) {
        for (ServicePlan.Rule r : sp.hardAffinities) {
            if (!affinityHolds(r, sp.app, o)) {
                return r;
            }
        }
        return null;
    }

    /** Whether the zone rule (hard) rejects the node. */
    boolean zoneRejects(ServicePlan sp, int o) {
        return sp.zonesApply(false) && outsideNeededZones(sp, o);
    }

    static String cores(long units) {
        double cores = units / (double) Resources.UNITS_PER_CORE;
        String text = cores == Math.rint(cores) ? Long.toString((long) cores) : Double.toString(cores);
        return text + (cores == 1 ? " core" : " cores");
    }
}
