package dev.acs.core.spi;

import dev.acs.core.model.Node;
import dev.acs.core.routing.RoutingTable;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The routing layer of the clusters (the product's {@code acsrouting}): it receives the desired routing table of one
 * cluster at a time and makes the proxy route by it. The engine's routing controller computes the tables
 * ({@link dev.acs.core.routing.RouteTables}) and calls {@link #apply} only when a cluster's table changed; a
 * deleted cluster is applied as an empty table.
 *
 * <p>Implementations: the in-memory router of the simulated cloud and the HAProxy router of
 * {@code acs-cloud-haproxy}. An implementation must keep routing by its last good table when a new one is
 * rejected, and must not drop established connections when it switches tables.
 */
public interface Router {

    /**
     * Makes the proxy route {@code table.clusterId()}'s traffic by {@code table}, replacing that cluster's previous
     * table. Completes when the new table is live.
     *
     * @param table the cluster's complete desired table
     * @return completes normally when the table is live, exceptionally (an {@code AcsException}) when it was rejected;
     *         then the previous table stays in force
     */
    CompletionStage<Void> apply(RoutingTable table);

    /**
     * Where containers on {@code node} reach this router's HTTP port 80, for in-cluster {@code .local} domains: a
     * service routed as {@code aliyun.routing.port_80: restserver.local} is reached by the containers of a consumer
     * that lists {@code restserver.local} in its {@code external_links}, under that name, which resolves inside them
     * to this address (the engine adds it to their hosts file); the request carries {@code Host: restserver.local}
     * and is routed by the same table. Consumers that do not list the domain cannot resolve it.
     *
     * @param node the node that runs the consumer container
     * @return the IP address, or empty (the default) when the router serves no in-cluster domains to that node
     */
    default Optional<String> localDomainAddress(Node node) {
        return Optional.empty();
    }
}
