package dev.acs.core.scaling;

import java.util.Objects;
import java.util.Optional;

/**
 * The node auto-scaling rule of one cluster ({@code spec/lifecycle.md} §17.2): when the cluster's average CPU (or
 * memory) stays above the upper bound for three consecutive 1-minute periods, add {@link #step()} machines of
 * {@link #instanceType()} (the cluster's own by default) through the infrastructure provider; when it stays below the
 * lower bound, remove one node (the fixed scale-in step), only a node auto-scaling created or one labelled
 * {@code aliyun.reschedule=true}, newest first, after migrating its containers, and release its machine. Never fewer
 * than {@link #minNodes()} nor more than {@link #maxNodes()} nodes. With {@link #scalesOutWhenUnplaceable()} (the
 * default) it also adds {@code step} machines at once when containers of the cluster cannot be placed.
 * Immutable; checked like {@link AutoScalingPolicy} ({@code INVALID_SCALING_POLICY}).
 */
public final class NodeScalingPolicy {
    private final ScalingBounds cpu;
    private final ScalingBounds memory;
    private final int step;
    private final int minNodes;
    private final int maxNodes;
    private final String instanceType;
    private final boolean unplaceable;

    private NodeScalingPolicy(ScalingBounds cpu, ScalingBounds memory, int step, int minNodes, int maxNodes,
                              String instanceType, boolean unplaceable) {
        if (cpu == null && memory == null) {
            throw ScalingBounds.invalid("a node scaling policy needs CPU or memory bounds");
        }
        if (step < 1 || step > 5) {
            throw ScalingBounds.invalid("the node scale-out step must be 1-5 machines, got " + step);
        }
        if (minNodes < 0 || maxNodes < 1 || minNodes > maxNodes) {
            throw ScalingBounds.invalid("the node count bounds must be 0 <= min <= max and max >= 1, got min "
                    + minNodes + " and max " + maxNodes);
        }
        this.cpu = cpu;
        this.memory = memory;
        this.step = step;
        this.minNodes = minNodes;
        this.maxNodes = maxNodes;
        this.instanceType = instanceType;
        this.unplaceable = unplaceable;
    }

    /** A CPU rule: step 1, between 1 and {@code maxNodes} nodes, the cluster's instance type. */
    public static NodeScalingPolicy cpu(Integer upper, Integer lower, int maxNodes) {
        return new NodeScalingPolicy(new ScalingBounds(upper, lower), null, 1, 1, maxNodes, null, true);
    }

    /** A memory rule: step 1, between 1 and {@code maxNodes} nodes, the cluster's instance type. */
    public static NodeScalingPolicy memory(Integer upper, Integer lower, int maxNodes) {
        return new NodeScalingPolicy(null, new ScalingBounds(upper, lower), 1, 1, maxNodes, null, true);
    }

    /** This policy with another scale-out step (1-5 machines). */
    public NodeScalingPolicy withStep(int machines) {
        return new NodeScalingPolicy(cpu, memory, machines, minNodes, maxNodes, instanceType, unplaceable);
    }

    /** This policy with other node count bounds. */
    public NodeScalingPolicy withNodes(int min, int max) {
        return new NodeScalingPolicy(cpu, memory, step, min, max, instanceType, unplaceable);
    }

    /** This policy adding machines of another instance type. */
    public NodeScalingPolicy withInstanceType(String type) {
        return new NodeScalingPolicy(cpu, memory, step, minNodes, maxNodes, Objects.requireNonNull(type, "type"),
                unplaceable);
    }

    /** This policy with or without scale-out when containers cannot be placed. */
    public NodeScalingPolicy withScaleOutWhenUnplaceable(boolean v) {
        return new NodeScalingPolicy(cpu, memory, step, minNodes, maxNodes, instanceType, v);
    }

    /** The CPU bounds, if any. */
    public Optional<ScalingBounds> cpu() {
        return Optional.ofNullable(cpu);
    }

    /** The memory bounds, if any. */
    public Optional<ScalingBounds> memory() {
        return Optional.ofNullable(memory);
    }

    /** Machines added at once. */
    public int step() {
        return step;
    }

    /** No scale-in at or below this many nodes. */
    public int minNodes() {
        return minNodes;
    }

    /** No scale-out at or above this many nodes. */
    public int maxNodes() {
        return maxNodes;
    }

    /** The instance type of new machines, when not the cluster's own. */
    public Optional<String> instanceType() {
        return Optional.ofNullable(instanceType);
    }

    /** Whether containers that cannot be placed make the cluster scale out at once. */
    public boolean scalesOutWhenUnplaceable() {
        return unplaceable;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeScalingPolicy p && Objects.equals(p.cpu, cpu) && Objects.equals(p.memory, memory)
                && p.step == step && p.minNodes == minNodes && p.maxNodes == maxNodes
                && Objects.equals(p.instanceType, instanceType) && p.unplaceable == unplaceable;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cpu, memory, step, minNodes, maxNodes, instanceType, unplaceable);
    }

    @Override
    public String toString() {
        return "NodeScalingPolicy[" + (cpu == null ? "" : "cpu " + cpu + ", ")
                + (memory == null ? "" : "memory " + memory + ", ") + "step " + step + ", " + minNodes + ".." + maxNodes
                + " nodes" + (instanceType == null ? "" : ", " + instanceType) + "]";
    }
}
