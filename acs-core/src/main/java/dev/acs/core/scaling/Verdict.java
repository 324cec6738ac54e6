package dev.acs.core.scaling;

import dev.acs.core.metrics.Usage;

import java.util.Locale;

/**
 * Where one period stands against a rule's bounds: above when any metric with an upper bound is above it, below when
 * every metric of the rule is below its lower bound.
 */
record Verdict(boolean above, boolean below, String metric, String value, String describe) {

    static Verdict of(Usage u, ScalingBounds cpu, ScalingBounds memory) {
        boolean above = (cpu != null && cpu.above(u.cpuPercent())) || (memory != null && memory.above(u.memoryPercent()));
        boolean below = (cpu == null || cpu.below(u.cpuPercent())) && (memory == null || memory.below(u.memoryPercent()));
        StringBuilder d = new StringBuilder();
        String metric = cpu != null ? "cpu" : "memory";
        String value = pct(cpu != null ? u.cpuPercent() : u.memoryPercent());
        if (cpu != null) {
            d.append(describe("CPU", u.cpuPercent(), cpu));
        }
        if (memory != null) {
            d.append(d.length() > 0 ? ", " : "").append(describe("memory", u.memoryPercent(), memory));
        }
        return new Verdict(above, below, metric, value, "average " + d);
    }

    private static String describe(String name, double value, ScalingBounds b) {
        String where = b.above(value) ? "above the scale-out bound " + b.upper() + "%"
                : b.below(value) ? "below the scale-in bound " + b.lower() + "%" : "within " + b;
        return name + " " + pct(value) + "% " + where;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
