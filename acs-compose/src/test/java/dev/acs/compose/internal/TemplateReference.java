package dev.acs.compose.internal;

import dev.acs.compose.Diagnostic;
import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Profile;
import dev.acs.compose.TemplateFormat;
import dev.acs.compose.Templates;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Generates the reference tables of {@code docs/templates.md} from the parser itself: the key and label tables
 * ({@link ServiceReader#TYPED}, {@link ServiceReader#PASS_THROUGH}, {@link LabelReader#FIXED},
 * {@link LabelReader#KEPT}, the top-level keys of {@link TemplateReader}), the profiles, formats, diagnostic codes and
 * parse limits, and what each profile does with each key: every sample below is parsed under every profile and its
 * diagnostics (beyond those of the same template without it) are printed. {@link TemplateReferenceTest} fails when
 * the committed file differs and rewrites it with {@code -Dacs.docs.update=true}.
 *
 * <p>The samples and one-line meanings are the only hand-written part; a key or label the parser learns without a
 * sample here is listed as "not sampled" and fails {@link TemplateReferenceTest}.
 */
final class TemplateReference {
    /** Where the generated part starts in the document. */
    static final String BEGIN = "<!-- BEGIN GENERATED: TemplateReference (edit the generator, not this part) -->";
    /** Where the generated part ends. */
    static final String END = "<!-- END GENERATED: TemplateReference -->";

    /**
     * A sample use: lines inside the service {@code web} (relative indentation), further services, top-level lines,
     * and what the key or label means.
     */
    record Sample(String service, String others, String top, String meaning) {
    }

    private static Sample s(String meaning, String service) {
        return new Sample(service, null, null, meaning);
    }

    private static Sample withOthers(String meaning, String service, String others) {
        return new Sample(service, others, null, meaning);
    }

    private static Sample label(String meaning, String name, String value, String... companions) {
        StringBuilder b = new StringBuilder("labels:\n  " + name + ": " + quote(value) + "\n");
        for (int i = 0; i < companions.length; i += 2) {
            b.append("  ").append(companions[i]).append(": ").append(quote(companions[i + 1])).append('\n');
        }
        return s(meaning, b.toString());
    }

    private static String quote(String v) {
        return "'" + v.replace("'", "''") + "'";
    }

    /** A sample per service key. */
    static final Map<String, Sample> KEYS = new LinkedHashMap<>();
    /** A sample per label (patterned labels under one example name). */
    static final Map<String, Sample> LABELS = new LinkedHashMap<>();
    /** Scheduler directives in {@code environment}, by the directive as written. */
    static final Map<String, Sample> DIRECTIVES = new LinkedHashMap<>();

    static {
        k("image", "the image to run (`repository[:tag]`); required unless `external`", "");
        k("build", "images are not built here: ignored with `image`, an error without it", "build: .");
        k("dockerfile", "as `build`", "dockerfile: Dockerfile");
        k("command", "the command (a string is split like a shell would)", "command: nginx -g 'daemon off;'");
        k("entrypoint", "the entrypoint (a string or a list)", "entrypoint: [/docker-entrypoint.sh]");
        k("environment", "variables (list or mapping); entries such as `constraint:...` are scheduler directives",
                "environment:\n  LANG: C.UTF-8");
        k("labels", "container labels; `aliyun.*` labels are read as the table below says",
                "labels:\n  team: web");
        k("ports", "`[[ip:]host[-range]:]container[-range][/protocol]` or the long form", "ports: ['8080:80']");
        k("expose", "container ports only", "expose: ['80']");
        k("volumes", "`[source:]target[:ro|rw|nocopy]` or the long form; bind, named or anonymous",
                "volumes: ['/data:/usr/share/nginx/html:ro']");
        KEYS.put("links", withOthers("links to other services of the template (`service[:alias]`)", "links: [db]",
                "db: {image: redis}"));
        k("external_links", "links to containers outside the template", "external_links: ['other_db_1:db']");
        k("restart", "`no`, `always`, `on-failure[:N]`, `unless-stopped`", "restart: always");
        k("hostname", "the container host name", "hostname: web");
        k("container_name", "a fixed container name (scale 1 only)", "container_name: web");
        k("cpu_shares", "CPU reservation in units of 1/100 core", "cpu_shares: 50");
        k("mem_limit", "memory limit and reservation (at least 4 MiB)", "mem_limit: 512m");
        k("privileged", "privileged mode", "privileged: true");
        k("tty", "a create flag only: containers are never attached", "tty: true");
        k("stdin_open", "as `tty`", "stdin_open: true");
        k("detach", "ignored: every container starts detached", "detach: true");
        KEYS.put("external", new Sample("external: {host: db.example.com, ports: [3306]}", null, null,
                "a service outside the cluster (a domain name and ports), in place of `image`"));
        k("dns", "DNS servers", "dns: [8.8.8.8]");
        k("dns_search", "DNS search domains", "dns_search: [example.com]");
        k("dns_options", "resolver options", "dns_options: [use-vc]");
        k("oom_kill_disable", "disables the OOM killer", "oom_kill_disable: true");
        k("oom-kill-disable", "read as `oom_kill_disable`", "oom-kill-disable: true");
        k("working_dir", "working directory", "working_dir: /app");
        k("user", "user (and group) to run as", "user: nginx");
        k("net", "network mode (V1 spelling)", "net: host");
        k("network_mode", "network mode", "network_mode: host");
        k("extra_hosts", "extra `/etc/hosts` entries (list or mapping)", "extra_hosts: ['db:10.0.0.5']");
        k("env_file", "variables from files (relative to the template) below `environment`; refused by the classic"
                + " profile", "env_file: .env");
        k("mac_address", "not supported", "mac_address: 02:42:ac:11:65:43");
        k("networks", "every container is on one cross-host network", "networks: [front]");
        KEYS.put("depends_on", withOthers("read as `aliyun.depends`", "depends_on: [db]", "db: {image: redis}"));
        KEYS.put("extends", withOthers("inherits the keys of another service of the same file",
                "extends: {service: base}", "base: {image: nginx:1.25, environment: {A: '1'}}"));
        k("cap_add", "", "cap_add: [NET_ADMIN]");
        k("cap_drop", "", "cap_drop: [MKNOD]");
        k("cgroup_parent", "", "cgroup_parent: m-executor");
        k("cpu_quota", "", "cpu_quota: 50000");
        k("cpuset", "", "cpuset: '0,1'");
        k("devices", "", "devices: ['/dev/ttyUSB0:/dev/ttyUSB0']");
        k("domainname", "", "domainname: example.com");
        k("ipc", "", "ipc: host");
        k("log_driver", "", "log_driver: json-file");
        k("log_opt", "", "log_opt: {max-size: 10m}");
        k("logging", "", "logging: {driver: json-file}");
        k("memswap_limit", "", "memswap_limit: 1g");
        k("pid", "PID mode; `host` is an error on Swarm mode", "pid: host");
        k("read_only", "", "read_only: true");
        k("security_opt", "", "security_opt: ['label:user:USER']");
        k("shm_size", "", "shm_size: 64m");
        k("stop_signal", "", "stop_signal: SIGUSR1");
        k("tmpfs", "", "tmpfs: [/run]");
        k("ulimits", "", "ulimits: {nproc: 65535}");
        k("volume_driver", "", "volume_driver: local");
        k("volumes_from", "", "volumes_from: [data]");
        k("healthcheck", "the probe the control plane waits on (`aliyun.probe.*` labels take precedence) and the"
                + " engine's health check as declared (exec form, retries, start_period)", "healthcheck: {test: [CMD, curl, -f, 'http://localhost'], interval: 10s}");
        k("stop_grace_period", "", "stop_grace_period: 30s");
        k("init", "", "init: true");
        k("sysctls", "", "sysctls: {net.core.somaxconn: '1024'}");
        k("cpus", "", "cpus: '0.5'");
        k("cpu_period", "", "cpu_period: 100000");
        k("mem_reservation", "", "mem_reservation: 256m");
        k("mem_swappiness", "", "mem_swappiness: 0");
        k("oom_score_adj", "", "oom_score_adj: 500");
        k("pids_limit", "", "pids_limit: 100");
        k("userns_mode", "", "userns_mode: host");
        k("group_add", "", "group_add: [mail]");
        k("isolation", "", "isolation: default");
        k("platform", "", "platform: linux/amd64");
        k("pull_policy", "", "pull_policy: always");
        k("profiles", "", "profiles: [debug]");
        k("configs", "", "configs: [my_config]");
        k("secrets", "", "secrets: [my_secret]");
        k("deploy", "version 3: `replicas`, `mode: global`, placement constraints, placement preferences (`spread:"
                + " node.labels.X`: replicas spread over the label's values), reservations (scheduled), limits"
                + " (applied), update parallelism;"
                + " ignored in version 1 and 2", "deploy: {replicas: 2, placement: {constraints: ['node.labels.group == 1']}}");

        l("aliyun.scale", "containers of the service", "3");
        l("aliyun.probe.url", "health probe: `http://container[:port]/path` or `tcp://container:port`",
                "http://container/health");
        l("aliyun.probe.cmd", "health probe: a command run in the container", "/check.sh");
        l("aliyun.probe.timeout_seconds", "probe timeout (with a probe)", "10", "aliyun.probe.url",
                "http://container/health");
        l("aliyun.probe.initial_delay_seconds", "delay before the first probe (with a probe)", "5",
                "aliyun.probe.url", "http://container/health");
        l("aliyun.rolling_updates", "update containers one batch at a time", "true", "aliyun.scale", "3");
        l("aliyun.rolling_updates.parallelism", "batch size of a rolling update (below the scale)", "2",
                "aliyun.rolling_updates", "true", "aliyun.scale", "3");
        LABELS.put("aliyun.depends", new Sample("labels:\n  aliyun.depends: db\n", "db: {image: redis}", null,
                "services started (and healthy) first"));
        l("aliyun.routing.session_sticky", "sticky sessions on the routes", "true", "aliyun.routing.port_80",
                "web.example.com");
        l("aliyun.log.timestamp", "prefix log lines with a timestamp", "true");
        l("aliyun.logs", "log directory (undefined by the product: kept in the model, not collected)", "/var/log/nginx");
        l("aliyun.global", "one container on every node", "true");
        l("aliyun.gpu", "GPUs per container", "1");
        l("aliyun.auto_scaling.step", "containers added or removed per scaling step", "1",
                "aliyun.auto_scaling.max_cpu", "70", "aliyun.auto_scaling.min_cpu", "30");
        l("aliyun.auto_scaling.min_instances", "fewest containers when scaling", "1",
                "aliyun.auto_scaling.max_cpu", "70", "aliyun.auto_scaling.min_cpu", "30");
        l("aliyun.auto_scaling.max_instances", "most containers when scaling", "5",
                "aliyun.auto_scaling.max_cpu", "70", "aliyun.auto_scaling.min_cpu", "30");
        l("aliyun.auto_scaling.max_cpu", "scale up above this CPU % (50-100)", "70", "aliyun.auto_scaling.min_cpu", "30");
        l("aliyun.auto_scaling.min_cpu", "scale down below this CPU % (0-50)", "30", "aliyun.auto_scaling.max_cpu", "70");
        l("aliyun.auto_scaling.max_memory", "scale up above this memory %", "80", "aliyun.auto_scaling.min_memory", "20");
        l("aliyun.auto_scaling.min_memory", "scale down below this memory %", "20",
                "aliyun.auto_scaling.max_memory", "80");
        l("aliyun.monitoring.script", "custom monitoring: command run in the container each period, printing InfluxDB line protocol", "/monitor.sh");
        l("aliyun.monitoring.http", "custom monitoring: JSON endpoint `http://container:port/path` read each period", "http://container:3000/metrics");
        l("aliyun.monitoring.tags", "tags of the metrics (with `monitoring.http`)", "tag1,tag2",
                "aliyun.monitoring.http", "http://container:3000/metrics");
        l("aliyun.monitoring.addon.influxdb", "InfluxDB `scheme://host:port` the cluster's custom monitoring points are written to (database `telegraf`)", "http://10.0.0.1:8086");
        l("aliyun.monitoring.addon.prometheus", "Prometheus `scheme://host:port` (validated and kept; nothing is pushed: export through MetricsListener or acs-micrometer)", "http://10.0.0.1:9090");
        LABELS.put("aliyun.retry_count", new Sample("labels:\n  aliyun.retry_count: '3'\n", null,
                "labels:\n  aliyun.project_type: batch\n", "batch jobs: retries of a failed task"));
        LABELS.put("aliyun.remove_containers", new Sample("labels:\n  aliyun.remove_containers: remove-finished\n",
                null, "labels:\n  aliyun.project_type: batch\n", "batch jobs: which finished containers to remove"));
        l("aliyun.custom_addon", "`proxy` marks the service as the application's proxy", "proxy");
        l("aliyun.latest_image", "always pull the image on redeploy", "true");
        LABELS.put("aliyun.project_type", new Sample("", null, "labels:\n  aliyun.project_type: batch\n",
                "application level: `batch` makes the application a batch job"));
        LABELS.put("aliyun.schedule", new Sample("", null, "labels:\n  aliyun.schedule: '0 0 2 * * *'\n",
                "application level: a 6-field cron (second first) makes a scheduled job"));
        l("aliyun.reschedule", "kept as a plain label", "on-node-failure");
        l("aliyun.node_index", "kept as a plain label (use `constraint:aliyun.node_index==N` to place)", "1");
        l("aliyun.routing.port_80", "routes to container port 80: `domain[;domain...]` or `http://domain/context`",
                "web.example.com");
        LABELS.put("aliyun.lb.port_80", new Sample("ports: ['80:80']\nlabels:\n  aliyun.lb.port_80: tcp://my-slb:80\n",
                null, null, "binds container port 80's host port to a Server Load Balancer `scheme://slb:port`"));
        l("aliyun.log_store_app", "log store `app`: `stdout` or an absolute file path in the container, shipped by the log-store collector", "stdout");
        l("aliyun.log_ttl_app", "retention of log store `app`, days", "7", "aliyun.log_store_app", "stdout");
        LABELS.put("aliyun.proxy.TCP_PORTS", new Sample("labels:\n  aliyun.proxy.TCP_PORTS: '6379'\n",
                "proxy: {image: haproxy, labels: {aliyun.custom_addon: proxy}}", null,
                "settings for the application's proxy service (needs an `aliyun.custom_addon: proxy` service)"));
        l(LabelReader.RESCHEDULE_POLICIES, "reschedule policy, as the `reschedule:` directive", "[\"on-node-failure\"]");

        d("constraint:group==1", "only nodes with label `group=1`");
        d("constraint:group!=1", "not on nodes with label `group=1`");
        d("constraint:group==~1", "prefer nodes with `group=1` (soft)");
        d("constraint:aliyun.node_index==1", "the first node of the cluster");
        d("constraint:node==node1", "the node named `node1`");
        d("constraint:zone==/cn-.*/", "a regular expression between slashes");
        d("constraint:group==(a|b)", "a value set");
        d("affinity:service==db", "on a node running a container of service `db`");
        d("affinity:service!=web", "not beside another container of `web` (spread)");
        d("affinity:image==redis", "on a node with a container of image `redis`");
        d("affinity:container!=db_1", "not beside the container `db_1`");
        DIRECTIVES.put("availability:az==2", s("spread over at least 2 zones (hard; needs a scale of 2 or more)",
                "environment:\n  - 'availability:az==2'\nlabels:\n  aliyun.scale: '2'\n"));
        d("availability:az==~2", "spread over 2 zones when possible (soft)");
        d("reschedule:on-node-failure", "move containers when their node fails");
        d("reschedule:off", "never move containers");
        d("constraint:group=1", "lenient spelling, read as `==`");
        d("constraint:group=~1", "lenient spelling, read as `==~`");
    }

    private static void k(String key, String meaning, String yaml) {
        KEYS.put(key, s(meaning, yaml.isEmpty() ? "" : yaml + "\n"));
    }

    private static void l(String name, String meaning, String value, String... companions) {
        LABELS.put(name, label(meaning, name, value, companions));
    }

    private static void d(String directive, String meaning) {
        DIRECTIVES.put(directive, s(meaning, "environment:\n  - '" + directive + "'\n"));
    }

    private TemplateReference() {
    }

    /** Every service key the parser knows, typed first, each group sorted. */
    static List<String> serviceKeys() {
        List<String> keys = new ArrayList<>(new TreeSet<>(ServiceReader.TYPED));
        keys.addAll(new TreeSet<>(ServiceReader.PASS_THROUGH));
        return keys;
    }

    /** Every label with a fixed name the parser knows. */
    static Set<String> fixedLabels() {
        Set<String> labels = new LinkedHashSet<>(LabelReader.FIXED);
        labels.addAll(new TreeSet<>(LabelReader.KEPT));
        labels.add(LabelReader.RESCHEDULE_POLICIES);
        return labels;
    }

    /** Known keys and labels without a sample here. */
    static List<String> unsampled() {
        List<String> missing = new ArrayList<>();
        serviceKeys().stream().filter(k -> !KEYS.containsKey(k)).forEach(missing::add);
        fixedLabels().stream().filter(l -> !LABELS.containsKey(l)).forEach(missing::add);
        return missing;
    }

    /**
     * The generated Markdown, between {@link #BEGIN} and {@link #END} inclusive.
     *
     * @param parseOptionsSource {@code ParseOptions.java}, whose accessors' javadoc describes the limits
     */
    static String generate(Path parseOptionsSource) throws IOException {
        StringBuilder md = new StringBuilder(BEGIN).append("\n\n");
        formats(md);
        topLevel(md);
        keyTable(md, "### Service keys", "Key", serviceKeys(), KEYS, true);
        List<String> labels = new ArrayList<>(LABELS.keySet());
        keyTable(md, "### Labels", "Label", labels, LABELS, false);
        keyTable(md, "### Scheduler directives (in `environment`)", "Directive", new ArrayList<>(DIRECTIVES.keySet()),
                DIRECTIVES, false);
        limits(md, Files.readString(parseOptionsSource));
        codes(md);
        return md.append(END).append('\n').toString();
    }

    private static void formats(StringBuilder md) {
        md.append("### Formats and profiles\n\n");
        md.append("What each profile (`--profile` of `acs validate`, `ParseOptions.profile`) does with a minimal template"
                + " of each format (`ok`, or the diagnostics it reports):\n\n");
        md.append("| Format |");
        for (Profile p : Profile.values()) {
            md.append(" `").append(p.id()).append("` |");
        }
        md.append("\n|---|").append("---|".repeat(Profile.values().length)).append('\n');
        for (TemplateFormat f : TemplateFormat.values()) {
            md.append("| `").append(f.id()).append("` |");
            for (Profile p : Profile.values()) {
                md.append(' ').append(outcome(Set.of(), diagnostics(minimal(f), p))).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static String minimal(TemplateFormat f) {
        String service = "web:\n  image: nginx:1.25\n";
        return switch (f) {
            case V1 -> service;
            case V2 -> "version: '2'\nservices:\n" + indent(service, 2);
            case V3 -> "version: '3'\nservices:\n" + indent(service, 2);
            case SPEC -> "services:\n" + indent(service, 2);
        };
    }

    private static void topLevel(StringBuilder md) {
        md.append("### Top-level keys\n\nVersion 1 templates hold services only. Keys starting with `x-` are"
                + " extensions and are kept.\n\n| Key | version 2 | version 3, Compose Specification |\n|---|---|---|\n");
        Set<String> all = new TreeSet<>(TemplateReader.V2_TOP);
        all.addAll(TemplateReader.SPEC_TOP);
        for (String key : all) {
            md.append("| `").append(key).append("` | ").append(TemplateReader.V2_TOP.contains(key) ? "yes" : "—")
                    .append(" | ").append(TemplateReader.SPEC_TOP.contains(key) ? "yes" : "—").append(" |\n");
        }
        md.append('\n');
    }

    private static void keyTable(StringBuilder md, String title, String column, List<String> names,
                                 Map<String, Sample> samples, boolean kinds) {
        md.append(title).append("\n\n| ").append(column).append(kinds ? " | Read as" : "").append(" | Meaning | Sample |");
        for (Profile p : Profile.values()) {
            md.append(" `").append(p.id()).append("` |");
        }
        md.append("\n|---|").append(kinds ? "---|" : "").append("---|---|").append("---|".repeat(Profile.values().length))
                .append('\n');
        for (String name : names) {
            Sample sample = samples.get(name);
            md.append("| `").append(escape(name)).append("` |");
            if (kinds) {
                md.append(ServiceReader.TYPED.contains(name) ? " typed |" : ContainerKeys.KEYS.contains(name)
                        || name.equals("healthcheck") || name.equals("deploy") ? " typed (container settings) |"
                        : " kept as given |");
            }
            if (sample == null) {
                md.append(" not sampled | |").append(" |".repeat(Profile.values().length)).append('\n');
                continue;
            }
            dev.acs.compose.KeySupport.Entry support = dev.acs.compose.KeySupport.entry(name);
            String meaning = !sample.meaning().isEmpty() ? sample.meaning() : support != null ? support.note() : "—";
            md.append(' ').append(escape(meaning)).append(" | ")
                    .append(cell(sample)).append(" |");
            for (Profile p : Profile.values()) {
                Set<String> base = diagnostics(document(p, new Sample("", sample.others(), null, ""), !external(sample)), p);
                md.append(' ').append(outcome(base, diagnostics(document(p, sample, !external(sample)), p))).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static boolean external(Sample s) {
        return s.service().startsWith("external:");
    }

    /** The sample as one table cell. */
    private static String cell(Sample s) {
        String text = (s.top() == null ? "" : s.top()) + s.service();
        String flat = text.strip().replaceAll("\\n\\s*", "; ").replace("labels:; ", "").replace("environment:; - ", "");
        return flat.isEmpty() ? "" : "`" + escape(flat) + "`";
    }

    /** A table cell's text: a {@code |} would end the cell, even inside code. */
    private static String escape(String text) {
        return text.replace("|", "\\|");
    }

    private static String document(Profile p, Sample s, boolean withImage) {
        StringBuilder b = new StringBuilder(switch (p) {
            case CLASSIC -> "version: '2'\n";
            case SWARM_MODE -> "version: '3'\n";
            case COMPOSE_SPEC -> "";
        });
        if (s.top() != null) {
            b.append(s.top());
        }
        b.append("services:\n  web:\n");
        if (withImage) {
            b.append("    image: nginx:1.25\n");
        }
        b.append(indent(s.service(), 4));
        if (s.others() != null) {
            b.append(indent(s.others() + "\n", 2));
        }
        return b.toString();
    }

    private static String indent(String text, int n) {
        String pad = " ".repeat(n);
        return text.lines().map(line -> pad + line + "\n").collect(Collectors.joining());
    }

    private static Set<String> diagnostics(String yaml, Profile p) {
        Set<String> out = new LinkedHashSet<>();
        for (Diagnostic d : Templates.parse(yaml, ParseOptions.builder().profile(p).build()).diagnostics()) {
            out.add(d.severity().id() + " " + d.code().id());
        }
        return out;
    }

    private static String outcome(Set<String> base, Set<String> found) {
        String extra = found.stream().filter(x -> !base.contains(x)).sorted().collect(Collectors.joining(", "));
        return extra.isEmpty() ? "ok" : extra;
    }

    /** An accessor's javadoc and name: {@code /** doc *}{@code / public T name() ...}. */
    private static final Pattern ACCESSOR = Pattern.compile("/\\*\\*\\s*((?:(?!\\*/).)*?)\\s*\\*/\\s*public [\\w<>.,? ]+ (\\w+)\\(\\)",
            Pattern.DOTALL);

    private static void limits(StringBuilder md, String source) {
        Map<String, String> docs = new LinkedHashMap<>();
        Matcher m = ACCESSOR.matcher(source);
        while (m.find()) {
            String text = m.group(1).replaceFirst("^\\*\\s*", "").replaceAll("\\s*\\n\\s*\\*\\s*", " ").replaceAll("\\{@(?:code|link) ([^}]*)}", "`$1`")
                    .replaceAll("`DiagnosticCode#([A-Z]{3})_(\\d{3})`", "`$1-$2`").replace('#', '.');
            docs.put(m.group(2), text.strip());
        }
        md.append("### Parse options and limits\n\n| Option | Default | Meaning |\n|---|---|---|\n");
        ParseOptions defaults = ParseOptions.defaults();
        Class<?> fields = java.util.Arrays.stream(ParseOptions.class.getDeclaredClasses()).filter(Class::isRecord)
                .findFirst().orElseThrow(() -> new IllegalStateException("ParseOptions keeps no fields record"));
        for (RecordComponent c : fields.getRecordComponents()) {
            Object value;
            try {
                value = ParseOptions.class.getMethod(c.getName()).invoke(defaults);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String shown = value instanceof Profile p ? p.id() : value instanceof Map<?, ?> map && map.isEmpty()
                    ? "none" : value == null ? "none" : c.getType().isPrimitive() || value instanceof String
                    ? String.valueOf(value) : "defaults";
            md.append("| `").append(c.getName()).append("` | ").append(shown).append(" | ")
                    .append(escape(docs.getOrDefault(c.getName(), ""))).append(" |\n");
        }
        md.append('\n');
    }

    private static void codes(StringBuilder md) {
        md.append("### Diagnostic codes\n\nA code keeps its meaning; whether it is an error or a warning depends on the"
                + " case.\n\n| Code | Meaning |\n|---|---|\n");
        for (DiagnosticCode c : DiagnosticCode.values()) {
            md.append("| `").append(c.id()).append("` | ").append(escape(c.description())).append(" |\n");
        }
        md.append('\n');
    }

    /** Writes the generated part into {@code args[0]} (docs/templates.md), reading limits from {@code args[1]}. */
    public static void main(String[] args) throws IOException {
        Path doc = Path.of(args[0]);
        Files.writeString(doc, splice(Files.readString(doc), generate(Path.of(args[1]))));
    }

    /** The document with its generated part replaced. */
    static String splice(String document, String generated) {
        int a = document.indexOf(BEGIN);
        int b = document.indexOf(END);
        if (a < 0 || b < a) {
            throw new IllegalArgumentException("the document has no " + BEGIN + " ... " + END + " part");
        }
        return document.substring(0, a) + generated + document.substring(Math.min(document.length(),
                b + END.length() + 1));
    }

    /** The generated part of a document, or {@code null} when it has none. */
    static String extract(String document) {
        int a = document.indexOf(BEGIN);
        int b = document.indexOf(END);
        return a < 0 || b < a ? null : document.substring(a, b + END.length() + 1);
    }
}
