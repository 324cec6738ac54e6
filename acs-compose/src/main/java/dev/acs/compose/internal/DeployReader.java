package dev.acs.compose.internal;

import dev.acs.compose.ComposeDuration;
import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.TemplateFormat;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.ByteSize;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.Resources;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.model.RollingUpdate;

import java.time.Duration;
import java.util.Set;

/**
 * Reads a service's {@code deploy} (version 3 and Compose Specification files): replicas, mode, placement constraints
 * and spread preferences, update_config, the order of {@code rollback_config}, resource limits (applied by the runtime) and reservations (scheduled), and
 * {@code restart_policy}. Every other part of {@code deploy} is reported ({@code KEY-020}: no runtime applies it), so
 * none is dropped silently.
 */
final class DeployReader {
    /** The parts of {@code deploy} that are read, by their path below {@code deploy}. */
    static final Set<String> APPLIED = Set.of("replicas", "mode", "placement", "placement.constraints",
            "placement.preferences",
            "update_config", "update_config.parallelism", "update_config.delay", "update_config.failure_action",
            "update_config.order", "update_config.monitor", "rollback_config", "rollback_config.order", "resources", "resources.limits", "resources.limits.memory",
            "resources.limits.cpus", "resources.limits.pids", "resources.reservations", "resources.reservations.cpus",
            "resources.reservations.memory", "restart_policy", "restart_policy.condition",
            "restart_policy.max_attempts");

    private final ParseOptions options;
    private final TemplateFormat format;
    private final Reporter r;
    private final ContainerKeys containerKeys;

    DeployReader(ParseOptions options, TemplateFormat format, Reporter reporter, ContainerKeys containerKeys) {
        this.options = options;
        this.format = format;
        this.r = reporter;
        this.containerKeys = containerKeys;
    }

    /**
     * A Swarm-mode constraint ({@code node.labels.group == 1}, {@code node.hostname != n1}) in the classic form:
     * spaces removed, {@code node.labels.} dropped, {@code node.hostname} read as the node name {@code node}.
     */
    static String swarmModeConstraint(String text) {
        String t = text.replace(" ", "");
        if (t.startsWith("node.labels.")) {
            return t.substring("node.labels.".length());
        }
        if (t.startsWith("node.hostname")) {
            return "node" + t.substring("node.hostname".length());
        }
        return t;
    }

    /** Swarm-mode {@code deploy}: replicas, mode, placement constraints, reservations, update parallelism. */
    void read(Draft d, String p, YNode.YMap.Entry e) {
        if (format != TemplateFormat.V3 && format != TemplateFormat.SPEC) {
            r.warn(DiagnosticCode.KEY_017, p, e, "deploy is a version 3 key and is ignored in a " + format.id()
                    + " template: use aliyun.scale and aliyun.global");
            return;
        }
        if (!(e.value() instanceof YNode.YMap dm)) {
            r.error(DiagnosticCode.KEY_013, p, e, "deploy must be a mapping");
            return;
        }
        if (dm.has("replicas")) {
            String t = Values.text(dm.get("replicas"), r, p + ".replicas");
            int n = t == null ? -1 : Values.natural(t);
            if (n < 0) {
                r.error(DiagnosticCode.LBL_001, p + ".replicas", dm.get("replicas"), "replicas must be a non-negative integer");
            } else if (n > options.maxScale()) {
                r.error(DiagnosticCode.LBL_026, p + ".replicas", dm.get("replicas"), "replicas " + n + " is above the"
                        + " maximum of " + options.maxScale() + " containers per service: lower it");
            } else {
                d.scale = n;
                d.builder.scale(n);
            }
        }
        if (dm.get("placement") instanceof YNode.YMap pl && pl.has("constraints")) {
            String cp = p + ".placement.constraints";
            Values.items(pl.get("constraints"), r, cp, (item, ip) -> {
                String t = Values.text(item, r, ip);
                if (t != null) {
                    PlacementRule rule = Directives.rule("constraint:" + swarmModeConstraint(t), r, ip, item);
                    if (rule != null) {
                        d.rules.add(rule);
                    }
                }
            });
        }
        if (dm.get("placement") instanceof YNode.YMap pl && pl.has("preferences")) {
            preferences(d, p + ".placement.preferences", pl.get("preferences"));
        }
        if (dm.has("mode") && "global".equals(Values.plain(dm.get("mode")))) {
            d.global = true;
            d.builder.global(true);
        }
        RollingUpdate.Order rollback = dm.get("rollback_config") instanceof YNode.YMap rc && rc.has("order")
                ? order(rc, p + ".rollback_config") : null;
        if (dm.get("update_config") instanceof YNode.YMap uc) {
            updateConfig(d, p + ".update_config", uc, rollback);
        } else if (rollback != null) {
            d.builder.rollingUpdate(RollingUpdate.DISABLED.withOrders(null, rollback));
        }
        if (dm.get("resources") instanceof YNode.YMap res && res.get("limits") instanceof YNode.YMap lim) {
            String lp = p + ".resources.limits";
            if (lim.has("memory")) {
                try {
                    d.container.memoryLimit(ByteSize.parse(String.valueOf(Values.plain(lim.get("memory")))));
                } catch (AcsException ex) {
                    r.error(DiagnosticCode.KEY_009, lp + ".memory", lim.get("memory"), "limits.memory: " + ex.getMessage());
                }
            }
            if (lim.has("cpus")) {
                containerKeys.read("cpus", lp + ".cpus", lim.get("cpus"), d.container);
            }
            if (lim.has("pids")) {
                containerKeys.read("pids_limit", lp + ".pids", lim.get("pids"), d.container);
            }
        }
        if (dm.get("resources") instanceof YNode.YMap res && res.get("reservations") instanceof YNode.YMap rv) {
            long cpu = 0;
            long mem = 0;
            try {
                if (rv.has("cpus")) {
                    cpu = Math.round(Double.parseDouble(String.valueOf(Values.plain(rv.get("cpus")))) * Resources.UNITS_PER_CORE);
                }
                if (rv.has("memory")) {
                    mem = ByteSize.parse(String.valueOf(Values.plain(rv.get("memory"))));
                }
                if (cpu < 0) {
                    throw new NumberFormatException("negative cpus");
                }
                d.cpuUnits = cpu;
                d.memoryBytes = mem;
                if (mem > 0) {
                    // a reservation is scheduled and is the engine's soft limit; only limits.memory is a hard one
                    d.container.memoryReservation(mem);
                    if (!(res.get("limits") instanceof YNode.YMap lm && lm.has("memory"))) {
                        d.container.memoryLimit(0L);
                    }
                }
            } catch (NumberFormatException | AcsException ex) {
                r.error(DiagnosticCode.KEY_009, p + ".resources.reservations", rv, "reservations need cpus as a number"
                        + " and memory as a size such as 512m");
            }
        }
        restartPolicy(d, p, dm);
        unapplied(p, "", dm);
    }

    /**
     * {@code placement.preferences}: {@code - spread: node.labels.<key>} becomes a spread rule the scheduler applies
     * (replicas spread over the label's values, softly). Only the first preference is applied; later ones (Swarm
     * spreads within the groups of the earlier ones) are reported (KEY-020).
     */
    private void preferences(Draft d, String p, YNode node) {
        boolean[] first = {true};
        Values.items(node, r, p, (item, ip) -> {
            Object spread = item instanceof YNode.YMap m && m.size() == 1 && m.has("spread")
                    ? Values.plain(m.get("spread")) : null;
            String t = spread == null ? null : String.valueOf(spread).strip();
            if (t == null || !t.startsWith("node.labels.") || t.length() == "node.labels.".length()) {
                r.error(DiagnosticCode.KEY_013, ip, item, "a placement preference must be 'spread: node.labels.<label>'"
                        + " (spreading over the values of a node label)");
            } else if (first[0]) {
                first[0] = false;
                d.rules.add(PlacementRule.spread(t.substring("node.labels.".length())));
            } else {
                r.warn(DiagnosticCode.KEY_020, ip, item, "only the first placement preference is applied: spreading"
                        + " within the groups of an earlier one is not; remove this one or make it the first");
            }
        });
    }

    /**
     * {@code update_config}: parallelism (0 replaces every container at once), delay between batches, failure_action
     * (rollback, pause, continue), order (stop-first, start-first) and monitor. The control plane's own rolling updates
     * watch no monitor period: {@code monitor} is kept for the Swarm-mode runtime and reported (KEY-020).
     */
    private void updateConfig(Draft d, String p, YNode.YMap uc, RollingUpdate.Order rollback) {
        int parallelism = 1;
        if (uc.has("parallelism")) {
            int n = Values.natural(String.valueOf(Values.plain(uc.get("parallelism"))));
            if (n < 0) {
                r.error(DiagnosticCode.KEY_013, p + ".parallelism", uc.get("parallelism"), "parallelism must be a"
                        + " non-negative integer (0 replaces every container at once)");
                return;
            }
            parallelism = n == 0 ? Integer.MAX_VALUE : n;
        }
        Duration delay = duration(uc, "delay", p);
        Duration monitor = duration(uc, "monitor", p);
        if (monitor != null) {
            r.warn(DiagnosticCode.KEY_020, p + ".monitor", uc.get("monitor"), "update_config.monitor is applied on"
                    + " Swarm-mode clusters only: the control plane's rolling updates wait for health instead");
        }
        RollingUpdate.FailureAction action = null;
        if (uc.has("failure_action")) {
            String t = Values.text(uc.get("failure_action"), r, p + ".failure_action");
            action = t == null ? null : switch (t) {
                case "rollback" -> RollingUpdate.FailureAction.ROLLBACK;
                case "pause" -> RollingUpdate.FailureAction.PAUSE;
                case "continue" -> RollingUpdate.FailureAction.CONTINUE;
                default -> null;
            };
            if (action == null && t != null) {
                r.error(DiagnosticCode.KEY_013, p + ".failure_action", uc.get("failure_action"), "failure_action '" + t
                        + "' is not one of rollback, pause, continue");
            }
        }
        RollingUpdate.Order order = uc.has("order") ? order(uc, p) : null;
        d.builder.rollingUpdate(new RollingUpdate(true, parallelism, delay, order, action, monitor, rollback));
    }

    /** The {@code order} of an {@code update_config} or {@code rollback_config} at {@code p}: stop- or start-first. */
    private RollingUpdate.Order order(YNode.YMap config, String p) {
        String t = Values.text(config.get("order"), r, p + ".order");
        if ("start-first".equals(t)) {
            return RollingUpdate.Order.START_FIRST;
        } else if ("stop-first".equals(t)) {
            return RollingUpdate.Order.STOP_FIRST;
        } else if (t != null) {
            r.error(DiagnosticCode.KEY_013, p + ".order", config.get("order"), "order '" + t + "' is not one of"
                    + " stop-first, start-first");
        }
        return null;
    }

    private Duration duration(YNode.YMap m, String key, String p) {
        if (!m.has(key)) {
            return null;
        }
        String t = Values.text(m.get(key), r, p + "." + key);
        if (t == null) {
            return null;
        }
        try {
            Duration v = ComposeDuration.parse(t);
            if (!v.isNegative()) {
                return v;
            }
        } catch (AcsException ex) {
            // reported below
        }
        r.error(DiagnosticCode.KEY_013, p + "." + key, m.get(key), "update_config." + key + " '" + t
                + "' is not a duration such as 10s or 1m30s");
        return null;
    }

    /** {@code restart_policy}: {@code condition} none, on-failure (with {@code max_attempts}) or any. */
    private void restartPolicy(Draft d, String p, YNode.YMap dm) {
        if (!(dm.get("restart_policy") instanceof YNode.YMap rp)) {
            return;
        }
        String condition = rp.has("condition") ? Values.text(rp.get("condition"), r, p + ".restart_policy.condition")
                : "any";
        Long attempts = rp.has("max_attempts")
                ? containerKeys.integer(rp.get("max_attempts"), p + ".restart_policy.max_attempts", 0, Integer.MAX_VALUE)
                : Long.valueOf(0);
        if (condition == null || attempts == null) {
            return;
        }
        String policy = switch (condition) {
            case "none" -> "no";
            case "on-failure" -> attempts > 0 ? "on-failure:" + attempts : "on-failure";
            case "any" -> "always";
            default -> null;
        };
        if (policy == null) {
            r.error(DiagnosticCode.KEY_013, p + ".restart_policy.condition", rp.get("condition"), "restart_policy"
                    + " condition '" + condition + "' is not one of none, on-failure, any");
            return;
        }
        d.builder.restart(RestartPolicy.parse(policy));
        d.restart = policy;
        d.restartAt = rp;
    }

    /** Warns about every part of {@code deploy} below {@code m} that is not read. */
    private void unapplied(String p, String prefix, YNode.YMap m) {
        for (YNode.YMap.Entry e : m.entries()) {
            String sub = prefix.isEmpty() ? e.key() : prefix + "." + e.key();
            if (!APPLIED.contains(sub)) {
                r.warn(DiagnosticCode.KEY_020, p + "." + sub, e, "deploy." + sub + " is not applied by any runtime:"
                        + " only replicas, mode, placement constraints and preferences, update_config (parallelism,"
                        + " delay, failure_action,"
                        + " order, monitor), rollback_config.order, resources limits and"
                        + " reservations (cpus, memory) and restart_policy are");
            } else if (e.value() instanceof YNode.YMap inner && !sub.equals("placement.constraints")) {
                unapplied(p, sub, inner);
            }
        }
    }
}
