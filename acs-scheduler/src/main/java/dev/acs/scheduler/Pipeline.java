package dev.acs.scheduler;

import dev.acs.core.error.AcsException;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The filters of a {@link SwarmScheduler} in order - the built-in ones and the host's - and the host's scorers with
 * their weights. Immutable; built by {@link SwarmScheduler.Builder}.
 */
final class Pipeline {
    /** One entry: a built-in filter or a host filter. */
    record Stage(BuiltInFilter builtIn, HostFilter host) {
        String name() {
            return host != null ? host.name() : builtIn.filterName();
        }
    }

    /** A scorer with its weight. */
    record Weighted(HostScorer scorer, double weight) {
    }

    /** Names no host filter or scorer may take: the built-in filters' and those of other rejection records. */
    private static final Set<String> RESERVED = reserved();

    final List<Stage> stages;
    final List<HostFilter> filters;
    final List<Weighted> scorers;
    final int scoredCandidates;

    private Pipeline(List<Stage> stages, List<Weighted> scorers, int scoredCandidates) {
        this.stages = List.copyOf(stages);
        List<HostFilter> hosts = new ArrayList<>();
        for (Stage s : stages) {
            if (s.host() != null) {
                hosts.add(s.host());
            }
        }
        this.filters = List.copyOf(hosts);
        this.scorers = List.copyOf(scorers);
        this.scoredCandidates = scoredCandidates;
    }

    /** The built-in filters only, in classic Swarm's order. */
    static Pipeline builtIn() {
        List<Stage> stages = new ArrayList<>();
        for (BuiltInFilter f : BuiltInFilter.values()) {
            stages.add(new Stage(f, null));
        }
        return new Pipeline(stages, List.of(), Integer.MAX_VALUE);
    }

    /** This pipeline with {@code filter} before {@code before}, or at the end when {@code before} is null. */
    Pipeline withFilter(HostFilter filter, BuiltInFilter before) {
        Objects.requireNonNull(filter, "filter");
        String name = checkName(filter.name(), "filter");
        for (Stage s : stages) {
            if (s.name().equals(name)) {
                throw AcsException.invalidArgument("the scheduler already has a filter named '" + name
                        + "': give each host filter its own name");
            }
        }
        List<Stage> out = new ArrayList<>(stages);
        int at = out.size();
        if (before != null) {
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).builtIn() == before) {
                    at = i;
                    break;
                }
            }
        }
        out.add(at, new Stage(null, filter));
        return new Pipeline(out, scorers, scoredCandidates);
    }

    /** This pipeline with one more scorer. */
    Pipeline withScorer(HostScorer scorer, double weight) {
        Objects.requireNonNull(scorer, "scorer");
        String name = checkName(scorer.name(), "scorer");
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw AcsException.invalidArgument("scorer '" + name + "' has weight " + weight
                    + ": give a positive, finite weight");
        }
        for (Weighted w : scorers) {
            if (w.scorer().name().equals(name)) {
                throw AcsException.invalidArgument("the scheduler already has a scorer named '" + name
                        + "': give each scorer its own name");
            }
        }
        List<Weighted> out = new ArrayList<>(scorers);
        out.add(new Weighted(scorer, weight));
        return new Pipeline(stages, out, scoredCandidates);
    }

    /** This pipeline scoring at most {@code n} accepted candidates per decision. */
    Pipeline withScoredCandidates(int n) {
        if (n < 1) {
            throw AcsException.invalidArgument("scored candidates must be at least 1, got " + n);
        }
        return new Pipeline(stages, scorers, n);
    }

    /** The filter names in order. */
    List<String> names() {
        return stages.stream().map(Stage::name).toList();
    }

    private static String checkName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw AcsException.invalidArgument("a host " + what + " needs a non-blank name (see its name() method)");
        }
        if (RESERVED.contains(name)) {
            throw AcsException.invalidArgument("host " + what + " name '" + name + "' is reserved for the"
                    + " scheduler's own records " + RESERVED + ": choose another name");
        }
        return name;
    }

    private static Set<String> reserved() {
        Set<String> names = new HashSet<>();
        EnumSet.allOf(BuiltInFilter.class).forEach(f -> names.add(f.filterName()));
        names.add(Explanation.EXCLUDED);
        names.add(dev.acs.core.placement.Rejection.REQUEST);
        return Set.copyOf(names);
    }
}
