package dev.acs.compose;

import dev.acs.compose.internal.TemplateReader;
import dev.acs.compose.internal.TemplateWriter;
import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.ServiceSpec;

import java.util.Map;

import java.util.Set;

/**
 * The entry point of the template dialect.
 *
 * <pre>{@code
 * ParseResult r = Templates.parse(yaml, ParseOptions.builder().variable("size", "3").build());
 * if (r.isValid()) {
 *     AppSpec app = r.application();
 * } else {
 *     r.diagnostics().forEach(System.out::println);   // 12:5 error LBL-006 web.labels.aliyun.depends: ...
 * }
 * }</pre>
 *
 * Parsing never throws: every problem, including YAML syntax errors, text that is not UTF-8 and hostile documents
 * (alias bombs, deep nesting, huge files, port ranges, long {@code extends} chains, substitution bombs), becomes a
 * located {@link Diagnostic}, within the bounds of the {@link ParseOptions} safety limits. Should the parser itself
 * fail, the failure is a {@link DiagnosticCode#TPL_019} diagnostic at the place it had reached; only a
 * {@link VirtualMachineError} other than a stack overflow (such as running out of memory) is let through.
 */
public final class Templates {
    private Templates() {
    }

    /** Parses and validates with the default options (classic profile, no variables). */
    public static ParseResult parse(String yaml) {
        return parse(yaml, ParseOptions.defaults());
    }

    /** Parses and validates. */
    public static ParseResult parse(String yaml, ParseOptions options) {
        return new TemplateReader(options).read(yaml == null ? "" : yaml);
    }

    /**
     * Parses and validates a template given as UTF-8 bytes (a leading byte-order mark is allowed): bytes that are
     * not UTF-8 give a {@link DiagnosticCode#TPL_020} naming the byte offset, line and column of the first bad byte.
     */
    public static ParseResult parse(byte[] utf8, ParseOptions options) {
        return new TemplateReader(options).read(utf8 == null ? new byte[0] : utf8);
    }

    /**
     * The profile a template's own format asks for, as {@code acs validate}, {@code plan} and {@code deploy} choose it
     * when none is given: a Compose Specification file (no {@code version}, a top-level {@code services}) is
     * {@link Profile#COMPOSE_SPEC}, {@code version: "3.x"} is {@link Profile#SWARM_MODE}, and {@code "2.x"} or a
     * version 1 file (services at the top level) is {@link Profile#CLASSIC}, as is a file that is not a template.
     */
    public static Profile defaultProfile(byte[] utf8) {
        TemplateFormat format = parse(utf8, ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build()).format();
        if (format == null) {
            return Profile.CLASSIC;
        }
        return switch (format) {
            case SPEC -> Profile.COMPOSE_SPEC;
            case V3 -> Profile.SWARM_MODE;
            case V1, V2 -> Profile.CLASSIC;
        };
    }

    /**
     * A located {@code KEY-020} error for what a target runtime cannot apply in an application parsed from
     * {@code yaml}: a runtime that checks the parsed application (such as the Swarm-mode orchestrator, whose problems
     * name a service and a key or rule as written) uses it to point at the template text. The place is the key path
     * {@code what} of the service ({@code volumes}, {@code secrets.token}, a label key such as {@code aliyun.routing}),
     * else the first key or value of the service whose text contains the rule ({@code affinity:service==db} in
     * {@code environment}, or {@code service==db} in a {@code com.docker.swarm.affinities} label), else the service's
     * own key; line 0 when the template has no such service.
     *
     * @param service the service's name
     * @param what    the key or rule as the runtime names it
     * @param message what the runtime cannot do and what to change
     */
    public static Diagnostic runtimeError(String yaml, String service, String what, String message) {
        return dev.acs.compose.internal.RuleLocator.locate(yaml, service, what, message);
    }

    /** The names of the variables a template references ({@code $VAR}, {@code ${VAR...}}), in order of first use. */
    public static Set<String> variables(String yaml) {
        return TemplateReader.variables(yaml == null ? "" : yaml, ParseOptions.defaults());
    }

    /**
     * Every container label of a service, as its template would write it: the plain labels plus the
     * {@code aliyun.*} labels of its typed fields (with {@code aliyun.retry_count} / {@code aliyun.remove_containers}
     * when the application is a batch job). The scheduler's {@code affinity:} rules on container labels see the same
     * labels ({@link dev.acs.core.model.ServiceLabels}), so that e.g.
     * {@code affinity:aliyun.lb.port_6379!=tcp://proxy_test:6379} matches.
     */
    public static Map<String, String> containerLabels(AppSpec app, ServiceSpec service) {
        return TemplateWriter.labels(service, app.kind() != AppKind.ONLINE);
    }

    /**
     * Writes an application as a version 2 template. {@code parse(write(app))} with the same application name gives
     * an equal application.
     */
    public static String write(AppSpec app) {
        return TemplateWriter.write(app);
    }
}
