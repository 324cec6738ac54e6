package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.ParseResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whatever fails inside the parser becomes an internal-error diagnostic at the place the parse had reached. */
class CatchAllTest {

    @Test
    void aRuntimeExceptionBecomesALocatedDiagnostic() {
        Reporter r = new Reporter(ParseOptions.defaults());
        r.at(6, 3, "services.web.ports");
        ParseResult result = TemplateReader.guarded(r, () -> {
            throw new IndexOutOfBoundsException("Range [1024, 1024 + 1)");
        });
        assertThat(result.application()).isNull();
        assertThat(result.errors()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(DiagnosticCode.TPL_019);
            assertThat(d.line()).isEqualTo(6);
            assertThat(d.column()).isEqualTo(3);
            assertThat(d.path()).isEqualTo("services.web.ports");
            assertThat(d.message()).contains("IndexOutOfBoundsException", "Range [1024");
        });
    }

    @Test
    void aStackOverflowAndACheckedExceptionAreCaughtToo() {
        assertThat(TemplateReader.guarded(new Reporter(), () -> {
            throw new StackOverflowError();
        }).withCode(DiagnosticCode.TPL_019)).hasSize(1);
        assertThat(TemplateReader.guarded(new Reporter(), () -> {
            throw sneaky(new java.io.IOException("disk"));
        }).withCode(DiagnosticCode.TPL_019)).singleElement().satisfies(d -> assertThat(d.line()).isEqualTo(1));
    }

    @Test
    void runningOutOfMemoryIsNotHidden() {
        assertThatThrownBy(() -> TemplateReader.guarded(new Reporter(), () -> {
            throw new OutOfMemoryError("test");
        })).isInstanceOf(OutOfMemoryError.class);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
