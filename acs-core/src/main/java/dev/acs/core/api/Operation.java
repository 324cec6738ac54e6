package dev.acs.core.api;

import dev.acs.core.error.AcsException;
import dev.acs.core.event.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A handle on long-running work: creating a cluster, deploying an application. Every mutating call of the control
 * plane returns one at once; the work goes on in the background and reports progress and events here.
 *
 * @param <T> the result type
 */
public interface Operation<T> {

    /** Unique id, e.g. {@code op-1f3a...}. */
    String id();

    /** What the operation does, e.g. {@code CreateCluster}. */
    String kind();

    /** The id of the entity it works on. */
    String targetId();

    /** When it was accepted. */
    Instant startedAt();

    /** Its current state. */
    OperationState state();

    /** Progress from 0 to 100; 100 once done. */
    int progress();

    /** The events it reported so far, oldest first. */
    List<Event> events();

    /** The result once {@link OperationState#SUCCEEDED}. */
    Optional<T> result();

    /**
     * The error once {@link OperationState#FAILED}; {@code CANCELLED} when a force stop of its application cancelled
     * it (see {@link Applications#forceStop(String)}).
     */
    Optional<AcsException> error();

    /**
     * Waits until the operation is done.
     *
     * @return the result
     * @throws AcsException the operation's own error if it failed; {@code TIMEOUT} if it is still running after
     *                      {@code timeout}; {@code CANCELLED} if the waiting thread is interrupted
     */
    T await(Duration timeout);

    /** A stage completed with the result or, exceptionally, with the {@link AcsException}. */
    CompletionStage<T> toCompletionStage();
}
