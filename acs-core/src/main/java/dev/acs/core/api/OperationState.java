package dev.acs.core.api;

/** States of an {@link Operation}. */
public enum OperationState {
    /** Accepted, not finished. */
    RUNNING,
    /** Finished with a result. */
    SUCCEEDED,
    /** Finished with an error. */
    FAILED;

    /** Whether the operation has finished either way. */
    public boolean isDone() {
        return this != RUNNING;
    }
}
