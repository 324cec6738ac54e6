package dev.acs.compose;

import dev.acs.core.model.AppSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The six interpolation forms, {@code $$}, variable sources and their precedence. */
class InterpolationTest {

    private static String command(String value, ParseOptions options) {
        ParseResult r = Templates.parse("web:\n  image: nginx\n  environment:\n    V: \"" + value + "\"\n", options);
        assertThat(r.errors()).isEmpty();
        return r.application().services().get(0).environment().get("V");
    }

    @Test
    void sixFormsAndEscape() {
        ParseOptions o = ParseOptions.builder().variable("SET", "s").variable("EMPTY", "").build();
        assertThat(command("$SET-${SET}", o)).isEqualTo("s-s");
        assertThat(command("${EMPTY:-d}|${EMPTY-d}|${UNSET-d}|${UNSET:-d}", o)).isEqualTo("d||d|d");
        assertThat(command("${SET:?x}${SET?x}", o)).isEqualTo("ss");
        assertThat(command("${UNSET:-${SET}}", o)).isEqualTo("s");
        assertThat(command("$$SET costs $$5", o)).isEqualTo("$SET costs $5");
    }

    @Test
    void requiredFormsReportTheirMessage() {
        ParseOptions o = ParseOptions.builder().variable("EMPTY", "").build();
        ParseResult r = Templates.parse("web:\n  image: nginx\n  environment:\n    A: ${EMPTY:?set the region}\n"
                + "    B: ${UNSET?name the bucket}\n    C: ${EMPTY?fine}\n", o);
        assertThat(r.withCode(DiagnosticCode.TPL_004)).extracting(Diagnostic::message)
                .anySatisfy(m -> assertThat(m).contains("set the region"))
                .anySatisfy(m -> assertThat(m).contains("name the bucket"))
                .hasSize(2);
        assertThat(r.withCode(DiagnosticCode.TPL_004).get(0).line()).isEqualTo(4);
    }

    @Test
    void malformedReferences() {
        for (String bad : new String[] {"${", "${1A}", "${A:+x}", "$ x", "end$"}) {
            ParseResult r = Templates.parse("web:\n  image: nginx\n  command: \"" + bad + "\"\n");
            assertThat(r.withCode(DiagnosticCode.TPL_009)).as(bad).isNotEmpty();
        }
    }

    @Test
    void keysAreNotInterpolatedAndProcessEnvironmentOnlyWhenAsked() {
        String path = System.getenv("PATH");
        assertThat(path).isNotNull();
        assertThat(Templates.parse("web:\n  image: nginx\n  command: $PATH\n").withCode(DiagnosticCode.TPL_004)).hasSize(1);
        ParseResult r = Templates.parse("web:\n  image: nginx\n  command: $PATH\n",
                ParseOptions.builder().useProcessEnvironment(true).build());
        assertThat(r.application().services().get(0).command()).containsExactly(path);
        AppSpec app = Templates.parse("$web:\n  image: nginx\n").application();
        assertThat(app).isNull();
    }

    @Test
    void callerBeatsConfigSetBeatsProcessEnvironment() {
        ConfigSet set = new ConfigSet("s", "", java.util.Map.of("PATH", "fromSet", "TAG", "1"));
        ParseOptions o = ParseOptions.builder().configSet(set).useProcessEnvironment(true).variable("TAG", "2").build();
        ParseResult r = Templates.parse("web:\n  image: nginx:$TAG\n  command: $PATH\n", o);
        assertThat(r.application().services().get(0).image().tag()).isEqualTo("2");
        assertThat(r.application().services().get(0).command()).containsExactly("fromSet");
    }

    @Test
    void composeSpecProfileOnlyWarnsOnUndefined() {
        ParseResult r = Templates.parse("web:\n  image: nginx\n  command: echo $NOPE\n",
                ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
        assertThat(r.isValid()).isTrue();
        assertThat(r.withCode(DiagnosticCode.TPL_004)).singleElement()
                .satisfies(d -> assertThat(d.severity()).isEqualTo(Severity.WARNING));
        assertThat(r.application().services().get(0).command()).containsExactly("echo");
    }
}
