package dev.acs.examples.cli;

import dev.acs.core.AcsVersion;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The version is set once (.mvn/maven.config) and read by the SDK and the CLI. */
class VersionTest {

    @Test
    void theSdkAndTheCliReportTheOneVersionTheBuildWasGiven() throws Exception {
        String config = Files.readString(Path.of("..", ".mvn", "maven.config"));
        Matcher m = Pattern.compile("-Drevision=(\\S+)").matcher(config);
        assertThat(m.find()).as(".mvn/maven.config sets revision").isTrue();
        assertThat(AcsVersion.current()).isEqualTo(m.group(1));

        StringWriter out = new StringWriter();
        CommandLine cli = AcsCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(AcsCli.execute(cli, "--version")).isEqualTo(AcsCli.EXIT_OK);
        assertThat(out.toString().strip()).isEqualTo("acs " + m.group(1));
    }
}
