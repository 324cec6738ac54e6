package dev.acs.scheduler;

import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.Strategy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One service's placement inputs compiled once per scheduling call: its rules split into hard and soft
 * constraints and affinities (with compiled expressions), its zone rule, its spread preference (with the label values
 * the call found full), published ports and strategy. A service
 * whose rules cannot be used carries an {@link #error()} that becomes the reason of every container of it.
 */
final class ServicePlan {
    /** A rule with its compiled value. */
    record Rule(PlacementRule rule, Expression expression) {
    }

    /** What identifies a candidate pool: everything that decides static eligibility, ranking and node-local checks. */
    record Signature(String app, Resources request, List<PlacementRule> constraints, List<PlacementRule> affinities,
                     List<PortMapping> ports, Strategy strategy) {
    }

    final String app;
    final ServiceSpec spec;
    final NodeTable.ServiceInfo info;
    final Strategy strategy;
    final List<Rule> hardConstraints = new ArrayList<>();
    final List<Rule> softConstraints = new ArrayList<>();
    final List<Rule> hardAffinities = new ArrayList<>();
    final List<Rule> softAffinities = new ArrayList<>();
    final List<PortMapping> ports;
    final int zones;
    final boolean zonesSoft;
    /** The node label of the first spread preference, or {@code null}; later ones are not applied. */
    final String spreadKey;
    /** The label values among the nodes the soft pass may use; filled by the placer when first needed. */
    Set<String> spreadValues;
    /** Label values with no node left that takes a container of the service in this call (with a spread key). */
    private final Set<String> spreadFull;
    final String error;
    private Signature hardSignature;
    private Signature softSignature;
    /** The explanation last computed for this service, valid while the table's change count is unchanged. */
    List<dev.acs.core.placement.Rejection> lastReasons;
    long lastReasonsAt = -1;

    ServicePlan(String app, ServiceSpec spec, NodeTable.ServiceInfo info, Strategy requested,
                Map<String, Expression> expressions) {
        this.app = app;
        this.spec = spec;
        this.info = info;
        List<String> errors = new ArrayList<>();
        PlacementRule zoneRule = null;
        String spread = null;
        for (PlacementRule r : spec.placement()) {
            if (r.kind() == PlacementRule.Kind.SPREAD) {
                spread = spread == null ? r.key() : spread;
                continue;
            }
            if (r.kind() == PlacementRule.Kind.AVAILABILITY_ZONE) {
                // one zone rule counts: a hard one wins over soft ones, then the larger zone count
                if (zoneRule == null || (zoneRule.soft() && !r.soft())
                        || (zoneRule.soft() == r.soft() && r.zoneCount() > zoneRule.zoneCount())) {
                    zoneRule = r;
                }
                continue;
            }
            Expression e = expressions.computeIfAbsent(r.value(), Expression::compile);
            if (e.error() != null) {
                errors.add("rule " + r.toDirective() + ": " + e.error());
            }
            Rule rule = new Rule(r, e);
            if (r.kind() == PlacementRule.Kind.CONSTRAINT) {
                (r.soft() ? softConstraints : hardConstraints).add(rule);
            } else {
                (r.soft() ? softAffinities : hardAffinities).add(rule);
            }
        }
        this.zones = zoneRule == null ? 0 : zoneRule.zoneCount();
        this.zonesSoft = zoneRule != null && zoneRule.soft();
        this.spreadKey = spread;
        this.spreadFull = spread == null ? null : new HashSet<>();
        List<PortMapping> fixed = new ArrayList<>(0);
        for (PortMapping p : spec.ports()) {
            if (p.hasFixedHostPort()) {
                fixed.add(p);
            }
        }
        this.ports = fixed;
        String label = spec.labels().get(SwarmScheduler.STRATEGY_LABEL);
        Strategy chosen = requested;
        if (label != null) {
            try {
                chosen = Strategy.valueOf(label.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add("label " + SwarmScheduler.STRATEGY_LABEL + "='" + label
                        + "' is not a strategy: use spread, binpack or random");
            }
        }
        this.strategy = chosen;
        this.error = errors.isEmpty() ? null : String.join("; ", errors);
    }

    /** Whether any rule is soft (so the two-pass retry applies). */
    boolean hasSoftRules() {
        return !softConstraints.isEmpty() || !softAffinities.isEmpty() || (zones > 0 && zonesSoft)
                || spreadKey != null;
    }

    /**
     * The most containers a label value may hold for a node of it to take the next one: the fewest any value that is
     * not full holds; -1 when every value is full (the preference then no longer applies).
     */
    int spreadLimit() {
        int min = Integer.MAX_VALUE;
        for (String v : spreadValues) {
            if (!spreadFull.contains(v)) {
                min = Math.min(min, info.spreadCount(v));
            }
        }
        return min == Integer.MAX_VALUE ? -1 : min;
    }

    /** After no node of the values holding {@code limit} containers took one: those values are full for the call. */
    void spreadFull(int limit) {
        for (String v : spreadValues) {
            if (info.spreadCount(v) == limit) {
                spreadFull.add(v);
            }
        }
    }

    /** Whether a zone rule applies in the given pass. */
    boolean zonesApply(boolean withSoft) {
        return zones > 0 && (!zonesSoft || withSoft);
    }

    /** The constraints enforced in a pass: the hard ones, plus the soft ones in the first pass. */
    List<Rule> constraints(boolean withSoft) {
        return withSoft && !softConstraints.isEmpty() ? concat(hardConstraints, softConstraints) : hardConstraints;
    }

    /** The affinities enforced in a pass. */
    List<Rule> affinities(boolean withSoft) {
        return withSoft && !softAffinities.isEmpty() ? concat(hardAffinities, softAffinities) : hardAffinities;
    }

    private static List<Rule> concat(List<Rule> a, List<Rule> b) {
        List<Rule> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Whether the pass needs a pool keyed by its node-local rules too, which can then drop the nodes that fail
     * them: with a positive affinity ({@code ==}) few nodes may qualify, and a published host port excludes every
     * node that already has it. Other services share pools by reservation, constraints and strategy, and nodes
     * failing their anti-affinities are only skipped for the decision at hand.
     */
    boolean exclusivePool(boolean withSoft) {
        if (!ports.isEmpty()) {
            return true;
        }
        for (Rule r : affinities(withSoft)) {
            if (r.rule().operator() == PlacementRule.Operator.EQ) {
                return true;
            }
        }
        return false;
    }

    /** The pool signature of a pass. */
    Signature signature(boolean withSoft) {
        Signature cached = withSoft ? softSignature : hardSignature;
        if (cached == null) {
            boolean exclusive = exclusivePool(withSoft);
            cached = new Signature(exclusive ? app : null, spec.reservation(), rules(constraints(withSoft)),
                    exclusive ? rules(affinities(withSoft)) : List.of(), exclusive ? ports : List.of(), strategy);
            if (withSoft) {
                softSignature = cached;
            } else {
                hardSignature = cached;
            }
        }
        return cached;
    }

    private static List<PlacementRule> rules(List<Rule> rules) {
        List<PlacementRule> out = new ArrayList<>(rules.size());
        for (Rule r : rules) {
            out.add(r.rule());
        }
        return out;
    }
}
