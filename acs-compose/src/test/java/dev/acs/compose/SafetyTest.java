package dev.acs.compose;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile documents give a TPL-011 diagnostic, not an OutOfMemoryError, a stack overflow or a hang. */
class SafetyTest {

    @Test
    void billionLaughs() {
        StringBuilder b = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                b.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        ParseResult r = Templates.parse(b.toString());
        assertThat(r.errors()).singleElement().satisfies(d -> assertThat(d.code()).isEqualTo(DiagnosticCode.TPL_011));
    }

    @Test
    void aliasExpansionWithinTheAliasLimitIsStillBounded() {
        StringBuilder b = new StringBuilder("a0: &a0 [x, x]\n");
        for (int i = 1; i < 25; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1)
                    .append("]\n");
        }
        ParseResult r = Templates.parse(b.toString());
        assertThat(r.withCode(DiagnosticCode.TPL_011)).isNotEmpty();
    }

    @Test
    void deepNesting() {
        String deep = "a: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        ParseResult r = Templates.parse(deep);
        assertThat(r.withCode(DiagnosticCode.TPL_011)).isNotEmpty();
    }

    @Test
    void recursiveAlias() {
        ParseResult r = Templates.parse("a: &a [*a]\n");
        assertThat(r.isValid()).isFalse();
        assertThat(r.errors()).isNotEmpty();
    }

    @Test
    void hugeDocument() {
        String big = "web:\n  image: nginx\n  command: \"" + "x".repeat(2 << 20) + "\"\n";
        ParseResult r = Templates.parse(big);
        assertThat(r.errors()).singleElement().satisfies(d -> assertThat(d.code()).isEqualTo(DiagnosticCode.TPL_011));
    }

    @Test
    void emptyAndNullInput() {
        assertThat(Templates.parse("").errors()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.TPL_001);
        assertThat(Templates.parse((String) null).isValid()).isFalse();
        assertThat(Templates.parse("just text").errors()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.TPL_001);
    }
}
