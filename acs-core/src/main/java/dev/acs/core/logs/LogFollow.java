package dev.acs.core.logs;

import java.util.concurrent.CompletionStage;

/**
 * A follow of logs under way ({@link Logs#follow}): lines go to the follower's consumer, in order per container, each
 * once, across container restarts. Closing it stops the follow.
 */
public interface LogFollow extends AutoCloseable {

    /** Stops following; no line is delivered once it returns. Idempotent. */
    @Override
    void close();

    /** Whether the follow still runs. */
    boolean isOpen();

    /** Lines delivered so far. */
    long delivered();

    /**
     * Reads that found more new lines of a container than the buffer holds (10,000): the older lines of those reads
     * were dropped.
     */
    long overflows();

    /**
     * Completes when the follow ends: normally when it was closed, exceptionally ({@code NOT_FOUND}) when its
     * application or container was deleted, or with the error of a consumer that threw.
     */
    CompletionStage<Void> done();
}
