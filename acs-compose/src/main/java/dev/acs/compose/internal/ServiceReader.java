package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Profile;
import dev.acs.compose.TemplateFormat;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.ByteSize;
import dev.acs.core.model.ExternalService;
import dev.acs.core.model.FileMount;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Resources;
import dev.acs.core.model.RestartPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the Compose keys of one service ({@code spec/compose-dialect.md} §2, §5, §7) into a {@link Draft}. */
final class ServiceReader {
    /**
     * Keys of §2.2 kept as plain values in {@code options} (so a written template holds them as declared); those of
     * {@link ContainerKeys#KEYS}, {@code healthcheck} and {@code deploy} are also read into typed fields that the
     * runtimes apply, the rest are reported by the key-support table where a runtime cannot apply them.
     */
    static final Set<String> PASS_THROUGH = Set.of("cap_add", "cap_drop", "cgroup_parent", "cpu_quota", "cpuset",
            "devices", "domainname", "ipc", "log_driver", "log_opt", "logging", "memswap_limit", "pid", "read_only",
            "security_opt", "shm_size", "stop_signal", "tmpfs", "ulimits", "volume_driver", "volumes_from",
            "healthcheck", "stop_grace_period", "init", "sysctls", "cpus", "cpu_period", "mem_reservation",
            "mem_swappiness", "oom_score_adj", "pids_limit", "userns_mode", "group_add", "isolation", "platform",
            "pull_policy", "profiles", "configs", "secrets", "deploy");
    /** Keys with a typed field or a rule. */
    static final Set<String> TYPED = Set.of("image", "build", "dockerfile", "command", "entrypoint", "environment",
            "labels", "ports", "expose", "volumes", "links", "external_links", "restart", "hostname", "container_name",
            "cpu_shares", "mem_limit", "privileged", "tty", "stdin_open", "detach", "external", "dns", "dns_search",
            "dns_options", "oom_kill_disable", "oom-kill-disable", "working_dir", "user", "net", "network_mode",
            "extra_hosts", "env_file", "mac_address", "networks", "depends_on", "extends");
    /** Every known service key, for the "did you mean" of an unknown one. */
    private static final Set<String> KNOWN = known();
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9._-]+");

    private final ParseOptions options;
    private final TemplateFormat format;
    private final Reporter r;
    private final LabelReader labels;
    private final HealthcheckReader healthchecks;
    private final ContainerKeys containerKeys;
    private final FileResources files;
    private final DeployReader deployReader;
    private final BuildReader builds;
    private final PortReader ports;
    private final VolumeReader volumes;
    private final EnvironmentReader environment;
    private final DependsOnReader dependencies;

    ServiceReader(ParseOptions options, TemplateFormat format, Reporter reporter, FileResources files) {
        this.files = files;
        this.options = options;
        this.format = format;
        this.r = reporter;
        this.labels = new LabelReader(options, reporter);
        this.healthchecks = new HealthcheckReader(reporter);
        this.containerKeys = new ContainerKeys(reporter);
        this.deployReader = new DeployReader(options, format, reporter, containerKeys);
        this.builds = new BuildReader(options, reporter);
        this.ports = new PortReader(options, reporter);
        this.volumes = new VolumeReader(reporter);
        this.environment = new EnvironmentReader(reporter);
        this.dependencies = new DependsOnReader(reporter);
    }

    private static Set<String> known() {
        Set<String> all = new java.util.HashSet<>(TYPED);
        all.addAll(PASS_THROUGH);
        return java.util.Collections.unmodifiableSet(all);
    }

    Draft read(String name, String path, YNode.YMap.Entry at, YNode.YMap m) {
        Draft d = new Draft(name, path, at);
        if (!SERVICE_NAME.matcher(name).matches()) {
            r.error(DiagnosticCode.KEY_015, path, at, "service name '" + name
                    + "' may only hold letters, digits, '.', '_' and '-'");
        }
        Map<String, Object> passed = new LinkedHashMap<>();
        Map<String, Object> extensions = new LinkedHashMap<>();
        for (YNode.YMap.Entry e : m.entries()) {
            String key = e.key();
            String p = path + "." + key;
            r.at(e.keyLine(), e.keyColumn(), p);
            if (key.startsWith("x-")) {
                extensions.put(key, Values.plain(e.value()));
            } else if (TYPED.contains(key)) {
                typed(d, key, p, e, m);
            } else if (PASS_THROUGH.contains(key)) {
                if (key.equals("deploy")) {
                    deployReader.read(d, p, e);
                } else if (key.equals("healthcheck")) {
                    // the probe the control plane waits on; aliyun.probe.* labels, read later, take precedence
                    HealthcheckReader.Result hc = healthchecks.readBoth(p, e.value());
                    d.builder.probe(hc.probe());
                    d.container.healthcheck(hc.declared());
                } else if (key.equals("pid") && options.profile() == Profile.SWARM_MODE
                        && "host".equals(Values.plain(e.value()))) {
                    r.error(DiagnosticCode.KEY_011, p, e, "host PID is not supported on Swarm mode: remove pid: host");
                }
                if (ContainerKeys.KEYS.contains(key)) {
                    containerKeys.read(key, p, e.value(), d.container);
                } else if (key.equals("secrets") || key.equals("configs")) {
                    d.files.addAll(files.mounts(key.equals("secrets") ? FileMount.Kind.SECRET : FileMount.Kind.CONFIG,
                            p, e.value()));
                }
                passed.put(key, Values.plain(e.value()));
            } else {
                unknown(key, p, e);
                passed.put(key, Values.plain(e.value()));
            }
            KeySupportReport.report(key, p, e, options, r);
        }
        d.builder.options(passed).extensions(extensions);
        if (!d.envFile.isEmpty()) {
            Map<String, String> env = new LinkedHashMap<>(d.envFile);
            env.putAll(d.environment);
            d.builder.environment(env);
        }
        if (options.profile() == Profile.COMPOSE_SPEC && !m.has("network_mode") && !m.has("net")) {
            // as docker compose does: the services of one file share a network and reach each other by name
            d.container.appNetwork(true);
        }
        try {
            d.builder.container(d.container.files(d.files).build());
        } catch (AcsException ex) {
            r.error(DiagnosticCode.KEY_013, path, at, "service '" + name + "': " + ex.getMessage());
        }
        YNode lbl0 = m.get("labels");
        if (lbl0 != null) {
            labels.read(d, Values.keyValues(lbl0, r, path + ".labels"), lbl0, path + ".labels");
        }
        d.builder.reservation(new Resources(d.cpuUnits, d.memoryBytes, d.gpus)).placement(d.rules)
                .links(new ArrayList<>(d.links.keySet()));
        if (d.availabilityAt != null && !d.global && d.hardZones > d.scale) {
            r.error(DiagnosticCode.SCH_004, path + ".environment", d.availabilityAt, "availability:az==" + d.hardZones
                    + " needs at least " + d.hardZones + " containers but the scale is " + d.scale
                    + ": raise aliyun.scale or use availability:az==~" + d.hardZones);
        }
        if (d.build != null && !d.hasImage) {
            // the image a build makes, named per application and service, tagged by the context's digest
            d.builder.image(ImageRef.parse("acs-build/" + imageName(options.applicationName()) + "-" + imageName(name)
                    + ":" + d.build.contentHash().substring(0, 12)));
        }
        if (d.external == null && !d.hasImage && !m.has("build") && !m.has("dockerfile")) {
            r.error(DiagnosticCode.KEY_006, path, at, "service '" + name
                    + "' has neither image nor external: add image: <repository>[:tag]");
        }
        YNode lbl = m.get("labels");
        if (d.external != null && lbl != null && labels.hasAliyun(lbl)) {
            r.warn(DiagnosticCode.KEY_007, path + ".labels", lbl, "aliyun.* labels on an external service are ignored");
        }
        if (d.containerName != null && d.scale > 1 && !d.global) {
            r.error(DiagnosticCode.KEY_008, path + ".container_name", d.containerNameAt, "container_name '"
                    + d.containerName + "' with aliyun.scale " + d.scale + " would name several containers alike: "
                    + "remove container_name or set the scale to 1");
        }
        return d;
    }

    /**
     * The aliases of {@code networks} (a list of names, or a mapping of names to {@code {aliases: [...]}}): every
     * service of a Compose Specification file is on its application's one network, where these names reach it too.
     */
    private void networkAliases(Draft d, String p, YNode v) {
        List<String> aliases = new ArrayList<>();
        if (v instanceof YNode.YMap nm) {
            for (YNode.YMap.Entry n : nm.entries()) {
                if (n.value() instanceof YNode.YMap opts && opts.has("aliases")) {
                    List<String> a = Values.list(opts.get("aliases"), r, p + "." + n.key() + ".aliases");
                    if (a != null) {
                        a.stream().filter(x -> !aliases.contains(x)).forEach(aliases::add);
                    }
                }
            }
        } else if (!(v instanceof YNode.YSeq)) {
            r.error(DiagnosticCode.KEY_013, p, v, "networks must be a list of network names or a mapping of names to"
                    + " {aliases: [...]}");
        }
        d.container.networkAliases(aliases);
    }

    /** A name as an image repository path component: lower case, other characters as {@code -}. */
    private static String imageName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return n.matches("[a-z0-9].*") ? n : "x" + n;
    }

    /**
     * An unknown key: an error with its did-you-mean when it is within two edits of a known key (a misspelling such
     * as {@code enviroment} would silently lose what it holds), otherwise a warning and kept as it is.
     */
    private void unknown(String key, String p, YNode.YMap.Entry e) {
        String near = Suggest.closestWithin(key, KNOWN, 2);
        if (near != null) {
            r.error(DiagnosticCode.KEY_019, p, e, "'" + key + "' is not a Compose key: did you mean '" + near + "'?"
                    + " (prefix it with x- to keep an extension field)");
        } else {
            r.warn(DiagnosticCode.KEY_012, p, e, "'" + key + "' is not a known Compose key; it is passed through"
                    + " unchanged" + r.didYouMean(key, KNOWN));
        }
    }

    private void typed(Draft d, String key, String p, YNode.YMap.Entry e, YNode.YMap m) {
        YNode v = e.value();
        switch (key) {
            case "image" -> {
                String t = Values.text(v, r, p);
                if (t != null) {
                    d.hasImage = true;
                    if (m.has("external")) {
                        r.error(DiagnosticCode.KEY_007, p, e, "an external service must not have an image: remove one of them");
                    }
                    try {
                        d.builder.image(ImageRef.parse(t));
                    } catch (AcsException ex) {
                        r.error(DiagnosticCode.KEY_013, p, v, ex.getMessage());
                    }
                }
            }
            case "build", "dockerfile" -> {
                if (key.equals("build") && options.profile() == Profile.COMPOSE_SPEC) {
                    d.build = builds.read(p, e);
                    d.builder.build(d.build);
                } else if (m.has("image")) {
                    r.warn(DiagnosticCode.KEY_001, p, e, "'" + key + "' is ignored: images are not built here, the image"
                            + " key is used");
                } else {
                    r.error(DiagnosticCode.KEY_001, p, e, "'" + key + "' is not supported: build the image with the image"
                            + " repository service and reference it with image:");
                }
            }
            case "command", "entrypoint" -> {
                List<String> args = v instanceof YNode.YScalar s ? (s.isNull() ? List.of() : Values.shellSplit(s.value()))
                        : Values.list(v, r, p);
                if (args != null) {
                    if (key.equals("command")) {
                        d.builder.command(args);
                    } else {
                        d.builder.entrypoint(args);
                    }
                }
            }
            case "environment" -> environment.read(d, p, v);
            case "labels" -> {
                // read after every key, see read()
            }
            case "ports" -> ports.read(p, v, false).ifPresent(out -> {
                d.builder.ports(out);
                d.ports = out;
            });
            case "expose" -> ports.read(p, v, true).ifPresent(d.builder::expose);
            case "volumes" -> d.builder.volumes(volumes.read(p, v));
            case "links" -> Values.items(v, r, p, (item, ip) -> {
                String t = Values.text(item, r, ip);
                if (t != null) {
                    d.links.put(t, item);
                }
            });
            case "external_links" -> set(Values.list(v, r, p), d.builder::externalLinks);
            case "restart" -> {
                String t = Values.text(v, r, p);
                if (t != null) {
                    if (t.equals("false") || t.isBlank()) {
                        // docker compose reads restart: "" as the default policy, no
                        t = "no";
                    }
                    try {
                        d.builder.restart(RestartPolicy.parse(t));
                        d.restart = t;
                        d.restartAt = v;
                    } catch (AcsException ex) {
                        r.error(DiagnosticCode.KEY_013, p, v, ex.getMessage());
                    }
                }
            }
            case "hostname" -> set(Values.text(v, r, p), d.builder::hostname);
            case "container_name" -> {
                d.containerName = Values.text(v, r, p);
                d.containerNameAt = v;
                set(d.containerName, d.builder::containerName);
            }
            case "working_dir" -> set(Values.text(v, r, p), d.builder::workingDir);
            case "user" -> set(Values.text(v, r, p), d.builder::user);
            case "cpu_shares" -> {
                String t = Values.text(v, r, p);
                int n = t == null ? 0 : Values.natural(t);
                if (t != null && n < 1) {
                    r.error(DiagnosticCode.KEY_009, p, v, "cpu_shares '" + t + "' must be a positive integer (100 = one core)");
                } else if (t != null) {
                    d.cpuUnits = n;
                }
            }
            case "mem_limit" -> memLimit(d, p, v);
            case "privileged" -> {
                Boolean b = Values.bool(v, r, p);
                if (b != null) {
                    d.builder.privileged(b);
                    if (b && options.profile() == Profile.SWARM_MODE) {
                        r.error(DiagnosticCode.KEY_011, p, e, "privileged is not supported on Swarm mode: remove it");
                    }
                }
            }
            case "tty", "stdin_open" -> {
                Boolean b = Values.bool(v, r, p);
                r.warn(DiagnosticCode.KEY_004, p, e, "'" + key + "' is passed as a create flag only: containers always run"
                        + " detached and cannot be attached");
                if (b != null && key.equals("tty")) {
                    d.builder.tty(b);
                } else if (b != null) {
                    d.builder.stdinOpen(b);
                }
            }
            case "detach" -> r.warn(DiagnosticCode.KEY_004, p, e, "'detach' is ignored: every container starts detached");
            case "external" -> external(d, p, e, m);
            case "dns" -> set(Values.stringOrList(v, r, p), d.builder::dns);
            case "dns_search" -> set(Values.stringOrList(v, r, p), d.builder::dnsSearch);
            case "dns_options" -> set(Values.stringOrList(v, r, p), d.builder::dnsOptions);
            case "oom_kill_disable", "oom-kill-disable" -> {
                if (key.equals("oom-kill-disable")) {
                    r.warn(DiagnosticCode.KEY_010, p, e, "write 'oom_kill_disable' (read as such)");
                }
                Boolean b = Values.bool(v, r, p);
                if (b != null) {
                    d.builder.oomKillDisable(b);
                }
            }
            case "net", "network_mode" -> {
                String t = Values.text(v, r, p);
                if (t != null) {
                    d.builder.networkMode(t);
                    if (t.equals("host") && options.profile() == Profile.SWARM_MODE) {
                        r.error(DiagnosticCode.KEY_011, p, e, "host network is not supported on Swarm mode: remove " + key);
                    }
                }
            }
            case "extra_hosts" -> {
                if (v instanceof YNode.YMap) {
                    List<String> hosts = new ArrayList<>();
                    Values.keyValues(v, r, p).forEach((h, ip) -> hosts.add(h + ":" + ip));
                    d.builder.extraHosts(hosts);
                } else {
                    set(Values.list(v, r, p), d.builder::extraHosts);
                }
            }
            case "env_file" -> {
                if (options.profile() == Profile.CLASSIC) {
                    r.error(DiagnosticCode.KEY_002, p, e, "env_file is not supported by the classic profile: move the"
                            + " variables into environment, or use the compose-spec profile");
                } else {
                    EnvFiles.read(d, p, v, options, r);
                }
            }
            case "mac_address" -> r.error(DiagnosticCode.KEY_003, p, e,
                    "mac_address is not supported: remove it");
            case "networks" -> {
                if (options.profile() == Profile.COMPOSE_SPEC) {
                    networkAliases(d, p, v);
                } else {
                    r.error(DiagnosticCode.KEY_005, p, e, "networks is not supported: every container is on one"
                            + " cross-host network; remove it (links and hostnames reach other services)");
                }
            }
            case "depends_on" -> dependencies.read(d, p, e);
            case "extends" -> {
                // resolved before the services are read
            }
            default -> throw new IllegalStateException("typed key without a reader: " + key);
        }
    }

    private static <T> void set(T value, java.util.function.Consumer<T> sink) {
        if (value != null) {
            sink.accept(value);
        }
    }

    private void memLimit(Draft d, String p, YNode v) {
        String t = Values.text(v, r, p);
        if (t == null) {
            return;
        }
        long bytes;
        try {
            bytes = ByteSize.parse(t);
        } catch (AcsException ex) {
            r.error(DiagnosticCode.KEY_009, p, v, ex.getMessage());
            return;
        }
        if (bytes < options.limits().minMemLimitBytes()) {
            r.error(DiagnosticCode.KEY_009, p, v, "mem_limit " + t + " is below the minimum of "
                    + options.limits().minMemLimitBytes() + " bytes (4 MiB): raise it");
            return;
        }
        d.memoryBytes = bytes;
    }

    private void external(Draft d, String p, YNode.YMap.Entry e, YNode.YMap service) {
        if (options.profile() == Profile.SWARM_MODE) {
            r.error(DiagnosticCode.KEY_011, p, e, "external services are not supported on Swarm mode");
        }
        if (!(e.value() instanceof YNode.YMap ext)) {
            r.error(DiagnosticCode.KEY_007, p, e, "external must be a mapping with host and ports");
            return;
        }
        String host = ext.has("host") ? Values.text(ext.get("host"), r, p + ".host") : null;
        if (host == null || host.isBlank()) {
            r.error(DiagnosticCode.KEY_007, p, e, "external needs host: <domain name>");
            return;
        }
        List<Integer> ports = new ArrayList<>();
        if (ext.has("ports")) {
            List<String> ps = Values.list(ext.get("ports"), r, p + ".ports");
            for (String s : ps == null ? List.<String>of() : ps) {
                int n = Values.natural(s);
                if (n < 1 || n > 65535) {
                    r.error(DiagnosticCode.KEY_007, p + ".ports", ext.get("ports"), "external port '" + s
                            + "' must be an integer in 1-65535");
                } else {
                    ports.add(n);
                }
            }
        }
        if (!service.has("image")) {
            d.external = new ExternalService(d.name, host, ports);
        }
    }
}
