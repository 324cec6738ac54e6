package dev.acs.examples.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The main job runs to its end with every self-check passing. */
class DemoTest {
    @Test
    void theDemoPassesEveryCheck() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean passed = new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(passed).as(out).isTrue();
        assertThat(out).contains("DEMO PASSED", "web was rescheduled off the lost node", "web rolled in 3 batches of 1",
                "route http://shop.", "job etl FINISHED", "transform container 2 failed once and finished on its retry")
                .doesNotContain("demo-only-secret");
    }
}
