package dev.acs.core.model;

import dev.acs.core.error.AcsException;

/**
 * An amount of CPU, memory and GPUs: a node's capacity, or what a container reserves.
 *
 * @param cpuUnits    CPU in the product's units: 100 units are one core ({@code cpu_shares}); 0 means none
 * @param memoryBytes memory in bytes ({@code mem_limit}); 0 means none
 * @param gpus        whole GPU devices ({@code aliyun.gpu}); 0 means none
 */
public record Resources(long cpuUnits, long memoryBytes, int gpus) {
    /** CPU units in one core. */
    public static final int UNITS_PER_CORE = 100;
    /** Nothing at all; what a container without {@code cpu_shares}, {@code mem_limit} or {@code aliyun.gpu} reserves. */
    public static final Resources NONE = new Resources(0, 0, 0);

    /** Rejects negative amounts. */
    public Resources {
        if (cpuUnits < 0 || memoryBytes < 0 || gpus < 0) {
            throw AcsException.invalidArgument("resources cannot be negative: cpuUnits=" + cpuUnits
                    + ", memoryBytes=" + memoryBytes + ", gpus=" + gpus);
        }
    }

    /** Resources of whole cores, memory in bytes and GPUs. */
    public static Resources of(double cores, long memoryBytes, int gpus) {
        return new Resources(Math.round(cores * UNITS_PER_CORE), memoryBytes, gpus);
    }

    /** The sum of both. */
    public Resources plus(Resources other) {
        return new Resources(cpuUnits + other.cpuUnits, memoryBytes + other.memoryBytes, gpus + other.gpus);
    }

    /** This minus {@code other}; fails when any amount would go negative. */
    public Resources minus(Resources other) {
        return new Resources(cpuUnits - other.cpuUnits, memoryBytes - other.memoryBytes, gpus - other.gpus);
    }

    /** Whether {@code this} fits into {@code available} in every dimension. */
    public boolean fitsIn(Resources available) {
        return cpuUnits <= available.cpuUnits && memoryBytes <= available.memoryBytes && gpus <= available.gpus;
    }

    /** Whether every amount is zero. */
    public boolean isNone() {
        return cpuUnits == 0 && memoryBytes == 0 && gpus == 0;
    }

    /** CPU in cores. */
    public double cores() {
        return cpuUnits / (double) UNITS_PER_CORE;
    }

    @Override
    public String toString() {
        return "cpu " + cores() + " cores, memory " + ByteSize.format(memoryBytes) + ", gpus " + gpus;
    }
}
