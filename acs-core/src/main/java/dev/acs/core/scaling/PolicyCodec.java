package dev.acs.core.scaling;

import java.util.Map;

/** The stored text of the policies set through the API ({@code key=value;...}). */
final class PolicyCodec {
    private PolicyCodec() {
    }

    static String encode(AutoScalingPolicy p) {
        return bounds(p.cpu().orElse(null), p.memory().orElse(null)) + ";step=" + p.step() + ";min="
                + p.minInstances() + ";max=" + p.maxInstances();
    }

    static AutoScalingPolicy decodeService(String text) {
        Map<String, String> f = Streak.fields(text);
        ScalingBounds cpu = bounds(f.get("cpu"));
        ScalingBounds memory = bounds(f.get("memory"));
        AutoScalingPolicy p = cpu != null ? AutoScalingPolicy.cpu(cpu.upper(), cpu.lower())
                : AutoScalingPolicy.memory(memory.upper(), memory.lower());
        if (cpu != null && memory != null) {
            p = p.withMemory(memory.upper(), memory.lower());
        }
        return p.withStep(Integer.parseInt(f.get("step")))
                .withInstances(Integer.parseInt(f.get("min")), Integer.parseInt(f.get("max")));
    }

    static String encode(NodeScalingPolicy p) {
        return bounds(p.cpu().orElse(null), p.memory().orElse(null)) + ";step=" + p.step() + ";min=" + p.minNodes()
                + ";max=" + p.maxNodes() + ";type=" + p.instanceType().orElse("") + ";unplaceable="
                + p.scalesOutWhenUnplaceable();
    }

    static NodeScalingPolicy decodeCluster(String text) {
        Map<String, String> f = Streak.fields(text);
        ScalingBounds cpu = bounds(f.get("cpu"));
        ScalingBounds memory = bounds(f.get("memory"));
        int max = Integer.parseInt(f.get("max"));
        NodeScalingPolicy p = cpu != null ? NodeScalingPolicy.cpu(cpu.upper(), cpu.lower(), max)
                : NodeScalingPolicy.memory(memory.upper(), memory.lower(), max);
        p = p.withStep(Integer.parseInt(f.get("step"))).withNodes(Integer.parseInt(f.get("min")), max)
                .withScaleOutWhenUnplaceable(Boolean.parseBoolean(f.get("unplaceable")));
        String type = f.getOrDefault("type", "");
        return type.isEmpty() ? p : p.withInstanceType(type);
    }

    private static String bounds(ScalingBounds cpu, ScalingBounds memory) {
        return "cpu=" + text(cpu) + ";memory=" + text(memory);
    }

    private static String text(ScalingBounds b) {
        return b == null ? "" : (b.upper() == null ? "" : b.upper()) + "/" + (b.lower() == null ? "" : b.lower());
    }

    private static ScalingBounds bounds(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String[] parts = text.split("/", -1);
        return new ScalingBounds(parts[0].isEmpty() ? null : Integer.valueOf(parts[0]),
                parts[1].isEmpty() ? null : Integer.valueOf(parts[1]));
    }
}
