package dev.acs.core.scaling;

import dev.acs.core.model.AutoScaling;

import java.util.Objects;
import java.util.Optional;

/**
 * The container auto-scaling rule of one service ({@code spec/lifecycle.md} §17.1): when the average CPU (or memory)
 * of its containers stays above the upper bound for three consecutive 1-minute periods, add {@link #step()}
 * containers; when it stays below the lower bound, remove {@code step}; never above {@link #maxInstances()} nor below
 * {@link #minInstances()}. Immutable; every factory and {@code with} method checks the product's ranges and fails with
 * {@code INVALID_SCALING_POLICY}.
 *
 * <p>CPU is compared as the containers' utilization: in percent of the CPU the service reserves ({@code cpu_shares},
 * 100 = one core) or, without a reservation, of one core (as {@code docker stats} shows it); memory in percent of the
 * container's limit. A rule on both metrics is allowed but advised against (the product's advice,
 * {@link #combinesMetrics()}): it scales out when either stays above its bound, and in only when both stay below.
 *
 * <pre>{@code
 * AutoScalingPolicy p = AutoScalingPolicy.cpu(70, 40).withStep(2).withInstances(2, 8);
 * }</pre>
 */
public final class AutoScalingPolicy {
    /** The product's default step. */
    public static final int DEFAULT_STEP = AutoScaling.DEFAULT_STEP;
    /** The product's default minimum. */
    public static final int DEFAULT_MIN = AutoScaling.DEFAULT_MIN_INSTANCES;
    /** The product's default maximum. */
    public static final int DEFAULT_MAX = AutoScaling.DEFAULT_MAX_INSTANCES;

    private final ScalingBounds cpu;
    private final ScalingBounds memory;
    private final int step;
    private final int min;
    private final int max;

    private AutoScalingPolicy(ScalingBounds cpu, ScalingBounds memory, int step, int min, int max) {
        if (cpu == null && memory == null) {
            throw ScalingBounds.invalid("an auto-scaling policy needs CPU or memory bounds");
        }
        if (step < 1 || step > 5) {
            throw ScalingBounds.invalid("the scaling step must be 1-5 containers, got " + step);
        }
        if (min < 0) {
            throw ScalingBounds.invalid("the minimum container count cannot be negative, got " + min);
        }
        if (max < 1 || min > max) {
            throw ScalingBounds.invalid("the container count bounds must be 0 <= min <= max and max >= 1, got min "
                    + min + " and max " + max);
        }
        this.cpu = cpu;
        this.memory = memory;
        this.step = step;
        this.min = min;
        this.max = max;
    }

    /** A CPU rule with the default step (1), minimum (1) and maximum (10); a bound may be {@code null}. */
    public static AutoScalingPolicy cpu(Integer upper, Integer lower) {
        return new AutoScalingPolicy(new ScalingBounds(upper, lower), null, DEFAULT_STEP, DEFAULT_MIN, DEFAULT_MAX);
    }

    /** A memory rule with the default step (1), minimum (1) and maximum (10); a bound may be {@code null}. */
    public static AutoScalingPolicy memory(Integer upper, Integer lower) {
        return new AutoScalingPolicy(null, new ScalingBounds(upper, lower), DEFAULT_STEP, DEFAULT_MIN, DEFAULT_MAX);
    }

    /**
     * The policy the {@code aliyun.auto_scaling.*} labels declare, or empty when they set no bound.
     *
     * @throws dev.acs.core.error.AcsException {@code INVALID_SCALING_POLICY} when the labels break the ranges
     */
    public static Optional<AutoScalingPolicy> fromLabels(AutoScaling labels) {
        if (labels == null) {
            return Optional.empty();
        }
        ScalingBounds c = labels.maxCpu() == null && labels.minCpu() == null ? null
                : new ScalingBounds(labels.maxCpu(), labels.minCpu());
        ScalingBounds m = labels.maxMemory() == null && labels.minMemory() == null ? null
                : new ScalingBounds(labels.maxMemory(), labels.minMemory());
        if (c == null && m == null) {
            return Optional.empty();
        }
        return Optional.of(new AutoScalingPolicy(c, m, labels.step(), labels.minInstances(), labels.maxInstances()));
    }

    /** This policy with CPU bounds too (or instead, when it had none). */
    public AutoScalingPolicy withCpu(Integer upper, Integer lower) {
        return new AutoScalingPolicy(new ScalingBounds(upper, lower), memory, step, min, max);
    }

    /** This policy with memory bounds too (or instead, when it had none). */
    public AutoScalingPolicy withMemory(Integer upper, Integer lower) {
        return new AutoScalingPolicy(cpu, new ScalingBounds(upper, lower), step, min, max);
    }

    /** This policy with another step (1-5). */
    public AutoScalingPolicy withStep(int containers) {
        return new AutoScalingPolicy(cpu, memory, containers, min, max);
    }

    /** This policy with other container count bounds. */
    public AutoScalingPolicy withInstances(int minInstances, int maxInstances) {
        return new AutoScalingPolicy(cpu, memory, step, minInstances, maxInstances);
    }

    /** The CPU bounds, if the rule has them. */
    public Optional<ScalingBounds> cpu() {
        return Optional.ofNullable(cpu);
    }

    /** The memory bounds, if the rule has them. */
    public Optional<ScalingBounds> memory() {
        return Optional.ofNullable(memory);
    }

    /** Containers added or removed at once. */
    public int step() {
        return step;
    }

    /** No scale-in at or below this count. */
    public int minInstances() {
        return min;
    }

    /** No scale-out at or above this count. */
    public int maxInstances() {
        return max;
    }

    /** Whether the rule has both CPU and memory bounds, which the product advises against. */
    public boolean combinesMetrics() {
        return cpu != null && memory != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AutoScalingPolicy p && Objects.equals(p.cpu, cpu) && Objects.equals(p.memory, memory)
                && p.step == step && p.min == min && p.max == max;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cpu, memory, step, min, max);
    }

    @Override
    public String toString() {
        return "AutoScalingPolicy[" + (cpu == null ? "" : "cpu " + cpu + ", ")
                + (memory == null ? "" : "memory " + memory + ", ") + "step " + step + ", " + min + ".." + max + "]";
    }
}
