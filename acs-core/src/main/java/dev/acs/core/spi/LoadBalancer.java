package dev.acs.core.spi;

import dev.acs.core.routing.LoadBalancerTable;

import java.util.concurrent.CompletionStage;

/**
 * Load balancers bound to services by {@code aliyun.lb.port_<containerPort>: <scheme>://<name>:<frontPort>} (the
 * product's custom SLB binding): it receives the desired {@link LoadBalancerTable} of one cluster at a time and makes
 * each named load balancer's listener forward to the listed backends (the nodes that run the bound service, at their
 * published host ports). The routing controller computes the tables ({@link dev.acs.core.routing.LoadBalancerTables})
 * and calls {@link #apply} only when a cluster's table changed; a deleted cluster is applied as an empty table, which
 * ends its bindings.
 *
 * <p>Implementations must refuse a load balancer that another cluster uses ({@code SLB_SHARED}) and keep the last
 * good bindings when a table is refused. The table also carries the cluster's own load balancer, if it has one
 * ({@link LoadBalancerTable#cluster()}: every node is its backend). Implementations: the local load balancer on HAProxy
 * of {@code acs-cloud-haproxy}, the Alibaba Cloud SLB of {@code acs-cloud-aliyun} and the simulated cloud's router.
 */
public interface LoadBalancer {

    /**
     * Binds {@code table.clusterId()}'s listeners as {@code table} says, replacing that cluster's previous bindings.
     *
     * @param table the cluster's complete desired table
     * @return completes when the load balancers forward as the table says, exceptionally (an {@code AcsException})
     *         when it was refused; then the previous bindings stay
     */
    CompletionStage<Void> apply(LoadBalancerTable table);
}
