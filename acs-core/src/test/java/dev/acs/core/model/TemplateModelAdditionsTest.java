package dev.acs.core.model;

import dev.acs.core.error.AcsException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The template-related model fields: defaults, validation, and builder-built types that behave like records. */
class TemplateModelAdditionsTest {

    @Test
    void buildersGiveTheDefaults() {
        ServiceSpec s = ServiceSpec.builder("web").image("nginx").build();
        assertThat(s.logTimestamp()).isTrue();
        assertThat(s.sessionSticky()).isTrue();
        assertThat(s.batch()).isEqualTo(BatchSettings.DEFAULT);
        assertThat(s.restart()).isEqualTo(RestartPolicy.NO);
        assertThat(s.reservation()).isEqualTo(Resources.NONE);
        AppSpec a = AppSpec.builder("app").service(s).build();
        assertThat(a.externals()).isEmpty();
        assertThat(a.version()).isEqualTo(AppSpec.DEFAULT_VERSION);
        assertThat(a.toBuilder().build()).isEqualTo(a);
    }

    @Test
    void builderBuiltTypesCompareByValueLikeRecords() {
        ServiceSpec s = ServiceSpec.builder("web").image("nginx").env("A", "1").build();
        ServiceSpec same = ServiceSpec.builder("web").image("nginx").env("A", "1").build();
        ServiceSpec other = s.toBuilder().env("A", "2").build();
        assertThat(s).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other).isNotEqualTo(null);
        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThat(s.toString()).startsWith("ServiceSpec[name=web, image=").contains("environment={A=1}");
        AppSpec a = AppSpec.builder("app").service(s).build();
        assertThat(a).isEqualTo(AppSpec.builder("app").service(same).build()).isNotEqualTo(a.toBuilder().version("2")
                .build());
        assertThat(a.toString()).startsWith("AppSpec[name=app, version=1.0");
        Node n = Node.builder().id("n1").clusterId("c1").name("c1-node1").index(1).zone(Zone.of("z"))
                .capacity(Resources.of(1, 1L << 30, 0)).state(NodeState.NORMAL).createdAt(java.time.Instant.EPOCH)
                .build();
        assertThat(n.toString()).startsWith("Node[id=n1, clusterId=c1, name=c1-node1, index=1");
        assertThat(n.toBuilder().build()).isEqualTo(n).hasSameHashCodeAs(n);
        assertThat(ContainerSettings.NONE.toString()).startsWith("ContainerSettings[readOnly=false");
        assertThat(ContainerSettings.NONE.toBuilder().build()).isEqualTo(ContainerSettings.NONE);
    }

    @Test
    void invalidFieldsAreRefusedByTheBuilders() {
        assertThatThrownBy(() -> ServiceSpec.builder(" ").image("nginx").build()).isInstanceOf(AcsException.class)
                .hasMessageContaining("needs a name");
        assertThatThrownBy(() -> ServiceSpec.builder("web").image("nginx").scale(-1).build())
                .isInstanceOf(AcsException.class).hasMessageContaining("must not be negative");
        ServiceSpec web = ServiceSpec.builder("web").image("nginx").build();
        assertThatThrownBy(() -> AppSpec.builder("app").service(web).service(web).build())
                .isInstanceOf(AcsException.class).hasMessageContaining("declares service 'web' twice");
    }

    @Test
    void valuesAreFrozenDeeply() {
        ServiceSpec s = ServiceSpec.builder("web").image("nginx")
                .options(Map.of("ulimits", Map.of("nofile", List.of("1")))).build();
        @SuppressWarnings("unchecked")
        Map<String, Object> ulimits = (Map<String, Object>) s.options().get("ulimits");
        assertThatThrownBy(() -> ulimits.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void validation() {
        assertThatThrownBy(() -> new LoadBalancerBinding(0, "tcp", "slb", 80)).isInstanceOf(AcsException.class);
        assertThatThrownBy(() -> new LoadBalancerBinding(80, "ftp", "slb", 80)).isInstanceOf(AcsException.class);
        assertThat(new LoadBalancerBinding(80, "TCP", "slb", 8080).toLabelValue()).isEqualTo("tcp://slb:8080");
        assertThatThrownBy(() -> new ExternalService("db", "h", List.of(70000))).isInstanceOf(AcsException.class);
        assertThatThrownBy(() -> new BatchSettings(-1, null)).isInstanceOf(AcsException.class);
        assertThat(BatchSettings.RemoveContainers.parse("remove-failed")).isEqualTo(BatchSettings.RemoveContainers.REMOVE_FAILED);
        assertThatThrownBy(() -> BatchSettings.RemoveContainers.parse("keep")).hasMessageContaining("remove-none");
        ServiceSpec web = ServiceSpec.builder("db").image("nginx").build();
        assertThatThrownBy(() -> AppSpec.builder("app").service(web)
                .externals(List.of(new ExternalService("db", "h", List.of()))).build())
                .isInstanceOf(AcsException.class).hasMessageContaining("twice");
    }
}
