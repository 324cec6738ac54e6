package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.ServiceSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The order services deploy in ({@code aliyun.depends}, {@code depends_on}): dependencies first. */
final class DependencyOrder {
    private DependencyOrder() {
    }

    /**
     * The services in an order where every service comes after its dependencies ({@code aliyun.depends} and
     * {@code depends_on}), declaration order otherwise.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} for an unknown dependency or a cycle
     */
    static List<String> of(AppSpec spec) {
        Map<String, ServiceSpec> byName = new LinkedHashMap<>();
        spec.services().forEach(s -> byName.put(s.name(), s));
        for (ServiceSpec s : spec.services()) {
            for (String d : s.dependsOn()) {
                if (!byName.containsKey(d)) {
                    throw AcsException.invalidArgument("service '" + s.name() + "' depends on '" + d
                            + "', which the application does not declare");
                }
            }
        }
        List<String> order = new ArrayList<>();
        Set<String> visiting = new HashSet<>();
        for (String name : byName.keySet()) {
            visit(name, byName, visiting, order, new ArrayList<>());
        }
        return order;
    }

    private static void visit(String name, Map<String, ServiceSpec> byName, Set<String> visiting, List<String> order,
                              List<String> path) {
        if (order.contains(name)) {
            return;
        }
        path.add(name);
        if (!visiting.add(name)) {
            throw AcsException.invalidArgument("services depend on each other in a cycle: " + String.join(" -> ", path));
        }
        for (String d : byName.get(name).dependsOn()) {
            visit(d, byName, visiting, order, path);
        }
        visiting.remove(name);
        path.remove(path.size() - 1);
        order.add(name);
    }
}
