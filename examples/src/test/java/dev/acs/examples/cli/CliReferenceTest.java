package dev.acs.examples.cli;

import dev.acs.examples.docs.DocsPages;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * {@code docs/cli.md} holds what {@link CliReference} generates from the {@code acs} command now. To regenerate after
 * changing a command: {@code ./mvnw -pl examples -am test -Dtest=CliReferenceTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dacs.docs.update=true}.
 */
class CliReferenceTest {
    private static final String REGENERATE = "docs/cli.md is out of date with the acs command: regenerate it with"
            + " ./mvnw -pl examples -am test -Dtest=CliReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
            + " -Dacs.docs.update=true and commit the result";

    private static Path acsCliSource(Path root) {
        return root.resolve("examples/src/main/java/dev/acs/examples/cli/AcsCli.java");
    }

    @Test
    void generatedSectionIsCurrent() throws IOException {
        Path root = DocsPages.root();
        Path doc = root.resolve("docs/cli.md");
        String generated = CliReference.generate(acsCliSource(root));
        String text = Files.readString(doc);
        if (Boolean.getBoolean("acs.docs.update")) {
            Files.writeString(doc, CliReference.splice(text, generated));
            text = Files.readString(doc);
        }
        assertThat(CliReference.extract(text)).as(REGENERATE).isEqualTo(generated);
    }

    @Test
    void everyExitCodeIsDocumented() throws IOException {
        String source = Files.readString(acsCliSource(DocsPages.root()));
        assertThat(CliReference.exitCodes(source)).as("an EXIT_* constant without javadoc right above it")
                .hasSameSizeAs(CliReference.exitConstants())
                .hasSize(5);
    }

    @Test
    void everyCommandAndOptionIsInThePage() throws IOException {
        String page = CliReference.generate(acsCliSource(DocsPages.root()));
        for (String command : new String[] {"acs validate", "acs plan", "acs deploy", "acs demo", "acs bench scheduler",
                "acs bench engine"}) {
            assertThat(page).contains("### `" + command + "`");
        }
        assertThat(page).contains("`--cluster CLUSTER.yaml` (required)", "`--timeout DURATION`", "`5m`",
                "| 2 | `AcsCli.EXIT_USAGE` | Exit code for bad usage. |");
    }

    @Test
    void everyAcsCommandLineOfTheDocsIsOneTheCliAccepts() throws IOException {
        int lines = 0;
        try (var pages = Files.list(DocsPages.root().resolve("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).toList()) {
                for (DocsPages.Block block : DocsPages.blocks(page.getFileName().toString())) {
                    if (!block.lang().equals("sh")) {
                        continue;
                    }
                    for (String line : block.text().split("\n")) {
                        if (!line.startsWith("./acs ")) {
                            continue;
                        }
                        String command = line.replaceFirst("\\s+#.*$", "").substring("./acs ".length()).strip();
                        // parsing checks every command, option and option value type; nothing runs
                        assertThatCode(() -> AcsCli.commandLine().parseArgs(command.split("\\s+")))
                                .as(page.getFileName() + ": " + line).doesNotThrowAnyException();
                        lines++;
                    }
                }
            }
        }
        assertThat(lines).as("./acs lines in the docs").isGreaterThanOrEqualTo(6);
    }
}
