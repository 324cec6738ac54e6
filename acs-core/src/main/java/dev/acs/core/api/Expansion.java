package dev.acs.core.api;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Zone;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Clusters#expand} adds to a cluster (集群扩容): a number of new nodes, by default of the cluster's own
 * instance type and in its zone. Immutable, e.g. {@code Expansion.of(2).withInstanceType("ecs.n4.xlarge")}.
 */
public final class Expansion {
    private final int count;
    private final String instanceType;
    private final Zone zone;
    private final boolean autoScaling;

    private Expansion(int count, String instanceType, Zone zone, boolean autoScaling) {
        this.count = count;
        this.instanceType = instanceType;
        this.zone = zone;
        this.autoScaling = autoScaling;
    }

    /**
     * {@code count} new nodes of the cluster's instance type in the cluster's zone.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} for a count below 1
     */
    public static Expansion of(int count) {
        if (count < 1) {
            throw AcsException.invalidArgument("expand needs a node count of at least 1, got " + count);
        }
        return new Expansion(count, null, null, false);
    }

    /** This expansion with nodes of another instance type. */
    public Expansion withInstanceType(String type) {
        return new Expansion(count, Objects.requireNonNull(type, "type"), zone, autoScaling);
    }

    /** This expansion with nodes in another zone of the cluster's region. */
    public Expansion inZone(Zone z) {
        return new Expansion(count, instanceType, Objects.requireNonNull(z, "zone"), autoScaling);
    }

    /**
     * This expansion made by node auto-scaling: the new nodes are recorded with origin
     * {@link dev.acs.core.model.NodeOrigin#AUTO_SCALING}, which makes them the ones node auto-scaling may remove again.
     */
    public Expansion byAutoScaling() {
        return new Expansion(count, instanceType, zone, true);
    }

    /** Whether the nodes are added by node auto-scaling ({@link #byAutoScaling()}). */
    public boolean autoScaling() {
        return autoScaling;
    }

    /** How many nodes are added. */
    public int count() {
        return count;
    }

    /** The instance type of the new nodes, when not the cluster's own. */
    public Optional<String> instanceType() {
        return Optional.ofNullable(instanceType);
    }

    /** The zone of the new nodes, when not the cluster's own. */
    public Optional<Zone> zone() {
        return Optional.ofNullable(zone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Expansion e && e.count == count && Objects.equals(e.instanceType, instanceType)
                && Objects.equals(e.zone, zone) && e.autoScaling == autoScaling;
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, instanceType, zone, autoScaling);
    }

    @Override
    public String toString() {
        return "Expansion[" + count + " x " + (instanceType == null ? "the cluster's type" : instanceType) + " in "
                + (zone == null ? "the cluster's zone" : zone) + (autoScaling ? ", by auto-scaling" : "") + "]";
    }
}
