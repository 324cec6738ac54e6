package dev.acs.core.spi;

import dev.acs.core.routing.RoutingTable;

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
}
