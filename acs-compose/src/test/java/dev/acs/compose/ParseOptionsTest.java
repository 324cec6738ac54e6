package dev.acs.compose;

import dev.acs.core.error.AcsException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParseOptionsTest {

    @Test
    void applicationNameFollowsTheNamingRule() {
        assertThatThrownBy(() -> ParseOptions.builder().applicationName("bad name!").build())
                .isInstanceOf(AcsException.class);
        assertThat(Templates.parse("web:\n  image: nginx\n", ParseOptions.builder().applicationName("shop-1").build())
                .application().name()).isEqualTo("shop-1");
    }

    @Test
    void limitsMustBePositiveAndBuilderCopies() {
        assertThatThrownBy(() -> ParseOptions.builder().maxNodes(0).build()).isInstanceOf(AcsException.class)
                .hasMessageContaining("safety limits");
        assertThatThrownBy(() -> ParseOptions.builder().maxPorts(0).build()).isInstanceOf(AcsException.class);
        assertThatThrownBy(() -> ParseOptions.builder().maxScale(0).build()).isInstanceOf(AcsException.class);
        assertThatThrownBy(() -> ParseOptions.builder().maxMessageChars(39).build())
                .isInstanceOf(AcsException.class).hasMessageContaining("at least 40");
        ParseOptions limits = ParseOptions.builder().maxPortsPerRange(5).maxPorts(6).maxInterpolatedChars(7)
                .maxExtendsDepth(8).maxScale(9).maxDiagnostics(10).maxMessageChars(50).build();
        assertThat(limits.toBuilder().build()).isEqualTo(limits);
        ParseOptions o = ParseOptions.builder().profile(Profile.SWARM_MODE).variable("A", "1").maxAliases(3).build();
        assertThat(o.toBuilder().build()).isEqualTo(o);
        assertThat(Profile.parse("compose-spec")).isEqualTo(Profile.COMPOSE_SPEC);
        assertThatThrownBy(() -> Profile.parse("k8s")).hasMessageContaining("classic, swarm-mode or compose-spec");
    }

    @Test
    void aliasLimitIsConfigurable() {
        String yaml = "x: &x {image: nginx}\na: *x\nb: *x\nc: *x\n";
        assertThat(Templates.parse(yaml).withCode(DiagnosticCode.TPL_011)).isEmpty();
        assertThat(Templates.parse(yaml, ParseOptions.builder().maxAliases(2).build()).withCode(DiagnosticCode.TPL_011))
                .isNotEmpty();
    }
}
