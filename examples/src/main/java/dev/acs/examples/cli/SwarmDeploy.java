package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.cloud.swarm.SwarmNodeView;
import dev.acs.cloud.swarm.SwarmOrchestrator;
import dev.acs.cloud.swarm.SwarmProblem;
import dev.acs.cloud.swarm.SwarmServiceView;
import dev.acs.cloud.swarm.SwarmTaskView;
import dev.acs.cloud.tls.CertificateBundle;
import dev.acs.compose.Diagnostic;
import dev.acs.compose.Templates;
import dev.acs.core.model.AppSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code acs deploy --swarm ENDPOINT}: deploys a template onto a Docker Swarm-mode cluster through one of its managers
 * ({@link SwarmOrchestrator}). Swarm is the scheduler there: it places the tasks, restarts and reschedules them and
 * rolls updates back; this command translates the template, refuses what Swarm mode cannot express (one located
 * diagnostic per problem, {@code FILE:LINE:COLUMN: error KEY-020: ...}, exit 1), deploys (or, when the application is on the swarm already, updates it in place) and waits until
 * every service runs its tasks, then prints them: service, slot, node, state, container, image.
 */
final class SwarmDeploy {
    private static final Duration CALL = Duration.ofSeconds(30);

    private final List<String> managers;
    private final CertificateBundle tls;
    private final boolean routingMesh;
    private final Duration timeout;
    private final boolean json;
    private final PrintWriter out;
    private final PrintWriter err;

    SwarmDeploy(List<String> managers, CertificateBundle tls, boolean routingMesh, Duration timeout, boolean json,
                PrintWriter out, PrintWriter err) {
        this.managers = List.copyOf(managers);
        this.tls = tls;
        this.routingMesh = routingMesh;
        this.timeout = timeout;
        this.json = json;
        this.out = out;
        this.err = err;
    }

    /**
     * Deploys or updates {@code app}, parsed from {@code text} of the file {@code template}; returns the exit code.
     * What Swarm mode cannot run is printed as the template's diagnostics are, located at the rule in the text.
     */
    int deploy(AppSpec app, String template, String text) {
        try (SwarmOrchestrator swarm = orchestrator()) {
            List<SwarmProblem> problems = swarm.check(app);
            if (!problems.isEmpty()) {
                for (SwarmProblem p : problems) {
                    Diagnostic d = Templates.runtimeError(text, p.service(), p.key(), "Swarm mode cannot run "
                            + p.key() + " of service '" + p.service() + "': " + p.message());
                    err.println(template + ":" + d.line() + ":" + d.column() + ": " + d.severity().id() + " "
                            + d.code().id() + ": " + d.message());
                }
                err.flush();
                return AcsCli.EXIT_INVALID;
            }
            List<SwarmNodeView> nodes = swarm.connect(CALL);
            if (!json) {
                out.printf(Locale.ROOT, "swarm: %d nodes (%d ready) through manager %s; Swarm's own scheduler places"
                        + " the tasks, the control plane does not%n", nodes.size(),
                        nodes.stream().filter(SwarmNodeView::ready).count(), swarm.currentManager());
                out.flush();
            }
            boolean update = swarm.apps(CALL).contains(app.name());
            if (update) {
                if (!json) {
                    out.println("application '" + app.name() + "' is on the swarm: updating it in place (Swarm rolls"
                            + " the change out and rolls it back when it fails)");
                    out.flush();
                }
                swarm.update(app, CALL);
            } else {
                swarm.deploy(app, CALL);
            }
            Duration wait = timeout.multipliedBy(app.services().size()).plusMinutes(1);
            boolean ready = awaitRunning(swarm, app, wait);
            print(swarm, app.name(), ready);
            return ready ? 0 : AcsCli.EXIT_FAILED;
        }
    }

    /** Removes application {@code name} from the swarm; returns the exit code. */
    int delete(String name) {
        try (SwarmOrchestrator swarm = orchestrator()) {
            swarm.connect(CALL);
            if (!swarm.apps(CALL).contains(name)) {
                err.println("acs deploy: no application '" + name + "' on the swarm at " + swarm.currentManager());
                err.flush();
                return AcsCli.EXIT_INVALID;
            }
            swarm.remove(name, CALL);
            if (json) {
                out.println(new ObjectMapper().createObjectNode().put("app", name).put("state", "DELETED"));
            } else {
                out.println("deleted application '" + name + "' and its services from the swarm");
            }
            out.flush();
            return 0;
        }
    }

    private SwarmOrchestrator orchestrator() {
        SwarmOrchestrator.Builder b = SwarmOrchestrator.builder().routingMesh(routingMesh);
        managers.forEach(b::manager);
        if (tls != null) {
            b.tls(tls);
        }
        return b.build();
    }

    /**
     * Waits until each replicated service runs its replicas and each global service runs a task on every node Swarm
     * wants one on; false when an update was rolled back or the time is up.
     */
    private boolean awaitRunning(SwarmOrchestrator swarm, AppSpec app, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            List<SwarmServiceView> services = swarm.services(app.name(), CALL);
            if (services.stream().anyMatch(SwarmServiceView::rolledBack)) {
                services.stream().filter(SwarmServiceView::rolledBack).forEach(s -> err.println("acs deploy: the "
                        + "update of service '" + s.name() + "' failed and Swarm rolled it back: " + s.updateMessage()));
                err.flush();
                return false;
            }
            List<SwarmTaskView> tasks = swarm.tasks(app.name(), CALL);
            boolean updating = services.stream().anyMatch(s -> "updating".equals(s.updateState())
                    || "rollback_started".equals(s.updateState()));
            if (!updating && services.size() == app.services().size()
                    && services.stream().allMatch(s -> runs(s, tasks))) {
                return true;
            }
            pause();
        }
        err.println("acs deploy: the services did not all run their tasks within " + wait);
        err.flush();
        return false;
    }

    private static boolean runs(SwarmServiceView s, List<SwarmTaskView> tasks) {
        List<SwarmTaskView> wanted = tasks.stream().filter(t -> t.service().equals(s.name())
                && "running".equals(t.desiredState())).toList();
        long running = wanted.stream().filter(SwarmTaskView::running).count();
        return s.global() ? !wanted.isEmpty() && running == wanted.size() : running == s.replicas();
    }

    private void print(SwarmOrchestrator swarm, String app, boolean ready) {
        Map<String, String> hosts = swarm.nodes(CALL).stream()
                .collect(Collectors.toMap(SwarmNodeView::id, SwarmNodeView::hostname, (a, b) -> a));
        List<SwarmTaskView> tasks = swarm.tasks(app, CALL).stream()
                .filter(t -> "running".equals(t.desiredState())).toList();
        Function<SwarmTaskView, String> node = t -> t.nodeId() == null ? "-" : hosts.getOrDefault(t.nodeId(),
                t.nodeId());
        String state = ready ? "READY" : "FAILED";
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode().put("app", app).put("state", state)
                    .put("orchestrator", "swarm");
            ArrayNode list = root.putArray("tasks");
            for (SwarmTaskView t : tasks) {
                list.addObject().put("service", t.service()).put("slot", t.slot()).put("node", node.apply(t))
                        .put("state", t.state()).put("container", t.containerId()).put("image", t.image())
                        .put("error", t.error());
            }
            out.println(root);
        } else {
            out.printf(Locale.ROOT, "application %s is %s%n", app, state);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"SERVICE", "SLOT", "NODE", "STATE", "CONTAINER", "IMAGE"});
            for (SwarmTaskView t : tasks) {
                String id = t.containerId() == null ? "-" : t.containerId().substring(0,
                        Math.min(12, t.containerId().length()));
                rows.add(new String[] {t.service(), Integer.toString(t.slot()), node.apply(t),
                        t.state() + (t.error() == null || t.error().isBlank() ? "" : " (" + t.error() + ")"), id,
                        t.image()});
            }
            DeployReport.table(out, rows);
        }
        out.flush();
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.acs.core.error.AcsException(dev.acs.core.error.ErrorCode.CANCELLED, "interrupted", e);
        }
    }
}
