package dev.acs.core.model;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueTypesTest {

    @ParameterizedTest
    @CsvSource({
            "4194304, 4194304",
            "500m, 524288000",
            "1g, 1073741824",
            "1G, 1073741824",
            "1.5GiB, 1610612736",
            "512MB, 536870912",
            "64k, 65536",
            "100b, 100",
            "2t, 2199023255552"})
    void byteSizesInEveryCommonForm(String text, long bytes) {
        assertThat(ByteSize.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "-1g", "1x", "1.2.3g", "ten"})
    void byteSizeErrorsSayWhatToWrite(String text) {
        assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("500m or 1g");
        });
    }

    @Test
    void byteSizeFormatting() {
        assertThat(ByteSize.format(1536L << 20)).isEqualTo("1.5 GiB");
        assertThat(ByteSize.format(512L << 20)).isEqualTo("512 MiB");
        assertThat(ByteSize.format(100)).isEqualTo("100 B");
    }

    @Test
    void imageReferences() {
        ImageRef wp = ImageRef.parse("registry.aliyuncs.com/acs-sample/wordpress:4.5");
        assertThat(wp.registry()).isEqualTo("registry.aliyuncs.com");
        assertThat(wp.repository()).isEqualTo("acs-sample/wordpress");
        assertThat(wp.tag()).isEqualTo("4.5");
        assertThat(ImageRef.parse("redis").tag()).as("tag defaults to latest").isEqualTo("latest");
        assertThat(ImageRef.parse("redis").registry()).isNull();
        ImageRef local = ImageRef.parse("localhost:5000/team/app:1@sha256:" + "a".repeat(64));
        assertThat(local.registry()).isEqualTo("localhost:5000");
        assertThat(local.digest()).startsWith("sha256:");
        assertThat(ImageRef.parse(local.toString())).isEqualTo(local);
        assertThat(ImageRef.parse("library/nginx:1.25").registry()).as("a path without a dot or port is not a registry").isNull();
        for (String bad : new String[]{"", "UPPER/case", "nginx:bad tag", "nginx@sha256:xyz"}) {
            assertThatThrownBy(() -> ImageRef.parse(bad)).isInstanceOf(AcsException.class);
        }
    }

    @Test
    void resourcesArithmetic() {
        Resources node = Resources.of(4, 8L << 30, 2);
        Resources ask = new Resources(150, 1L << 30, 1);
        assertThat(node.cpuUnits()).isEqualTo(400);
        assertThat(ask.fitsIn(node)).isTrue();
        assertThat(node.minus(ask)).isEqualTo(new Resources(250, 7L << 30, 1));
        assertThat(node.minus(ask).plus(ask)).isEqualTo(node);
        assertThat(new Resources(0, 0, 3).fitsIn(node)).isFalse();
        assertThat(Resources.NONE.isNone()).isTrue();
        assertThatThrownBy(() -> ask.minus(node)).hasMessageContaining("cannot be negative");
    }

    @Test
    void portMappings() {
        assertThat(PortMapping.published(8080, 80).toString()).isEqualTo("8080:80/tcp");
        assertThat(PortMapping.exposed(3306).hasFixedHostPort()).isFalse();
        assertThat(new PortMapping("127.0.0.1", 53, 53, PortMapping.Protocol.parse("UDP")).toString()).isEqualTo("127.0.0.1:53:53/udp");
        assertThatThrownBy(() -> PortMapping.exposed(0)).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> PortMapping.published(65536, 80)).hasMessageContaining("host port 65536");
        assertThatThrownBy(() -> PortMapping.Protocol.parse("icmp")).hasMessageContaining("tcp, udp or sctp");
    }

    @Test
    void restartPolicies() {
        for (String text : new String[]{"no", "always", "on-failure", "on-failure:3", "unless-stopped"}) {
            assertThat(RestartPolicy.parse(text).toString()).isEqualTo(text);
        }
        assertThatThrownBy(() -> RestartPolicy.parse("sometimes")).hasMessageContaining("no, always, on-failure[:N] or unless-stopped");
        assertThatThrownBy(() -> RestartPolicy.parse("on-failure:x")).isInstanceOf(AcsException.class);
        assertThatThrownBy(() -> new RestartPolicy(RestartPolicy.Mode.ALWAYS, 2)).hasMessageContaining("only allowed with on-failure");
    }

    @Test
    void placementRulesRenderAsDirectives() {
        assertThat(PlacementRule.constraint("aliyun.node_index", "(1|2|3)").toDirective())
                .isEqualTo("constraint:aliyun.node_index==(1|2|3)");
        assertThat(new PlacementRule(PlacementRule.Kind.AFFINITY, "service", PlacementRule.Operator.NE, "redis", true)
                .toDirective()).isEqualTo("affinity:service!=~redis");
        assertThat(PlacementRule.zones(2).zoneCount()).isEqualTo(2);
        assertThatThrownBy(() -> new PlacementRule(PlacementRule.Kind.AVAILABILITY_ZONE, "az", PlacementRule.Operator.NE, "2", false))
                .hasMessageContaining("availability:az");
        assertThatThrownBy(() -> new PlacementRule(PlacementRule.Kind.AVAILABILITY_ZONE, "az", PlacementRule.Operator.EQ, "0", false))
                .hasMessageContaining("positive zone count");
        assertThatThrownBy(() -> PlacementRule.constraint(" ", "1")).hasMessageContaining("needs a key");
    }

    @Test
    void probesFillDefaultsAndCheckKinds() {
        Probe http = Probe.http(8080, null);
        assertThat(http.path()).isEqualTo("/");
        assertThat(http.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(http.initialDelay()).isZero();
        assertThat(Probe.exec("/check.sh").withTimings(Duration.ofSeconds(10), Duration.ofSeconds(3)).timeout())
                .isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> Probe.tcp(0)).hasMessageContaining("probe port 0");
        assertThatThrownBy(() -> Probe.exec(" ")).hasMessageContaining("needs a command");
        assertThatThrownBy(() -> Probe.http(80, "/").withTimings(Duration.ofSeconds(-1), null)).hasMessageContaining("negative");
    }

    @Test
    void rollingUpdateParallelismBelowOneBecomesOne() {
        assertThat(RollingUpdate.of(0).parallelism()).isEqualTo(1);
        assertThat(RollingUpdate.of(3).parallelism()).isEqualTo(3);
        assertThat(RollingUpdate.DISABLED.enabled()).isFalse();
    }

    @Test
    void zonesDeriveTheirRegion() {
        assertThat(Zone.of("cn-beijing-a").regionId()).isEqualTo("cn-beijing");
        assertThat(Zone.of("local").regionId()).isEqualTo("local");
        assertThatThrownBy(() -> new Zone("cn-beijing", "")).hasMessageContaining("zone id");
    }

    @Test
    void volumesCheckSourceAgainstType() {
        assertThat(new VolumeMount(VolumeMount.Type.BIND, "/data", "/var/lib/mysql", false, false).isNodeLocal()).isTrue();
        assertThat(new VolumeMount(VolumeMount.Type.NAMED, "db", "/var/lib/mysql", true, true).isNodeLocal()).isFalse();
        assertThatThrownBy(() -> new VolumeMount(VolumeMount.Type.ANONYMOUS, "x", "/data", false, false)).hasMessageContaining("no source");
        assertThatThrownBy(() -> new VolumeMount(VolumeMount.Type.BIND, "/x", "data", false, false)).hasMessageContaining("absolute");
    }

    @Test
    void serviceSpecBuilderCopiesAndFreezes() {
        ServiceSpec web = ServiceSpec.builder("web").image("wordpress:4.2").env("A", "1").label("x", "y")
                .port(PortMapping.exposed(80)).scale(3).rule(PlacementRule.zones(2)).build();
        assertThat(web.reservation()).isEqualTo(Resources.NONE);
        assertThat(web.restart()).isEqualTo(RestartPolicy.NO);
        assertThat(web.placement(PlacementRule.Kind.AVAILABILITY_ZONE)).hasSize(1);
        ServiceSpec copy = web.toBuilder().scale(5).env("B", "2").build();
        assertThat(copy.scale()).isEqualTo(5);
        assertThat(copy.environment()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
        assertThat(web.environment()).containsOnlyKeys("A");
        assertThat(copy.toBuilder().build()).isEqualTo(copy);
        assertThatThrownBy(() -> web.environment().put("C", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ServiceSpec.builder("db").build()).hasMessageContaining("needs an image");
        assertThatThrownBy(() -> ServiceSpec.builder("db").image("mysql").scale(-1).build()).hasMessageContaining("must not be negative");
    }

    @Test
    void appSpecRejectsDuplicateServices() {
        ServiceSpec web = ServiceSpec.builder("web").image("nginx").build();
        assertThat(AppSpec.builder("site").service(web).build().version()).isEqualTo("1.0");
        assertThat(AppSpec.builder("site").service(web).build().service("web")).contains(web);
        assertThatThrownBy(() -> AppSpec.builder("site").services(List.of(web, web)).build())
                .hasMessageContaining("declares service 'web' twice");
    }

    @Test
    void clusterSpecChecksNetworkAndNodes() {
        assertThatThrownBy(() -> ClusterSpec.classic("web", Zone.of("cn-beijing-a"), 3, null)).hasMessageContaining("instance type");
        assertThatThrownBy(() -> new ClusterSpec("web", Zone.of("cn-beijing-a"), NetworkType.VPC, null, null, null, 0, null))
                .hasMessageContaining("VPC id");
        assertThatThrownBy(() -> new ClusterSpec("web", Zone.of("cn-beijing-a"), NetworkType.CLASSIC, "vpc-1", null, null, 0, null))
                .hasMessageContaining("takes no VPC id");
        assertThat(ClusterSpec.zeroNode("web", Zone.of("cn-beijing-a")).nodeCount()).isZero();
    }
}
