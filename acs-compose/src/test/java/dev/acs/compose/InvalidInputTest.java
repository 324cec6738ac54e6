package dev.acs.compose;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input to the public API fails with an {@link AcsException} and a stable code, never a raw runtime exception. */
class InvalidInputTest {

    @Test
    void orElseThrowListsTheErrorsOfAnInvalidTemplate() {
        ParseResult r = Templates.parse("web:\n  env_file: .env\ndb:\n  labels:\n    aliyun.scale: \"-1\"\n");
        assertThat(r.app()).isEmpty();
        assertThatThrownBy(r::orElseThrow).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TEMPLATE);
            assertThat(e.getMessage()).contains("the template has " + r.errors().size() + " errors:");
            r.errors().forEach(d -> assertThat(e.getMessage()).contains("\n  " + d));
            assertThat(e.getMessage()).contains("KEY-002", "KEY-006", "LBL-001");
            assertThat(e.details()).containsEntry("errors", String.valueOf(r.errors().size()))
                    .containsEntry("format", "v1");
        });
    }

    @Test
    void orElseThrowOfANonMappingSaysTheFormatIsUnknown() {
        assertThatThrownBy(() -> Templates.parse("- just\n- a list\n").orElseThrow())
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.getMessage()).contains("the template has 1 error:").contains("TPL-001");
                    assertThat(e.details()).containsEntry("format", "none");
                });
    }

    @Test
    void orElseThrowReturnsTheApplicationOfAValidTemplate() {
        ParseResult r = Templates.parse("web:\n  image: nginx\n  tty: true\n");
        assertThat(r.diagnostics()).isNotEmpty();
        assertThat(r.orElseThrow()).isSameAs(r.application());
    }

    @Test
    void profileParseRaisesInvalidArgument() {
        assertThat(Profile.parse("SWARM-MODE")).isEqualTo(Profile.SWARM_MODE);
        assertThat(Profile.parse("compose_spec")).isEqualTo(Profile.COMPOSE_SPEC);
        assertInvalidArgument(() -> Profile.parse("k8s"), "unknown profile 'k8s'", "classic, swarm-mode or compose-spec");
        assertInvalidArgument(() -> Profile.parse(null), "unknown profile 'null'");
    }

    @Test
    void parseOptionsRaiseInvalidArgument() {
        assertInvalidArgument(() -> ParseOptions.builder().maxDepth(1).build(), "safety limits");
        assertInvalidArgument(() -> ParseOptions.builder().maxDocumentChars(0).build(), "safety limits");
        assertInvalidArgument(() -> ParseOptions.builder().profile(null).build(), "profile is missing");
        assertInvalidArgument(() -> ParseOptions.builder().limits(null).build(), "limits are missing");
    }

    @Test
    void diagnosticCodeOfRaisesInvalidArgument() {
        assertThat(DiagnosticCode.of("LBL-006")).isEqualTo(DiagnosticCode.LBL_006);
        assertThat(DiagnosticCode.of("LBL_006")).isEqualTo(DiagnosticCode.LBL_006);
        assertInvalidArgument(() -> DiagnosticCode.of("XYZ-1"), "unknown diagnostic code 'XYZ-1'");
    }

    private static void assertInvalidArgument(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                              String... parts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains(parts);
        });
    }
}
