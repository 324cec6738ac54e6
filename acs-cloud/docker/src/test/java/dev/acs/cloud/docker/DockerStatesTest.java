package dev.acs.cloud.docker;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.PortMapping;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DockerStatesTest {
    @Test
    void dockerStatusesMapToContainerStates() {
        assertThat(DockerStates.state("created", false)).isEqualTo(ContainerState.CREATED);
        assertThat(DockerStates.state("running", false)).isEqualTo(ContainerState.RUNNING);
        assertThat(DockerStates.state("paused", false)).isEqualTo(ContainerState.RUNNING);
        assertThat(DockerStates.state("restarting", false)).isEqualTo(ContainerState.RESTARTING);
        assertThat(DockerStates.state("removing", false)).isEqualTo(ContainerState.REMOVED);
        assertThat(DockerStates.state("exited", false)).isEqualTo(ContainerState.EXITED);
        assertThat(DockerStates.state("exited", true)).isEqualTo(ContainerState.STOPPED);
        assertThat(DockerStates.state("dead", false)).isEqualTo(ContainerState.EXITED);
    }

    @Test
    void healthStatusesMap() {
        assertThat(DockerStates.health("healthy")).isEqualTo(HealthStatus.HEALTHY);
        assertThat(DockerStates.health("unhealthy")).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(DockerStates.health("starting")).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(DockerStates.health(null)).isEqualTo(HealthStatus.UNKNOWN);
    }

    @Test
    void ipv4AndIpv6BindingsOfOnePortAreOneMapping() {
        Ports ports = new Ports();
        ports.bind(ExposedPort.tcp(80), Ports.Binding.bindIpAndPort("0.0.0.0", 32768));
        ports.bind(ExposedPort.tcp(80), Ports.Binding.bindIpAndPort("::", 32768));
        ports.bind(ExposedPort.udp(53), Ports.Binding.bindIpAndPort("127.0.0.1", 5353));
        ports.bind(ExposedPort.tcp(443), Ports.Binding.empty());
        // Docker may give the IPv6 binding of a dynamic port another host port: the IPv4 one counts
        ports.bind(ExposedPort.tcp(81), Ports.Binding.bindIpAndPort("0.0.0.0", 32770));
        ports.bind(ExposedPort.tcp(81), Ports.Binding.bindIpAndPort("::", 32771));
        // two fixed host ports for one container port stay two mappings
        ports.bind(ExposedPort.tcp(82), Ports.Binding.bindIpAndPort("0.0.0.0", 8082));
        ports.bind(ExposedPort.tcp(82), Ports.Binding.bindIpAndPort("0.0.0.0", 9082));
        // a port published on IPv6 only is kept
        ports.bind(ExposedPort.tcp(83), Ports.Binding.bindIpAndPort("::", 8083));
        assertThat(DockerStates.ports(ports)).containsExactlyInAnyOrder(
                new PortMapping(null, 32768, 80, PortMapping.Protocol.TCP),
                new PortMapping(null, 32770, 81, PortMapping.Protocol.TCP),
                new PortMapping(null, 8082, 82, PortMapping.Protocol.TCP),
                new PortMapping(null, 9082, 82, PortMapping.Protocol.TCP),
                new PortMapping(null, 8083, 83, PortMapping.Protocol.TCP),
                new PortMapping("127.0.0.1", 5353, 53, PortMapping.Protocol.UDP),
                new PortMapping(null, 0, 443, PortMapping.Protocol.TCP));
        assertThat(DockerStates.ports(null)).isEmpty();
    }

    @Test
    void namesLoseDockersLeadingSlash() {
        assertThat(DockerStates.stripSlash("/web_1")).isEqualTo("web_1");
        assertThat(DockerStates.stripSlash("web_1")).isEqualTo("web_1");
    }
}
