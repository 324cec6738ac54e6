package dev.acs.core.model;

import dev.acs.core.error.AcsException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The template-related model fields: defaults, validation and the compatibility constructors. */
class TemplateModelAdditionsTest {

    @Test
    void originalConstructorsGiveTheDefaults() {
        ServiceSpec s = new ServiceSpec("web", ImageRef.parse("nginx"), List.of(), List.of(), Map.of(), Map.of(),
                List.of(), List.of(), null, 1, false, List.of(), null, null, null, List.of(), List.of(), List.of(), null,
                null, null, List.of(), List.of(), List.of(), false, false, null, null, null, List.of());
        assertThat(s).isEqualTo(ServiceSpec.builder("web").image("nginx").build());
        assertThat(s.logTimestamp()).isTrue();
        assertThat(s.sessionSticky()).isTrue();
        assertThat(s.batch()).isEqualTo(BatchSettings.DEFAULT);
        AppSpec a = new AppSpec("app", null, null, null, null, Map.of(), List.of(s));
        assertThat(a.externals()).isEmpty();
        assertThat(a).isEqualTo(AppSpec.builder("app").service(s).build());
        assertThat(a.toBuilder().build()).isEqualTo(a);
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
