package dev.acs.compose;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The key-support table: for every Compose service key, under every {@link Profile} and on every
 * {@link TargetRuntime}, whether the key is {@link Support#APPLIED applied}, reported by a
 * {@link Support#WARNING warning} (ignored by the parser under that profile, or not applied by that runtime), or
 * refused with an {@link Support#ERROR error}. The parser follows it: where a runtime cannot apply a key it warns
 * ({@link DiagnosticCode#KEY_020}, naming the runtime), so nothing is silently dropped. {@code docs/compose-keys.md}
 * is rendered from it and every row has a test.
 *
 * <p>Each row is about the key as its {@link Entry#sample() sample} uses it, in a Compose Specification file (no
 * {@code version}, a top-level {@code services}); a value such as {@code pid: host} that one profile refuses is named
 * in the note.
 */
public final class KeySupport {
    /** What happens to a key. */
    public enum Support {
        /** Read into the model and applied by the runtime (or by the parser or the control plane, as the note says). */
        APPLIED,
        /** Accepted with a located warning: ignored under the profile, or not applied by the runtime. */
        WARNING,
        /** Refused with a located error. */
        ERROR
    }

    /**
     * One key: its sample, the profiles that refuse it, the profiles under which the parser ignores it with its own
     * warning, the runtimes that apply it, and a note.
     *
     * @param key        the Compose key
     * @param sample     the key as a row's test writes it inside a service (YAML, relative indentation)
     * @param errorIn    profiles under which the parser refuses the sample
     * @param ignoredIn  profiles under which the parser reads the sample with a warning of its own (ignored or
     *                   partly applied: see the note)
     * @param appliedBy  runtimes that apply the key
     * @param note       what is applied, by whom, and what is not
     */
    public record Entry(String key, String sample, Set<Profile> errorIn, Set<Profile> ignoredIn,
                        Set<TargetRuntime> appliedBy, String note) {
        /** Freezes the sets. */
        public Entry {
            errorIn = Collections.unmodifiableSet(errorIn.isEmpty() ? EnumSet.noneOf(Profile.class) : EnumSet.copyOf(errorIn));
            ignoredIn = Collections.unmodifiableSet(ignoredIn.isEmpty() ? EnumSet.noneOf(Profile.class)
                    : EnumSet.copyOf(ignoredIn));
            appliedBy = Collections.unmodifiableSet(appliedBy.isEmpty() ? EnumSet.noneOf(TargetRuntime.class)
                    : EnumSet.copyOf(appliedBy));
        }

        /** The support under a profile on a runtime. */
        public Support support(Profile profile, TargetRuntime runtime) {
            if (errorIn.contains(profile)) {
                return Support.ERROR;
            }
            return ignoredIn.contains(profile) || !appliedBy.contains(runtime) ? Support.WARNING : Support.APPLIED;
        }
    }

    /**
     * One cell of the table.
     *
     * @param key     the Compose key
     * @param profile the profile
     * @param runtime the runtime
     * @param support what happens
     * @param note    the entry's note
     */
    public record Row(String key, Profile profile, TargetRuntime runtime, Support support, String note) {
    }

    private static final Set<TargetRuntime> ALL = EnumSet.allOf(TargetRuntime.class);
    private static final Set<TargetRuntime> NONE = EnumSet.noneOf(TargetRuntime.class);
    private static final Set<Profile> NO_PROFILE = EnumSet.noneOf(Profile.class);
    private static final Set<Profile> EVERY_PROFILE = EnumSet.allOf(Profile.class);
    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        applied("image", "image: busybox", "the image to run");
        e("build", "build: .", NO_PROFILE, EnumSet.of(Profile.CLASSIC, Profile.SWARM_MODE),
                EnumSet.of(TargetRuntime.DOCKER), "compose-spec: built on the engine from the context beside the template"
                        + " (context, dockerfile, args, target, labels), tagged as `image` or per application and"
                        + " service, rebuilt only when the context changes; `.dockerignore` is honoured (ignored files are"
                        + " neither sent nor digested); a missing context or Dockerfile is an error."
                        + " classic and swarm-mode: not built (with `image` a warning, without it an error)");
        e("dockerfile", "dockerfile: Dockerfile", NO_PROFILE, EVERY_PROFILE, NONE, "as `build`");
        applied("command", "command: [echo, hi]", "exec form kept as written; a string is split like a shell, no shell added");
        applied("entrypoint", "entrypoint: [/bin/echo]", "exec form kept as written; no shell added");
        applied("environment", "environment: {A: '1'}", "container environment; `constraint:` entries are directives");
        applied("labels", "labels: {team: web}", "container labels; `aliyun.*` labels are read as the product's");
        applied("ports", "ports: ['8080:80']", "published and dynamic host ports");
        applied("expose", "expose: ['80']", "exposed container ports");
        applied("volumes", "volumes: ['data:/data']", "bind, named and anonymous volumes");
        applied("links", "links: [db]", "read by the control plane: start order and the linked service's name");
        applied("external_links", "external_links: ['other_db_1:db']", "kept on the service for the control plane");
        applied("restart", "restart: always", "Docker restart policy; `\"\"` means no");
        applied("hostname", "hostname: web", "container host name");
        applied("container_name", "container_name: web", "fixed container name (scale 1)");
        applied("cpu_shares", "cpu_shares: 50", "scheduled reservation (1/100 core) and Docker CPU shares");
        applied("mem_limit", "mem_limit: 64m", "scheduled reservation and the hard memory limit");
        e("privileged", "privileged: true", EnumSet.of(Profile.SWARM_MODE), NO_PROFILE, ALL,
                "privileged mode; refused by Swarm mode");
        e("tty", "tty: true", NO_PROFILE, EVERY_PROFILE, ALL, "a create flag: containers are never attached (warning)");
        e("stdin_open", "stdin_open: true", NO_PROFILE, EVERY_PROFILE, ALL, "as `tty`");
        e("detach", "detach: true", NO_PROFILE, EVERY_PROFILE, NONE, "ignored: every container starts detached");
        e("external", "external: {host: db.example.com, ports: [3306]}", EnumSet.of(Profile.SWARM_MODE), NO_PROFILE,
                ALL, "a service outside the cluster, resolved by the control plane; refused by Swarm mode");
        applied("dns", "dns: [10.0.0.2]", "DNS servers");
        applied("dns_search", "dns_search: [example.com]", "DNS search domains");
        applied("dns_options", "dns_options: [use-vc]", "resolver options");
        applied("oom_kill_disable", "oom_kill_disable: true", "disables the OOM killer");
        e("oom-kill-disable", "oom-kill-disable: true", NO_PROFILE, EVERY_PROFILE, ALL,
                "read as `oom_kill_disable` (a warning asks for that spelling)");
        applied("working_dir", "working_dir: /tmp", "working directory");
        applied("user", "user: nobody", "user (and group)");
        applied("net", "net: bridge", "network mode (V1 spelling); `host` is refused by Swarm mode");
        applied("network_mode", "network_mode: bridge", "network mode; `host` is refused by Swarm mode");
        applied("extra_hosts", "extra_hosts: ['db:10.0.0.5']", "extra /etc/hosts entries");
        e("env_file", "env_file: .env", EnumSet.of(Profile.CLASSIC), NO_PROFILE, ALL,
                "read by the parser into `environment` (relative to the template; a missing file is an error); the"
                        + " classic profile refuses it as the product did");
        e("mac_address", "mac_address: '02:42:ac:11:65:43'", EVERY_PROFILE, NO_PROFILE, NONE, "not supported");
        e("networks", "networks: {front: {aliases: [web-alias]}}", EnumSet.of(Profile.CLASSIC, Profile.SWARM_MODE),
                NO_PROFILE, ALL, "compose-spec: every service is on one network of its application on each engine"
                        + " (`acs-APP`), reachable by its service name and these aliases; containers on different engines"
                        + " do not share it; the networks' own settings (driver, ...) are not applied. classic and"
                        + " swarm-mode refuse it: one cross-host network");
        e("depends_on", "depends_on: {db: {condition: service_healthy}}", NO_PROFILE, EVERY_PROFILE, ALL,
                "start order read as `aliyun.depends` (a warning prefers the label); long form: service_started and"
                        + " service_healthy by the order (each service healthy before its dependants),"
                        + " service_completed_successfully gates the dependant until the dependency exited 0;"
                        + " `required: false` lets an absent dependency (a warning) or a failed one (an event) pass;"
                        + " `restart: true` replaces the dependant after an update that changes the dependency");
        applied("extends", "extends: {service: base}", "resolved by the parser: a service of the same file, or with"
                + " `file:` of another file (not under classic), whose relative build, env_file and bind-mount paths"
                + " are rebased onto the template's directory");
        applied("profiles", "profiles: [debug]", "service selection by the parser: a service of an inactive profile is"
                + " neither placed nor deployed");
        applied("healthcheck", "healthcheck: {test: [CMD, true], retries: 5, start_period: 10s}", "the engine's health"
                + " check as declared (exec form kept, real retries and start_period) and the control plane's probe");
        e("deploy", "deploy: {replicas: 2, resources: {limits: {memory: 64m}}}", NO_PROFILE, NO_PROFILE, ALL,
                "replicas, mode, placement constraints, placement preferences (`spread: node.labels.X`, the first"
                        + " one: the scheduler spreads the replicas over the label's values, softly; Swarm-mode"
                        + " clusters refuse it), update_config (parallelism, delay, failure_action rollback,"
                        + " pause or continue; order stop-first or start-first: each new container starts and is"
                        + " healthy beside the old one before that stops, on another node or stop-first when both do"
                        + " not fit; monitor reported), rollback_config.order (the same for a rollback); limits"
                        + " applied, reservations scheduled");
        containerKey("read_only", "read_only: true", "read-only root file system");
        containerKey("cap_add", "cap_add: [NET_ADMIN]", "added capabilities");
        containerKey("cap_drop", "cap_drop: [ALL]", "dropped capabilities");
        containerKey("security_opt", "security_opt: ['no-new-privileges:true']", "security options");
        containerKey("ulimits", "ulimits: {nofile: {soft: 1024, hard: 2048}}", "resource limits");
        containerKey("init", "init: true", "an init process as PID 1");
        containerKey("shm_size", "shm_size: 64m", "size of /dev/shm");
        containerKey("tmpfs", "tmpfs: ['/run:size=1m']", "tmpfs mounts with options");
        containerKey("logging", "logging: {driver: json-file, options: {max-size: 1m}}", "logging driver and options");
        containerKey("log_driver", "log_driver: json-file", "logging driver (V2 spelling)");
        containerKey("log_opt", "log_opt: {max-size: 1m}", "logging options (V2 spelling)");
        containerKey("sysctls", "sysctls: {net.core.somaxconn: '1024'}", "kernel parameters");
        containerKey("devices", "devices: ['/dev/null:/dev/xnull:rwm']", "device mappings");
        containerKey("pids_limit", "pids_limit: 100", "process limit");
        containerKey("cpus", "cpus: 0.5", "CPU limit");
        containerKey("mem_reservation", "mem_reservation: 32m", "soft memory limit");
        containerKey("memswap_limit", "memswap_limit: 128m", "memory plus swap limit");
        containerKey("mem_swappiness", "mem_swappiness: 10", "swappiness");
        containerKey("oom_score_adj", "oom_score_adj: 100", "OOM score adjustment");
        containerKey("cpu_quota", "cpu_quota: 50000", "CFS quota");
        containerKey("cpu_period", "cpu_period: 100000", "CFS period");
        containerKey("cpuset", "cpuset: '0'", "allowed CPUs");
        containerKey("ipc", "ipc: private", "IPC mode");
        ENTRIES.put("pid", new Entry("pid", "pid: host", EnumSet.of(Profile.SWARM_MODE), NO_PROFILE, ALL,
                "PID mode; `host` is refused by Swarm mode"));
        containerKey("userns_mode", "userns_mode: host", "user namespace mode");
        containerKey("cgroup_parent", "cgroup_parent: acs-test", "parent cgroup");
        containerKey("group_add", "group_add: ['1234']", "supplementary groups");
        containerKey("domainname", "domainname: example.com", "NIS domain name");
        containerKey("stop_signal", "stop_signal: SIGQUIT", "stop signal");
        containerKey("stop_grace_period", "stop_grace_period: 1m30s", "time between the stop signal and SIGKILL");
        e("volumes_from", "volumes_from: [data]", NO_PROFILE, NO_PROFILE, EnumSet.of(TargetRuntime.SIM),
                "recorded by the simulated runtime; not applied by Docker, where the other service's containers may be"
                        + " on another engine: share a named volume instead");
        notApplied("volume_driver", "volume_driver: local", "volumes use the engine's default driver");
        notApplied("isolation", "isolation: default", "Windows isolation is not set");
        notApplied("platform", "platform: linux/amd64", "images are used as the engine pulls them");
        notApplied("pull_policy", "pull_policy: always", "images are pulled when missing, or always with the runtime's"
                + " latest-image option");
        e("configs", "configs: [app]", NO_PROFILE, NO_PROFILE, ALL, "a config from a file (top-level `configs: {NAME:"
                + " {file: PATH}}`, relative to the template) mounted read-only at /NAME or its target; the file must be"
                + " on the engine's host; other forms warn");
        e("secrets", "secrets: [token]", NO_PROFILE, NO_PROFILE, ALL, "a secret from a file (top-level `secrets: {NAME:"
                + " {file: PATH}}`) mounted read-only at /run/secrets/NAME or its target; the file must be on the"
                + " engine's host; a missing file is an error, other forms warn");
    }

    private KeySupport() {
    }

    private static void e(String key, String sample, Set<Profile> errorIn, Set<Profile> ignoredIn,
                          Set<TargetRuntime> appliedBy, String note) {
        ENTRIES.put(key, new Entry(key, sample, errorIn, ignoredIn, appliedBy, note));
    }

    private static void applied(String key, String sample, String note) {
        e(key, sample, NO_PROFILE, NO_PROFILE, ALL, note);
    }

    private static void containerKey(String key, String sample, String note) {
        e(key, sample, NO_PROFILE, NO_PROFILE, ALL, note + " (Docker create; recorded by the simulated runtime)");
    }

    private static void notApplied(String key, String sample, String note) {
        e(key, sample, NO_PROFILE, NO_PROFILE, NONE, "not applied by any runtime: " + note);
    }

    /** Every entry, in the table's order. */
    public static List<Entry> entries() {
        return List.copyOf(ENTRIES.values());
    }

    /** The entry of a key, or {@code null} for a key the table does not know. */
    public static Entry entry(String key) {
        return ENTRIES.get(key);
    }

    /** Every cell: each key under each profile on each runtime. */
    public static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Entry e : ENTRIES.values()) {
            for (Profile p : Profile.values()) {
                for (TargetRuntime t : TargetRuntime.values()) {
                    rows.add(new Row(e.key(), p, t, e.support(p, t), e.note()));
                }
            }
        }
        return rows;
    }

    /** The number of cells of each support under a profile, over every key and runtime. */
    public static Map<Support, Integer> counts(Profile profile) {
        Map<Support, Integer> out = new LinkedHashMap<>();
        for (Support s : Support.values()) {
            out.put(s, 0);
        }
        rows().stream().filter(r -> r.profile() == profile).forEach(r -> out.merge(r.support(), 1, Integer::sum));
        return out;
    }
}
