/** Benchmarks of the routing layer on a real HAProxy: reload cost and requests per second through the proxy. */
package dev.acs.benchmarks.routing;
