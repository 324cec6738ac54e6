package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Probe;
import dev.acs.core.model.ReschedulePolicy;
import dev.acs.core.model.Resources;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.model.Route;
import dev.acs.core.model.RollingUpdate;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.VolumeMount;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCodecTest {

    static AppSpec richApp() {
        ServiceSpec web = ServiceSpec.builder("web")
                .image(ImageRef.parse("registry.aliyuncs.com/acs-sample/wordpress:4.5@sha256:" + "b".repeat(64)))
                .command(List.of("sh", "-c", "echo 'a b' && sleep 1"))
                .env("WORDPRESS_DB_HOST", "db:3306").env("EMPTY", "")
                .label("com.example.role=x", "dotted.key.value").label("aliyun.logs", "/var/log")
                .port(PortMapping.published(80, 80)).port(new PortMapping("127.0.0.1", 0, 53, PortMapping.Protocol.UDP))
                .volume(new VolumeMount(VolumeMount.Type.BIND, "/data", "/var/www", true, false))
                .volume(new VolumeMount(VolumeMount.Type.ANONYMOUS, null, "/tmp/cache", false, false))
                .reservation(new Resources(50, 512L << 20, 1)).scale(3)
                .rule(PlacementRule.zones(2))
                .rule(new PlacementRule(PlacementRule.Kind.AFFINITY, "service", PlacementRule.Operator.NE, "/web.*/", true))
                .reschedule(ReschedulePolicy.ON_NODE_FAILURE)
                .probe(Probe.http(80, "/license.txt").withTimings(Duration.ofSeconds(10), Duration.ofSeconds(3)))
                .rollingUpdate(RollingUpdate.of(2)).dependsOn(List.of("db")).links(List.of("db:mysql"))
                .routes(List.of(new Route(80, "http", "wordpress", null), new Route(80, "https", "www.example.com", "blog")))
                .restart(RestartPolicy.parse("on-failure:3")).hostname("web-host").dns(List.of("8.8.8.8"))
                .dnsOptions(List.of("use-vc")).oomKillDisable(true).build();
        ServiceSpec db = ServiceSpec.builder("db").image("mysql:5.7").env("MYSQL_ROOT_PASSWORD", "secret").build();
        return AppSpec.builder("wordpress").version("1.1").description("多服务 example\nwith a newline")
                .kind(AppKind.ONLINE).labels(Map.of("aliyun.project_type", "online")).service(web).service(db).build();
    }

    @Test
    void aRichApplicationSurvivesTheRoundTrip() {
        AppSpec app = richApp();
        assertThat(RecordCodec.unflatten(AppSpec.class, RecordCodec.flatten(app))).isEqualTo(app);
        assertThat(EntityCodec.decode(AppSpec.class, "k", EntityCodec.encode(app))).isEqualTo(app);
    }

    @Test
    void builderBuiltTypesAreStoredUnderTheirFieldNamesAndFieldsMissingFromOlderDataGetTheirDefaults() {
        AppSpec app = richApp();
        Map<String, String> flat = RecordCodec.flatten(app);
        assertThat(flat).containsEntry("name", "wordpress").containsEntry("services.0.name", "web")
                .containsEntry("services.0.scale", "3").containsEntry("services.1.environment.0.k", "MYSQL_ROOT_PASSWORD");
        Map<String, String> older = new HashMap<>();
        flat.forEach((k, v) -> {
            if (!k.startsWith("services.0.logTimestamp") && !k.startsWith("services.0.batch")
                    && !k.startsWith("externals")) {
                older.put(k, v);
            }
        });
        AppSpec read = RecordCodec.unflatten(AppSpec.class, older);
        assertThat(read.services().get(0).logTimestamp()).isFalse();
        assertThat(read.services().get(0).batch()).isEqualTo(app.services().get(0).batch());
        assertThat(read.externals()).isEmpty();
        assertThat(read.services().get(1)).isEqualTo(app.services().get(1));
    }

    record Bag(Map<String, Object> tree, Object any, List<Object> items) {
    }

    @Test
    void yamlLikeTreesDeclaredAsObjectKeepTheirShapeAndTypes() {
        Map<String, Object> tree = new java.util.LinkedHashMap<>();
        tree.put("x-replicas", 3);
        tree.put("big", 12345678901L);
        tree.put("ratio", 0.5);
        tree.put("enabled", true);
        tree.put("name", "3");
        tree.put("nested", Map.of("list", List.of("a", 1, Map.of("k.with.dots", "v"))));
        Bag bag = new Bag(tree, List.of(), java.util.Arrays.asList("s", 2, false));
        assertThat(RecordCodec.unflatten(Bag.class, RecordCodec.flatten(bag))).isEqualTo(bag);
        assertThatThrownBy(() -> RecordCodec.flatten(new Bag(Map.of("bad", new Object()), null, List.of())))
                .hasMessageContaining("no stored form");
    }

    @Test
    void missingComponentsTakeTheRecordsDefaults() {
        Map<String, String> flat = new HashMap<>(RecordCodec.flatten(richApp()));
        flat.keySet().removeIf(k -> k.startsWith("services.1.restart") || k.startsWith("services.1.rollingUpdate")
                || k.equals("version"));
        AppSpec older = RecordCodec.unflatten(AppSpec.class, flat);
        assertThat(older.version()).isEqualTo("1.0");
        assertThat(older.services().get(1).restart()).isEqualTo(RestartPolicy.NO);
        assertThat(older.services().get(1).rollingUpdate()).isEqualTo(RollingUpdate.DISABLED);
    }

    @Test
    void invalidStoredValuesAreReportedAsCorrupted() {
        Map<String, String> flat = new HashMap<>(RecordCodec.flatten(richApp()));
        flat.put("services.0.scale", "-4");
        assertThatThrownBy(() -> RecordCodec.unflatten(AppSpec.class, flat))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPTED);
                    assertThat(e.getMessage()).contains("ServiceSpec", "services.0");
                });
    }

    @Test
    void instantsAreWrittenAsInstantToStringWritesThem() {
        java.util.Random random = new java.util.Random(11);
        List<Instant> instants = new java.util.ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2017-06-01T08:00:00Z"),
                Instant.parse("2017-06-01T08:00:00.120Z"), Instant.parse("2017-06-01T08:00:00.000120Z"),
                Instant.parse("2017-06-01T08:00:00.000000001Z"), Instant.parse("2024-02-29T23:59:59.999999999Z"),
                Instant.parse("9999-12-31T23:59:59.5Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.1Z"), Instant.parse("0001-01-01T00:00:00Z")));
        for (int i = 0; i < 10_000; i++) {
            long seconds = random.nextLong() % 300_000_000_000L;
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nano));
        }
        for (Instant t : instants) {
            assertThat(InstantText.of(t)).isEqualTo(t.toString());
            assertThat(Instant.parse(InstantText.of(t))).isEqualTo(t);
        }
    }
}
