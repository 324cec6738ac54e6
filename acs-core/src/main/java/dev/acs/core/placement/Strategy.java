package dev.acs.core.placement;

/** How a scheduler ranks the nodes that pass every filter (classic Swarm's strategies). */
public enum Strategy {
    /** Prefer the node with the fewest containers / most free resources (the default). */
    SPREAD,
    /** Prefer the fullest node that still fits, to keep other nodes free. */
    BINPACK,
    /** Pick any fitting node at random (seedable). */
    RANDOM
}
