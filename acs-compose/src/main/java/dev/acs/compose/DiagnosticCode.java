package dev.acs.compose;

/**
 * The stable codes of template diagnostics: the catalogue of {@code spec/compose-dialect.md} §15 plus the codes this
 * SDK adds (marked "SDK"). Codes never change meaning; a code may be reported as an error or a warning depending on
 * the case (its description says when).
 */
public enum DiagnosticCode {
    /** YAML not parseable, or the top level is not a mapping. */
    TPL_001("YAML not parseable, or the top level is not a mapping"),
    /** Unknown {@code version}, or a version the profile does not accept (3.x on a classic Swarm target). */
    TPL_002("unknown version, or a version the profile does not accept"),
    /** {@code version: "2.1"} and later 2.x (undocumented). */
    TPL_003("version 2.1 or later 2.x is read as version 2 (undocumented)"),
    /** A variable is undefined, or {@code ${VAR:?message}} / {@code ${VAR?message}} fails. */
    TPL_004("undefined variable"),
    /** Batch labels ({@code aliyun.project_type: batch}, {@code aliyun.schedule}) outside a V2 template. */
    TPL_005("batch labels need a version 2 template"),
    /** Unknown top-level key. */
    TPL_006("unknown top-level key"),
    /** SDK: the file can be read two ways (V1 with a service named services, or Compose Specification). */
    TPL_007("ambiguous format"),
    /** SDK: {@code services} missing, empty or not a mapping. */
    TPL_008("services missing or not a mapping"),
    /** SDK: malformed interpolation such as {@code ${} or {@code ${1A}}. */
    TPL_009("malformed variable reference"),
    /** SDK: a Compose Specification file read with the version 2 rules of the classic profile. */
    TPL_010("format read with the rules of another format"),
    /** SDK: a safety limit was hit (document size, aliases, nesting depth, alias expansion). */
    TPL_011("safety limit exceeded"),
    /** SDK: the same key twice in one mapping. */
    TPL_012("duplicate key"),
    /** SDK: a port range expands to more ports than {@link ParseOptions#maxPortsPerRange()}. */
    TPL_013("port range too long"),
    /** SDK: the template maps more ports than {@link ParseOptions#maxPorts()} (ranges expanded, extends included). */
    TPL_014("too many ports"),
    /** SDK: variable substitution produces more text than {@link ParseOptions#maxInterpolatedChars()}. */
    TPL_015("substituted text too long"),
    /** SDK: an {@code extends} chain longer than {@link ParseOptions#maxExtendsDepth()}. */
    TPL_016("extends chain too long"),
    /** SDK: more diagnostics than {@link ParseOptions#maxDiagnostics()}; the rest are only counted (an error when any
     *  of them is one). */
    TPL_017("too many diagnostics"),
    /** SDK: messages longer than {@link ParseOptions#maxMessageChars()} were shortened (warning). */
    TPL_018("diagnostic messages shortened"),
    /** SDK: the parser failed unexpectedly (a defect of the SDK, reported with the place it had reached). */
    TPL_019("internal error"),
    /** SDK: the bytes are not UTF-8 text (located at the first bad byte). */
    TPL_020("not UTF-8 text"),
    /** {@code build} / {@code dockerfile}: error without {@code image}, warning (ignored) with it. */
    KEY_001("build and dockerfile are not supported"),
    /** {@code env_file}. */
    KEY_002("env_file is not supported"),
    /** {@code mac_address}. */
    KEY_003("mac_address is not supported"),
    /** {@code detach}, {@code tty}, {@code stdin_open} (attach not possible). */
    KEY_004("attach-mode keys are ignored or passed through"),
    /** {@code networks} on a service (error; a warning at the top level or in the compose-spec profile). */
    KEY_005("networks is not supported"),
    /** Service has neither {@code image} nor {@code external}. */
    KEY_006("service without image"),
    /** {@code external} without {@code host}, combined with {@code image}, or with {@code aliyun.*} labels (warning). */
    KEY_007("malformed external service"),
    /** {@code container_name} with more than one container. */
    KEY_008("container_name with scale above 1"),
    /** {@code mem_limit} under 4 MiB or not a size; {@code cpu_shares} not a positive integer. */
    KEY_009("bad resource amount"),
    /** {@code oom-kill-disable} spelling normalised to {@code oom_kill_disable}. */
    KEY_010("oom-kill-disable spelling"),
    /** {@code privileged}, host network or host PID on a Swarm mode target. */
    KEY_011("not supported on Swarm mode"),
    /** SDK: unknown Compose key (kept and passed through). */
    KEY_012("unknown Compose key"),
    /** SDK: a key's value has the wrong shape (ports, volumes, restart, command ...). */
    KEY_013("malformed value"),
    /** SDK: {@code extends} from another file, of an unknown service, or in a cycle. */
    KEY_014("extends cannot be resolved"),
    /** SDK: service name outside {@code [a-zA-Z0-9._-]+}. */
    KEY_015("invalid service name"),
    /** SDK: {@code depends_on} read as {@code aliyun.depends}. */
    KEY_016("depends_on read as aliyun.depends"),
    /** SDK: a key of another format or profile, ignored (e.g. {@code deploy} in version 2). */
    KEY_017("key of another format"),
    /** SDK: a link to a name that is not a service of the template (warning; use external_links). */
    KEY_018("link to an unknown service"),
    /** SDK: an unknown key within two edits of a known one (a misspelling such as {@code enviroment}), with its
     *  did-you-mean; prefix an extension field with {@code x-}. */
    KEY_019("misspelt key"),
    /** SDK: a key the target runtime (or no runtime) applies, by the key-support table (warning naming the runtime). */
    KEY_020("key not applied by the runtime"),
    /** SDK: an {@code env_file} that cannot be read (missing, unreadable, or a malformed line). */
    KEY_021("env file cannot be read"),
    /** SDK: a {@code secrets}/{@code configs} file that does not exist, or a reference to an undeclared one. */
    KEY_022("secret or config cannot be mounted"),
    /** SDK: a {@code build} context or Dockerfile that does not exist, a remote context, or one too large to digest. */
    KEY_023("build context cannot be read"),
    /** SDK: a {@code depends_on} dependency declared {@code required: false} that is not deployed (not in the
     *  template, or of an inactive profile): the service starts without it (warning), as docker compose does. */
    KEY_024("optional dependency not deployed"),
    /** {@code aliyun.scale} not a non-negative integer (error); 0 (warning). */
    LBL_001("bad aliyun.scale"),
    /** Both {@code aliyun.probe.url} and {@code aliyun.probe.cmd}. */
    LBL_002("two probe kinds"),
    /** Probe timings without url or cmd (ignored). */
    LBL_003("probe timings without a probe"),
    /** Probe URL scheme not http/tcp, host not {@code container}, tcp without port; timings not non-negative integers. */
    LBL_004("malformed probe"),
    /** {@code parallelism} invalid (coerced to 1), without {@code rolling_updates}, or not below scale. */
    LBL_005("parallelism problem"),
    /** {@code aliyun.depends} names an unknown service, itself, an empty name, or forms a cycle. */
    LBL_006("bad dependency"),
    /** Malformed routing label (port, empty entry, scheme, https on a prefix or .local, lengths, prefix). */
    LBL_007("malformed routing label"),
    /** {@code aliyun.routing.session_sticky} without a routing label. */
    LBL_008("session_sticky without routing"),
    /** Malformed {@code aliyun.lb.*} value (error); scheme udp against a tcp port (warning). */
    LBL_009("malformed load-balancer label"),
    /** {@code aliyun.lb.port_<p>} without an explicit host port for {@code <p>}. */
    LBL_010("load balancer without a host port"),
    /** The same SLB used by two services. */
    LBL_011("SLB shared by services"),
    /** {@code aliyun.log_store_}: empty name or a value that is neither stdout nor an absolute path. */
    LBL_012("malformed log store"),
    /** {@code aliyun.global} with {@code aliyun.scale}. */
    LBL_013("global with scale"),
    /** {@code aliyun.gpu} not a positive integer. */
    LBL_014("bad GPU count"),
    /** auto_scaling out of range (up 50–100, down 0–50, gap at least 30, step 1–5, min not above max). */
    LBL_015("auto scaling out of range"),
    /** auto_scaling with both CPU and memory rules. */
    LBL_016("auto scaling on CPU and memory"),
    /** {@code aliyun.monitoring.addon.*} not {@code scheme://host:port}. */
    LBL_017("malformed monitoring addon"),
    /** {@code aliyun.retry_count} not an integer of at least 0; unknown {@code aliyun.remove_containers}. */
    LBL_018("bad batch task setting"),
    /** {@code aliyun.schedule} not a 6-field cron (error); fires more than once a minute (warning). */
    LBL_019("bad schedule"),
    /** Job-level label at service level, the reverse, or a label of the other application kind. */
    LBL_020("label at the wrong level"),
    /** {@code restart} other than {@code no} in a batch job (forced to no). */
    LBL_021("restart in a batch job"),
    /** Unknown {@code aliyun.*} label (typo guard, with a did-you-mean). */
    LBL_022("unknown aliyun label"),
    /** {@code aliyun.proxy.*} while no {@code aliyun.custom_addon: proxy} service is in the application. */
    LBL_023("proxy labels without a proxy"),
    /** SDK: a boolean label that is neither true nor false (treated as false). */
    LBL_024("not a boolean"),
    /** SDK: {@code aliyun.monitoring.tags} without {@code http}, or an http URL whose host is not container. */
    LBL_025("monitoring http problem"),
    /** SDK: a container count ({@code aliyun.scale}, {@code replicas}) above {@link ParseOptions#maxScale()}. */
    LBL_026("scale above the maximum"),
    /** A directive that fails to parse. */
    SCH_001("malformed scheduler directive"),
    /** Lenient directive spellings: {@code =~}, {@code (a b c)}, single {@code =}. */
    SCH_002("lenient directive spelling"),
    /** {@code affinity.} / {@code constraint.} without a colon (kept as a plain variable). */
    SCH_003("directive without colon"),
    /** {@code availability:az} N not a positive integer, or hard N above scale. */
    SCH_004("bad availability zone count"),
    /** {@code reschedule:} value other than on-node-failure / off. */
    SCH_005("bad reschedule policy"),
    /** SDK: configuration set file malformed or over its limits (items, name and value lengths, duplicates). */
    CFG_001("bad configuration set");

    private final String description;

    DiagnosticCode(String description) {
        this.description = description;
    }

    /** The printed code, e.g. {@code LBL-006}. */
    public String id() {
        return name().replace('_', '-');
    }

    /** A short description of the rule. */
    public String description() {
        return description;
    }

    /**
     * The code with the printed id.
     *
     * @throws dev.acs.core.error.AcsException {@code INVALID_ARGUMENT} for an unknown id
     */
    public static DiagnosticCode of(String id) {
        for (DiagnosticCode c : values()) {
            if (c.id().equals(id) || c.name().equals(id)) {
                return c;
            }
        }
        throw dev.acs.core.error.AcsException.invalidArgument("unknown diagnostic code '" + id
                + "': codes are written like LBL-006");
    }
}
