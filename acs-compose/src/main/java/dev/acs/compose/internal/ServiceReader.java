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
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.Resources;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.model.StartCondition;
import dev.acs.core.model.VolumeMount;
import dev.acs.core.secret.Secrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
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
    private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final Pattern VOLUME_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final ParseOptions options;
    private final TemplateFormat format;
    private final Reporter r;
    private final LabelReader labels;
    private final HealthcheckReader healthchecks;
    private final ContainerKeys containerKeys;
    private final FileResources files;
    private final DeployReader deployReader;
    private final BuildReader builds;
    /** Port mappings read so far in the template, against {@link ParseOptions#maxPorts()}. */
    private int portCount;
    private boolean portLimitReported;

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
            case "environment" -> environment(d, p, v);
            case "labels" -> {
                // read after every key, see read()
            }
            case "ports" -> ports(d, p, v, false);
            case "expose" -> ports(d, p, v, true);
            case "volumes" -> volumes(d, p, v);
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
            case "depends_on" -> {
                r.warn(DiagnosticCode.KEY_016, p, e, "depends_on is read as aliyun.depends: prefer the label");
                if (v instanceof YNode.YMap dm) {
                    dm.entries().forEach(x -> d.dependsOn.putIfAbsent(x.key(), x.value()));
                    d.builder.dependsOnConditions(conditions(dm, p));
                } else if (v instanceof YNode.YSeq seq) {
                    for (YNode item : seq.items()) {
                        String t = Values.text(item, r, p);
                        if (t != null) {
                            d.dependsOn.putIfAbsent(t.trim(), item);
                        }
                    }
                } else {
                    r.error(DiagnosticCode.KEY_013, p, v, "depends_on must be a list of service names");
                }
            }
            case "extends" -> {
                // resolved before the services are read
            }
            default -> throw new IllegalStateException("typed key without a reader: " + key);
        }
    }

    /** The {@code condition} of each entry of {@code depends_on}'s long form ({@code service_started} when absent). */
    private Map<String, StartCondition> conditions(YNode.YMap dm, String p) {
        Map<String, StartCondition> out = new LinkedHashMap<>();
        for (YNode.YMap.Entry x : dm.entries()) {
            StartCondition c = StartCondition.SERVICE_STARTED;
            if (x.value() instanceof YNode.YMap opts && opts.has("condition")) {
                String t = Values.text(opts.get("condition"), r, p + "." + x.key() + ".condition");
                try {
                    c = t == null ? c : StartCondition.parse(t);
                } catch (AcsException ex) {
                    r.error(DiagnosticCode.KEY_013, p + "." + x.key() + ".condition", opts.get("condition"),
                            ex.getMessage());
                }
            } else if (!(x.value() instanceof YNode.YMap) && !(x.value() instanceof YNode.YScalar sc && sc.isNull())) {
                r.error(DiagnosticCode.KEY_013, p + "." + x.key(), x, "each depends_on entry takes a mapping such as"
                        + " {condition: service_healthy}");
            }
            out.put(x.key(), c);
        }
        return out;
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

    private void environment(Draft d, String p, YNode v) {
        Map<String, String> env = new LinkedHashMap<>();
        List<PlacementRule> rules = d.rules;
        if (v instanceof YNode.YSeq seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                YNode item = seq.items().get(i);
                String ip = p + "[" + i + "]";
                String t = Values.text(item, r, ip);
                if (t == null) {
                    continue;
                }
                if (Directives.isDirective(t)) {
                    directive(d, t, ip, item, rules);
                    continue;
                }
                if (Directives.isDottedDirective(t)) {
                    r.warn(DiagnosticCode.SCH_003, ip, item, "'" + t + "' is an ordinary variable; did you mean '"
                            + t.replaceFirst("\\.", ":") + "' (a scheduler directive)?");
                }
                int eq = t.indexOf('=');
                env.put(eq < 0 ? t : t.substring(0, eq), eq < 0 ? "" : t.substring(eq + 1));
            }
        } else if (v instanceof YNode.YMap map) {
            for (YNode.YMap.Entry e : map.entries()) {
                if (Directives.isDirective(e.key()) && e.value() instanceof YNode.YScalar value) {
                    // Compose turns a mapping entry into KEY=VALUE (or KEY alone for a null value) before the
                    // scheduler reads it: constraint:aliyun.node_index: "=1" is constraint:aliyun.node_index==1
                    directive(d, value.isNull() ? e.key() : e.key() + "=" + value.value(), p + "." + e.key(), value,
                            rules);
                }
            }
            Values.keyValues(v, r, p).forEach((key, value) -> {
                if (!Directives.isDirective(key)) {
                    env.put(key, value);
                }
            });
        } else {
            env.putAll(Values.keyValues(v, r, p));
        }
        env.forEach((name, value) -> {
            if (Secrets.isSecretName(name)) {
                r.secret(value);
            }
        });
        d.builder.environment(env);
        d.environment = env;
    }

    private void directive(Draft d, String t, String ip, YNode item, List<PlacementRule> rules) {
        if (t.startsWith("reschedule:")) {
            ReschedulePolicy rp = Directives.reschedule(t.substring("reschedule:".length()), r, ip, item);
            if (rp != null) {
                d.builder.reschedule(rp);
            }
            return;
        }
        PlacementRule rule = Directives.rule(t, r, ip, item);
        if (rule != null) {
            rules.add(rule);
            if (rule.kind() == PlacementRule.Kind.AVAILABILITY_ZONE && !rule.soft()) {
                d.availabilityAt = item;
                d.hardZones = rule.zoneCount();
            }
        }
    }

    private void ports(Draft d, String p, YNode v, boolean expose) {
        List<PortMapping> out = new ArrayList<>();
        boolean isList = Values.items(v, r, p, (item, ip) -> {
            if (item instanceof YNode.YMap pm && !expose) {
                longPort(pm, ip, out);
                return;
            }
            String t = Values.text(item, r, ip);
            if (t != null) {
                shortPort(t.trim(), ip, item, expose, out);
            }
        });
        if (!isList) {
            return;
        }
        if (expose) {
            d.builder.expose(out);
        } else {
            d.builder.ports(out);
            d.ports = out;
        }
    }

    private void longPort(YNode.YMap pm, String ip, List<PortMapping> out) {
        String target = pm.has("target") ? Values.text(pm.get("target"), r, ip + ".target") : null;
        String published = pm.has("published") ? Values.text(pm.get("published"), r, ip + ".published") : "";
        String protocol = pm.has("protocol") ? Values.text(pm.get("protocol"), r, ip + ".protocol") : "tcp";
        String hostIp = pm.has("host_ip") ? Values.text(pm.get("host_ip"), r, ip + ".host_ip") : null;
        if (target == null) {
            r.error(DiagnosticCode.KEY_013, ip, pm, "a long-form port needs target: <container port>");
            return;
        }
        String spec = (hostIp == null || hostIp.isEmpty() ? "" : hostIp + ":")
                + (published == null || published.isEmpty() ? "" : published + ":") + target + "/" + protocol;
        shortPort(spec, ip, pm, false, out);
    }

    /** {@code [[ip:]host[-range]:]container[-range][/protocol]}; ranges expand to one mapping per port. */
    private void shortPort(String t, String ip, YNode at, boolean expose, List<PortMapping> out) {
        String spec = t;
        PortMapping.Protocol protocol = PortMapping.Protocol.TCP;
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            try {
                protocol = PortMapping.Protocol.parse(spec.substring(slash + 1));
            } catch (AcsException ex) {
                r.error(DiagnosticCode.KEY_013, ip, at, "port '" + t + "': " + ex.getMessage());
                return;
            }
            spec = spec.substring(0, slash);
        }
        int last = spec.lastIndexOf(':');
        String container = last < 0 ? spec : spec.substring(last + 1);
        String host = "";
        String hostIp = null;
        if (last >= 0) {
            String before = spec.substring(0, last);
            int c = before.lastIndexOf(':');
            host = c < 0 ? before : before.substring(c + 1);
            hostIp = c < 0 ? null : before.substring(0, c);
            if (expose) {
                r.error(DiagnosticCode.KEY_013, ip, at, "expose '" + t + "' takes container ports only: move it to ports");
                return;
            }
        }
        int[] cr = range(container);
        int[] hr = host.isEmpty() ? null : range(host);
        if (cr == null || (!host.isEmpty() && hr == null)) {
            r.error(DiagnosticCode.KEY_013, ip, at, "port '" + t + "' is not [[ip:]host:]container[/protocol] with ports in"
                    + " 1-65535 (ranges as 8000-8010)");
            return;
        }
        int count = cr[1] - cr[0] + 1;
        if (hr != null && hr[1] - hr[0] + 1 != count) {
            r.error(DiagnosticCode.KEY_013, ip, at, "port '" + t + "': the host range and the container range must have"
                    + " the same length");
            return;
        }
        if (count > options.maxPortsPerRange()) {
            r.error(DiagnosticCode.TPL_013, ip, at, "port '" + t + "' expands to " + count + " ports, more than the limit"
                    + " of " + options.maxPortsPerRange() + " per range: map a shorter range");
            return;
        }
        if (portCount + count > options.maxPorts()) {
            if (!portLimitReported) {
                portLimitReported = true;
                r.error(DiagnosticCode.TPL_014, ip, at, "the template maps more than " + options.maxPorts()
                        + " ports (ranges expanded, extends included): map fewer ports");
            }
            return;
        }
        portCount += count;
        for (int k = 0; k < count; k++) {
            out.add(new PortMapping(hostIp == null || hostIp.isEmpty() ? null : hostIp, hr == null ? 0 : hr[0] + k,
                    cr[0] + k, protocol));
        }
    }

    private static int[] range(String text) {
        Matcher m = PORT.matcher(text);
        if (!m.matches() || text.length() > 11) {
            return null;
        }
        int a = Integer.parseInt(m.group(1));
        int b = m.group(2) == null ? a : Integer.parseInt(m.group(2));
        if (a < 1 || b > 65535 || b < a) {
            return null;
        }
        return new int[] {a, b};
    }

    private void volumes(Draft d, String p, YNode v) {
        List<VolumeMount> out = new ArrayList<>();
        Values.items(v, r, p, (item, ip) -> {
            VolumeMount vm = item instanceof YNode.YMap vmap ? longVolume(vmap, ip) : shortVolume(item, ip);
            if (vm != null) {
                out.add(vm);
            }
        });
        d.builder.volumes(out);
    }

    private VolumeMount shortVolume(YNode item, String ip) {
        String t = Values.text(item, r, ip);
        if (t == null) {
            return null;
        }
        String[] parts = t.split(":", -1);
        if (parts.length > 3 || parts[0].isEmpty()) {
            r.error(DiagnosticCode.KEY_013, ip, item, "volume '" + t + "' is not [source:]target[:mode]");
            return null;
        }
        if (parts.length == 1) {
            return volume(VolumeMount.Type.ANONYMOUS, null, parts[0], false, false, t, ip, item);
        }
        String mode = parts.length == 3 ? parts[2] : "";
        boolean ro = false;
        boolean nocopy = false;
        for (String opt : mode.isEmpty() ? new String[0] : mode.split(",")) {
            switch (opt) {
                case "ro" -> ro = true;
                case "rw" -> ro = false;
                case "nocopy" -> nocopy = true;
                case "z", "Z", "copy" -> {
                    // SELinux relabelling and the default copy are runtime details; accepted
                }
                default -> {
                    r.error(DiagnosticCode.KEY_013, ip, item, "volume '" + t + "': mode '" + opt
                            + "' is not one of ro, rw, nocopy");
                    return null;
                }
            }
        }
        return volume(sourceType(parts[0], ip, item), parts[0], parts[1], ro, nocopy, t, ip, item);
    }

    private VolumeMount.Type sourceType(String source, String ip, YNode item) {
        if (source.startsWith("/") || source.startsWith(".") || source.startsWith("~")) {
            return VolumeMount.Type.BIND;
        }
        if (!VOLUME_NAME.matcher(source).matches()) {
            r.error(DiagnosticCode.KEY_013, ip, item, "'" + source + "' is neither an absolute host path nor a volume name");
        }
        return VolumeMount.Type.NAMED;
    }

    private VolumeMount longVolume(YNode.YMap m, String ip) {
        String source = m.has("source") ? Values.text(m.get("source"), r, ip + ".source") : null;
        String target = m.has("target") ? Values.text(m.get("target"), r, ip + ".target") : null;
        String type = m.has("type") ? Values.text(m.get("type"), r, ip + ".type") : null;
        Boolean ro = m.has("read_only") ? Values.bool(m.get("read_only"), r, ip + ".read_only") : Boolean.FALSE;
        boolean nocopy = m.get("volume") instanceof YNode.YMap vo && vo.has("nocopy")
                && Boolean.TRUE.equals(Values.bool(vo.get("nocopy"), r, ip + ".volume.nocopy"));
        if (target == null) {
            r.error(DiagnosticCode.KEY_013, ip, m, "a long-form volume needs target: <container path>");
            return null;
        }
        VolumeMount.Type t;
        if (source == null || source.isEmpty()) {
            t = VolumeMount.Type.ANONYMOUS;
            source = null;
        } else if ("bind".equals(type)) {
            t = VolumeMount.Type.BIND;
        } else if ("volume".equals(type)) {
            t = VolumeMount.Type.NAMED;
        } else {
            t = sourceType(source, ip, m);
        }
        return volume(t, source, target, Boolean.TRUE.equals(ro), nocopy, target, ip, m);
    }

    private VolumeMount volume(VolumeMount.Type type, String source, String target, boolean ro, boolean nocopy,
                               String text, String ip, YNode at) {
        try {
            return new VolumeMount(type, source, target, ro, nocopy);
        } catch (AcsException ex) {
            r.error(DiagnosticCode.KEY_013, ip, at, "volume '" + text + "': " + ex.getMessage());
            return null;
        }
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
