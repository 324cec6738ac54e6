package dev.acs.compose;

import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AutoScaling;
import dev.acs.core.model.BatchSettings;
import dev.acs.core.model.ExternalService;
import dev.acs.core.model.LoadBalancerBinding;
import dev.acs.core.model.Monitoring;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Probe;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.Resources;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.model.RollingUpdate;
import dev.acs.core.model.Route;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.VolumeMount;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Applications built in code (every typed field set) write to YAML that parses back to an equal application. */
class WriterTest {

    static ServiceSpec everything() {
        return ServiceSpec.builder("web")
                .image("registry.example.com:5000/team/web:1.2")
                .command(List.of("sh", "-c", "echo $HOME && sleep 1"))
                .entrypoint(List.of("/init"))
                .env("PRICE", "$5").env("EMPTY", "")
                .label("com.example.team", "web").label("aliyun.proxy.required", "true")
                .port(new PortMapping("127.0.0.1", 0, 53, PortMapping.Protocol.UDP))
                .port(PortMapping.published(8080, 80))
                .expose(List.of(PortMapping.exposed(9000)))
                .volume(new VolumeMount(VolumeMount.Type.ANONYMOUS, null, "/cache", true, false))
                .volume(new VolumeMount(VolumeMount.Type.NAMED, "data", "/data", true, true))
                .reservation(new Resources(150, 256L << 20, 1))
                .scale(3)
                .rule(PlacementRule.constraint("node", "/^web-[0-9]+$/"))
                .rule(new PlacementRule(PlacementRule.Kind.AFFINITY, "service", PlacementRule.Operator.NE, "db", true))
                .rule(new PlacementRule(PlacementRule.Kind.AVAILABILITY_ZONE, "az", PlacementRule.Operator.EQ, "2", true))
                .reschedule(ReschedulePolicy.ON_NODE_FAILURE)
                .probe(Probe.http(8080, "/health").withTimings(Duration.ofSeconds(4), Duration.ofSeconds(9)))
                .rollingUpdate(RollingUpdate.of(2))
                .dependsOn(List.of("db"))
                .links(List.of("db:mysql"))
                .routes(List.of(new Route(80, "http", "web", null), new Route(80, "https", "www.example.com", "shop")))
                .sessionSticky(false)
                .loadBalancers(List.of(new LoadBalancerBinding(80, "http", "slb-web", 80)))
                .logStores(Map.of("access", "/var/log/access.log"))
                .logTimestamp(false)
                .logDirectory("/var/log")
                .autoScaling(new AutoScaling(2, 1, 8, 80, 20, null, null))
                .monitoring(new Monitoring("sh m.sh", null, List.of(), "http://10.0.0.1:8086", null))
                .restart(new RestartPolicy(RestartPolicy.Mode.ON_FAILURE, 3))
                .hostname("web").dns(List.of("1.1.1.1")).dnsSearch(List.of("example.com")).dnsOptions(List.of("use-vc"))
                .oomKillDisable(true).privileged(true).tty(true).stdinOpen(true)
                .workingDir("/srv").user("app").networkMode("bridge").extraHosts(List.of("legacy:10.0.0.9"))
                .externalLinks(List.of("restserver.local"))
                .options(Map.of("ulimits", Map.of("nofile", Map.of("soft", "1024", "hard", "2048")), "cap_add",
                        List.of("NET_ADMIN")))
                // the settings those options stand for, as the reader derives them
                .container(dev.acs.core.model.ContainerSettings.builder().capAdd(List.of("NET_ADMIN"))
                        .ulimits(List.of(new dev.acs.core.model.Ulimit("nofile", 1024, 2048))).build())
                .extensions(Map.of("x-owner", "team $A"))
                .build();
    }

    @Test
    void everyFieldRoundTrips() {
        AppSpec app = AppSpec.builder("app")
                .service(everything())
                // read under compose-spec, a service without a network mode is on its application's network
                .service(ServiceSpec.builder("db").image("mysql:5.7").global(true)
                        .container(dev.acs.core.model.ContainerSettings.builder().appNetwork(true).build()).build())
                .externals(List.of(new ExternalService("rds", "rds.example.com", List.of(3306))))
                .volumes(Map.of("data", Map.of("driver", "nas")))
                .extensions(Map.of("x-top", List.of("a", "b")))
                .build();
        String yaml = Templates.write(app);
        ParseResult r = Templates.parse(yaml, ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
        assertThat(r.errors()).as(yaml).isEmpty();
        assertThat(r.application()).as(yaml).isEqualTo(app);
    }

    @Test
    void aSpreadPreferenceBuiltInCodeIsWrittenAsAPlacementPreference() {
        AppSpec app = AppSpec.builder("app").service(ServiceSpec.builder("web").image("nginx:1.25").scale(4)
                .rule(PlacementRule.constraint("group", "1")).rule(PlacementRule.spread("rack")).build()).build();
        String yaml = Templates.write(app);
        assertThat(yaml).contains("spread: node.labels.rack").doesNotContain("version:");
        ParseResult r = Templates.parse(yaml, ParseOptions.builder().profile(Profile.COMPOSE_SPEC).build());
        assertThat(r.errors()).isEmpty();
        assertThat(r.application().service("web").orElseThrow().placement())
                .containsExactly(PlacementRule.constraint("group", "1"), PlacementRule.spread("rack"));
    }

    @Test
    void batchJobRoundTrips() {
        AppSpec app = AppSpec.builder("app").kind(AppKind.SCHEDULED).schedule("0 0 3 * * *").labels(Map.of("team", "x"))
                .service(ServiceSpec.builder("task").image("busybox")
                        .batch(new BatchSettings(7, BatchSettings.RemoveContainers.REMOVE_NONE)).build())
                .build();
        ParseResult r = Templates.parse(Templates.write(app));
        assertThat(r.errors()).isEmpty();
        assertThat(r.application()).isEqualTo(app);
    }

    @Test
    void containerLabelsCarryTheTypedLabels() {
        ServiceSpec s = everything();
        AppSpec app = AppSpec.builder("app").service(s).build();
        Map<String, String> labels = Templates.containerLabels(app, s);
        assertThat(labels).containsEntry("aliyun.lb.port_80", "http://slb-web:80")
                .containsEntry("aliyun.scale", "3")
                .containsEntry("com.example.team", "web")
                .containsEntry("aliyun.routing.port_80", "http://web;https://www.example.com/shop")
                .doesNotContainKey("aliyun.retry_count");
    }
}
