package dev.acs.testing.ha;

import dev.acs.testing.docker.DockerEngine;
import dev.acs.testing.docker.DockerEngineExtension;
import dev.acs.testing.etcd.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two control-plane host processes ({@link HaHost}) over one etcd prefix and two real Docker Engines: the leader is
 * killed with SIGKILL while it scales an application; the other takes over within the lease TTL (plus one pass),
 * settles the interrupted scale as a restart would, and the engines end up with exactly the containers its records
 * hold; the application can then be scaled again.
 */
class HaFailoverOnDockerTest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.engines(2);
    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.members(3);

    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    Path tmp;

    @Test
    void theLeaderKilledDuringAScaleIsReplacedAndTheApplicationEndsConsistent() throws Exception {
        String prefix = "ha-docker/" + UUID.randomUUID();
        List<String> engines = new ArrayList<>();
        for (DockerEngine e : DOCKER.all()) {
            e.testImage();
            engines.add(e.name() + "=" + e.endpoint());
        }
        try (Host a = Host.start(tmp, prefix, "host-a", engines); Host b = Host.start(tmp, prefix, "host-b", engines)) {
            a.await("LEADER");
            String cluster = a.ask("cluster", "CLUSTER ").substring(8);
            String app = a.ask("deploy " + cluster, "APP ").substring(4);
            assertThat(containers()).hasSize(2);
            String op = a.ask("scale " + app + " 6", "SCALING ").substring(8);

            long killed = System.nanoTime();
            a.kill();
            b.await("LEADER");
            Duration failover = Duration.ofNanos(System.nanoTime() - killed);
            assertThat(failover).as("takeover within the TTL plus slack").isLessThan(HaHost.TTL.plusSeconds(30));

            String settled = b.ask("settle " + app + " " + op, "SETTLED ");
            System.out.println("HaFailoverOnDockerTest: failover " + failover.toMillis() + " ms; interrupted scale "
                    + settled);
            assertThat(settled).matches("SETTLED (SUCCEEDED null|FAILED CANCELLED) records=\\d+");
            int records = Integer.parseInt(settled.substring(settled.indexOf("records=") + 8));
            assertThat(containers()).as("the engines run exactly the containers the new leader's records hold")
                    .hasSize(records);

            b.ask("scale " + app + " 3", "SCALING ");
            b.await("SCALED ");
            assertThat(b.ask("settle " + app + " " + op, "SETTLED ")).endsWith("records=3");
            assertThat(containers()).as("containers on the engines after the new leader scaled to 3").hasSize(3);
        }
    }

    /** The running containers of the application on both engines. */
    private static List<String> containers() {
        List<String> ids = new ArrayList<>();
        for (DockerEngine e : DOCKER.all()) {
            e.docker("ps", "-q", "--filter", "label=dev.acs.app=shop").lines().map(String::strip)
                    .filter(s -> !s.isEmpty()).forEach(ids::add);
        }
        return ids;
    }

    /** A {@link HaHost} process: commands in on standard input, complete lines out. */
    private static final class Host implements AutoCloseable {
        private final Process process;
        private final Path stderr;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Host(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.endsWith(HaHost.END)) {
                            lines.add(line.substring(0, line.length() - HaHost.END.length()));
                        }
                    }
                } catch (IOException e) {
                    lines.add("IOERROR " + e);
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static Host start(Path dir, String prefix, String name, List<String> engines) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), HaHost.class.getName(),
                    String.join(",", ETCD.endpoints()), prefix, name));
            command.addAll(engines);
            Path err = dir.resolve(name + ".stderr");
            Host h = new Host(new ProcessBuilder(command).redirectError(err.toFile()).start(), err);
            h.await("READY");
            return h;
        }

        /** Reads lines until one starts with {@code start} (a FAILED line fails the test). */
        String await(String start) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith("FAILED")) {
                    throw new AssertionError(line + "; stderr: " + Files.readString(stderr));
                }
                if (line != null && line.startsWith(start)) {
                    return line;
                }
            }
            throw new AssertionError("no '" + start + "' within " + WAIT + "; stderr: " + Files.readString(stderr));
        }

        String ask(String command, String answer) throws Exception {
            OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            return await(answer);
        }

        void kill() throws InterruptedException {
            process.toHandle().destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }
}
