/**
 * The immutable model of the SDK: clusters, nodes, applications, services and containers with their lifecycle
 * states (each state enum enforces its transition table), and the value types of a declared service (image, ports,
 * volumes, probes, placement rules, resources).
 */
package dev.acs.core.model;
