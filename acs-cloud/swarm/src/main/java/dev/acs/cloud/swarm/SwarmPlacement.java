package dev.acs.cloud.swarm;

import dev.acs.core.model.PlacementRule;

import java.util.ArrayList;
import java.util.List;

/**
 * Our placement rules as Swarm-mode constraints. A hard {@code constraint:} with an exact value becomes
 * {@code node.hostname} (for the key {@code node}) or {@code node.labels.<key>} with the same operator. What Swarm mode
 * cannot express becomes a {@link SwarmProblem}: classic affinity to services, images or containers; soft rules
 * ({@code ==~}); patterns (globs, {@code /regex/}, value sets); {@code aliyun.node_index}; and {@code availability:az}
 * and spread preferences (docker-java's service API has no placement preferences).
 */
final class SwarmPlacement {
    private SwarmPlacement() {
    }

    /** The constraints of {@code rules}; problems are added to {@code problems}. */
    static List<String> constraints(String service, List<PlacementRule> rules, List<SwarmProblem> problems) {
        List<String> constraints = new ArrayList<>();
        for (PlacementRule rule : rules) {
            String problem = problem(rule);
            if (problem != null) {
                problems.add(new SwarmProblem(service, rule.toDirective(), problem));
                continue;
            }
            String subject = rule.key().equals("node") ? "node.hostname" : "node.labels." + rule.key();
            constraints.add(subject + rule.operator().symbol() + rule.value());
        }
        return constraints;
    }

    private static String problem(PlacementRule rule) {
        return switch (rule.kind()) {
            case AFFINITY -> "Swarm mode places by node attributes only and has no affinity to services, images or "
                    + "containers: express it as a node label constraint (deploy.placement.constraints) or remove it";
            case AVAILABILITY_ZONE -> "spreading over zones is a placement preference, which this runtime cannot set: "
                    + "remove it, or constrain to zones with node labels";
            case CONSTRAINT -> constraintProblem(rule);
            case SPREAD -> "placement preferences cannot be set on Swarm-mode services through this runtime"
                    + " (docker-java's service API has none): remove deploy.placement.preferences, or deploy onto"
                    + " engines (--engine), whose scheduler spreads over the label";
        };
    }

    private static String constraintProblem(PlacementRule rule) {
        if (rule.soft()) {
            return "Swarm mode has no soft constraints: make it a hard one ('" + rule.key()
                    + rule.operator().symbol() + rule.value() + "') or remove it";
        }
        if (rule.key().equals("aliyun.node_index")) {
            return "Swarm nodes have no index: constrain on node.hostname or a node label instead";
        }
        String v = rule.value();
        if (v.isEmpty() || v.startsWith("/") || v.startsWith("(") || v.contains("*") || v.contains("?")
                || v.contains("[")) {
            return "Swarm constraints compare exact values: '" + v + "' is a pattern or a set; list one exact value";
        }
        if (!rule.key().matches("[A-Za-z0-9._-]+") || v.contains(" ") || v.contains("=")) {
            return "'" + rule.key() + "' / '" + v + "' cannot be written as a Swarm constraint: use letters, digits, "
                    + "'.', '_' and '-'";
        }
        return null;
    }
}
