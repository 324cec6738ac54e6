package dev.acs.examples.demo;

import dev.acs.testing.docker.DockerEngine;
import dev.acs.testing.docker.DockerEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code acs demo --ha} for real: two host processes over a private etcd and two private Docker Engines; the leader is
 * killed with SIGKILL, the other takes over, finds the application running, scales and deletes it.
 */
class HaDemoTest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.engines(2);

    @Test
    void theDemoPassesEveryCheckAndLeavesTheEnginesClean() {
        List<String> engines = new ArrayList<>();
        String image = null;
        for (DockerEngine e : DOCKER.all()) {
            image = e.testImage();
            engines.add(e.name() + "=" + e.endpoint());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean passed = new HaDemo(new PrintStream(out, true, StandardCharsets.UTF_8), engines, image, List.of()).run();
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.print(printed);

        assertThat(passed).as(printed).isTrue();
        assertThat(printed).contains("ok  host-b reads the same 2 running containers from etcd",
                "ok  host-b refuses a scale: REFUSED NOT_LEADER host-a", "ok  the application still runs its 2 containers",
                "ok  host-b scaled it to 4: SETTLED SUCCEEDED null records=4", "DEMO PASSED: 9 checks");
        for (DockerEngine e : DOCKER.all()) {
            assertThat(e.docker("ps", "-aq", "--filter", "label=dev.acs.app=shop").strip())
                    .as("containers left on " + e.name()).isEmpty();
        }
    }
}
