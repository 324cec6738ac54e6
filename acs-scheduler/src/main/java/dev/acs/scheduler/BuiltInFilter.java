package dev.acs.scheduler;

/**
 * The filters {@link SwarmScheduler} always applies, in their default order (classic Swarm's). Host filters join
 * them in one pipeline ({@link SwarmScheduler.Builder#filter(HostFilter)},
 * {@link SwarmScheduler.Builder#filterBefore(BuiltInFilter, HostFilter)}); the order decides under which filter an
 * explanation counts a node that several filters reject (the first one).
 */
public enum BuiltInFilter {
    /** The node is ready for new containers and not excluded by the operation. */
    HEALTH("health"),
    /** The service's hard constraints on node attributes and labels. */
    CONSTRAINT("constraint"),
    /** The service's hard affinities to containers already on the node. */
    AFFINITY("affinity"),
    /** The service's published host ports are free on the node. */
    PORT("port"),
    /** Enough unreserved CPU. */
    CPU("cpu"),
    /** Enough unreserved memory. */
    MEMORY("memory"),
    /** Enough unreserved GPUs. */
    GPU("gpu"),
    /** The service's hard zone rule ({@code availability:az==N}). */
    ZONE("zone");

    private final String filterName;

    BuiltInFilter(String filterName) {
        this.filterName = filterName;
    }

    /** The name rejection records carry ({@link dev.acs.core.placement.Rejection#filter()}). */
    public String filterName() {
        return filterName;
    }
}
