package dev.acs.examples.guide;

import dev.acs.compose.ConfigSet;
import dev.acs.compose.Diagnostic;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.ParseResult;
import dev.acs.compose.Templates;
import dev.acs.core.limits.Limits;
import dev.acs.core.model.AppSpec;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Templates: a template with mistakes gives located diagnostics (line, column, code, key path, what to change) and
 * never an exception; a template with variables lists them, fails while one has no value, and deploys as several
 * environments through configuration sets.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.TemplateValidationExample}
 */
public final class TemplateValidationExample {
    /** A template with three mistakes: a scale that is not a number, an unknown dependency, global with a scale. */
    static final String BROKEN = """
            web:
              image: nginx:1.25
              labels:
                aliyun.scale: two
                aliyun.depends: db
            agent:
              image: logtail:0.11
              labels:
                aliyun.global: "true"
                aliyun.scale: "3"
            """;

    /** A template with three parameters, one of them with a default. */
    static final String PARAMETERIZED = """
            web:
              image: wordpress:${WEB_TAG}
              environment:
                - WORDPRESS_DB_PASSWORD=${DB_PASSWORD}
              labels:
                aliyun.scale: "${REPLICAS:-2}"
            """;

    private TemplateValidationExample() {
    }

    /**
     * What the example observed.
     *
     * @param brokenValid        whether the broken template was valid (false)
     * @param brokenErrors       the broken template's errors as {@code CODE@line}
     * @param variables          the variables the parameterized template uses
     * @param missingValueErrors the error codes while a variable has no value
     * @param stagingImage       the web image with the staging configuration set
     * @param productionImage    the web image with the production configuration set
     * @param comparison         the values typed on a deploy form compared with the staging set
     * @param stagingReplicas    web's scale with the staging set, which leaves REPLICAS to its default
     */
    public record Result(boolean brokenValid, List<String> brokenErrors, Set<String> variables,
                         List<String> missingValueErrors, String stagingImage, String productionImage,
                         List<ConfigSet.Comparison> comparison, int stagingReplicas) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) {
        Printer p = new Printer(out);

        p.step("A template with mistakes: every problem is a located diagnostic");
        ParseResult broken = Templates.parse(BROKEN, ParseOptions.builder().applicationName("shop").build());
        // toString() is "line:column severity CODE key.path: message"
        broken.diagnostics().forEach(d -> p.say("%s", d));
        List<String> brokenErrors = broken.errors().stream().map(d -> d.code().id() + "@" + d.line()).toList();

        p.step("Variables: which ones a template needs, and what happens without a value");
        Set<String> variables = Templates.variables(PARAMETERIZED);
        p.say("variables: %s", variables);
        ParseResult missing = Templates.parse(PARAMETERIZED, ParseOptions.builder().applicationName("blog")
                .variable("WEB_TAG", "4.6").build());
        missing.errors().forEach(d -> p.say("%s", d));

        p.step("Configuration sets: one template, two environments");
        // a set is usually read from a file of name=value lines; ConfigSet.read reports bad lines as diagnostics
        ConfigSet.ReadResult stagingFile = ConfigSet.read("staging", """
                # the staging environment
                WEB_TAG=4.7-rc1
                DB_PASSWORD=staging-secret
                """, Limits.defaults());
        ConfigSet staging = stagingFile.configSet();
        ConfigSet production = new ConfigSet("production", "live shop", Map.of("WEB_TAG", "4.6",
                "DB_PASSWORD", "production-secret"));
        AppSpec onStaging = parse(staging);
        AppSpec onProduction = parse(production);
        String stagingImage = onStaging.service("web").orElseThrow().image().toString();
        String productionImage = onProduction.service("web").orElseThrow().image().toString();
        p.say("staging deploys %d x %s (REPLICAS left to its default), production deploys %s", onStaging.service("web")
                .orElseThrow().scale(), stagingImage, productionImage);

        // the console's "compare with set" view: the values typed on the deploy form against a set's, per parameter
        Map<String, String> typed = Map.of("WEB_TAG", "4.7-rc1", "DB_PASSWORD", "typed-secret", "REPLICAS", "3");
        List<ConfigSet.Comparison> comparison = staging.compare(variables, typed);
        comparison.forEach(c -> p.say("%-12s %-9s current=%s set=%s", c.name(), c.status(), c.currentValue(), c.setValue()));

        return new Result(broken.isValid(), brokenErrors, variables,
                missing.errors().stream().map(Diagnostic::code).map(c -> c.id()).toList(),
                stagingImage, productionImage, comparison, onStaging.service("web").orElseThrow().scale());
    }

    private static AppSpec parse(ConfigSet set) {
        ParseResult r = Templates.parse(PARAMETERIZED, ParseOptions.builder().applicationName("blog").configSet(set).build());
        return r.app().orElseThrow(() -> new IllegalStateException("the " + set.name() + " set leaves errors: " + r.errors()));
    }
}
