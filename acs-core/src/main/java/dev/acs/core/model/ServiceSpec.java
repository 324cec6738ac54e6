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
 *
 * @param name           service name (the Compose key), unique in its application
 * @param image          image to run
 * @param command        command arguments; empty for the image's default
 * @param entrypoint     entrypoint arguments; empty for the image's default
 * @param environment    container environment, in declaration order, with scheduler directives removed
 * @param labels         container labels that are not mapped to a typed field of this record
 * @param ports          container ports and their host publications
 * @param volumes        volume mounts
 * @param reservation    resources reserved per container ({@code cpu_shares}, {@code mem_limit}, {@code aliyun.gpu})
 * @param scale          number of containers ({@code aliyun.scale}); ignored for a global service
 * @param global         one container per eligible node, including nodes that join later ({@code aliyun.global})
 * @param placement      scheduler directives ({@code constraint:}, {@code affinity:}, {@code availability:az})
 * @param reschedule     whether containers move when their node fails
 * @param probe          health check, or {@code null} for none (containers are then healthy by default)
 * @param rollingUpdate  rolling-update policy
 * @param dependsOn      services that must be running (and healthy) first ({@code aliyun.depends})
 * @param links          links to other services, {@code service[:alias]}
 * @param routes         HTTP(S) routing entries ({@code aliyun.routing.port_N})
 * @param restart        Docker restart policy ({@link RestartPolicy#NO} when the service declares none)
 * @param hostname       container host name, or {@code null} for the container name
 * @param containerName  fixed container name, or {@code null} for {@code <app>_<service>_<index>}
 * @param dns            DNS servers
 * @param dnsSearch      DNS search domains
 * @param dnsOptions     resolver options ({@code dns_options})
 * @param oomKillDisable disable the OOM killer for the containers ({@code oom_kill_disable})
 * @param privileged     run privileged
 * @param workingDir     working directory, or {@code null}
 * @param user           user, or {@code null}
 * @param networkMode    Docker network mode, or {@code null} for the default
 * @param extraHosts     extra {@code host:ip} entries
 * @param expose         container ports exposed without publication ({@code expose}); host port always 0
 * @param externalLinks  links to names outside the application ({@code external_links}), {@code name[:alias]}
 * @param stdinOpen      keep stdin open ({@code stdin_open}; a create flag, attach is not possible)
 * @param tty            allocate a terminal ({@code tty}; a create flag)
 * @param logStores      log stores to collect into ({@code aliyun.log_store_<name>}): name to {@code stdout} or a file path
 * @param logTimestamp   whether collected log lines get a timestamp ({@code aliyun.log.timestamp}, true by default)
 * @param logDirectory   declared log directory ({@code aliyun.logs}), or {@code null}
 * @param loadBalancers  custom SLB bindings ({@code aliyun.lb.port_N})
 * @param sessionSticky  routing session persistence ({@code aliyun.routing.session_sticky}; true, the routing default)
 * @param autoScaling    container auto-scaling policy, or {@code null} for none
 * @param monitoring     custom monitoring, or {@code null} for none
 * @param batch          per-task settings when the application is a batch job
 * @param options        other Compose keys passed unchanged to container creation ({@code cap_add}, {@code ulimits},
 *                       ...), as plain values: {@code String}, {@code List} or {@code Map<String, Object>}
 * @param extensions     {@code x-*} extension fields of the service, as plain values like {@code options}
 * @param container      engine-level settings of the containers ({@code read_only}, {@code cap_drop},
 *                       {@code ulimits}, limits, the declared health check, ...); {@link ContainerSettings#NONE} for none
 * @param dependsOnConditions the condition each dependency of {@code depends_on}'s long form must meet before this
 *                       service starts, by service name; a dependency absent here waits for
 *                       {@link StartCondition#SERVICE_STARTED} (or for health where a probe exists, as
 *                       {@code aliyun.depends} does)
 */
public record ServiceSpec(
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
        Map<String, StartCondition> dependsOnConditions) {

    /** Validates and freezes every collection. */
    public ServiceSpec {
        if (name == null || name.isBlank()) {
            throw AcsException.invalidArgument("a service needs a name");
        }
        Objects.requireNonNull(image, () -> "service '" + name + "' needs an image");
        if (scale < 0) {
            throw AcsException.invalidArgument("service '" + name + "': scale " + scale + " must not be negative");
        }
        command = List.copyOf(command);
        entrypoint = List.copyOf(entrypoint);
        environment = frozen(environment);
        labels = frozen(labels);
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
        logStores = frozen(logStores == null ? Map.of() : logStores);
        loadBalancers = loadBalancers == null ? List.of() : List.copyOf(loadBalancers);
        batch = batch == null ? BatchSettings.DEFAULT : batch;
        options = frozenValues(options);
        extensions = frozenValues(extensions);
        container = container == null ? ContainerSettings.NONE : container;
        dependsOnConditions = dependsOnConditions == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dependsOnConditions));
    }

    /**
     * The service with only the fields of the first model version; every later field takes its default (kept so
     * callers of the original constructor compile).
     */
    public ServiceSpec(String name, ImageRef image, List<String> command, List<String> entrypoint,
                       Map<String, String> environment, Map<String, String> labels, List<PortMapping> ports,
                       List<VolumeMount> volumes, Resources reservation, int scale, boolean global,
                       List<PlacementRule> placement, ReschedulePolicy reschedule, Probe probe,
                       RollingUpdate rollingUpdate, List<String> dependsOn, List<String> links, List<Route> routes,
                       RestartPolicy restart, String hostname, String containerName, List<String> dns,
                       List<String> dnsSearch, List<String> dnsOptions, boolean oomKillDisable, boolean privileged,
                       String workingDir, String user, String networkMode, List<String> extraHosts) {
        this(name, image, command, entrypoint, environment, labels, ports, volumes, reservation, scale, global,
                placement, reschedule, probe, rollingUpdate, dependsOn, links, routes, restart, hostname,
                containerName, dns, dnsSearch, dnsOptions, oomKillDisable, privileged, workingDir, user, networkMode,
                extraHosts, List.of(), List.of(), false, false, Map.of(), true, null, List.of(), true, null, null,
                BatchSettings.DEFAULT, Map.of(), Map.of(), ContainerSettings.NONE, Map.of());
    }

    /** Deep-freezes a map of plain values (strings, lists and maps), keeping declaration order. */
    static Map<String, Object> frozenValues(Map<String, ?> map) {
        if (map == null) {
            return Map.of();
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, frozenValue(v)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    private static Object frozenValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, x) -> copy.put(String.valueOf(k), frozenValue(x)));
            return java.util.Collections.unmodifiableMap(copy);
        }
        if (v instanceof List<?> l) {
            return java.util.Collections.unmodifiableList(new ArrayList<>(l.stream().map(ServiceSpec::frozenValue).toList()));
        }
        return v == null ? "" : v;
    }

    private static Map<String, String> frozen(Map<String, String> map) {
        // keeps declaration order, unlike Map.copyOf
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

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
        return placement.stream().filter(r -> r.kind() == kind).toList();
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

        private Builder(String name) {
            this.name = name;
        }

        private Builder(ServiceSpec s) {
            name = s.name;
            image = s.image;
            command = new ArrayList<>(s.command);
            entrypoint = new ArrayList<>(s.entrypoint);
            environment = new LinkedHashMap<>(s.environment);
            labels = new LinkedHashMap<>(s.labels);
            ports = new ArrayList<>(s.ports);
            volumes = new ArrayList<>(s.volumes);
            reservation = s.reservation;
            scale = s.scale;
            global = s.global;
            placement = new ArrayList<>(s.placement);
            reschedule = s.reschedule;
            probe = s.probe;
            rollingUpdate = s.rollingUpdate;
            dependsOn = new ArrayList<>(s.dependsOn);
            links = new ArrayList<>(s.links);
            routes = new ArrayList<>(s.routes);
            restart = s.restart;
            hostname = s.hostname;
            containerName = s.containerName;
            dns = new ArrayList<>(s.dns);
            dnsSearch = new ArrayList<>(s.dnsSearch);
            dnsOptions = new ArrayList<>(s.dnsOptions);
            oomKillDisable = s.oomKillDisable;
            privileged = s.privileged;
            workingDir = s.workingDir;
            user = s.user;
            networkMode = s.networkMode;
            extraHosts = new ArrayList<>(s.extraHosts);
            expose = new ArrayList<>(s.expose);
            externalLinks = new ArrayList<>(s.externalLinks);
            stdinOpen = s.stdinOpen;
            tty = s.tty;
            logStores = new LinkedHashMap<>(s.logStores);
            logTimestamp = s.logTimestamp;
            logDirectory = s.logDirectory;
            loadBalancers = new ArrayList<>(s.loadBalancers);
            sessionSticky = s.sessionSticky;
            autoScaling = s.autoScaling;
            monitoring = s.monitoring;
            batch = s.batch;
            options = new LinkedHashMap<>(s.options);
            extensions = new LinkedHashMap<>(s.extensions);
            container = s.container;
            dependsOnConditions = new LinkedHashMap<>(s.dependsOnConditions);
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
        /** Start conditions of dependencies, by service name. */
        public Builder dependsOnConditions(Map<String, StartCondition> v) {
            dependsOnConditions = new LinkedHashMap<>(v);
            return this;
        }

        /** The service; fails with {@code INVALID_ARGUMENT} when the name or image is missing. */
        public ServiceSpec build() {
            if (image == null) {
                throw AcsException.invalidArgument("service '" + name + "' needs an image");
            }
            return new ServiceSpec(name, image, command, entrypoint, environment, labels, ports, volumes, reservation,
                    scale, global, placement, reschedule, probe, rollingUpdate, dependsOn, links, routes, restart,
                    hostname, containerName, dns, dnsSearch, dnsOptions, oomKillDisable, privileged, workingDir, user,
                    networkMode, extraHosts, expose, externalLinks, stdinOpen, tty, logStores, logTimestamp,
                    logDirectory, loadBalancers, sessionSticky, autoScaling, monitoring, batch, options, extensions,
                    container, dependsOnConditions);
        }
    }

    /**
     * The record's usual text with environment and label values that are secrets (by {@link Secrets#policy()})
     * printed as {@link Secrets#MASK}.
     */
    @Override
    public String toString() {
        return RecordText.of(this, Map.of("environment", v -> Secrets.mask(environment),
                "labels", v -> Secrets.mask(labels)));
    }
}
