package dev.acs.core.model;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.util.Map;
import java.util.Set;

/**
 * A lifecycle state whose allowed successors are fixed by a transition table. Every state enum of the model
 * implements it, so the tables of {@code spec/lifecycle.md} are enforced in one way: an illegal transition is an
 * {@link AcsException} with code {@link ErrorCode#INVALID_STATE}, never a silent no-op.
 *
 * @param <S> the state enum itself
 */
public interface Lifecycle<S extends Enum<S> & Lifecycle<S>> {

    /** The states this state may move to directly (never itself). */
    Set<S> successors();

    /** Whether a terminal state: no successor at all. */
    default boolean isTerminal() {
        return successors().isEmpty();
    }

    /** Whether this state may move directly to {@code to}. */
    default boolean canTransitionTo(S to) {
        return successors().contains(to);
    }

    /**
     * Checks the move to {@code to} and returns {@code to}.
     *
     * @param entity a description of the entity, e.g. {@code "cluster 'prod' (c0a1...)"}, used in the message
     * @throws AcsException with code {@link ErrorCode#INVALID_STATE} naming the entity, the from and the to state
     */
    @SuppressWarnings("unchecked")
    default S transitionTo(String entity, S to) {
        if (!canTransitionTo(to)) {
            S from = (S) this;
            String allowed = successors().isEmpty() ? "none (terminal state)" : successors().toString();
            throw new AcsException(ErrorCode.INVALID_STATE,
                    entity + " cannot go from " + from + " to " + to + "; allowed next states: " + allowed,
                    Map.of("entity", entity, "from", from.name(), "to", to.name()), null);
        }
        return to;
    }
}
