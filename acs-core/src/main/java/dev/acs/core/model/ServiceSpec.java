package dev.acs.core.model;

import dev.acs.core.error.AcsException;
import dev.acs.core.secret.Secrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The declared form of one service: what its containers run and how they are placed. Immutable; build one with
 * {@link #builder(String)} and change a copy with {@link #toBuilder()}. Templates (acs-compose) produce it, the
 * scheduler reads its placement-relevant parts ({@link #reservation()}, {@link #placement()}, {@link #ports()},
 * {@link #global()}, {@link #scale()}) and runtimes read the rest.
 */
public final class ServiceSpec {
    private final Fields f;

    /** Every field, validated and frozen: what the accessors return and what the state store keeps. */
    private record Fields(
            String name,
            ImageRef image,
            List<String> command,
            List<String> entrypoint,
            Map<String, String> environment,
            Map<String, String> labels,
            List<PortMapping> ports,
            List<VolumeMount> volumes,
            Resources reservation,
            int scale,
            boolean global,
            List<PlacementRule> placement,
            ReschedulePolicy reschedule,
            Probe probe,
            RollingUpdate rollingUpdate,
            List<String> dependsOn,
            List<String> links,
            List<Route> routes,
            RestartPolicy restart,
            String hostname,
            String containerName,
            List<String> dns,
            List<String> dnsSearch,
            List<String> dnsOptions,
            boolean oomKillDisable,
            boolean privileged,
            String workingDir,
            String user,
            String networkMode,
            List<String> extraHosts,
            List<PortMapping> expose,
            List<String> externalLinks,
            boolean stdinOpen,
            boolean tty,
            Map<String, String> logStores,
            boolean logTimestamp,
            String logDirectory,
            List<LoadBalancerBinding> loadBalancers,
            boolean sessionSticky,
            AutoScaling autoScaling,
            Monitoring monitoring,
            BatchSettings batch,
            Map<String, Object> options,
            Map<String, Object> extensions,
            ContainerSettings container,
            Map<String, StartCondition> dependsOnConditions,
            BuildSpec build,
            List<String> optionalDependencies,
            List<String> restartsWith) {
        Fields {
            if (name == null || name.isBlank()) {
                throw AcsException.invalidArgument("a service needs a name");
            }
            Objects.requireNonNull(image, () -> "service '" + name + "' needs an image");
            if (scale < 0) {
                throw AcsException.invalidArgument("service '" + name + "': scale " + scale + " must not be negative");
            }
            command = List.copyOf(command);
            entrypoint = List.copyOf(entrypoint);
            environment = Frozen.ordered(environment);
            labels = Frozen.ordered(labels);
            ports = List.copyOf(ports);
            volumes = List.copyOf(volumes);
            reservation = reservation == null ? Resources.NONE : reservation;
            placement = List.copyOf(placement);
            reschedule = reschedule == null ? ReschedulePolicy.OFF : reschedule;
            rollingUpdate = rollingUpdate == null ? RollingUpdate.DISABLED : rollingUpdate;
            dependsOn = List.copyOf(dependsOn);
            links = List.copyOf(links);
            routes = List.copyOf(routes);
            restart = restart == null ? RestartPolicy.NO : restart;
            dns = List.copyOf(dns);
            dnsSearch = List.copyOf(dnsSearch);
            dnsOptions = List.copyOf(dnsOptions);
            extraHosts = List.copyOf(extraHosts);
            expose = expose == null ? List.of() : List.copyOf(expose);
            externalLinks = externalLinks == null ? List.of() : List.copyOf(externalLinks);
            logStores = Frozen.ordered(logStores == null ? Map.of() : logStores);
            loadBalancers = loadBalancers == null ? List.of() : List.copyOf(loadBalancers);
            batch = batch == null ? BatchSettings.DEFAULT : batch;
            options = Frozen.plainValues(options);
            extensions = Frozen.plainValues(extensions);
            container = container == null ? ContainerSettings.NONE : container;
            dependsOnConditions = dependsOnConditions == null ? Map.of() : Frozen.ordered(dependsOnConditions);
            optionalDependencies = optionalDependencies == null ? List.of() : List.copyOf(optionalDependencies);
            restartsWith = restartsWith == null ? List.of() : List.copyOf(restartsWith);
        }
    }

    private ServiceSpec(Fields f) {
        this.f = f;
    }

    /** Service name (the Compose key), unique in its application. */
    public String name() { return f.name(); }
    /** Image to run. */
    public ImageRef image() { return f.image(); }
    /** Command arguments; empty for the image's default. */
    public List<String> command() { return f.command(); }
    /** Entrypoint arguments; empty for the image's default. */
    public List<String> entrypoint() { return f.entrypoint(); }
    /** Container environment, in declaration order, with scheduler directives removed. */
    public Map<String, String> environment() { return f.environment(); }
    /** Container labels that are not mapped to a typed field of this record. */
    public Map<String, String> labels() { return f.labels(); }
    /** Container ports and their host publications. */
    public List<PortMapping> ports() { return f.ports(); }
    /** Volume mounts. */
    public List<VolumeMount> volumes() { return f.volumes(); }
    /** Resources reserved per container ({@code cpu_shares}, {@code mem_limit}, {@code aliyun.gpu}). */
    public Resources reservation() { return f.reservation(); }
    /** Number of containers ({@code aliyun.scale}); ignored for a global service. */
    public int scale() { return f.scale(); }
    /** One container per eligible node, including nodes that join later ({@code aliyun.global}). */
    public boolean global() { return f.global(); }
    /** Scheduler directives ({@code constraint:}, {@code affinity:}, {@code availability:az}). */
    public List<PlacementRule> placement() { return f.placement(); }
    /** Whether containers move when their node fails. */
    public ReschedulePolicy reschedule() { return f.reschedule(); }
    /** Health check, or {@code null} for none (containers are then healthy by default). */
    public Probe probe() { return f.probe(); }
    /** Rolling-update policy. */
    public RollingUpdate rollingUpdate() { return f.rollingUpdate(); }
    /** Services that must be running (and healthy) first ({@code aliyun.depends}). */
    public List<String> dependsOn() { return f.dependsOn(); }
    /** Links to other services, {@code service[:alias]}. */
    public List<String> links() { return f.links(); }
    /** HTTP(S) routing entries ({@code aliyun.routing.port_N}). */
    public List<Route> routes() { return f.routes(); }
    /** Docker restart policy ({@link RestartPolicy#NO} when the service declares none). */
    public RestartPolicy restart() { return f.restart(); }
    /** Container host name, or {@code null} for the container name. */
    public String hostname() { return f.hostname(); }
    /** Fixed container name, or {@code null} for {@code <app>_<service>_<index>}. */
    public String containerName() { return f.containerName(); }
    /** DNS servers. */
    public List<String> dns() { return f.dns(); }
    /** DNS search domains. */
    public List<String> dnsSearch() { return f.dnsSearch(); }
    /** Resolver options ({@code dns_options}). */
    public List<String> dnsOptions() { return f.dnsOptions(); }
    /** Disable the OOM killer for the containers ({@code oom_kill_disable}). */
    public boolean oomKillDisable() { return f.oomKillDisable(); }
    /** Run privileged. */
    public boolean privileged() { return f.privileged(); }
    /** Working directory, or {@code null}. */
    public String workingDir() { return f.workingDir(); }
    /** User, or {@code null}. */
    public String user() { return f.user(); }
    /** Docker network mode, or {@code null} for the default. */
    public String networkMode() { return f.networkMode(); }
    /** Extra {@code host:ip} entries. */
    public List<String> extraHosts() { return f.extraHosts(); }
    /** Container ports exposed without publication ({@code expose}); host port always 0. */
    public List<PortMapping> expose() { return f.expose(); }
    /** Links to names outside the application ({@code external_links}), {@code name[:alias]}. */
    public List<String> externalLinks() { return f.externalLinks(); }
    /** Keep stdin open ({@code stdin_open}; a create flag, attach is not possible). */
    public boolean stdinOpen() { return f.stdinOpen(); }
    /** Allocate a terminal ({@code tty}; a create flag). */
    public boolean tty() { return f.tty(); }
    /** Log stores to collect into ({@code aliyun.log_store_<name>}): name to {@code stdout} or a file path. */
    public Map<String, String> logStores() { return f.logStores(); }
    /** Whether collected log lines get a timestamp ({@code aliyun.log.timestamp}, true by default). */
    public boolean logTimestamp() { return f.logTimestamp(); }
    /** Declared log directory ({@code aliyun.logs}), or {@code null}. */
    public String logDirectory() { return f.logDirectory(); }
    /** Custom SLB bindings ({@code aliyun.lb.port_N}). */
    public List<LoadBalancerBinding> loadBalancers() { return f.loadBalancers(); }
    /** Routing session persistence ({@code aliyun.routing.session_sticky}; true, the routing default). */
    public boolean sessionSticky() { return f.sessionSticky(); }
    /** Container auto-scaling policy, or {@code null} for none. */
    public AutoScaling autoScaling() { return f.autoScaling(); }
    /** Custom monitoring, or {@code null} for none. */
    public Monitoring monitoring() { return f.monitoring(); }
    /** Per-task settings when the application is a batch job. */
    public BatchSettings batch() { return f.batch(); }
    /**
     * Other Compose keys passed unchanged to container creation ({@code cap_add}, {@code ulimits}, ...), as plain
     * values: {@code String}, {@code List} or {@code Map<String, Object>}.
     */
    public Map<String, Object> options() { return f.options(); }
    /** {@code x-*} extension fields of the service, as plain values like {@code options} /. */
    public Map<String, Object> extensions() { return f.extensions(); }
    /**
     * Engine-level settings of the containers ({@code read_only}, {@code cap_drop}, {@code ulimits}, limits, the
     * declared health check, ...); {@link ContainerSettings#NONE} for none.
     */
    public ContainerSettings container() { return f.container(); }
    /**
     * The condition each dependency of {@code depends_on}'s long form must meet before this service starts, by
     * service name; a dependency absent here waits as {@code aliyun.depends} does.
     */
    public Map<String, StartCondition> dependsOnConditions() { return f.dependsOnConditions(); }
    /** How the image is built from a directory ({@code build:}), or {@code null} when it is pulled. */
    public BuildSpec build() { return f.build(); }
    /**
     * Dependencies declared with {@code required: false} in {@code depends_on}'s long form: one whose completion gate
     * fails does not hold this service back (an event says so), as docker compose only warns.
     */
    public List<String> optionalDependencies() { return f.optionalDependencies(); }
    /**
     * Dependencies declared with {@code restart: true} in {@code depends_on}'s long form: an update that changes one
     * of them replaces this service's containers too, after it.
     */
    public List<String> restartsWith() { return f.restartsWith(); }

    /** A builder for a service with the given name; set at least the image. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding a copy of this service. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The hard and soft rules of the given kind. */
    public List<PlacementRule> placement(PlacementRule.Kind kind) {
        return f.placement().stream().filter(r -> r.kind() == kind).toList();
    }

    /** Builder of {@link ServiceSpec}; every setter returns the builder. */
    public static final class Builder {
        private String name;
        private ImageRef image;
        private List<String> command = new ArrayList<>();
        private List<String> entrypoint = new ArrayList<>();
        private Map<String, String> environment = new LinkedHashMap<>();
        private Map<String, String> labels = new LinkedHashMap<>();
        private List<PortMapping> ports = new ArrayList<>();
        private List<VolumeMount> volumes = new ArrayList<>();
        private Resources reservation = Resources.NONE;
        private int scale = 1;
        private boolean global;
        private List<PlacementRule> placement = new ArrayList<>();
        private ReschedulePolicy reschedule = ReschedulePolicy.OFF;
        private Probe probe;
        private RollingUpdate rollingUpdate = RollingUpdate.DISABLED;
        private List<String> dependsOn = new ArrayList<>();
        private List<String> links = new ArrayList<>();
        private List<Route> routes = new ArrayList<>();
        private RestartPolicy restart = RestartPolicy.NO;
        private String hostname;
        private String containerName;
        private List<String> dns = new ArrayList<>();
        private List<String> dnsSearch = new ArrayList<>();
        private List<String> dnsOptions = new ArrayList<>();
        private boolean oomKillDisable;
        private boolean privileged;
        private String workingDir;
        private String user;
        private String networkMode;
        private List<String> extraHosts = new ArrayList<>();
        private List<PortMapping> expose = new ArrayList<>();
        private List<String> externalLinks = new ArrayList<>();
        private boolean stdinOpen;
        private boolean tty;
        private Map<String, String> logStores = new LinkedHashMap<>();
        private boolean logTimestamp = true;
        private String logDirectory;
        private List<LoadBalancerBinding> loadBalancers = new ArrayList<>();
        private boolean sessionSticky = true;
        private AutoScaling autoScaling;
        private Monitoring monitoring;
        private BatchSettings batch = BatchSettings.DEFAULT;
        private Map<String, Object> options = new LinkedHashMap<>();
        private Map<String, Object> extensions = new LinkedHashMap<>();
        private ContainerSettings container = ContainerSettings.NONE;
        private Map<String, StartCondition> dependsOnConditions = new LinkedHashMap<>();
        private BuildSpec build;
        private List<String> optionalDependencies = List.of();
        private List<String> restartsWith = List.of();

        private Builder(String name) {
            this.name = name;
        }

        private Builder(ServiceSpec s) {
            name = s.f.name();
            image = s.f.image();
            command = new ArrayList<>(s.f.command());
            entrypoint = new ArrayList<>(s.f.entrypoint());
            environment = new LinkedHashMap<>(s.f.environment());
            labels = new LinkedHashMap<>(s.f.labels());
            ports = new ArrayList<>(s.f.ports());
            volumes = new ArrayList<>(s.f.volumes());
            reservation = s.f.reservation();
            scale = s.f.scale();
            global = s.f.global();
            placement = new ArrayList<>(s.f.placement());
            reschedule = s.f.reschedule();
            probe = s.f.probe();
            rollingUpdate = s.f.rollingUpdate();
            dependsOn = new ArrayList<>(s.f.dependsOn());
            links = new ArrayList<>(s.f.links());
            routes = new ArrayList<>(s.f.routes());
            restart = s.f.restart();
            hostname = s.f.hostname();
            containerName = s.f.containerName();
            dns = new ArrayList<>(s.f.dns());
            dnsSearch = new ArrayList<>(s.f.dnsSearch());
            dnsOptions = new ArrayList<>(s.f.dnsOptions());
            oomKillDisable = s.f.oomKillDisable();
            privileged = s.f.privileged();
            workingDir = s.f.workingDir();
            user = s.f.user();
            networkMode = s.f.networkMode();
            extraHosts = new ArrayList<>(s.f.extraHosts());
            expose = new ArrayList<>(s.f.expose());
            externalLinks = new ArrayList<>(s.f.externalLinks());
            stdinOpen = s.f.stdinOpen();
            tty = s.f.tty();
            logStores = new LinkedHashMap<>(s.f.logStores());
            logTimestamp = s.f.logTimestamp();
            logDirectory = s.f.logDirectory();
            loadBalancers = new ArrayList<>(s.f.loadBalancers());
            sessionSticky = s.f.sessionSticky();
            autoScaling = s.f.autoScaling();
            monitoring = s.f.monitoring();
            batch = s.f.batch();
            options = new LinkedHashMap<>(s.f.options());
            extensions = new LinkedHashMap<>(s.f.extensions());
            container = s.f.container();
            dependsOnConditions = new LinkedHashMap<>(s.f.dependsOnConditions());
            build = s.f.build();
            optionalDependencies = s.f.optionalDependencies();
            restartsWith = s.f.restartsWith();
        }

        /** Service name. */
        public Builder name(String v) { name = v; return this; }
        /** Image. */
        public Builder image(ImageRef v) { image = v; return this; }
        /** Image, parsed with {@link ImageRef#parse(String)}. */
        public Builder image(String v) { image = ImageRef.parse(v); return this; }
        /** Command arguments. */
        public Builder command(List<String> v) { command = new ArrayList<>(v); return this; }
        /** Entrypoint arguments. */
        public Builder entrypoint(List<String> v) { entrypoint = new ArrayList<>(v); return this; }
        /** Whole environment. */
        public Builder environment(Map<String, String> v) { environment = new LinkedHashMap<>(v); return this; }
        /** One environment variable. */
        public Builder env(String key, String value) { environment.put(key, value); return this; }
        /** Whole label map. */
        public Builder labels(Map<String, String> v) { labels = new LinkedHashMap<>(v); return this; }
        /** One label. */
        public Builder label(String key, String value) { labels.put(key, value); return this; }
        /** Ports. */
        public Builder ports(List<PortMapping> v) { ports = new ArrayList<>(v); return this; }
        /** One port. */
        public Builder port(PortMapping v) { ports.add(v); return this; }
        /** Volumes. */
        public Builder volumes(List<VolumeMount> v) { volumes = new ArrayList<>(v); return this; }
        /** One volume. */
        public Builder volume(VolumeMount v) { volumes.add(v); return this; }
        /** Per-container reservation. */
        public Builder reservation(Resources v) { reservation = v; return this; }
        /** Container count. */
        public Builder scale(int v) { scale = v; return this; }
        /** Global service. */
        public Builder global(boolean v) { global = v; return this; }
        /** Placement rules. */
        public Builder placement(List<PlacementRule> v) { placement = new ArrayList<>(v); return this; }
        /** One placement rule. */
        public Builder rule(PlacementRule v) { placement.add(v); return this; }
        /** Reschedule policy. */
        public Builder reschedule(ReschedulePolicy v) { reschedule = v; return this; }
        /** Probe, or {@code null}. */
        public Builder probe(Probe v) { probe = v; return this; }
        /** Rolling update policy. */
        public Builder rollingUpdate(RollingUpdate v) { rollingUpdate = v; return this; }
        /** Dependencies. */
        public Builder dependsOn(List<String> v) { dependsOn = new ArrayList<>(v); return this; }
        /** Links. */
        public Builder links(List<String> v) { links = new ArrayList<>(v); return this; }
        /** Routes. */
        public Builder routes(List<Route> v) { routes = new ArrayList<>(v); return this; }
        /** Restart policy. */
        public Builder restart(RestartPolicy v) { restart = v; return this; }
        /** Host name. */
        public Builder hostname(String v) { hostname = v; return this; }
        /** Fixed container name. */
        public Builder containerName(String v) { containerName = v; return this; }
        /** DNS servers. */
        public Builder dns(List<String> v) { dns = new ArrayList<>(v); return this; }
        /** DNS search domains. */
        public Builder dnsSearch(List<String> v) { dnsSearch = new ArrayList<>(v); return this; }
        /** DNS options. */
        public Builder dnsOptions(List<String> v) { dnsOptions = new ArrayList<>(v); return this; }
        /** Disable the OOM killer. */
        public Builder oomKillDisable(boolean v) { oomKillDisable = v; return this; }
        /** Privileged. */
        public Builder privileged(boolean v) { privileged = v; return this; }
        /** Working directory. */
        public Builder workingDir(String v) { workingDir = v; return this; }
        /** User. */
        public Builder user(String v) { user = v; return this; }
        /** Network mode. */
        public Builder networkMode(String v) { networkMode = v; return this; }
        /** Extra hosts. */
        public Builder extraHosts(List<String> v) { extraHosts = new ArrayList<>(v); return this; }
        /** Exposed (unpublished) ports. */
        public Builder expose(List<PortMapping> v) { expose = new ArrayList<>(v); return this; }
        /** External links. */
        public Builder externalLinks(List<String> v) { externalLinks = new ArrayList<>(v); return this; }
        /** Keep stdin open. */
        public Builder stdinOpen(boolean v) { stdinOpen = v; return this; }
        /** Allocate a terminal. */
        public Builder tty(boolean v) { tty = v; return this; }
        /** Log stores: name to {@code stdout} or a file path. */
        public Builder logStores(Map<String, String> v) { logStores = new LinkedHashMap<>(v); return this; }
        /** Timestamp collected log lines. */
        public Builder logTimestamp(boolean v) { logTimestamp = v; return this; }
        /** Declared log directory. */
        public Builder logDirectory(String v) { logDirectory = v; return this; }
        /** Custom SLB bindings. */
        public Builder loadBalancers(List<LoadBalancerBinding> v) { loadBalancers = new ArrayList<>(v); return this; }
        /** Routing session persistence. */
        public Builder sessionSticky(boolean v) { sessionSticky = v; return this; }
        /** Auto-scaling policy, or {@code null}. */
        public Builder autoScaling(AutoScaling v) { autoScaling = v; return this; }
        /** Custom monitoring, or {@code null}. */
        public Builder monitoring(Monitoring v) { monitoring = v; return this; }
        /** Batch task settings. */
        public Builder batch(BatchSettings v) { batch = v; return this; }
        /** Pass-through Compose options. */
        public Builder options(Map<String, Object> v) { options = new LinkedHashMap<>(v); return this; }
        /** {@code x-*} extension fields. */
        public Builder extensions(Map<String, Object> v) { extensions = new LinkedHashMap<>(v); return this; }
        /** Engine-level container settings. */
        public Builder container(ContainerSettings v) { container = v; return this; }
        /** Image build, or {@code null}. */
        public Builder build(BuildSpec v) { build = v; return this; }
        /** Start conditions of dependencies, by service name. */
        public Builder dependsOnConditions(Map<String, StartCondition> v) {
            dependsOnConditions = new LinkedHashMap<>(v);
            return this;
        }
        /** Dependencies declared {@code required: false}; see {@link ServiceSpec#optionalDependencies()}. */
        public Builder optionalDependencies(java.util.Collection<String> v) { optionalDependencies = List.copyOf(v); return this; }
        /** Dependencies declared {@code restart: true}; see {@link ServiceSpec#restartsWith()}. */
        public Builder restartsWith(java.util.Collection<String> v) { restartsWith = List.copyOf(v); return this; }

        /** The service; fails with {@code INVALID_ARGUMENT} when the name or image is missing. */
        public ServiceSpec build() {
            if (image == null) {
                throw AcsException.invalidArgument("service '" + name + "' needs an image");
            }
            return new ServiceSpec(new Fields(name, image, command, entrypoint, environment, labels, ports, volumes, reservation,
                    scale, global, placement, reschedule, probe, rollingUpdate, dependsOn, links, routes, restart,
                    hostname, containerName, dns, dnsSearch, dnsOptions, oomKillDisable, privileged, workingDir, user,
                    networkMode, extraHosts, expose, externalLinks, stdinOpen, tty, logStores, logTimestamp,
                    logDirectory, loadBalancers, sessionSticky, autoScaling, monitoring, batch, options, extensions,
                    container, dependsOnConditions, build, optionalDependencies, restartsWith));
        }
    }

    /**
     * The text Java gives records, with environment and label values that are secrets (by {@link Secrets#policy()})
     * printed as {@link Secrets#MASK}.
     */
    @Override
    public String toString() {
        return RecordText.of("ServiceSpec", f, Map.of("environment", v -> Secrets.mask(f.environment()),
                "labels", v -> Secrets.mask(f.labels())));
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof ServiceSpec other && f.equals(other.f);
    }

    @Override
    public int hashCode() {
        return f.hashCode();
    }
}
