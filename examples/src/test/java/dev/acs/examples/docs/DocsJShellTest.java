package dev.acs.examples.docs;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/startup.jsh} gives a JShell session what it needs: a real JShell (in this JVM, on the test class path)
 * evaluates the script, then snippets that use the SDK, and the Java samples of {@code docs/embedding.md}. No
 * snippet may be rejected or throw. The samples of {@code docs/README.md} run the same way.
 */
class DocsJShellTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private JShell shell;

    @BeforeEach
    void startWithTheScript() {
        shell = JShell.builder().executionEngine("local").build();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            shell.addToClasspath(entry);
        }
        eval(DocsPages.page("startup.jsh"));
        assertThat(shell.imports().count()).as("imports the script made").isGreaterThanOrEqualTo(15);
    }

    @AfterEach
    void close() {
        shell.close();
    }

    /** Evaluates every snippet of {@code source}; returns the value of the last one. */
    private String eval(String source) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = source;
        String value = null;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            assertThat(info.completeness().isComplete()).as("an incomplete snippet: " + rest).isTrue();
            for (SnippetEvent e : shell.eval(info.source())) {
                List<String> diagnostics = new ArrayList<>();
                shell.diagnostics(e.snippet()).forEach(d -> diagnostics.add(d.getMessage(null)));
                assertThat(e.status()).as(info.source() + " " + diagnostics).isNotEqualTo(Snippet.Status.REJECTED);
                assertThat(e.exception()).as(info.source()).isNull();
                value = e.value();
            }
            rest = info.remaining();
        }
        return value;
    }

    @Test
    void aSessionWithTheScriptUsesTheSdkWithoutMoreImports() {
        assertThat(eval("ByteSize.parse(\"1.5g\")")).isEqualTo("1610612736");
        assertThat(eval("Templates.parse(\"web:\\n  image: nginx:1.25\\n\","
                + " ParseOptions.builder().applicationName(\"hello\").build()).orElseThrow().services().size()"))
                .isEqualTo("1");
        assertThat(eval("var clock = new ManualClock(); var cloud = SimCloud.builder().clock(clock)"
                + ".region(\"cn-hangzhou\", \"cn-hangzhou-e\").build();"
                + " var cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())"
                + ".scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).build();"
                + " Operation<Cluster> op = cp.clusters().create(ClusterSpec.classic(\"js\", Zone.of(\"cn-hangzhou-e\"),"
                + " 1, \"ecs.n4.large\")); clock.advance(Duration.ofMinutes(1)); op.await(Duration.ZERO).nodeCount()"))
                .isEqualTo("1");
        eval("cp.close()");
        assertThat(eval("AcsVersion.current()")).isNotBlank();
    }

    @Test
    void theSamplesOfTheDocsIndexRun() {
        List<DocsPages.Block> samples = DocsPages.blocks("README.md").stream()
                .filter(b -> b.lang().equals("java")).toList();
        assertThat(samples).isNotEmpty();
        String last = null;
        for (DocsPages.Block sample : samples) {
            // each line is typed at the jshell prompt on its own
            for (String line : sample.text().strip().split("\n")) {
                last = eval(line.strip());
            }
        }
        assertThat(last).isEqualTo("true");
    }

    @Test
    void theJavaSamplesOfTheEmbeddingGuideRun() {
        List<DocsPages.Block> samples = DocsPages.blocks("embedding.md").stream()
                .filter(b -> b.lang().equals("java")).toList();
        assertThat(samples).hasSizeGreaterThanOrEqualTo(3);
        PrintStream stdout = System.out;
        // the local execution engine runs the samples in this JVM: what they print goes to System.out
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            for (DocsPages.Block sample : samples) {
                eval(sample.text());
            }
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("jenkins RUNNING", "true", "controllers: [");
    }
}
