package dev.acs.core.model;

/**
 * Container auto-scaling policy of a service ({@code aliyun.auto_scaling.*}, {@code spec/compose-dialect.md} §3.11):
 * add {@code step} containers when the 1-minute average metric stays above its upper bound for three periods, remove
 * {@code step} when it stays below its lower bound, within {@code [minInstances, maxInstances]}. A bound is
 * {@code null} when the template does not set it.
 *
 * @param step         containers added or removed at once (1 by default)
 * @param minInstances lowest container count (1 by default)
 * @param maxInstances highest container count (10 by default)
 * @param maxCpu       CPU percentage that scales up, or {@code null}
 * @param minCpu       CPU percentage that scales down, or {@code null}
 * @param maxMemory    memory percentage that scales up, or {@code null}
 * @param minMemory    memory percentage that scales down, or {@code null}
 */
public record AutoScaling(int step, int minInstances, int maxInstances, Integer maxCpu, Integer minCpu,
                          Integer maxMemory, Integer minMemory) {
    /** Default step. */
    public static final int DEFAULT_STEP = 1;
    /** Default minimum container count. */
    public static final int DEFAULT_MIN_INSTANCES = 1;
    /** Default maximum container count. */
    public static final int DEFAULT_MAX_INSTANCES = 10;
}
