package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.core.error.AcsException;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.ParseResult;
import dev.acs.compose.Templates;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.Placement;
import dev.acs.core.placement.PlacementPlan;
import dev.acs.core.placement.PlacementRequest;
import dev.acs.core.placement.Strategy;
import dev.acs.core.placement.Task;
import dev.acs.core.placement.Unplaced;
import dev.acs.scheduler.SwarmScheduler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code acs plan --cluster CLUSTER.yaml [--strategy spread|binpack|random] [--profile P] [--env K=V]...
 * [--env-file FILE]... [--config-set FILE] [--compose-profile NAME]... [--json] TEMPLATE}: where the scheduler would
 * put every container of a template on the cluster described by {@link ClusterFile}. The template options are
 * {@link TemplateOptions}, shared with {@code validate} and {@code deploy}: the same file gets the same verdict; the
 * profile (detected from the file when not given) is printed first.
 * Exit 0 when every container is placed, 3 when some are not, 1 for an invalid cluster file or template, 2 for bad
 * usage. {@code --json} prints {@code {"placed":[{"service","index","node","zone"}],
 * "unplaced":[{"service","index","reasons":[...]}]}}.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show where the scheduler would place every container of a template on a described cluster.")
public final class PlanCommand implements Callable<Integer> {
    /** Exit code for invalid input. */
    static final int EXIT_INVALID = AcsCli.EXIT_INVALID;
    /** Exit code when some containers are unplaced. */
    static final int EXIT_PARTIAL = AcsCli.EXIT_FAILED;

    /** Turns a template's bytes into an application; bad templates fail with an {@link AcsException}. */
    @FunctionalInterface
    interface TemplateReader {
        /**
         * @param utf8    the template, as the file's UTF-8 bytes
         * @param options the parse options of {@link TemplateOptions} (application name: the file's base name)
         */
        AppSpec read(byte[] utf8, ParseOptions options);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cluster", required = true, paramLabel = "CLUSTER.yaml",
            description = "Cluster file: 'nodes:' with {name, zone, cpus, memory, gpus, labels} per node.")
    Path cluster;

    @Option(names = "--strategy", paramLabel = "spread|binpack|random",
            description = "Strategy for this plan (a service's aliyun.strategy label still wins).")
    String strategy;

    @CommandLine.Mixin
    TemplateOptions templateOptions = new TemplateOptions();

    @Option(names = "--json", description = "Print the plan as one JSON object.")
    boolean json;

    @Parameters(paramLabel = "TEMPLATE", description = "The orchestration template.")
    Path template;

    private final TemplateReader templates;

    /** The command with the SDK's template parser. */
    public PlanCommand() {
        this(PlanCommand::parseTemplate);
    }

    PlanCommand(TemplateReader templates) {
        this.templates = templates;
    }

    /** Reads the template with acs-compose; a template with errors fails with its located diagnostics. */
    private static AppSpec parseTemplate(byte[] utf8, ParseOptions options) {
        return Templates.parse(utf8, options).orElseThrow();
    }

    @Override
    public Integer call() {
        Strategy chosen = strategy();
        templateOptions.checkUsage(spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Node> nodes;
        AppSpec app;
        try {
            nodes = ClusterFile.parse(cluster.toString(), read(cluster));
            byte[] text = readBytes(template);
            TemplateOptions.Resolved resolved = templateOptions.resolve(spec.commandLine(), template, text, err);
            if (!json) {
                out.println(resolved.profileLine());
            }
            if (!resolved.valid()) {
                err.flush();
                return EXIT_INVALID;
            }
            app = templates.read(text, resolved.options().build());
        } catch (AcsException e) {
            err.println("acs plan: " + e.getMessage());
            err.flush();
            return EXIT_INVALID;
        }
        List<Task> tasks = new ArrayList<>();
        for (ServiceSpec s : app.services()) {
            int count = s.global() ? 1 : s.scale();
            for (int i = 1; i <= count; i++) {
                tasks.add(new Task(app.name(), s, i));
            }
        }
        PlacementPlan plan = new SwarmScheduler().place(new PlacementRequest(tasks, chosen),
                new ClusterSnapshot(nodes, List.of()));
        Map<String, Node> byId = nodes.stream().collect(Collectors.toMap(Node::id, Function.identity()));
        if (json) {
            out.println(toJson(plan, byId));
        } else {
            for (Placement p : plan.placed()) {
                Node n = byId.get(p.nodeId());
                out.printf(Locale.ROOT, "%s#%d -> %s (%s)%n", p.task().service().name(), p.task().index(), n.name(),
                        n.zone().zoneId());
            }
            for (Unplaced u : plan.unplaced()) {
                out.printf(Locale.ROOT, "%s#%d unplaced: %s%n", u.task().service().name(), u.task().index(),
                        u.summary());
            }
        }
        out.flush();
        return plan.isComplete() ? 0 : EXIT_PARTIAL;
    }

    private Strategy strategy() {
        if (strategy == null) {
            return null;
        }
        try {
            return Strategy.valueOf(strategy.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--strategy '" + strategy + "' is not one of spread, binpack, random");
        }
    }

    /** A file's text; an unreadable file is {@code INVALID_ARGUMENT}. */
    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw AcsException.invalidArgument(file + " is not UTF-8 text: save it as UTF-8");
        } catch (java.nio.file.NoSuchFileException e) {
            throw AcsException.invalidArgument(missing(file));
        } catch (IOException e) {
            throw AcsException.invalidArgument("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A file's bytes; an unreadable file is {@code INVALID_ARGUMENT}. */
    static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw AcsException.invalidArgument(missing(file));
        } catch (IOException e) {
            throw AcsException.invalidArgument("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The message for a file that does not exist: the name as given and where it was looked for. */
    static String missing(Path file) {
        return file + " does not exist (looked for " + file.toAbsolutePath().normalize() + ")";
    }

    /** The application name a template file stands for: its base name. */
    static String appName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String toJson(PlacementPlan plan, Map<String, Node> byId) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode placed = root.putArray("placed");
        for (Placement p : plan.placed()) {
            Node n = byId.get(p.nodeId());
            placed.addObject().put("service", p.task().service().name()).put("index", p.task().index())
                    .put("node", n.name()).put("zone", n.zone().zoneId());
        }
        ArrayNode unplaced = root.putArray("unplaced");
        for (Unplaced u : plan.unplaced()) {
            ObjectNode o = unplaced.addObject().put("service", u.task().service().name())
                    .put("index", u.task().index());
            ArrayNode reasons = o.putArray("reasons");
            u.reasons().forEach(reasons::add);
        }
        return root.toString();
    }
}
