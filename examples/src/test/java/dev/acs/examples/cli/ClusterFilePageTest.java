package dev.acs.examples.cli;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Node;
import dev.acs.examples.docs.DocsPages;
import dev.acs.examples.docs.DocsPages.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code docs/cluster-file.md} cannot rot: every cluster file on the page loads with {@link ClusterFile}, every error
 * example fails with exactly the message shown after it, and the page's plan is run and printed as shown.
 */
class ClusterFilePageTest {
    private static final String TEMPLATE_MARK = "# site.yml";
    private static final String ERROR_PREFIX = "acs plan: ";

    @TempDir
    Path dir;

    private static List<Block> blocks() {
        return DocsPages.blocks("cluster-file.md");
    }

    @Test
    void everyClusterFileLoadsAndEveryErrorIsTheOneShown() throws IOException {
        List<Block> blocks = blocks();
        int files = 0;
        int errors = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (!b.lang().equals("yaml") || b.text().startsWith(TEMPLATE_MARK)) {
                continue;
            }
            Block next = i + 1 < blocks.size() ? blocks.get(i + 1) : null;
            if (next != null && next.lang().equals("text") && next.text().startsWith(ERROR_PREFIX)) {
                String expected = next.text().strip().substring(ERROR_PREFIX.length());
                assertThatThrownBy(() -> ClusterFile.parse("cluster.yaml", b.text())).as(b.text())
                        .isInstanceOf(AcsException.class).hasMessage(expected);
                errors++;
            } else {
                List<Node> nodes = ClusterFile.parse("cluster.yaml", b.text());
                assertThat(nodes).as(b.text()).isNotEmpty();
                files++;
            }
        }
        assertThat(files).as("cluster files on the page").isGreaterThanOrEqualTo(3);
        assertThat(errors).as("error examples on the page").isGreaterThanOrEqualTo(5);
    }

    @Test
    void theDefaultsAreTheOnesThePageStates() throws IOException {
        Block smallest = blocks().stream().filter(b -> b.text().contains("laptop")).findFirst().orElseThrow();
        Node laptop = ClusterFile.parse("cluster.yaml", smallest.text()).get(0);
        assertThat(laptop.zone().zoneId()).isEqualTo(ClusterFile.DEFAULT_ZONE).isEqualTo("default");
        assertThat(laptop.capacity().gpus()).isZero();
        assertThat(laptop.labels()).isEmpty();
        assertThat(laptop.capacity().memoryBytes()).isEqualTo(4L << 30);
    }

    @Test
    void thePlanOnThePageIsWhatAcsPlanPrints() throws IOException {
        List<Block> blocks = blocks();
        Block cluster = blocks.stream().filter(b -> b.lang().equals("yaml")).findFirst().orElseThrow();
        Block template = blocks.stream().filter(b -> b.text().startsWith(TEMPLATE_MARK)).findFirst().orElseThrow();
        int command = -1;
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).lang().equals("sh") && blocks.get(i).text().startsWith("./acs plan ")) {
                command = i;
            }
        }
        assertThat(command).as("an sh block running ./acs plan").isNotNegative();
        Files.writeString(dir.resolve("cluster.yaml"), cluster.text());
        Files.writeString(dir.resolve("site.yml"), template.text());
        String[] args = Arrays.stream(blocks.get(command).text().strip().substring("./acs ".length()).split(" "))
                .map(a -> a.endsWith(".yaml") || a.endsWith(".yml") ? dir.resolve(a).toString() : a)
                .toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AcsCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = AcsCli.execute(cli, args);
        assertThat(err.toString()).isEmpty();
        assertThat(code).isEqualTo(AcsCli.EXIT_OK);
        assertThat(blocks.get(command + 1).text().strip()).as("the output shown after the command")
                .isEqualTo(out.toString().replace(dir.toString() + "/", "").strip());
    }
}
