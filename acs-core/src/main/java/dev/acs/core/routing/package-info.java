/**
 * Routing tables: what the routing layer of a cluster routes (domain and context path → container backends with
 * weights and health), derived from the applications by {@link dev.acs.core.routing.RouteTables}, kept applied by
 * {@link dev.acs.core.routing.RoutingController} through a host-supplied {@link dev.acs.core.spi.Router}, and listed by
 * {@link dev.acs.core.routing.Routes}.
 */
package dev.acs.core.routing;
