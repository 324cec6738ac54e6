package dev.acs.compose;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every input within the document size limit costs bounded work and memory: each {@link ParseOptions} limit stops
 * its amplifier with its own located diagnostic.
 */
class ParseLimitsTest {

    @Test
    void aFullPortRangeIsRefused() {
        ParseResult r = Templates.parse(Hostile.text("port-range-full.yml"));
        assertThat(r.withCode(DiagnosticCode.TPL_013)).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(4);
            assertThat(d.path()).isEqualTo("web.ports[0]");
            assertThat(d.message()).contains("65535 ports", "1024");
        });
        assertThat(r.isValid()).isFalse();
    }

    @Test
    void portRangeLimitIsConfigurable() {
        String yaml = "web:\n  image: nginx\n  ports: [\"8000-8100:8000-8100\"]\n";
        assertThat(Templates.parse(yaml).isValid()).isTrue();
        assertThat(Templates.parse(yaml).application().services().get(0).ports()).hasSize(101);
        assertThat(Templates.parse(yaml, ParseOptions.builder().maxPortsPerRange(100).build())
                .withCode(DiagnosticCode.TPL_013)).hasSize(1);
    }

    @Test
    void manyRangesStopAtThePerTemplateCap() {
        ParseResult r = Templates.parse(Hostile.portRanges(), ParseOptions.builder().maxPortsPerRange(65535).build());
        assertThat(r.withCode(DiagnosticCode.TPL_014)).singleElement()
                .satisfies(d -> assertThat(d.path()).isEqualTo("web.ports[0]"));
        assertThat(r.isValid()).isFalse();
        assertThat(Templates.parse(Hostile.portRanges()).withCode(DiagnosticCode.TPL_013)).isNotEmpty();
    }

    @Test
    void anExtendsChainOfRangesStaysBounded() {
        String yaml = Hostile.extendsChainOfRanges(100);
        assertThat(yaml.length()).isLessThan(5_000);
        ParseResult r = Templates.parse(yaml, ParseOptions.builder().maxPortsPerRange(65535).build());
        assertThat(r.withCode(DiagnosticCode.TPL_014)).hasSize(1);
        String small = "a: {image: nginx, ports: [\"80\"]}\nb: {extends: a, ports: [\"81\"]}\n";
        assertThat(Templates.parse(small, ParseOptions.builder().maxPorts(2).build()).withCode(DiagnosticCode.TPL_014))
                .hasSize(1);
        assertThat(Templates.parse(small, ParseOptions.builder().maxPorts(3).build()).isValid()).isTrue();
    }

    @Test
    void substitutionOutputIsBounded() {
        ParseResult r = Templates.parse(Hostile.substitutionBomb(300_000),
                ParseOptions.builder().variable("V", "v".repeat(100_000)).build());
        assertThat(r.withCode(DiagnosticCode.TPL_015)).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(3);
            assertThat(d.path()).isEqualTo("web.command");
        });
        assertThat(r.isValid()).isFalse();
        ParseResult kilobyte = Templates.parse(Hostile.substitutionBomb(300_000),
                ParseOptions.builder().variable("V", "v".repeat(1_000)).build());
        assertThat(kilobyte.isValid()).as("a 300 MB command").isFalse();
        assertThat(kilobyte.withCode(DiagnosticCode.TPL_015)).hasSize(1);
        String yaml = "web:\n  image: nginx\n  command: echo $V $V\n";
        assertThat(Templates.parse(yaml, ParseOptions.builder().variable("V", "12345").maxInterpolatedChars(16).build())
                .isValid()).isTrue();
        assertThat(Templates.parse(yaml, ParseOptions.builder().variable("V", "12345").maxInterpolatedChars(15).build())
                .withCode(DiagnosticCode.TPL_015)).hasSize(1);
    }

    @Test
    void aDeepExtendsChainIsALocatedErrorNotAStackOverflow() {
        ParseResult r = Templates.parse(Hostile.extendsChain(1_500));
        assertThat(r.withCode(DiagnosticCode.TPL_016)).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(1_500 - 64);
            assertThat(d.path()).isEqualTo("s" + (1_500 - 65) + ".extends");
        });
        assertThat(r.isValid()).isFalse();
        assertThat(Templates.parse(Hostile.extendsChain(64)).isValid()).isTrue();
        assertThat(Templates.parse(Hostile.extendsChain(10), ParseOptions.builder().maxExtendsDepth(9).build())
                .withCode(DiagnosticCode.TPL_016)).hasSize(1);
    }

    @Test
    void aLongExtendsCycleIsALocatedError() {
        ParseResult r = Templates.parse(Hostile.extendsCycle(2_000));
        assertThat(r.withCode(DiagnosticCode.KEY_014)).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(1);
            assertThat(d.message()).contains("cycle");
        });
        assertThat(r.isValid()).isFalse();
    }

    @Test
    void extendsStillMergesAndConcatenates() {
        ParseResult r = Templates.parse("""
                base: {image: nginx, ports: ["80"], environment: {A: "1"}}
                mid: {extends: base, ports: ["81"], environment: {B: "2"}}
                top: {extends: {service: mid}, ports: ["82"]}
                """);
        assertThat(r.isValid()).as(r.diagnostics().toString()).isTrue();
        var top = r.application().services().stream().filter(s -> s.name().equals("top")).findFirst().orElseThrow();
        assertThat(top.ports()).extracting(p -> p.containerPort()).containsExactly(80, 81, 82);
        assertThat(top.environment()).containsEntry("A", "1").containsEntry("B", "2");
    }

    @Test
    void aLongDependencyChainCostsNoStack() {
        String chain = Hostile.dependsChain(20_000, false);
        assertThat(chain.length()).isLessThan(ParseOptions.defaults().maxDocumentChars());
        ParseResult r = Templates.parse(chain);
        assertThat(r.isValid()).as(r.errors().stream().limit(3).toList().toString()).isTrue();
        assertThat(Templates.parse(Hostile.dependsChain(20_000, true)).withCode(DiagnosticCode.LBL_006))
                .singleElement().satisfies(d -> {
                    assertThat(d.line()).isEqualTo(1);
                    assertThat(d.message()).startsWith("dependency cycle s0 -> s1 -> ");
                });
    }

    @Test
    void scaleHasADocumentedMaximum() {
        ParseResult r = Templates.parse(Hostile.text("scale-huge.yml"));
        assertThat(r.withCode(DiagnosticCode.LBL_026)).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(4);
            assertThat(d.path()).isEqualTo("web.labels.aliyun.scale");
            assertThat(d.message()).contains("10000");
        });
        assertThat(r.isValid()).isFalse();
        String tenThousand = "web:\n  image: nginx\n  labels:\n    aliyun.scale: \"10000\"\n";
        assertThat(Templates.parse(tenThousand).isValid()).isTrue();
        assertThat(Templates.parse(tenThousand, ParseOptions.builder().maxScale(9_999).build())
                .withCode(DiagnosticCode.LBL_026)).hasSize(1);
        String replicas = "version: '3'\nservices:\n  web:\n    image: nginx\n    deploy:\n      replicas: 999999999\n";
        assertThat(Templates.parse(replicas, ParseOptions.builder().profile(Profile.SWARM_MODE).build())
                .withCode(DiagnosticCode.LBL_026)).hasSize(1);
    }

    @Test
    void diagnosticsPerFileAreCapped() {
        ParseResult r = Templates.parse(Hostile.manyUnknownKeys(40_000));
        assertThat(r.diagnostics()).hasSize(1_001);
        assertThat(r.diagnostics().get(1_000)).satisfies(d -> {
            assertThat(d.code()).isEqualTo(DiagnosticCode.TPL_017);
            assertThat(d.severity()).isEqualTo(Severity.WARNING);
            assertThat(d.message()).startsWith("39000 more");
        });
        assertThat(r.isValid()).isTrue();
        ParseResult small = Templates.parse("web:\n  image: nginx\n  a: 1\n  b: 2\n  c: 3\n  mem_limit: 1k\n",
                ParseOptions.builder().maxDiagnostics(2).build());
        assertThat(small.diagnostics()).hasSize(3);
        assertThat(small.withCode(DiagnosticCode.TPL_017)).singleElement()
                .satisfies(d -> assertThat(d.isError()).as("an omitted error keeps the file invalid").isTrue());
        assertThat(small.isValid()).isFalse();
    }

    @Test
    void longMessagesAreShortened() {
        String value = "x".repeat(900_000);
        ParseResult r = Templates.parse("web:\n  image: nginx\n  mem_limit: ${BIG}\n",
                ParseOptions.builder().variable("BIG", value).build());
        assertThat(r.withCode(DiagnosticCode.KEY_009)).singleElement()
                .satisfies(d -> assertThat(d.message()).hasSizeLessThanOrEqualTo(500).contains("more characters"));
        assertThat(r.withCode(DiagnosticCode.TPL_018)).singleElement()
                .satisfies(d -> assertThat(d.isError()).isFalse());
        assertThat(r.diagnostics()).allSatisfy(d -> assertThat(d.toString().length()).isLessThan(1_200));
    }

    @Test
    void everyLimitHasItsOwnCode() {
        assertThat(new DiagnosticCode[] {DiagnosticCode.TPL_011, DiagnosticCode.TPL_013, DiagnosticCode.TPL_014,
                DiagnosticCode.TPL_015, DiagnosticCode.TPL_016, DiagnosticCode.TPL_017, DiagnosticCode.TPL_018,
                DiagnosticCode.LBL_026}).doesNotHaveDuplicates();
        ParseOptions o = ParseOptions.defaults();
        assertThat(o.maxPortsPerRange()).isEqualTo(1024);
        assertThat(o.maxPorts()).isEqualTo(4096);
        assertThat(o.maxInterpolatedChars()).isEqualTo(1 << 20);
        assertThat(o.maxExtendsDepth()).isEqualTo(64);
        assertThat(o.maxScale()).isEqualTo(10_000);
        assertThat(o.maxDiagnostics()).isEqualTo(1_000);
        assertThat(o.maxMessageChars()).isEqualTo(500);
    }
}
