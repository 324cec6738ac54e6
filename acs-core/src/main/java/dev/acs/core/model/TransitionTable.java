package dev.acs.core.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The allowed moves between the states of one enum, built once per state type. Package-private: the state
 * enums expose it through {@link Lifecycle#successors()}.
 */
final class TransitionTable<S extends Enum<S>> {
    private final Map<S, Set<S>> successors;

    private TransitionTable(Map<S, Set<S>> successors) {
        this.successors = successors;
    }

    static <S extends Enum<S>> Builder<S> of(Class<S> type) {
        return new Builder<>(type);
    }

    Set<S> successors(S state) {
        return successors.get(state);
    }

    static final class Builder<S extends Enum<S>> {
        private final Class<S> type;
        private final EnumMap<S, EnumSet<S>> edges;

        private Builder(Class<S> type) {
            this.type = type;
            this.edges = new EnumMap<>(type);
            for (S s : type.getEnumConstants()) {
                edges.put(s, EnumSet.noneOf(type));
            }
        }

        @SafeVarargs
        final Builder<S> allow(S from, S... to) {
            for (S t : to) {
                if (t == from) {
                    throw new IllegalArgumentException("self transition " + from);
                }
                edges.get(from).add(t);
            }
            return this;
        }

        TransitionTable<S> build() {
            EnumMap<S, Set<S>> frozen = new EnumMap<>(type);
            edges.forEach((k, v) -> frozen.put(k, Collections.unmodifiableSet(EnumSet.copyOf(v.isEmpty() ? EnumSet.noneOf(type) : v))));
            return new TransitionTable<>(Collections.unmodifiableMap(frozen));
        }
    }
}
