package dev.acs.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's quickstart compiles (it is main code), runs, and is exactly what the README shows. */
class QuickstartTest {

    @Test
    void runsAndDeploysTheApplication() {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            Quickstart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("READY", "hello_web_1 RUNNING", "hello_web_2 RUNNING");
    }

    @Test
    void theReadmeShowsThisVeryFile() throws Exception {
        String source = Files.readString(Path.of("src/main/java/dev/acs/examples/Quickstart.java"));
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(readme).as("README.md embeds Quickstart.java verbatim; copy it again after changing it")
                .contains("```java\n" + source + "```");
    }
}
