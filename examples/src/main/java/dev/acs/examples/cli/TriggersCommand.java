package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.core.api.Trigger;
import dev.acs.core.api.TriggerCall;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.Application;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.FileStateStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code acs triggers --state DIR [--cluster NAME] [--history TRIGGER | --delete TRIGGER] [--json] APP}: the triggers of
 * an application deployed with {@code acs deploy --state DIR} (those {@code acs serve --trigger} created): without an
 * option, one row per trigger, {@code TRIGGER TYPE CREATED PATH} (the path without its secret, which is never kept);
 * {@code --history} prints a trigger's latest calls, newest first, {@code TIME SOURCE STATUS OUTCOME OPERATION} (the
 * product's webhook history); {@code --delete} deletes a trigger, whose URL answers 404 from then on. Only the state
 * is read and written; no engine is called. {@code --json} prints {@code {"app","triggers":[{"id","type","spec",
 * "path","createdAt"}]}} or {@code {"app","trigger","calls":[{"time","source","status","outcome","operation"}]}}.
 *
 * <p>Exit codes: 0 done, 1 no such cluster, application or trigger in the state directory, 2 bad usage.
 */
@Command(name = "triggers", mixinStandardHelpOptions = true,
        description = "List an application's triggers, show a trigger's call history or delete a trigger"
                + " (state of acs deploy --state).")
public final class TriggersCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--state", paramLabel = "DIR", required = true,
            description = "The state directory of acs deploy --state.")
    Path state;

    @CommandLine.Mixin
    ClusterOption cluster = new ClusterOption();

    @Option(names = "--history", paramLabel = "TRIGGER", description = "Print this trigger's latest calls.")
    String history;

    @Option(names = "--delete", paramLabel = "TRIGGER", description = "Delete this trigger.")
    String delete;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Parameters(paramLabel = "APP", description = "The application.")
    String app;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (history != null && delete != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --history or --delete, not both");
        }
        if (!Files.isDirectory(state)) {
            err.println("acs triggers: " + state + " is not a state directory (give the --state of acs deploy)");
            err.flush();
            return AcsCli.EXIT_INVALID;
        }
        try (StateStore store = FileStateStore.open(state);
             ControlPlane plane = StatePlane.stateOnly(store)) {
            Application application = cluster.requireApplication(plane, app, state);
            if (delete != null) {
                requireTrigger(plane, application, delete);
                plane.triggers().delete(application.id(), delete);
                out.println(json ? new ObjectMapper().createObjectNode().put("app", app).put("deleted", delete)
                        : "deleted trigger " + delete + " of " + app);
            } else if (history != null) {
                printHistory(plane, application, out);
            } else {
                printTriggers(plane.triggers().list(application.id()), out);
            }
            out.flush();
            return AcsCli.EXIT_OK;
        } catch (AcsException e) {
            err.println("acs triggers: " + e.getMessage());
            err.flush();
            return AcsCli.exitCode(e);
        }
    }

    private void requireTrigger(ControlPlane plane, Application application, String id) {
        if (plane.triggers().list(application.id()).stream().noneMatch(t -> t.id().equals(id))) {
            throw AcsException.invalidArgument("no trigger '" + id + "' on application '" + app + "'");
        }
    }

    private void printTriggers(List<Trigger> triggers, PrintWriter out) {
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode().put("app", app);
            ArrayNode list = root.putArray("triggers");
            for (Trigger t : triggers) {
                list.addObject().put("id", t.id()).put("type", t.spec().type().name()).put("spec", t.spec().toString())
                        .put("path", t.path()).put("createdAt", t.createdAt().toString());
            }
            out.println(root);
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TRIGGER", "TYPE", "CREATED", "PATH"});
        for (Trigger t : triggers) {
            rows.add(new String[] {t.id(), t.spec().toString(), t.createdAt().toString(), t.path()});
        }
        DeployReport.table(out, rows);
    }

    private void printHistory(ControlPlane plane, Application application, PrintWriter out) {
        requireTrigger(plane, application, history);
        List<TriggerCall> calls = plane.triggers().history(application.id(), history);
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode().put("app", app).put("trigger", history);
            ArrayNode list = root.putArray("calls");
            for (TriggerCall c : calls) {
                list.addObject().put("time", c.time().toString()).put("source", c.source()).put("status", c.status())
                        .put("outcome", c.outcome()).put("operation", c.operationId());
            }
            out.println(root);
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TIME", "SOURCE", "STATUS", "OUTCOME", "OPERATION"});
        for (TriggerCall c : calls) {
            rows.add(new String[] {c.time().toString(), c.source(), Integer.toString(c.status()), c.outcome(),
                    c.operationId() == null ? "-" : c.operationId()});
        }
        DeployReport.table(out, rows);
    }
}
