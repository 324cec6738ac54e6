package dev.acs.testing.docker;

import dev.acs.testing.fixtures.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The swarm kit against real engines: three nodes in their own network namespaces form one swarm, every node holds
 * the test image under one id, a service's tasks spread over the nodes and talk over an overlay network, a port
 * published in host mode answers on every node's address, and a swarm stops without leaving processes, namespaces or
 * bridges behind.
 */
class DockerSwarmExtensionTest {
    @RegisterExtension
    static final DockerSwarmExtension SWARM = DockerSwarmExtension.swarm(1, 2);

    @Test
    void threeNodesInTheirOwnNamespacesFormOneSwarm() {
        DockerSwarm swarm = SWARM.swarm();
        assertThat(swarm.managers()).extracting(SwarmNode::name).containsExactly("swarm-1");
        assertThat(swarm.workers()).extracting(SwarmNode::name).containsExactly("swarm-2", "swarm-3");
        assertThat(swarm.leader().name()).isEqualTo("swarm-1");
        String nodes = swarm.node(0).engine().docker("node", "ls", "--format", "{{.Hostname}} {{.Status}}");
        assertThat(nodes.lines().sorted()).containsExactly("swarm-1 Ready", "swarm-2 Ready", "swarm-3 Ready");
        for (SwarmNode node : swarm.nodes()) {
            assertThat(node.engine().docker("info", "--format", "{{.Swarm.NodeAddr}}").strip())
                    .isEqualTo(node.address());
            assertThat(node.engine().docker("image", "inspect", "--format", "{{.Id}}", DockerEngine.TEST_IMAGE).strip())
                    .isEqualTo(swarm.testImageId());
        }
    }

    @Test
    void tasksSpreadTalkOverAnOverlayAndPublishOnEveryNodeAddress() {
        DockerSwarm swarm = SWARM.swarm();
        DockerEngine manager = swarm.node(0).engine();
        manager.docker("network", "create", "--driver", "overlay", "--attachable", "kit-net");
        manager.docker("service", "create", "--detach", "--name", "kit-web", "--mode", "global",
                "--network", "kit-net", "--endpoint-mode", "dnsrr",
                "--publish", "mode=host,target=80,published=18080", swarm.testImageId(),
                "sh", "-c", "echo \"$(hostname)\" > /tmp/index.html && exec httpd -f -p 80 -h /tmp");
        for (SwarmNode node : swarm.nodes()) {
            assertThat(Http.awaitBody("http://" + node.address() + ":18080/")).isNotBlank();
        }
        List<String> running = awaitRunningTasks(manager, "kit-web", 3);
        assertThat(running.stream().map(l -> l.split(" ")[1]).sorted())
                .containsExactly("swarm-1", "swarm-2", "swarm-3");
        DockerEngine worker = swarm.node(2).engine();
        String container = worker.docker("ps", "-q", "--filter", "label=com.docker.swarm.service.name=kit-web").strip();
        String answers = worker.docker("exec", container, "sh", "-c",
                "for a in $(nslookup tasks.kit-web 127.0.0.11 | sed -n 's/^Address: //p'); do "
                        + "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 $a 80 | tail -1; done");
        assertThat(answers.lines().map(String::strip).sorted()).as("every task answers over the overlay")
                .hasSize(3).doesNotHaveDuplicates();
        manager.docker("service", "rm", "kit-web");
    }

    @Test
    void aStoppedSwarmLeavesNothingBehind() {
        DockerSwarm extra = DockerSwarm.start(1, 1, 0);
        List<Long> pids = extra.nodes().stream().map(n -> n.engine().pid()).toList();
        List<Path> dirs = extra.nodes().stream().map(n -> n.engine().directory()).toList();
        String bridge = extra.gateway();
        extra.node(1).engine().kill();
        extra.stop();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
        for (Path dir : dirs) {
            assertThat(Tools.mountsUnder(dir)).isEmpty();
            assertThat(Files.exists(dir)).isFalse();
        }
        String netns = Tools.run(List.of("ip", "netns", "list"), null, 30).stdout();
        String links = Tools.run(List.of("ip", "-o", "addr"), null, 30).stdout();
        assertThat(links).as("the bridge with " + bridge + " is deleted").doesNotContain("inet " + bridge + "/");
        assertThat(netns).doesNotContain(extra.node(0).engine().name());
        extra.stop();
    }

    private static List<String> awaitRunningTasks(DockerEngine manager, String service, int count) {
        long deadline = System.nanoTime() + 90_000_000_000L;
        List<String> running = List.of();
        while (System.nanoTime() < deadline) {
            running = manager.docker("service", "ps", service, "--filter", "desired-state=running",
                    "--format", "{{.Name}} {{.Node}} {{.CurrentState}}").lines()
                    .filter(l -> l.contains(" Running ")).toList();
            if (running.size() == count) {
                return running;
            }
            Http.pause(200);
        }
        throw new AssertionError(service + ": " + count + " tasks not running within 90 s: " + running);
    }
}
