package dev.acs.cloud.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Probe;
import dev.acs.core.model.Resources;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.VolumeMount;
import dev.acs.core.spi.ContainerRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerSpecsTest {
    private static CreateContainerCmd map(ServiceSpec s) {
        CreateContainerCmd.Exec neverSent = c -> {
            throw new AssertionError("the test only builds the call");
        };
        return ContainerSpecs.apply(new CreateContainerCmdImpl(neverSent, null, s.image().toString()),
                new ContainerRequest("c-42", "shop_web_2", "shop", s, 2));
    }

    private static ServiceSpec.Builder web() {
        return ServiceSpec.builder("web").image("registry.example.com/team/web:1.2");
    }

    @Test
    void theBasicsAndTheReservedLabelsAreMapped() {
        CreateContainerCmd cmd = map(web().command(List.of("run", "--fast")).entrypoint(List.of("/init"))
                .env("MODE", "prod").env("EMPTY", null).label("team", "a").hostname("web-host").workingDir("/srv")
                .user("nobody").tty(true).stdinOpen(true).build());
        assertThat(cmd.getName()).isEqualTo("shop_web_2");
        assertThat(cmd.getImage()).isEqualTo("registry.example.com/team/web:1.2");
        assertThat(cmd.getCmd()).containsExactly("run", "--fast");
        assertThat(cmd.getEntrypoint()).containsExactly("/init");
        assertThat(cmd.getEnv()).containsExactly("MODE=prod", "EMPTY=");
        assertThat(cmd.getLabels()).containsExactly(Map.entry("team", "a"),
                Map.entry("dev.acs.container-id", "c-42"), Map.entry("dev.acs.app", "shop"),
                Map.entry("dev.acs.service", "web"), Map.entry("dev.acs.index", "2"), Map.entry("dev.acs.restart", "no"));
        assertThat(cmd.getHostName()).isEqualTo("web-host");
        assertThat(cmd.getWorkingDir()).isEqualTo("/srv");
        assertThat(cmd.getUser()).isEqualTo("nobody");
        assertThat(cmd.isTty()).isTrue();
        assertThat(cmd.isStdinOpen()).isTrue();
    }

    @Test
    void absentOptionsStayUnset() {
        CreateContainerCmd cmd = map(web().build());
        assertThat(cmd.getCmd()).isNull();
        assertThat(cmd.getEntrypoint()).isNull();
        assertThat(cmd.getHostName()).isNull();
        assertThat(cmd.getUser()).isNull();
        assertThat(cmd.getExposedPorts()).isEmpty();
        assertThat(cmd.getHealthcheck()).isNull();
        HostConfig host = cmd.getHostConfig();
        assertThat(host.getCpuShares()).isNull();
        assertThat(host.getMemory()).isNull();
        assertThat(host.getDeviceRequests()).isNull();
        assertThat(host.getRestartPolicy()).isEqualTo(com.github.dockerjava.api.model.RestartPolicy.noRestart());
    }

    @Test
    void portsBindFixedAndDynamicHostPortsAndExposeOnlyExposes() {
        CreateContainerCmd cmd = map(web().port(PortMapping.published(8080, 80)).port(PortMapping.exposed(443))
                .port(new PortMapping("127.0.0.1", 5353, 53, PortMapping.Protocol.UDP))
                .expose(List.of(PortMapping.exposed(9000))).build());
        assertThat(cmd.getExposedPorts()).containsExactly(ExposedPort.tcp(80), ExposedPort.tcp(443),
                ExposedPort.udp(53), ExposedPort.tcp(9000));
        Map<ExposedPort, Ports.Binding[]> b = cmd.getHostConfig().getPortBindings().getBindings();
        assertThat(b.get(ExposedPort.tcp(80))).containsExactly(Ports.Binding.bindPort(8080));
        assertThat(b.get(ExposedPort.tcp(443))).containsExactly(Ports.Binding.empty());
        assertThat(b.get(ExposedPort.udp(53))).containsExactly(Ports.Binding.bindIpAndPort("127.0.0.1", 5353));
        assertThat(b).doesNotContainKey(ExposedPort.tcp(9000));
    }

    @Test
    void volumesAreBindsNamedVolumesAndAnonymousVolumes() {
        CreateContainerCmd cmd = map(web()
                .volume(new VolumeMount(VolumeMount.Type.BIND, "/var/log/web", "/logs", true, false))
                .volume(new VolumeMount(VolumeMount.Type.NAMED, "uploads", "/uploads", false, true))
                .volume(new VolumeMount(VolumeMount.Type.ANONYMOUS, null, "/cache", false, false)).build());
        List<String> binds = Arrays.stream(cmd.getHostConfig().getBinds()).map(Bind::toString).toList();
        assertThat(binds).containsExactly("/var/log/web:/logs:ro", "uploads:/uploads:rw,nocopy");
        assertThat(cmd.getVolumes()).extracting(v -> v.getPath()).containsExactly("/cache");
    }

    @Test
    void resourcesRestartDnsHostsAndPrivilegesAreMapped() {
        CreateContainerCmd cmd = map(web().reservation(new Resources(50, 100_000_000L, 1))
                .restart(RestartPolicy.parse("on-failure:3")).dns(List.of("8.8.8.8")).dnsSearch(List.of("corp"))
                .dnsOptions(List.of("ndots:2")).extraHosts(List.of("db:10.0.0.9", "cache=10.0.0.10"))
                .oomKillDisable(true).privileged(true).networkMode("host").build());
        HostConfig host = cmd.getHostConfig();
        assertThat(host.getCpuShares()).isEqualTo(50);
        assertThat(host.getMemory()).isEqualTo(100_000_000L);
        assertThat(host.getDeviceRequests()).singleElement().satisfies(d -> {
            assertThat(d.getCount()).isEqualTo(1);
            assertThat(d.getCapabilities()).containsExactly(List.of("gpu"));
        });
        assertThat(host.getRestartPolicy().getName()).isEqualTo("on-failure");
        assertThat(host.getRestartPolicy().getMaximumRetryCount()).isEqualTo(3);
        assertThat(host.getDns()).containsExactly("8.8.8.8");
        assertThat(host.getDnsSearch()).containsExactly("corp");
        assertThat(host.getDnsOptions()).containsExactly("ndots:2");
        assertThat(host.getExtraHosts()).containsExactly("db:10.0.0.9", "cache:10.0.0.10");
        assertThat(host.getOomKillDisable()).isTrue();
        assertThat(host.getPrivileged()).isTrue();
        assertThat(host.getNetworkMode()).isEqualTo("host");
        assertThat(map(web().restart(RestartPolicy.ALWAYS).build()).getHostConfig().getRestartPolicy().getName())
                .isEqualTo("always");
        assertThat(map(web().restart(RestartPolicy.parse("unless-stopped")).build()).getHostConfig()
                .getRestartPolicy().getName()).isEqualTo("unless-stopped");
    }

    @Test
    void anExecProbeBecomesTheDockerHealthCheck() {
        Probe probe = Probe.exec("test -f /ready").withTimings(Duration.ofSeconds(3), Duration.ofSeconds(10));
        CreateContainerCmd cmd = map(web().probe(probe).build());
        assertThat(cmd.getHealthcheck().getTest()).containsExactly("CMD-SHELL", "test -f /ready");
        assertThat(cmd.getHealthcheck().getTimeout()).isEqualTo(Duration.ofSeconds(3).toNanos());
        assertThat(cmd.getHealthcheck().getStartPeriod()).isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(map(web().probe(Probe.http(80, "/")).build()).getHealthcheck()).isNull();
    }

    @Test
    void labelsInTheReservedNamespaceAreRefused() {
        for (String key : List.of("dev.acs.container-id", "dev.acs.anything", "DEV.ACS.Index")) {
            ServiceSpec s = web().label(key, "x").build();
            assertThatThrownBy(() -> map(s)).isInstanceOfSatisfying(AcsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining(key).hasMessageContaining("reserved");
        }
        assertThat(map(web().label("dev.acsx", "ok").label("acs.dev.x", "ok").build()).getLabels())
                .containsKeys("dev.acsx", "acs.dev.x");
    }

    @Test
    void badContainerNamesAreRefusedBeforeAnyCall() {
        ServiceSpec s = web().build();
        for (String name : List.of("", "has space", "-leading", "a/b")) {
            assertThatThrownBy(() -> ContainerSpecs.validate(new ContainerRequest("c", name, "app", s, 1)))
                    .isInstanceOfSatisfying(AcsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
        assertThatThrownBy(() -> ContainerSpecs.validate(new ContainerRequest("c", "ok", "app", s, 0)))
                .isInstanceOf(AcsException.class).hasMessageContaining("index");
    }
}
