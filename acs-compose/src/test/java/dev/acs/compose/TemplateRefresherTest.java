package dev.acs.compose;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.CreationMode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link TemplateRefresher}: the kept template rendered again with the current values, the application's version
 * kept; nothing to refresh without a template or options; located errors for a template that no longer renders.
 */
class TemplateRefresherTest {
    private static final String TEMPLATE = """
            web:
              image: nginx:1.10
              environment:
                - DB_HOST=$db_host
              labels:
                aliyun.scale: $size
            """;

    private static ParseOptions options(Map<String, String> items) {
        return ParseOptions.builder().applicationName("shop").configSet(new ConfigSet("prod", "", items)).build();
    }

    private static Application deployed(String template) {
        AppSpec spec = Templates.parse(TEMPLATE, options(Map.of("db_host", "db1", "size", "2"))).orElseThrow()
                .toBuilder().version("7").build();
        return Application.builder().id("a0123456789abcdef").clusterId("c0123456789abcdef").spec(spec)
                .mode(template == null ? CreationMode.IMAGE : CreationMode.TEMPLATE).template(template)
                .state(AppState.READY).createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH).build();
    }

    @Test
    void rendersTheKeptTemplateWithTheCurrentValuesAndKeepsTheVersion() {
        Application app = deployed(TEMPLATE);
        AppSpec fresh = TemplateRefresher.of(a -> Optional.of(options(Map.of("db_host", "db2", "size", "3"))))
                .refresh(app).orElseThrow();

        assertThat(fresh.version()).isEqualTo("7");
        assertThat(fresh.service("web").orElseThrow().scale()).isEqualTo(3);
        assertThat(fresh.service("web").orElseThrow().environment()).containsEntry("DB_HOST", "db2");
        assertThat(TemplateRefresher.of(a -> Optional.of(options(Map.of("db_host", "db1", "size", "2"))))
                .refresh(app)).contains(app.spec());
    }

    @Test
    void keepsTheRecordedDeclarationWithoutATemplateOrOptions() {
        assertThat(TemplateRefresher.of(a -> Optional.of(options(Map.of()))).refresh(deployed(null))).isEmpty();
        assertThat(TemplateRefresher.of(a -> Optional.empty()).refresh(deployed(TEMPLATE))).isEmpty();
    }

    @Test
    void aTemplateThatNoLongerRendersIsRefusedWithItsLocatedErrors() {
        Application app = deployed(TEMPLATE);
        assertThatThrownBy(() -> TemplateRefresher.of(a -> Optional.of(options(Map.of("size", "3")))).refresh(app))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNRESOLVED_VARIABLE);
                    assertThat(e.getMessage()).contains("db_host", "4:");
                });
        assertThatThrownBy(() -> TemplateRefresher.of(a -> Optional.of(options(Map.of("db_host", "db1",
                "size", "many")))).refresh(app))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TEMPLATE);
                    assertThat(e.getMessage()).contains("aliyun.scale");
                });
    }
}
