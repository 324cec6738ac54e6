package dev.acs.scheduler;

import dev.acs.core.model.Node;
import dev.acs.core.model.Resources;

/**
 * What a {@link HostFilter} or {@link HostScorer} sees of a node during one decision: the node itself and what the
 * containers already on it (those of the snapshot plus those placed earlier in the same call) reserve. A view is
 * only valid during the call it is passed to: do not keep it.
 */
public interface NodeView {
    /** The node: id, name, index, zone, state, capacity and labels. */
    Node node();

    /** What the node's containers reserve in total. */
    Resources reserved();

    /** The node's capacity minus what is reserved (never negative). */
    Resources free();

    /** How many containers the node runs. */
    int containers();
}
