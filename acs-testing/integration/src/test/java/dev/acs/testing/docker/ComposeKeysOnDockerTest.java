package dev.acs.testing.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.compose.Diagnostic;
import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.KeySupport;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.ParseResult;
import dev.acs.compose.Profile;
import dev.acs.compose.Severity;
import dev.acs.compose.TargetRuntime;
import dev.acs.compose.Templates;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.RuntimeContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Compose keys a Docker engine applies reach it: a template is parsed (compose-spec profile, Docker runtime),
 * its services are created and started on a real private engine, and the engine's own inspect (docker-java) shows
 * every setting as declared.
 */
class ComposeKeysOnDockerTest {
    private static final Duration CALL = Duration.ofSeconds(60);

    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.oneEngine();

    private static final DockerRuntime RUNTIME = DockerRuntime.builder().build();
    private static DockerClient client;
    private final List<String> made = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(DOCKER.engine(0).socketEndpoint()).build();
        client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).build());
    }

    @AfterAll
    static void close() throws IOException {
        RUNTIME.close();
        client.close();
    }

    @AfterEach
    void removeMade() {
        for (String id : made) {
            RUNTIME.remove(node(), id, true, CALL);
        }
    }

    private static Node node() {
        return DOCKER.engine(0).node("keys", 1);
    }

    private static ParseResult parse(String yaml) {
        return Templates.parse(yaml, ParseOptions.builder().profile(Profile.COMPOSE_SPEC).runtime(TargetRuntime.DOCKER)
                .variable("IMAGE", DOCKER.engine(0).testImage()).applicationName("keys").build());
    }

    private InspectContainerResponse deploy(ServiceSpec s, boolean start) {
        String name = s.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        RuntimeContainer c = RUNTIME.create(node(), new ContainerRequest("k-" + name, name, "keys", s, 1), CALL);
        made.add(c.runtimeId());
        if (start) {
            RUNTIME.start(node(), c.runtimeId(), CALL);
        }
        return client.inspectContainerCmd(c.runtimeId()).exec();
    }

    /** Stop signal and timeout, which docker-java's container config does not expose: {@code signal|seconds}. */
    private static String stop(InspectContainerResponse c) {
        return DOCKER.engine(0).docker("inspect", "--format", "{{.Config.StopSignal}}|{{.Config.StopTimeout}}",
                c.getId()).strip();
    }

    private static final String HARDENED = """
            services:
              hard:
                image: ${IMAGE}
                entrypoint: [/bin/sh, -c]
                command: ["trap 'exit 0' TERM; sleep 600"]
                read_only: true
                cap_add: [NET_ADMIN]
                cap_drop: [MKNOD, CAP_NET_RAW]
                security_opt: ['no-new-privileges:true']
                ulimits:
                  nofile: {soft: 1024, hard: 2048}
                  nproc: 512
                init: true
                shm_size: 32m
                tmpfs: ['/run:size=1m', /scratch]
                logging:
                  driver: json-file
                  options: {max-size: 1m, max-file: '2'}
                sysctls: {net.core.somaxconn: '1024'}
                devices: ['/dev/null:/dev/xnull:rwm']
                user: nobody
                working_dir: /tmp
                hostname: hard-host
                domainname: example.com
                dns: [10.0.0.2]
                dns_search: [corp.example]
                extra_hosts: ['db:10.0.0.9']
                stop_signal: SIGQUIT
                stop_grace_period: 1m30s
                pids_limit: 100
                mem_reservation: 32m
                oom_score_adj: 100
                ipc: private
                group_add: ['1234']
                healthcheck:
                  test: [CMD, /bin/true]
                  interval: 5s
                  timeout: 2s
                  retries: 5
                  start_period: 10s
                deploy:
                  resources:
                    limits: {memory: 64m, cpus: '0.5'}
            """;

    private static final String HOST = """
            services:
              host:
                image: ${IMAGE}
                command: [sleep, '600']
                privileged: true
                pid: host
                mem_swappiness: 10
                cpu_period: 100000
                cpu_quota: 50000
                cpuset: '0'
                cgroup_parent: acs-keys-test
                userns_mode: host
                deploy:
                  resources:
                    reservations: {memory: 16m, cpus: '0.25'}
            """;

    private static final String MORE = """
            services:
              more:
                image: ${IMAGE}
                command: [sleep, '600']
                log_driver: json-file
                log_opt: {max-size: 2m}
                cpus: 0.25
                mem_limit: 64m
                memswap_limit: 128m
                oom_kill_disable: true
                tty: true
                stdin_open: true
                network_mode: bridge
                expose: ['8080']
                dns_options: [ndots:2]
            """;

    /** Keys applied by the Docker runtime whose effect other Docker tests check (DockerRuntimeTest,
     *  ComposeBuildOnDockerTest) or that are not engine settings (read by the parser or the control plane). */
    private static final Set<String> ELSEWHERE = Set.of("build", "environment", "labels", "ports", "volumes", "restart",
            "links", "external_links", "container_name", "external", "oom-kill-disable", "net", "env_file",
            "depends_on", "extends", "profiles", "cpu_shares", "image");

    @Test
    void everyKeyTheTableSaysDockerAppliesIsCheckedOnTheEngine() {
        Set<String> exercised = new java.util.HashSet<>(ELSEWHERE);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^    ([a-z_-]+):").matcher(HARDENED + HOST + MORE
                + FILES + NETWORK);
        while (m.find()) {
            exercised.add(m.group(1));
        }
        assertThat(exercised).containsAll(KeySupport.entries().stream()
                .filter(e -> e.support(Profile.COMPOSE_SPEC, TargetRuntime.DOCKER) == KeySupport.Support.APPLIED)
                .map(KeySupport.Entry::key).toList());
    }

    private static final String NETWORK = """
            services:
              web:
                image: ${IMAGE}
                command: [sleep, '600']
              db:
                image: ${IMAGE}
                command: [sleep, '600']
                networks:
                  back:
                    aliases: [database]
            networks:
              back: {}
            """;

    private static final String FILES = """
            services:
              files:
                image: ${IMAGE}
                command: [sleep, '600']
                secrets: [token]
                configs: [{source: app, target: /etc/app.conf}]
            secrets:
              token: {file: token.txt}
            configs:
              app: {file: ./app.conf}
            """;

    @Test
    void secretsAndConfigsFromFilesAreMountedReadOnly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Files.writeString(dir.resolve("token.txt"), "s3cr3t\n");
        java.nio.file.Files.writeString(dir.resolve("app.conf"), "level=1\n");
        ParseResult r = Templates.parse(FILES, ParseOptions.builder().profile(Profile.COMPOSE_SPEC)
                .runtime(TargetRuntime.DOCKER).variable("IMAGE", DOCKER.engine(0).testImage()).baseDirectory(dir).applicationName("keys").build());
        assertThat(r.diagnostics()).isEmpty();
        InspectContainerResponse c = deploy(r.application().service("files").orElseThrow(), true);
        String inside = DOCKER.engine(0).docker("exec", c.getId(), "sh", "-c",
                "cat /run/secrets/token /etc/app.conf; echo x >> /run/secrets/token 2>/dev/null && echo writable"
                        + " || echo read-only");
        assertThat(inside.lines()).containsExactly("s3cr3t", "level=1", "read-only");
    }

    @Test
    void servicesOfOneApplicationReachEachOtherByNameAndAliasOnTheirNetwork() {
        ParseResult r = parse(NETWORK);
        assertThat(r.errors()).isEmpty();
        InspectContainerResponse db = deploy(r.application().service("db").orElseThrow(), true);
        InspectContainerResponse web = deploy(r.application().service("web").orElseThrow(), true);
        assertThat(web.getHostConfig().getNetworkMode()).isEqualTo("acs-keys");
        String inside = DOCKER.engine(0).docker("exec", web.getId(), "sh", "-c",
                "ping -c1 -W3 db >/dev/null && echo db-ok; ping -c1 -W3 database >/dev/null && echo alias-ok");
        assertThat(inside.lines()).containsExactly("db-ok", "alias-ok");
        RUNTIME.remove(node(), web.getId(), true, CALL);
        RUNTIME.remove(node(), db.getId(), true, CALL);
        made.clear();
        assertThat(DOCKER.engine(0).docker("network", "ls", "--format", "{{.Name}}").lines())
                .as("the network goes with the application's last container").doesNotContain("acs-keys");
    }

    @Test
    void loggingCpuSwapAndCreateFlagsReachTheEngine() {
        ParseResult r = parse(MORE);
        assertThat(r.diagnostics()).as("only the create-flag notes of tty and stdin_open")
                .extracting(Diagnostic::code).containsOnly(DiagnosticCode.KEY_004);
        InspectContainerResponse c = deploy(r.application().service("more").orElseThrow(), false);
        HostConfig h = c.getHostConfig();
        assertThat(h.getLogConfig().getType().getType()).isEqualTo("json-file");
        assertThat(h.getLogConfig().getConfig()).containsEntry("max-size", "2m");
        assertThat(h.getNanoCPUs()).isEqualTo(250_000_000L);
        assertThat(h.getMemory()).isEqualTo(64L << 20);
        assertThat(h.getMemorySwap()).isEqualTo(128L << 20);
        assertThat(h.getOomKillDisable()).isTrue();
        assertThat(h.getNetworkMode()).isEqualTo("bridge");
        assertThat(h.getDnsOptions()).containsExactly("ndots:2");
        assertThat(c.getConfig().getTty()).isTrue();
        assertThat(c.getConfig().getStdinOpen()).isTrue();
        assertThat(c.getConfig().getExposedPorts()).extracting(Object::toString).contains("8080/tcp");
    }

    @Test
    void everyHardeningAndLimitKeyTakesEffectOnTheEngine() {
        ParseResult r = parse(HARDENED);
        assertThat(r.diagnostics()).as("no diagnostic: every key is applied by Docker").isEmpty();
        ServiceSpec s = r.application().service("hard").orElseThrow();
        InspectContainerResponse c = deploy(s, true);
        HostConfig h = c.getHostConfig();
        assertThat(h.getReadonlyRootfs()).isTrue();
        assertThat(h.getCapAdd()).containsExactly(Capability.NET_ADMIN);
        assertThat(h.getCapDrop()).containsExactly(Capability.MKNOD, Capability.NET_RAW);
        assertThat(h.getSecurityOpts()).containsExactly("no-new-privileges:true");
        assertThat(h.getUlimits()).extracting(u -> u.getName() + "=" + u.getSoftLong() + ":" + u.getHardLong())
                .containsExactly("nofile=1024:2048", "nproc=512:512");
        assertThat(h.getInit()).isTrue();
        assertThat(h.getShmSize()).isEqualTo(32L << 20);
        assertThat(h.getTmpFs()).containsExactlyInAnyOrderEntriesOf(Map.of("/run", "size=1m", "/scratch", ""));
        assertThat(h.getLogConfig().getType().getType()).isEqualTo("json-file");
        assertThat(h.getLogConfig().getConfig()).containsExactlyInAnyOrderEntriesOf(Map.of("max-size", "1m",
                "max-file", "2"));
        assertThat(h.getSysctls()).containsExactlyInAnyOrderEntriesOf(Map.of("net.core.somaxconn", "1024"));
        assertThat(h.getDevices()).extracting(d -> d.getPathOnHost() + ":" + d.getPathInContainer() + ":"
                + d.getcGroupPermissions()).containsExactly("/dev/null:/dev/xnull:rwm");
        assertThat(h.getPidsLimit()).isEqualTo(100L);
        assertThat(h.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(h.getMemory()).isEqualTo(64L << 20);
        assertThat(h.getMemoryReservation()).isEqualTo(32L << 20);
        assertThat(h.getOomScoreAdj()).isEqualTo(100);
        assertThat(h.getIpcMode()).isEqualTo("private");
        assertThat(h.getGroupAdd()).containsExactly("1234");
        assertThat(h.getDns()).containsExactly("10.0.0.2");
        assertThat(h.getDnsSearch()).containsExactly("corp.example");
        assertThat(h.getExtraHosts()).containsExactly("db:10.0.0.9");
        assertThat(c.getConfig().getEntrypoint()).containsExactly("/bin/sh", "-c");
        assertThat(c.getConfig().getCmd()).containsExactly("trap 'exit 0' TERM; sleep 600");
        assertThat(c.getConfig().getUser()).isEqualTo("nobody");
        assertThat(c.getConfig().getWorkingDir()).isEqualTo("/tmp");
        assertThat(c.getConfig().getHostName()).isEqualTo("hard-host");
        assertThat(c.getConfig().getDomainName()).isEqualTo("example.com");
        assertThat(stop(c)).isEqualTo("SIGQUIT|90");
        assertThat(c.getConfig().getHealthcheck().getTest()).containsExactly("CMD", "/bin/true");
        assertThat(c.getConfig().getHealthcheck().getRetries()).isEqualTo(5);
        assertThat(c.getConfig().getHealthcheck().getStartPeriod()).isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(c.getConfig().getHealthcheck().getInterval()).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(c.getConfig().getHealthcheck().getTimeout()).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(c.getState().getRunning()).as("the hardened container runs").isTrue();
        String inside = DOCKER.engine(0).docker("exec", c.getId(), "sh", "-c",
                "touch /x 2>/dev/null && echo writable || echo read-only; touch /run/ok && echo run-ok;"
                        + " grep 'Max open files' /proc/1/limits | tr -s ' ' | sed 's/ *$//'");
        assertThat(inside.lines()).containsExactly("read-only", "run-ok", "Max open files 1024 2048 files");
    }

    @Test
    void privilegedPidAndReservationsReachTheEngine() {
        ParseResult r = parse(HOST);
        assertThat(r.diagnostics()).isEmpty();
        ServiceSpec s = r.application().service("host").orElseThrow();
        assertThat(s.reservation().memoryBytes()).as("scheduled").isEqualTo(16L << 20);
        InspectContainerResponse c = deploy(s, false);
        HostConfig h = c.getHostConfig();
        assertThat(h.getPrivileged()).isTrue();
        assertThat(h.getPidMode()).isEqualTo("host");
        assertThat(h.getMemorySwappiness()).isEqualTo(10L);
        assertThat(h.getCpuPeriod()).isEqualTo(100_000L);
        assertThat(h.getCpuQuota()).isEqualTo(50_000L);
        assertThat(h.getCpusetCpus()).isEqualTo("0");
        assertThat(h.getCgroupParent()).isEqualTo("acs-keys-test");
        assertThat(h.getUsernsMode()).isEqualTo("host");
        assertThat(h.getMemory()).as("a reservation is not a hard limit").isZero();
        assertThat(h.getMemoryReservation()).isEqualTo(16L << 20);
        assertThat(h.getCpuShares()).isEqualTo(25);
    }

    @Test
    void aShellStringHealthcheckAndAStringCommandKeepTheirForms() {
        ParseResult r = parse("""
                services:
                  web:
                    image: ${IMAGE}
                    command: sleep 600
                    healthcheck:
                      test: test -d /tmp
                    stop_grace_period: 500ms
                """);
        InspectContainerResponse c = deploy(r.application().service("web").orElseThrow(), false);
        assertThat(c.getConfig().getCmd()).containsExactly("sleep", "600");
        assertThat(c.getConfig().getEntrypoint()).isNullOrEmpty();
        assertThat(c.getConfig().getHealthcheck().getTest()).containsExactly("CMD-SHELL", "test -d /tmp");
        assertThat(c.getConfig().getHealthcheck().getRetries()).as("the engine's default").isNull();
        assertThat(stop(c)).isEqualTo("|1");
    }

    @Test
    void aCapabilityOrLogDriverDockerDoesNotKnowIsRefusedBeforeAnythingIsCreated() {
        int before = RUNTIME.list(node(), CALL).size();
        ServiceSpec s = parse("services:\n  web:\n    image: ${IMAGE}\n    cap_add: [NOT_A_CAP]\n")
                .application().service("web").orElseThrow();
        assertThatThrownBy(() -> deploy(s, false)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining("NOT_A_CAP");
        ServiceSpec t = parse("services:\n  web:\n    image: ${IMAGE}\n    logging: {driver: carrier-pigeon}\n")
                .application().service("web").orElseThrow();
        assertThatThrownBy(() -> deploy(t, false)).isInstanceOf(AcsException.class)
                .hasMessageContaining("carrier-pigeon");
        assertThat(RUNTIME.list(node(), CALL)).hasSize(before);
    }

    @Test
    void badValuesAreLocatedDiagnostics() {
        ParseResult r = parse("""
                services:
                  web:
                    image: ${IMAGE}
                    ulimits: {nofile: {soft: 10, hard: 5}}
                    shm_size: lots
                    oom_score_adj: 5000
                    stop_grace_period: soon
                    cap_drop: [net_raw]
                    healthcheck: {test: [CMD, 'true'], retries: many}
                """);
        assertThat(r.isValid()).isFalse();
        assertThat(r.diagnostics()).filteredOn(d -> d.severity() == Severity.ERROR)
                .extracting(Diagnostic::path, Diagnostic::line)
                .contains(org.assertj.core.groups.Tuple.tuple("services.web.ulimits.nofile", 4),
                        org.assertj.core.groups.Tuple.tuple("services.web.shm_size", 5),
                        org.assertj.core.groups.Tuple.tuple("services.web.oom_score_adj", 6),
                        org.assertj.core.groups.Tuple.tuple("services.web.stop_grace_period", 7),
                        org.assertj.core.groups.Tuple.tuple("services.web.cap_drop", 8),
                        org.assertj.core.groups.Tuple.tuple("services.web.healthcheck.retries", 9));
        assertThat(r.diagnostics()).extracting(Diagnostic::code).doesNotContain(DiagnosticCode.TPL_019);
    }
}
