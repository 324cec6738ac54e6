package dev.acs.testing.docker;

import dev.acs.cloud.docker.DockerLabels;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Probe;
import dev.acs.core.model.Resources;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.VolumeMount;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.ProbeResult;
import dev.acs.core.spi.RuntimeContainer;
import dev.acs.core.spi.RuntimeEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the Docker runtime does beyond the common contract, checked on a real private engine. */
class DockerRuntimeTest {
    private static final Duration CALL = Duration.ofSeconds(30);

    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.oneEngine();

    private static final DockerRuntime RUNTIME = DockerRuntime.builder().build();
    private final List<String> made = new CopyOnWriteArrayList<>();

    @AfterAll
    static void closeRuntime() {
        RUNTIME.close();
    }

    @AfterEach
    void removeMade() {
        for (String id : made) {
            RUNTIME.remove(node(), id, true, CALL);
        }
    }

    private static Node node() {
        return DOCKER.engine(0).node("rt", 1);
    }

    private static DockerEngine engine() {
        return DOCKER.engine(0);
    }

    private static ServiceSpec.Builder busybox(String name, String script) {
        return ServiceSpec.builder(name).image(ImageRef.parse(engine().testImage()))
                .command(List.of("sh", "-c", "trap 'exit 0' TERM; " + script));
    }

    private RuntimeContainer run(ServiceSpec s) {
        RuntimeContainer c = create(s);
        RUNTIME.start(node(), c.runtimeId(), CALL);
        return RUNTIME.inspect(node(), c.runtimeId(), CALL);
    }

    private RuntimeContainer create(ServiceSpec s) {
        String name = s.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        RuntimeContainer c = RUNTIME.create(node(), new ContainerRequest("k-" + name, name, "rt", s, 1), CALL);
        made.add(c.runtimeId());
        return c;
    }

    @Test
    void theEngineApiVersionIsNegotiated() {
        assertThat(RUNTIME.ping(node(), CALL)).isTrue();
        String engineVersion = engine().docker("version", "--format", "{{.Server.APIVersion}}").strip();
        assertThat(RUNTIME.apiVersion(node())).isEqualTo(engineVersion);
    }

    @Test
    void theServiceSettingsReachTheEngineAndTheContainer(@TempDir Path dir) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.setPosixFilePermissions(logs, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        ServiceSpec s = busybox("web", "sleep 600").env("MODE", "prod").label("team", "shop")
                .restart(RestartPolicy.parse("on-failure:2")).reservation(new Resources(50, 64L << 20, 0))
                .dns(List.of("10.0.0.2")).dnsSearch(List.of("corp.example")).dnsOptions(List.of("ndots:3"))
                .extraHosts(List.of("db:10.0.0.9")).hostname("web-host").workingDir("/tmp").user("nobody")
                .volume(new VolumeMount(VolumeMount.Type.BIND, logs.toString(), "/logs", false, false))
                .volume(new VolumeMount(VolumeMount.Type.NAMED, "rt-data", "/data", true, false))
                .volume(new VolumeMount(VolumeMount.Type.ANONYMOUS, null, "/cache", false, false)).build();
        RuntimeContainer c = run(s);
        String id = c.runtimeId();
        String inspected = engine().docker("inspect", "--format", String.join("|",
                "{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}",
                "{{.HostConfig.CpuShares}}", "{{.HostConfig.Memory}}", "{{json .HostConfig.Dns}}",
                "{{json .HostConfig.DnsOptions}}", "{{json .HostConfig.ExtraHosts}}",
                "{{index .Config.Labels \"team\"}}", "{{index .Config.Labels \"dev.acs.container-id\"}}",
                "{{index .Config.Labels \"dev.acs.service\"}}", "{{index .Config.Labels \"dev.acs.index\"}}"), id).strip();
        assertThat(inspected.split("\\|")).containsExactly("on-failure:2", "50", Long.toString(64L << 20),
                "[\"10.0.0.2\"]", "[\"ndots:3\"]", "[\"db:10.0.0.9\"]", "shop", c.containerId(), "web", "1");
        String inside = engine().docker("exec", id, "sh", "-c",
                "echo $MODE; hostname; id -un; pwd; grep -c '10.0.0.9[[:space:]]*db' /etc/hosts; "
                        + "grep -E '^(nameserver|search|options)' /etc/resolv.conf | sort; touch /logs/written; "
                        + "touch /data/x 2>/dev/null && echo rw || echo ro; mount | grep -c ' /cache '");
        assertThat(inside.lines()).containsExactly("prod", "web-host", "nobody", "/tmp", "1",
                "nameserver 10.0.0.2", "options ndots:3", "search corp.example", "ro", "1");
        assertThat(logs.resolve("written")).exists();
        assertThat(engine().docker("volume", "ls", "--format", "{{.Name}}").lines()).contains("rt-data");
    }

    @Test
    void aRequestForTheLatestImagePullsEvenWhenTheEngineHasTheTag() {
        // the test image exists only on this engine (docker import): a forced pull must go to the registry and fail
        int before = RUNTIME.list(node(), CALL).size();
        ServiceSpec s = busybox("latest", "sleep 600").build();
        try (DockerRuntime runtime = DockerRuntime.builder().pullStallTimeout(Duration.ofSeconds(10)).build()) {
            assertThatThrownBy(() -> runtime.create(node(), new ContainerRequest("k-latest", "latest-"
                    + UUID.randomUUID().toString().substring(0, 8), "rt", s, 1, true), CALL))
                    .isInstanceOfSatisfying(AcsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_PULL_FAILED))
                    .hasMessageContaining(engine().testImage());
        }
        assertThat(RUNTIME.list(node(), CALL)).hasSize(before);
        assertThat(create(s).runtimeId()).as("without the flag the engine's own copy is used").isNotBlank();
    }

    @Test
    void aLabelInTheReservedNamespaceIsRefusedBeforeAnythingIsCreated() {
        int before = RUNTIME.list(node(), CALL).size();
        ServiceSpec s = busybox("web", "sleep 600").label(DockerLabels.CONTAINER_ID, "forged").build();
        assertThatThrownBy(() -> create(s)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining("reserved");
        assertThat(RUNTIME.list(node(), CALL)).hasSize(before);
    }

    @Test
    void httpTcpAndExecProbesCheckTheContainerFromTheHost() {
        RuntimeContainer c = run(busybox("web", "mkdir -p /www && echo ok > /www/index.html; "
                + "httpd -f -p 80 -h /www & wait").build());
        awaitHealthy(c, Probe.tcp(80));
        ProbeResult http = RUNTIME.probe(node(), c.runtimeId(), Probe.http(80, "/index.html"), CALL);
        assertThat(http.healthy()).as(http.detail()).isTrue();
        assertThat(http.detail()).startsWith("HTTP 200 from 10.213.");
        ProbeResult missing = RUNTIME.probe(node(), c.runtimeId(), Probe.http(80, "/nope"), CALL);
        assertThat(missing.healthy()).isFalse();
        assertThat(missing.detail()).startsWith("HTTP 404");
        assertThat(RUNTIME.probe(node(), c.runtimeId(), Probe.tcp(81), CALL).healthy()).isFalse();
        ProbeResult exec = RUNTIME.probe(node(), c.runtimeId(), Probe.exec("echo checking; exit 3"), CALL);
        assertThat(exec.healthy()).isFalse();
        assertThat(exec.detail()).isEqualTo("exit 3: checking");
        assertThat(RUNTIME.probe(node(), c.runtimeId(), Probe.exec("test -f /www/index.html"), CALL).healthy())
                .isTrue();
        ProbeResult slow = RUNTIME.probe(node(), c.runtimeId(),
                Probe.exec("sleep 5").withTimings(Duration.ofMillis(500), Duration.ZERO), CALL);
        assertThat(slow.healthy()).isFalse();
        assertThat(slow.detail()).contains("did not finish");
    }

    @Test
    void aDynamicHostPortIsReachableOnTheHost() throws Exception {
        RuntimeContainer c = run(busybox("web", "httpd -f -p 80 & wait").port(PortMapping.exposed(80)).build());
        awaitHealthy(c, Probe.tcp(80));
        int hostPort = c.ports().get(0).hostPort();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), hostPort)) {
            assertThat(s.isConnected()).isTrue();
        }
    }

    @Test
    void aContainerThatEndsByItselfIsExitedWithItsCodeAndReportedSo() throws Exception {
        List<RuntimeEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable ignored = RUNTIME.events(node(), events::add)) {
            RuntimeContainer c = run(busybox("job", "exit 3").build());
            await("the job exits", () -> RUNTIME.inspect(node(), c.runtimeId(), CALL).state() == ContainerState.EXITED);
            RuntimeContainer done = RUNTIME.inspect(node(), c.runtimeId(), CALL);
            assertThat(done.exitCode()).isEqualTo(3);
            assertThat(RUNTIME.list(node(), CALL)).filteredOn(x -> x.runtimeId().equals(c.runtimeId()))
                    .singleElement().satisfies(x -> {
                        assertThat(x.state()).isEqualTo(ContainerState.EXITED);
                        assertThat(x.exitCode()).isEqualTo(3);
                    });
            await("a die event with the exit code", () -> events.stream().anyMatch(e ->
                    e.runtimeId().equals(c.runtimeId()) && e.state() == ContainerState.EXITED
                            && Integer.valueOf(3).equals(e.exitCode())));
        }
    }

    @Test
    void anotherRuntimeInstanceAdoptsTheContainersByTheirLabels() {
        RuntimeContainer c = run(busybox("web", "sleep 600").build());
        try (DockerRuntime restarted = DockerRuntime.builder().build()) {
            assertThat(restarted.list(node(), CALL)).filteredOn(x -> x.runtimeId().equals(c.runtimeId()))
                    .singleElement().satisfies(x -> {
                        assertThat(x.containerId()).isEqualTo(c.containerId());
                        assertThat(x.state()).isEqualTo(ContainerState.RUNNING);
                    });
        }
    }

    @Test
    void aPullThatStallsFailsAfterTheStallTimeout() throws Exception {
        try (ServerSocket silentRegistry = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             DockerRuntime impatient = DockerRuntime.builder().pullStallTimeout(Duration.ofSeconds(2)).build()) {
            List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!silentRegistry.isClosed()) {
                    try {
                        held.add(silentRegistry.accept());
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ServiceSpec s = busybox("web", "sleep 1").image(ImageRef.parse("127.0.0.1:"
                    + silentRegistry.getLocalPort() + "/stall/img:1")).build();
            long started = System.nanoTime();
            assertThatThrownBy(() -> impatient.create(node(), new ContainerRequest("k-stall", "stall", "rt", s, 1),
                    CALL)).isInstanceOfSatisfying(AcsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_PULL_FAILED)).hasMessageContaining("no progress");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            for (Socket h : held) {
                h.close();
            }
        }
    }

    private static void awaitHealthy(RuntimeContainer c, Probe probe) {
        await("the container answers " + probe.kind(), () -> RUNTIME.probe(node(), c.runtimeId(), probe, CALL).healthy());
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within 20 s: " + what).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
