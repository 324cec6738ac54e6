package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.ParseResult;
import dev.acs.compose.Profile;
import dev.acs.compose.Severity;
import dev.acs.compose.TemplateFormat;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.ExternalService;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.model.ServiceSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The parse pipeline: safe load with interpolation → format detection → extends → services and labels →
 * cross-service checks → {@link AppSpec}.
 */
public final class TemplateReader {
    /** Top-level keys of a version 2 template. */
    static final Set<String> V2_TOP = Set.of("version", "services", "labels", "volumes", "networks");
    /** Top-level keys of version 3 and Compose Specification files. */
    static final Set<String> SPEC_TOP = Set.of("version", "services", "labels", "volumes", "networks", "name",
            "configs", "secrets", "include");
    private static final Set<String> SERVICE_HINTS = Set.of("image", "build", "external", "command", "ports",
            "environment", "labels", "volumes", "links");

    private final ParseOptions options;
    private final Reporter r;
    private final Interpolator interpolator;
    private final Map<String, String> dotEnv;

    /** A reader for one parse. */
    public TemplateReader(ParseOptions options) {
        this.options = options;
        this.r = new Reporter(options);
        this.interpolator = new Interpolator(this::lookup, options.profile() == Profile.COMPOSE_SPEC,
                options.maxInterpolatedChars());
        this.dotEnv = dotEnv(options, r);
    }

    /**
     * The variables of the {@code .env} file beside the template (in {@link ParseOptions#baseDirectory()}), read as
     * docker compose does outside the classic profile (which keeps the product's rules); empty when there is none. A
     * malformed file is a {@code KEY-021} error.
     */
    private static Map<String, String> dotEnv(ParseOptions options, Reporter r) {
        if (options.baseDirectory() == null || options.profile() == Profile.CLASSIC) {
            return Map.of();
        }
        java.nio.file.Path file = options.baseDirectory().resolve(".env");
        if (!java.nio.file.Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            Map<String, String> vars = dev.acs.compose.EnvFile.parse(java.nio.file.Files.readString(file));
            vars.forEach((name, value) -> {
                if (dev.acs.core.secret.Secrets.isSecretName(name)) {
                    r.secret(value);
                }
            });
            return vars;
        } catch (java.io.IOException | AcsException e) {
            r.add(Severity.ERROR, DiagnosticCode.KEY_021, ".env", 1, 1, file + " cannot be read: " + e.getMessage());
            return Map.of();
        }
    }

    private String lookup(String name) {
        String v = options.variables().get(name);
        if (v == null && options.configSet() != null) {
            v = options.configSet().items().get(name);
        }
        if (v == null && options.useProcessEnvironment()) {
            v = System.getenv(name);
        }
        if (v == null) {
            v = dotEnv.get(name);
        }
        return v;
    }

    /** The variable names a template references (without reporting anything). */
    public static Set<String> variables(String yaml, ParseOptions options) {
        Interpolator collect = new Interpolator(n -> "", true, Integer.MAX_VALUE);
        try {
            new YamlLoader(options, new Reporter(), collect).load(yaml);
        } catch (RuntimeException | StackOverflowError e) {
            // the names found before the failure are the answer; parse reports the failure
        }
        return collect.referenced();
    }

    /**
     * Parses and validates. Nothing escapes but a {@link VirtualMachineError} other than a stack overflow (e.g. an
     * {@link OutOfMemoryError}): any other failure becomes a located {@code TPL-019} diagnostic.
     */
    public ParseResult read(String yaml) {
        return guarded(r, () -> parse(yaml));
    }

    /** Decodes UTF-8 bytes ({@code TPL-020} at the first bad byte), then parses and validates, as {@link #read(String)}. */
    public ParseResult read(byte[] utf8) {
        return guarded(r, () -> {
            String text = Utf8Text.decode(utf8, r);
            return text == null ? new ParseResult(null, null, r.sorted()) : parse(text);
        });
    }

    /**
     * Runs one parse; any failure but a {@link VirtualMachineError} other than a stack overflow becomes a
     * {@code TPL-019} diagnostic at the place {@code r} last recorded, after the diagnostics found before it.
     */
    static ParseResult guarded(Reporter r, Supplier<ParseResult> parse) {
        try {
            return parse.get();
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError e && !(t instanceof StackOverflowError)) {
                throw e;
            }
            r.internalError(t);
            return new ParseResult(null, null, r.sorted());
        }
    }

    private ParseResult parse(String yaml) {
        YNode root = new YamlLoader(options, r, interpolator).load(yaml);
        if (root == null) {
            return new ParseResult(null, null, r.sorted());
        }
        if (!(root instanceof YNode.YMap top)) {
            r.error(DiagnosticCode.TPL_001, "", root, "the top level must be a mapping of services (V1) or have"
                    + " version and services (V2), not a " + root.kind());
            return new ParseResult(null, null, r.sorted());
        }
        TemplateFormat format = detect(top);
        if (format == null) {
            return new ParseResult(null, null, r.sorted());
        }
        checkProfile(format, top);
        YNode.YMap services;
        String base;
        AppSpec.Builder app = AppSpec.builder(options.applicationName());
        if (format == TemplateFormat.V1) {
            services = new YNode.YMap(top.line(), top.column());
            Map<String, Object> ext = new LinkedHashMap<>();
            for (YNode.YMap.Entry e : top.entries()) {
                if (e.key().startsWith("x-")) {
                    ext.put(e.key(), Values.plain(e.value()));
                } else {
                    services.put(e);
                }
            }
            app.extensions(ext);
            base = "";
        } else {
            YNode s = top.get("services");
            if (resourcesOnly(top, s)) {
                // a file of networks and volumes only is valid, as docker compose reads it: an empty application
                s = new YNode.YMap(top.line(), top.column());
            } else if (!(s instanceof YNode.YMap sm) || sm.size() == 0) {
                r.error(DiagnosticCode.TPL_008, "services", s == null ? top : s, "services must be a non-empty mapping"
                        + " of service names to definitions");
                return new ParseResult(format, null, r.sorted());
            }
            services = (YNode.YMap) s;
            base = "services.";
            topLevel(top, format, app);
        }
        Map<String, YNode.YMap> resolved = Extends.resolve(services, base, r, options.maxExtendsDepth(),
                this::serviceOfFile);
        // top-level secrets and configs exist in version 3 and Compose Specification files only
        ServiceReader reader = new ServiceReader(options, format, r, format == TemplateFormat.V1
                || format == TemplateFormat.V2 ? FileResources.none(r) : FileResources.read(top, options, r));
        List<Draft> drafts = new ArrayList<>();
        for (YNode.YMap.Entry e : services.entries()) {
            String path = base + e.key();
            YNode.YMap def = resolved.get(e.key());
            if (format == TemplateFormat.V1 && e.key().equals("labels") && def != null
                    && (def.has(LabelReader.PROJECT_TYPE) || def.has(LabelReader.SCHEDULE))) {
                r.error(DiagnosticCode.KEY_006, path, e, "without version: \"2\" the top-level labels key is read as a"
                        + " service named labels, which has no image");
                continue;
            }
            if (def == null) {
                if (!(e.value() instanceof YNode.YMap)) {
                    r.error(format == TemplateFormat.V1 && !(e.value() instanceof YNode.YMap) ? DiagnosticCode.KEY_006
                            : DiagnosticCode.KEY_013, path, e, "service '" + e.key() + "' must be a mapping with at least"
                            + " image, not a " + e.value().kind());
                }
                continue;
            }
            if (!active(def)) {
                // a service of a profile that is not active is neither placed nor deployed (docker compose --profile)
                continue;
            }
            drafts.add(reader.read(e.key(), path, e, def));
        }
        AppKind kind = jobKind(format, top, drafts, app);
        new AppChecks(r, drafts).run();
        if (r.hasErrors()) {
            return new ParseResult(format, null, r.sorted());
        }
        try {
            List<ServiceSpec> specs = new ArrayList<>();
            List<ExternalService> externals = new ArrayList<>();
            for (Draft d : drafts) {
                if (d.external != null) {
                    externals.add(d.external);
                } else {
                    specs.add(d.builder.build());
                }
            }
            return new ParseResult(format, app.kind(kind).services(specs).externals(externals).build(), r.sorted());
        } catch (AcsException ex) {
            r.add(Severity.ERROR, DiagnosticCode.KEY_013, "", 1, 1, ex.getMessage());
            return new ParseResult(format, null, r.sorted());
        }
    }

    /**
     * {@code extends: {file, service}}: the service's effective definition in another file beside the template (its
     * own same-file {@code extends} resolved), read with the same variables; not under the classic profile, which
     * keeps the product's one-document rule. The other file's relative paths (build context, env files, bind mounts)
     * are rebased onto the template's directory ({@link ExtendedPaths}).
     */
    private YNode.YMap serviceOfFile(String file, String service, java.util.function.Consumer<String> problem) {
        if (options.profile() == Profile.CLASSIC) {
            problem.accept("extends from another file is not supported by the classic profile: copy the base service"
                    + " into this file");
            return null;
        }
        java.nio.file.Path base = options.baseDirectory() == null ? java.nio.file.Path.of("") : options.baseDirectory();
        java.nio.file.Path path = base.resolve(file).toAbsolutePath().normalize();
        String text;
        try {
            text = java.nio.file.Files.readString(path);
        } catch (java.io.IOException e) {
            problem.accept("extends: the file '" + file + "' cannot be read (looked for " + path + "): "
                    + e.getClass().getSimpleName());
            return null;
        }
        Reporter other = new Reporter(options);
        YNode root = new YamlLoader(options, other, interpolator).load(text);
        YNode servicesNode = root instanceof YNode.YMap top && top.get("services") instanceof YNode.YMap sm ? sm : root;
        if (other.hasErrors() || !(servicesNode instanceof YNode.YMap services)) {
            problem.accept("extends: '" + file + "' is not a template that can be read"
                    + other.sorted().stream().filter(d -> d.severity() == Severity.ERROR).findFirst()
                    .map(d -> " (line " + d.line() + ": " + d.message() + ")").orElse(""));
            return null;
        }
        YNode.YMap found = Extends.resolve(services, "", other, options.maxExtendsDepth()).get(service);
        if (found == null) {
            problem.accept("extends: '" + file + "' has no service '" + service + "'" + r.didYouMean(service,
                    services.entries().stream().map(YNode.YMap.Entry::key).toList()));
            return null;
        }
        new ExtendedPaths(base, path).rebase(found);
        return found;
    }

    /** Whether a service is active: it has no {@code profiles}, or one of them is among the active profiles. */
    private boolean active(YNode.YMap def) {
        if (!(def.get("profiles") instanceof YNode.YSeq seq) || seq.items().isEmpty()) {
            return true;
        }
        return seq.items().stream().anyMatch(i -> options.activeProfiles().contains(String.valueOf(Values.plain(i))));
    }

    private TemplateFormat detect(YNode.YMap top) {
        YNode version = top.get("version");
        if (version != null) {
            String v = version instanceof YNode.YScalar s ? s.value().trim() : "";
            if (v.equals("2") || v.equals("2.0")) {
                return TemplateFormat.V2;
            }
            if (v.matches("2\\.[1-9]")) {
                r.warn(DiagnosticCode.TPL_003, "version", version, "version " + v + " is not documented for this service;"
                        + " it is read as version 2");
                return TemplateFormat.V2;
            }
            if (v.matches("3(\\.[0-9]{1,2})?")) {
                return TemplateFormat.V3;
            }
            r.error(DiagnosticCode.TPL_002, "version", version, "version '" + v + "' is not supported: write version: \"2\""
                    + " or leave version out for a V1 template");
            return null;
        }
        YNode services = top.get("services");
        if (services == null && resourcesOnly(top, null)) {
            return TemplateFormat.SPEC;
        }
        if (!(services instanceof YNode.YMap sm)) {
            return TemplateFormat.V1;
        }
        boolean servicesIsAService = sm.entries().stream().anyMatch(e -> SERVICE_HINTS.contains(e.key())
                && e.value() instanceof YNode.YScalar);
        List<String> serviceLike = top.entries().stream()
                .filter(e -> !SPEC_TOP.contains(e.key()) && !e.key().startsWith("x-"))
                .filter(e -> e.value() instanceof YNode.YMap m && m.entries().stream().anyMatch(x -> x.key().equals("image")))
                .map(YNode.YMap.Entry::key).toList();
        if (servicesIsAService) {
            r.warn(DiagnosticCode.TPL_007, "services", top.entry("services"), "'services' could be the Compose"
                    + " Specification services key or a V1 service named services; it is read as a V1 service: add"
                    + " version: \"2\" and nest services to mean the other");
            return TemplateFormat.V1;
        }
        if (!serviceLike.isEmpty()) {
            r.warn(DiagnosticCode.TPL_007, "", top, "the file has a top-level services mapping (Compose Specification)"
                    + " but also top-level services " + serviceLike + " (V1): read as Compose Specification; move "
                    + serviceLike + " under services");
        }
        return TemplateFormat.SPEC;
    }

    /**
     * Whether the file declares no services (no {@code services}, or an empty mapping) but top-level
     * {@code networks} or {@code volumes}, each a mapping, and nothing else but {@code version}, {@code name} and
     * {@code x-*} fields.
     */
    private static boolean resourcesOnly(YNode.YMap top, YNode services) {
        if (services != null && !(services instanceof YNode.YMap sm && sm.size() == 0)) {
            return false;
        }
        boolean resources = false;
        for (YNode.YMap.Entry e : top.entries()) {
            String k = e.key();
            if (k.equals("networks") || k.equals("volumes")) {
                if (!(e.value() instanceof YNode.YMap m) || m.has("image") || m.has("build")) {
                    return false;
                }
                resources = true;
            } else if (!k.equals("version") && !k.equals("name") && !k.equals("services") && !k.startsWith("x-")) {
                return false;
            }
        }
        return resources;
    }

    private void checkProfile(TemplateFormat format, YNode.YMap top) {
        YNode at = top.has("version") ? top.get("version") : top;
        switch (options.profile()) {
            case CLASSIC -> {
                if (format == TemplateFormat.V3) {
                    r.error(DiagnosticCode.TPL_002, "version", at, "version 3 templates are Swarm mode templates: use"
                            + " version \"2\" for a classic Swarm cluster, or the swarm-mode profile");
                } else if (format == TemplateFormat.SPEC) {
                    r.warn(DiagnosticCode.TPL_010, "", at, "a Compose Specification file is read with the version 2 rules"
                            + " of the classic profile: add version: \"2\" or use the compose-spec profile");
                }
            }
            case SWARM_MODE -> {
                if (format == TemplateFormat.V1 || format == TemplateFormat.V2) {
                    r.error(DiagnosticCode.TPL_002, "version", at, "the swarm-mode profile needs a version 3 template:"
                            + " write version: \"3\" with services");
                }
            }
            case COMPOSE_SPEC -> {
                // every format is read
            }
        }
    }

    private void topLevel(YNode.YMap top, TemplateFormat format, AppSpec.Builder app) {
        Map<String, Object> ext = new LinkedHashMap<>();
        Set<String> allowed = format == TemplateFormat.V2 ? V2_TOP : SPEC_TOP;
        for (YNode.YMap.Entry e : top.entries()) {
            String k = e.key();
            if (k.startsWith("x-")) {
                ext.put(k, Values.plain(e.value()));
            } else if (k.equals("volumes")) {
                Object v = Values.plain(e.value());
                if (v instanceof Map<?, ?> m) {
                    Map<String, Object> vols = new LinkedHashMap<>();
                    m.forEach((a, b) -> vols.put(String.valueOf(a), b));
                    app.volumes(vols);
                } else if (!"".equals(v)) {
                    r.error(DiagnosticCode.KEY_013, k, e, "top-level volumes must be a mapping of volume names");
                }
            } else if (k.equals("networks")) {
                r.warn(DiagnosticCode.KEY_005, k, e, options.profile() == Profile.COMPOSE_SPEC
                        ? "the networks' own settings are not applied: the services share one network of their"
                        + " application on each engine" : "top-level networks are ignored: every container is on one"
                        + " cross-host network");
            } else if (!allowed.contains(k)) {
                r.warn(DiagnosticCode.TPL_006, k, e, "top-level key '" + k + "' is not supported and is ignored"
                        + r.didYouMean(k, allowed));
            }
        }
        app.extensions(ext);
    }

    /** Reads the job-level labels and applies the batch rules. */
    private AppKind jobKind(TemplateFormat format, YNode.YMap top, List<Draft> drafts, AppSpec.Builder app) {
        Map<String, String> labels = new LinkedHashMap<>();
        YNode labelNode = format == TemplateFormat.V1 ? null : top.get("labels");
        AppKind kind = AppKind.ONLINE;
        if (labelNode != null) {
            labels.putAll(Values.keyValues(labelNode, r, "labels"));
        }
        String type = labels.remove(LabelReader.PROJECT_TYPE);
        String schedule = labels.remove(LabelReader.SCHEDULE);
        if ("batch".equals(type == null ? null : type.trim())) {
            kind = AppKind.BATCH;
        }
        if (schedule != null) {
            String problem = Cron.problem(schedule);
            if (problem != null) {
                r.error(DiagnosticCode.LBL_019, "labels." + LabelReader.SCHEDULE, labelNode, problem);
            } else if (Cron.moreThanOncePerMinute(schedule)) {
                r.warn(DiagnosticCode.LBL_019, "labels." + LabelReader.SCHEDULE, labelNode, "schedule '" + schedule
                        + "' fires more than once a minute; periods under one minute are not advised");
            }
            kind = AppKind.SCHEDULED;
            app.schedule(schedule.trim());
        }
        if (type != null && !type.trim().equals("batch")) {
            labels.put(LabelReader.PROJECT_TYPE, type);
        }
        for (String k : labels.keySet()) {
            if (k.startsWith("aliyun.") && !k.equals(LabelReader.PROJECT_TYPE)) {
                r.warn(DiagnosticCode.LBL_020, "labels." + k, labelNode, "'" + k + "' is a service label; at the top level"
                        + " it has no effect: move it under a service's labels");
            }
        }
        app.labels(labels);
        for (Draft d : drafts) {
            for (Map.Entry<String, YNode> j : d.jobLabels.entrySet()) {
                boolean batchLabel = d.jobLabelValues.get(j.getKey()).equals("batch")
                        || j.getKey().equals(LabelReader.SCHEDULE);
                if (format == TemplateFormat.V1 && batchLabel && d.name.equals("labels")) {
                    continue;
                }
                r.warn(DiagnosticCode.LBL_020, d.path + ".labels." + j.getKey(), j.getValue(), "'" + j.getKey()
                        + "' is a job label: put it in the top-level labels of a version 2 template");
            }
        }
        if (format == TemplateFormat.V1) {
            YNode.YMap.Entry labelsService = top.entry("labels");
            if (labelsService != null && labelsService.value() instanceof YNode.YMap lm
                    && (lm.has(LabelReader.PROJECT_TYPE) || lm.has(LabelReader.SCHEDULE))) {
                r.error(DiagnosticCode.TPL_005, "labels", labelsService, "job labels (aliyun.project_type,"
                        + " aliyun.schedule) need a version 2 template: add version: \"2\" and put the services under"
                        + " services");
            }
        }
        if (kind != AppKind.ONLINE) {
            if (format != TemplateFormat.V2) {
                r.error(DiagnosticCode.TPL_005, "labels", labelNode, "batch and scheduled jobs need a version 2 template:"
                        + " write version: \"2\"");
            }
            for (Draft d : drafts) {
                if (d.restart != null && !d.restart.equals("no")) {
                    r.warn(DiagnosticCode.LBL_021, d.path + ".restart", d.restartAt, "restart '" + d.restart
                            + "' is forced to no in a batch job");
                }
                d.builder.restart(RestartPolicy.NO);
                d.onlineOnlyLabels.forEach((k, at) -> r.warn(DiagnosticCode.LBL_020, d.path + ".labels." + k, at,
                        "'" + k + "' applies to online applications only and has no effect in a batch job"));
            }
        } else {
            for (Draft d : drafts) {
                d.batchOnlyLabels.forEach((k, at) -> r.warn(DiagnosticCode.LBL_020, d.path + ".labels." + k, at,
                        "'" + k + "' applies to batch jobs only (top-level label aliyun.project_type: batch)"));
            }
        }
        return kind;
    }
}
