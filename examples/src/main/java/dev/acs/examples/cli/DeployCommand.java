package dev.acs.examples.cli;

import dev.acs.core.api.AppDeletion;
import dev.acs.core.api.DeployOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.cloud.docker.DockerHostPool;
import dev.acs.cloud.haproxy.HaproxyRouter;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.cloud.tls.CertificateBundle;
import dev.acs.compose.Diagnostic;
import dev.acs.compose.ParseResult;
import dev.acs.compose.TargetRuntime;
import dev.acs.compose.Templates;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Node;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.FileStateStore;
import dev.acs.scheduler.SwarmScheduler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code acs deploy --engine ENDPOINT [--engine ...] [--tls-dir DIR] [--zone Z] [--cluster NAME] [--profile P]
 * [--env K=V]... [--env-file FILE]... [--config-set FILE] [--compose-profile NAME]... [--state DIR]
 * [--timeout DURATION] [--json] TEMPLATE}: deploys a template onto Docker Engines, each engine one node of a cluster,
 * through the control plane (Swarm scheduler, Docker runtime). With {@code --swarm ENDPOINT} instead, the template runs
 * as Swarm services on a Docker Swarm-mode cluster, whose own scheduler places the tasks ({@link SwarmDeploy}). The template options are {@link TemplateOptions},
 * shared with {@code validate} and {@code plan} (the profile, detected from the file when not given, is printed);
 * the template is read for the Docker runtime, so keys Docker cannot apply are reported.
 * {@code acs deploy --delete APP [--engine ...] [--state DIR]} removes an application deployed earlier with the same
 * state directory (or, without {@code --state}, onto the same engines).
 *
 * <p>Shows the control plane's events as they happen ({@link ProgressLine}: one line rewritten in place on a
 * terminal, a line per event in a pipe or with {@code --verbose}), then a placement table (service, index, node, engine,
 * container, ports, state/health) and the application's routing endpoints ({@code endpoint http://domain/path -> 2/2
 * active (host:port, ...)}); {@code --json} prints instead one object
 * {@code {"app","state","containers":[{"service","index","node","engine","container","runtimeId","ports","state",
 * "health"}],"endpoints":["..."]}}. With {@code --routing-port PORT} (and routing labels in the template) the routing
 * layer for the engines runs too ({@link DeployRouting}: an HAProxy on {@code 127.0.0.1:PORT} kept in the state
 * directory, outliving the command), its routes are live before the endpoints are printed, and a {@code routing}
 * line (JSON: {@code "routing","routingPid"}) says where it listens.
 * The cluster and application are kept in a state directory, with how the template was rendered
 * ({@link TemplateSource}, read again by a redeploy): {@code --state DIR}, or without it one per cluster
 * name and set of engines under {@code $ACS_STATE_HOME} ({@code ~/.acs/deployments} when that is not set), printed
 * when it is used. A later run over the same engines
 * adopts the running containers (found by the control plane's id in their {@code dev.acs.*} labels) instead of
 * deploying them a second time, and a run with a changed template (or changed
 * variables) updates the application in place, replacing the containers of the changed services only; the same
 * command after a failed deployment deploys it again. Engines
 * count with this machine's processors and memory (they are meant to be local). {@code --timeout} is how long each container may take to become healthy; the
 * deployment as a whole waits that long per service, plus a minute.
 *
 * <p>A batch job ({@code aliyun.project_type: batch}) is followed until it finished or failed (each task may take
 * {@code --timeout}, plus a minute in all); then each task's state and each container's exit codes are printed
 * ({@link JobFollower}). A scheduled job ({@code aliyun.schedule}) prints its schedule and next three fire times and returns.
 *
 * <p>Exit codes: 0 the application is ready, the batch job finished (or deleted), 1 invalid input (template diagnostics, unreadable files,
 * an application of that name already deployed from another template), 2 bad usage, 3 the deployment or the batch
 * job failed (the reason is printed), 4 an internal error (one line; the stack trace with {@code --verbose}).
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy a template onto Docker Engines (one engine per node) or a Swarm-mode cluster (--swarm),"
                + " or delete what was deployed.")
public final class DeployCommand implements Callable<Integer> {
    /** Exit code for invalid input. */
    static final int EXIT_INVALID = AcsCli.EXIT_INVALID;
    /** Exit code for a failed deployment. */
    static final int EXIT_FAILED = AcsCli.EXIT_FAILED;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--engine", paramLabel = "ENDPOINT",
            description = "A Docker Engine: unix:///var/run/docker.sock or tcp://HOST:2376; repeat for more nodes"
                    + " (with --delete and --state, the engines kept there are used when none is given).")
    List<String> engines = new ArrayList<>();

    @Option(names = "--swarm", paramLabel = "ENDPOINT",
            description = "A manager of a Docker Swarm-mode cluster: the application runs as Swarm services and Swarm"
                    + " places its tasks; repeat for more managers (calls move on when one is lost). Excludes --engine"
                    + " and --state.")
    List<String> swarmManagers = new ArrayList<>();

    @Option(names = "--no-routing-mesh",
            description = "With --swarm: publish ports on the nodes that run a task instead of through the routing"
                    + " mesh, and resolve services by DNS round robin (for kernels without IPVS).")
    boolean noRoutingMesh;

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "Client bundle (ca.pem, cert.pem, key.pem) for tcp:// engines with --tlsverify.")
    Path tlsDir;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "local",
            description = "Zone of the nodes (default: ${DEFAULT-VALUE}).")
    String zone;

    @Option(names = "--cluster", paramLabel = "NAME", defaultValue = "local",
            description = "Cluster name (default: ${DEFAULT-VALUE}); an existing cluster of the state is reused.")
    String clusterName;

    @CommandLine.Mixin
    TemplateOptions templateOptions = new TemplateOptions();

    /** The text of the template, once parsed: kept with the application. */
    private String templateText;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Keep the cluster and application in this directory (later runs adopt them; --delete)."
                    + " Default: one directory per cluster name and set of engines under $ACS_STATE_HOME"
                    + " (~/.acs/deployments when not set).")
    Path state;

    /** Where the state of a deployment without {@code --state} is kept (one directory per cluster and engines). */
    Path stateHome = defaultStateHome();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long each service may take to become healthy (30s, 1m30s, 500ms or ISO-8601 PT5M;"
                    + " default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--routing-port", paramLabel = "PORT",
            description = "Start (or reuse) the routing layer for the engines when the template has routing labels:"
                    + " an HAProxy on 127.0.0.1:PORT (status on PORT+1) routing the applications' domains by Host"
                    + " header; it lives in the state directory (haproxy/) and keeps routing after the command.")
    Integer routingPort;

    @Option(names = "--delete", paramLabel = "APP",
            description = "Delete this application (from --state, or from the state of the --engine endpoints).")
    String delete;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Parameters(paramLabel = "TEMPLATE", arity = "0..1", description = "The orchestration template.")
    Path template;

    /** The routing layer of this run ({@code --routing-port}), or {@code null}. */
    private HaproxyRouter router;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((template == null) == (delete == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either a TEMPLATE or --delete APP");
        }
        if (!swarmManagers.isEmpty()) {
            return swarm(out, err);
        }
        if (routingPort != null && (routingPort < 1 || routingPort > 65534)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--routing-port needs a port in 1-65534 (its status frontend listens on the next one)");
        }
        if (delete != null && state == null && engines.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--delete needs the --engine endpoints or the --state directory the application was deployed with");
        }
        templateOptions.checkUsage(spec.commandLine());
        if (timeout.isNegative() || timeout.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be positive");
        }
        try {
            AppSpec app = delete == null ? parse(out, err) : null;
            if (delete == null && app == null) {
                return EXIT_INVALID;
            }
            CertificateBundle tls = tlsDir == null ? null : CertificateBundle.read(tlsDir);
            Zone z = Zone.of(zone);
            if (engines.isEmpty()) {
                if (delete == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "give at least one --engine");
                }
                engines = rememberedEngines(z, tls);
                if (engines.isEmpty()) {
                    err.println("acs deploy: no cluster '" + clusterName + "' with engines in " + state
                            + ": give the --engine endpoints");
                    err.flush();
                    return EXIT_INVALID;
                }
            }
            Path stateDir = stateDir();
            if (state == null && !json) {
                out.println("state: " + stateDir);
                out.flush();
            }
            ProgressLine progress = json ? null : ProgressLine.forConsole(out, verbose());
            router = routingPort == null || (app != null && !DeployRouting.wanted(app)) ? null
                    : DeployRouting.router(stateDir, routingPort);
            try (HaproxyRouter routing = router;
                 StateStore store = FileStateStore.open(stateDir);
                 DockerRuntime runtime = tls == null ? DockerRuntime.builder().build()
                         : DockerRuntime.builder().tls(tls).build();
                 ControlPlane plane = plane(z, runtime, store, progress)) {
                try {
                    return delete == null ? deploy(plane, store, z, app, out, err)
                            : delete(plane, store, stateDir, out, err);
                } finally {
                    if (progress != null) {
                        progress.done();
                    }
                }
            }
        } catch (AcsException e) {
            if (e.code() == dev.acs.core.error.ErrorCode.INTERNAL) {
                throw e;
            }
            err.println("acs deploy: " + e.getMessage());
            err.flush();
            return AcsCli.exitCode(e);
        }
    }

    /** {@code --swarm}: the template runs as Swarm services on the swarm of those managers ({@link SwarmDeploy}). */
    private int swarm(PrintWriter out, PrintWriter err) {
        if (!engines.isEmpty() || state != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--swarm excludes --engine and --state: the"
                    + " swarm keeps the application itself");
        }
        templateOptions.checkUsage(spec.commandLine());
        try {
            CertificateBundle tls = tlsDir == null ? null : CertificateBundle.read(tlsDir);
            SwarmDeploy swarm = new SwarmDeploy(swarmManagers, tls, !noRoutingMesh, timeout, json, out, err);
            if (delete != null) {
                return swarm.delete(delete);
            }
            AppSpec app = parse(out, err);
            return app == null ? EXIT_INVALID : swarm.deploy(app, template.toString(),
                    new String(PlanCommand.readBytes(template), java.nio.charset.StandardCharsets.UTF_8));
        } catch (AcsException e) {
            if (e.code() == dev.acs.core.error.ErrorCode.INTERNAL) {
                throw e;
            }
            err.println("acs deploy: " + e.getMessage());
            err.flush();
            return AcsCli.exitCode(e);
        }
    }

    /** Whether the inherited {@code --verbose} was given (events then print a line each, even on a terminal). */
    private boolean verbose() {
        CommandLine.Model.OptionSpec option = spec.findOption("--verbose");
        return option != null && Boolean.TRUE.equals(option.getValue());
    }

    private ControlPlane plane(Zone z, DockerRuntime runtime, StateStore store, ProgressLine progress) {
        ControlPlane.Builder b = planeOverEngines(engines, z, runtime, store).reconcileEvery(null)
                .healthTimeout(timeout);
        if (progress != null) {
            b.listener(progress::show);
        }
        if (router != null) {
            b.router(router);
        }
        return b.build();
    }

    private int deploy(ControlPlane plane, StateStore store, Zone z, AppSpec spec, PrintWriter out, PrintWriter err) {
        await(plane.reconcile());
        Cluster cluster = findCluster(plane).orElseGet(() -> plane.clusters()
                .create(ClusterSpec.classic(clusterName, z, engines.size(), DockerHostPool.INSTANCE_TYPE))
                .await(timeout));
        Optional<Application> existing = plane.applications().list(cluster.id()).stream()
                .filter(a -> a.name().equals(spec.name())).findFirst();
        Application app;
        if (existing.isPresent()) {
            app = existing.get();
            AppSpec current = app.spec();
            if (current.toBuilder().version(spec.version()).build().equals(spec) && app.state() == AppState.FAILED) {
                // the same command again after a failure: retry (restart what stopped, recreate what is missing,
                // wait for health again)
                if (!json) {
                    out.println("application '" + spec.name() + "' had failed: deploying it again");
                    out.flush();
                }
                try {
                    app = plane.applications().redeploy(app.id())
                            .await(timeout.multipliedBy(spec.services().size()).plusMinutes(1)).application();
                } catch (AcsException e) {
                    err.println("acs deploy: the deployment failed again: " + e.getMessage());
                    DeployReport.print(plane, cluster, plane.applications().require(app.id()), json, router,
                            routingPort, out);
                    err.flush();
                    return EXIT_FAILED;
                }
            } else if (current.toBuilder().version(spec.version()).build().equals(spec)) {
                if (!json) {
                    out.println("application '" + spec.name() + "' was already deployed: its containers were adopted");
                }
            } else {
                // a changed template (or changed variables): a change of configuration, in place, touching only
                // the services whose declaration changed
                AppSpec next = spec.toBuilder().version(nextVersion(current.version())).build();
                if (!json) {
                    out.println("application '" + spec.name() + "' changed: updating it in place (version "
                            + current.version() + " -> " + next.version() + ")");
                    out.flush();
                }
                try {
                    app = plane.applications().update(app.id(), next, UpdateOptions.standard().withTemplate(templateText))
                            .await(timeout.multipliedBy(spec.services().size()).plusMinutes(1));
                } catch (AcsException e) {
                    err.println("acs deploy: the update failed: " + e.getMessage());
                    DeployReport.print(plane, cluster, plane.applications().require(app.id()), json, router,
                            routingPort, out);
                    err.flush();
                    return EXIT_FAILED;
                }
            }
        } else {
            try {
                // services start one after another in dependency order, each within the health timeout; the
                // extra minute covers creating the containers (and pulling their images)
                app = plane.applications().deploy(cluster.id(), spec, DeployOptions.fromTemplate(templateText))
                        .await(timeout.multipliedBy(spec.services().size()).plusMinutes(1));
            } catch (AcsException e) {
                err.println("acs deploy: the deployment failed: " + e.getMessage());
                app = plane.applications().list(cluster.id()).stream().filter(a -> a.name().equals(spec.name()))
                        .findFirst().orElse(null);
                if (app != null) {
                    DeployReport.print(plane, cluster, app, json, router, routingPort, out);
                }
                err.flush();
                return EXIT_FAILED;
            }
        }
        TemplateSource.of(template, templateOptions).save(store, app.id()); // a redeploy renders it again
        app = plane.applications().require(app.id());
        if (JobFollower.isJob(app)) {
            return new JobFollower(plane, out, json).follow(app, timeout.multipliedBy(spec.services().size())
                    .plusMinutes(1));
        }
        if (router != null) {
            await(plane.reconcile()); // the new containers' routes are live before the endpoints are printed
        }
        DeployReport.print(plane, cluster, app, json, router, routingPort, out);
        return app.state() == AppState.READY ? 0 : EXIT_FAILED;
    }

    /** The endpoints of the cluster's nodes kept in the state directory (what {@code --delete} needs). */
    private List<String> rememberedEngines(Zone z, CertificateBundle tls) {
        try (StateStore store = FileStateStore.open(state);
             DockerRuntime runtime = tls == null ? DockerRuntime.builder().build()
                     : DockerRuntime.builder().tls(tls).build();
             ControlPlane plane = plane(z, runtime, store, null)) {
            return findCluster(plane).map(c -> plane.nodes().list(c.id()).stream().map(Node::address).toList())
                    .orElse(List.of());
        }
    }

    /** The version after {@code v}: its last number raised ({@code 1.0} -> {@code 1.1}), or {@code v.1}. */
    static String nextVersion(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(.*?)(\\d+)$").matcher(v);
        return m.matches() ? m.group(1) + (Long.parseLong(m.group(2)) + 1) : v + ".1";
    }

    /**
     * The state directory of this run: {@code --state}, else the one of this cluster name and set of engines (in any
     * order) under {@link #stateHome}, so the same command run again (or {@code --delete} with the same engines) finds
     * what the previous run deployed.
     */
    Path stateDir() {
        if (state != null) {
            return state;
        }
        String key = clusterName + "\n" + String.join("\n", engines.stream().sorted().distinct().toList());
        return stateHome.resolve(clusterName.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + digest(key));
    }

    /** {@code $ACS_STATE_HOME}, else {@code ~/.acs/deployments}. */
    private static Path defaultStateHome() {
        String home = System.getenv("ACS_STATE_HOME");
        return home != null && !home.isBlank() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".acs", "deployments");
    }

    private int delete(ControlPlane plane, StateStore store, Path stateDir, PrintWriter out, PrintWriter err) {
        await(plane.reconcile());
        Optional<Cluster> cluster = findCluster(plane);
        Optional<Application> app = cluster.flatMap(c -> plane.applications().list(c.id()).stream()
                .filter(a -> a.name().equals(delete)).findFirst());
        if (app.isEmpty()) {
            err.println("acs deploy: no application '" + delete + "' in cluster '" + clusterName + "' of " + stateDir);
            err.flush();
            return EXIT_INVALID;
        }
        plane.applications().delete(app.get().id(), AppDeletion.withVolumes()).await(timeout);
        TemplateSource.forget(store, app.get().id());
        if (router != null) {
            await(plane.reconcile()); // its routes leave the routing layer
        }
        if (json) {
            out.println(new ObjectMapper().createObjectNode().put("app", delete).put("state", "DELETED"));
        } else {
            out.println("deleted application '" + delete + "' and its containers");
        }
        out.flush();
        return 0;
    }

    /**
     * A control plane whose nodes are these engines (each with this machine's processors and memory), with the Swarm
     * scheduler and the Docker runtime; with no engine, one that only reads the state. Shared with {@code acs serve}.
     */
    static ControlPlane.Builder planeOverEngines(List<String> engines, Zone z, DockerRuntime runtime,
                                                 StateStore store) {
        DockerHostPool.Builder pool = DockerHostPool.builder(z);
        Resources capacity = machineCapacity();
        for (String endpoint : engines) {
            pool.host(hostId(endpoint), endpoint, capacity);
        }
        if (engines.isEmpty()) {
            // only the state is read (the engines an application was deployed onto): no engine is called
            pool.host("state-only", "unix:///dev/null", capacity);
        }
        return ControlPlane.builder().infrastructure(pool.build()).runtime(runtime).scheduler(new SwarmScheduler())
                .stateStore(store).specRefresher(TemplateSource.refresher(store));
    }

    /** The endpoints of the nodes of cluster {@code clusterName} kept in a state (no engine is called). */
    static List<String> enginesOf(StateStore store, Zone z, DockerRuntime runtime, String clusterName) {
        try (ControlPlane plane = planeOverEngines(List.of(), z, runtime, store).reconcileEvery(null).build()) {
            return plane.clusters().list().stream().filter(c -> c.name().equals(clusterName)).findFirst()
                    .map(c -> plane.nodes().list(c.id()).stream().map(Node::address).toList()).orElse(List.of());
        }
    }

    private Optional<Cluster> findCluster(ControlPlane plane) {
        return plane.clusters().list().stream().filter(c -> c.name().equals(clusterName)).findFirst();
    }

    /**
     * The template as an application, read with the options shared with {@code validate} and {@code plan} for the
     * Docker runtime; prints the profile, and the diagnostics of a template with errors (then returns {@code null}).
     */
    private AppSpec parse(PrintWriter out, PrintWriter err) {
        byte[] text = PlanCommand.readBytes(template);
        templateText = new String(text, StandardCharsets.UTF_8);
        TemplateOptions.Resolved resolved = templateOptions.resolve(spec.commandLine(), template, text, err);
        if (!json) {
            out.println(resolved.profileLine());
            out.flush();
        }
        ParseResult result = Templates.parse(text, resolved.options().runtime(TargetRuntime.DOCKER).build());
        for (Diagnostic d : result.diagnostics()) {
            err.println(template + ":" + d.line() + ": " + d.severity().id() + " " + d.code().id() + ": "
                    + d.message());
        }
        err.flush();
        return resolved.valid() && result.isValid() ? result.app().orElse(null) : null;
    }

    private <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof AcsException a ? a : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AcsException(dev.acs.core.error.ErrorCode.TIMEOUT, "the engines were not checked within "
                    + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcsException(dev.acs.core.error.ErrorCode.CANCELLED, "interrupted", e);
        }
    }

    /** A stable host id per endpoint, so a later run with --state finds the same machines. */
    static String hostId(String endpoint) {
        return "engine-" + digest(endpoint);
    }

    /** The first five bytes of the SHA-256 of {@code text}, in hex. */
    private static String digest(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    private static Resources machineCapacity() {
        long memory = ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() : 8L << 30;
        return new Resources(Runtime.getRuntime().availableProcessors() * 100L, memory, 0);
    }
}
