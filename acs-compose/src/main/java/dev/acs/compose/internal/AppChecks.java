package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.core.model.PortMapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cross-service rules of one template: dependencies, links, SLB use, proxy scope. */
final class AppChecks {
    private final Reporter r;
    private final List<Draft> drafts;
    private final Map<String, Draft> byName = new HashMap<>();

    AppChecks(Reporter r, List<Draft> drafts) {
        this.r = r;
        this.drafts = drafts;
        drafts.forEach(d -> byName.put(d.name, d));
    }

    void run() {
        dependencies();
        links();
        loadBalancers();
        boolean proxy = drafts.stream().anyMatch(d -> d.proxyAddon);
        for (Draft d : drafts) {
            if (!proxy && !d.proxyLabels.isEmpty()) {
                r.warn(DiagnosticCode.LBL_023, d.path + ".labels", d.proxyLabels.get(0), "aliyun.proxy.* labels (but"
                        + " VIRTUAL_HOST and required, which the routing layer honours) have"
                        + " no effect unless a service with aliyun.custom_addon: proxy serves this application");
            }
        }
    }

    private void dependencies() {
        for (Draft d : drafts) {
            List<String> valid = new ArrayList<>();
            d.dependsOn.forEach((name, at) -> {
                if (name.equals(d.name)) {
                    r.error(DiagnosticCode.LBL_006, d.path + ".labels.aliyun.depends", at, "service '" + d.name
                            + "' depends on itself: remove it from aliyun.depends");
                } else if (!byName.containsKey(name) && d.optionalDependencies.contains(name)) {
                    r.warn(DiagnosticCode.KEY_024, d.path + ".depends_on." + name, at, "service '" + d.name
                            + "' depends on '" + name + "', which is not deployed (not in this template, or of an"
                            + " inactive profile); declared required: false, so '" + d.name + "' starts without it");
                } else if (!byName.containsKey(name)) {
                    r.error(DiagnosticCode.LBL_006, d.path + ".labels.aliyun.depends", at, "service '" + d.name
                            + "' depends on '" + name + "', which is not a service of this template"
                            + r.didYouMean(name, byName.keySet()));
                } else {
                    valid.add(name);
                }
            });
            d.builder.dependsOn(valid);
            d.builder.optionalDependencies(d.optionalDependencies.stream().filter(valid::contains)
                    .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)));
        }
        Set<String> done = new HashSet<>();
        Set<String> onPath = new HashSet<>();
        for (Draft d : drafts) {
            List<String> trail = new ArrayList<>();
            if (cycle(d.name, done, onPath, trail)) {
                r.error(DiagnosticCode.LBL_006, d.path + ".labels.aliyun.depends", d.dependsOn.values().iterator().next(),
                        "dependency cycle " + String.join(" -> ", trail) + ": break it");
                return;
            }
        }
    }

    private void links() {
        for (Draft d : drafts) {
            d.links.forEach((link, at) -> {
                String target = link.contains(":") ? link.substring(0, link.indexOf(':')) : link;
                if (!byName.containsKey(target)) {
                    r.warn(DiagnosticCode.KEY_018, d.path + ".links", at, "link '" + link + "' names '" + target
                            + "', which is not a service of this template" + r.didYouMean(target, byName.keySet())
                            + "; use external_links for names outside the application");
                }
            });
        }
    }

    /**
     * Whether a dependency cycle is reachable from {@code start}; if so {@code trail} holds the path from
     * {@code start} to the service that closes it. Iterative (an explicit stack), so a long chain costs no
     * stack; every service is visited once over all calls sharing {@code done}.
     */
    private boolean cycle(String start, Set<String> done, Set<String> onPath, List<String> trail) {
        if (!done.add(start)) {
            return false;
        }
        java.util.Deque<java.util.Iterator<String>> pending = new java.util.ArrayDeque<>();
        onPath.add(start);
        trail.add(start);
        pending.push(byName.get(start).dependsOn.keySet().iterator());
        while (!pending.isEmpty()) {
            java.util.Iterator<String> deps = pending.peek();
            String current = trail.get(trail.size() - 1);
            if (!deps.hasNext()) {
                pending.pop();
                onPath.remove(current);
                trail.remove(trail.size() - 1);
                continue;
            }
            String dep = deps.next();
            if (!byName.containsKey(dep) || dep.equals(current)) {
                continue;
            }
            if (onPath.contains(dep)) {
                trail.add(dep);
                return true;
            }
            if (done.add(dep)) {
                onPath.add(dep);
                trail.add(dep);
                pending.push(byName.get(dep).dependsOn.keySet().iterator());
            }
        }
        return false;
    }

    private void loadBalancers() {
        Map<String, String> owner = new HashMap<>();
        for (Draft d : drafts) {
            List<PortMapping> ports = d.ports;
            d.loadBalancers.forEach((lb, at) -> {
                String slb = lb.loadBalancer();
                int port = lb.containerPort();
                String p = d.path + ".labels.aliyun.lb.port_" + port;
                List<PortMapping> fixed = ports.stream().filter(m -> m.containerPort() == port && m.hasFixedHostPort()).toList();
                if (fixed.isEmpty()) {
                    r.error(DiagnosticCode.LBL_010, p, at, "aliyun.lb.port_" + port + " needs a ports entry that maps"
                            + " an explicit host port to container port " + port + ", e.g. - " + port + ":" + port);
                } else if (lb.scheme().equals("udp") != (fixed.get(0).protocol() == PortMapping.Protocol.UDP)) {
                    r.warn(DiagnosticCode.LBL_009, p, at, "scheme " + lb.scheme() + " disagrees with the port's protocol "
                            + fixed.get(0).protocol().id() + ": make them match");
                }
                String previous = owner.putIfAbsent(slb, d.name);
                if (previous != null && !previous.equals(d.name)) {
                    r.error(DiagnosticCode.LBL_011, p, at, "SLB '" + slb + "' is already used by service '" + previous
                            + "': services must not share an SLB instance");
                }
            });
        }
    }
}
