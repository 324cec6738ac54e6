package dev.acs.core.engine;

import dev.acs.core.api.OperationRecord;
import dev.acs.core.api.OperationState;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.BlueGreenRelease;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.CreationMode;
import dev.acs.core.model.NetworkType;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntityCodecTest {
    private static final Instant T = Instant.parse("2017-06-01T08:00:00.123Z");

    @Test
    void clustersRoundTripWithEveryField() {
        ClusterSpec spec = new ClusterSpec("生产-集群", Zone.of("cn-beijing-a"), NetworkType.VPC, "vpc-1", "vsw-2",
                "172.20.0.0/16", 3, "ecs.n4.large");
        Cluster c = new Cluster("c" + "0".repeat(32), spec, ClusterState.SCALING, 3, T, T.plusSeconds(1));
        byte[] bytes = EntityCodec.encode(c);
        assertThat(EntityCodec.decode(Cluster.class, "k", bytes)).isEqualTo(c);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).as("readable on disk").contains("spec.name=生产-集群");
    }

    @Test
    void nodesRoundTripWithAwkwardLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("group", "1");
        labels.put("key with spaces=and:colons", " value\nwith\tescapes\\ #!");
        labels.put("empty", "");
        Node n = Node.builder().id("n1").clusterId("c1").name("c1-node1").index(7).zone(Zone.of("cn-hangzhou-e"))
                .machineId("i-9").address("10.0.0.7")
                .capacity(new Resources(400, 8L << 30, 2)).labels(labels).state(NodeState.UNREACHABLE)
                .origin(NodeOrigin.ADDED_EXISTING).createdAt(T)
                .build();
        assertThat(EntityCodec.decode(Node.class, "k", EntityCodec.encode(n))).isEqualTo(n);
    }

    @Test
    void applicationsRoundTripWithAnOpenBlueGreenRelease() {
        AppSpec v1 = AppSpec.builder("site").service(ServiceSpec.builder("web-v1").image("nginx:1.10").build())
                .service(ServiceSpec.builder("db").image("mysql:5.7").build()).build();
        AppSpec v2 = AppSpec.builder("site").version("2.0").service(ServiceSpec.builder("web-v2").image("nginx:1.11").build())
                .service(ServiceSpec.builder("db").image("mysql:5.7").build()).build();
        BlueGreenRelease release = BlueGreenRelease.plan(v1, "v1: yaml", v2, null, T).withWeight("web-v2", 40);
        Application app = Application.builder().id("a1").clusterId("c1").spec(release.runningSpec())
                .mode(CreationMode.TEMPLATE).template("v1: yaml").state(AppState.BLUE_GREEN_PENDING_CONFIRM)
                .createdAt(T).updatedAt(T).release(release).stoppedServices(List.of("db")).build();
        Application decoded = EntityCodec.decode(Application.class, "k", EntityCodec.encode(app));
        assertThat(decoded).isEqualTo(app);
        assertThat(decoded.release().weights()).containsExactly(Map.entry("web-v1", 100), Map.entry("web-v2", 40));
        assertThat(decoded.stoppedServices()).containsExactly("db");

        Application closed = app.withRelease(null, v2, null, T);
        assertThat(new String(EntityCodec.encode(closed), StandardCharsets.UTF_8)).doesNotContain("release.");
        assertThat(EntityCodec.decode(Application.class, "k", EntityCodec.encode(closed)).release())
                .as("data written before releases existed reads as no release").isNull();
    }

    @Test
    void operationRecordsRoundTrip() {
        OperationRecord failed = new OperationRecord("op-1", "DeployApplication", "a1", OperationState.FAILED, 100, T,
                T.plusSeconds(5), ErrorCode.TIMEOUT, "web did not become healthy");
        assertThat(EntityCodec.decode(OperationRecord.class, "k", EntityCodec.encode(failed))).isEqualTo(failed);
        OperationRecord running = new OperationRecord("op-2", "ScaleService", "a1", OperationState.RUNNING, 40, T,
                null, null, null);
        assertThat(EntityCodec.decode(OperationRecord.class, "k", EntityCodec.encode(running))).isEqualTo(running);
        assertThat(OperationLog.interrupted(running, T.plusSeconds(9))).satisfies(r -> {
            assertThat(r.state()).isEqualTo(OperationState.FAILED);
            assertThat(r.errorCode()).isEqualTo(ErrorCode.CANCELLED);
            assertThat(r.progress()).isEqualTo(40);
            assertThat(r.finishedAt()).isEqualTo(T.plusSeconds(9));
        });
    }

    @Test
    void unreadableEntriesAreReportedAsCorrupted() {
        for (String bad : new String[]{"garbage", "format=1\nid=x", "format=9\nid=x"}) {
            assertThatThrownBy(() -> EntityCodec.decode(Cluster.class, "clusters/x", bad.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(AcsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPTED);
                        assertThat(e.getMessage()).contains("clusters/x");
                    });
        }
    }

    @Test
    void theStoredTextIsTheFormatLineThenEveryFlattenedPairEscapedInOrder() {
        Application app = Application.builder().id("a1").clusterId("c1").spec(RecordCodecTest.richApp())
                .mode(CreationMode.TEMPLATE).template("web:\n  image: 'x y'\n").state(AppState.READY)
                .createdAt(T).updatedAt(Instant.parse("2020-02-29T23:59:59.000001Z")).build();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(" key with spaces=and:colons", " value\nwith\tescapes\\ #!\u0001多");
        Node node = Node.builder().id("n1").clusterId("c1").name("c1-node1").index(7).zone(Zone.of("cn-hangzhou-e"))
                .capacity(new Resources(400, Long.MAX_VALUE, 2)).labels(labels).state(NodeState.UNREACHABLE)
                .origin(NodeOrigin.ADDED_EXISTING).createdAt(Instant.parse("1969-12-31T23:59:59Z")).build();
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("x-replicas", 3);
        tree.put("negative", -12345678901L);
        tree.put("nested", Map.of("list", List.of("a", 1L, 0.5, true)));
        RecordCodecTest.Bag bag = new RecordCodecTest.Bag(tree, "any", List.of("s", 2));
        for (Object entity : List.of(app, node, bag, app.withState(AppState.STOPPING, T))) {
            Map<String, String> lines = new LinkedHashMap<>();
            lines.put("format", "1");
            lines.putAll(RecordCodec.flatten(entity));
            assertThat(EntityCodec.encode(entity)).as("%s", entity).isEqualTo(PropertiesTextTest.reference(lines));
        }
    }

    @Test
    void anEntityWrittenAgainWithTheSameDeclarationWritesWhatAFreshWalkWrites() {
        AppSpec spec = AppSpec.builder("site").service(ServiceSpec.builder("web").image("nginx:1.10").scale(3)
                .env("GREETING", "hello world = #1").build()).build();
        Application deploying = Application.builder().id("a1").clusterId("c1").spec(spec).mode(CreationMode.IMAGE)
                .state(AppState.DEPLOYING).createdAt(T).updatedAt(T).build();
        Application ready = deploying.withState(AppState.READY, T.plusSeconds(1));
        EntityCodec.encode(deploying);
        String again = new String(EntityCodec.encode(ready), StandardCharsets.UTF_8);
        AppSpec copy = spec.toBuilder().build();
        assertThat(copy).isNotSameAs(spec).isEqualTo(spec);
        Application fresh = Application.builder().id("a1").clusterId("c1").spec(copy).mode(CreationMode.IMAGE)
                .state(AppState.READY).createdAt(T).updatedAt(T.plusSeconds(1)).build();
        assertThat(again).isEqualTo(new String(EntityCodec.encode(fresh), StandardCharsets.UTF_8))
                .contains("spec.services.0.name=web", "state=READY");
        assertThat(EntityCodec.decode(Application.class, "k", again.getBytes(StandardCharsets.UTF_8))).isEqualTo(ready);
    }
}
