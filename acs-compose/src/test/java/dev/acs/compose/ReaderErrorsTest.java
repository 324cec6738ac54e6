package dev.acs.compose;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Characters and bytes the YAML reader refuses are located where they are; valid text never trips the reader. */
class ReaderErrorsTest {

    @ParameterizedTest(name = "high surrogate at UTF-16 offset {0}")
    @ValueSource(ints = {1023, 2047})
    void aNonBmpCharacterAtABufferBoundaryParses(int offset) {
        String yaml = Hostile.text("emoji-at-" + offset + ".yml");
        assertThat(Character.isHighSurrogate(yaml.charAt(offset))).isTrue();
        ParseResult r = Templates.parse(yaml);
        assertThat(r.isValid()).as(r.diagnostics().toString()).isTrue();
        assertThat(r.application().services().get(0).environment().get("GREETING")).endsWith("\uD83D\uDE00 hello");
        assertThat(Templates.parse(Hostile.bytes("emoji-at-" + offset + ".yml"), ParseOptions.defaults()).isValid())
                .isTrue();
    }

    @Test
    void aNulIsReportedOnItsLine() {
        ParseResult r = Templates.parse(Hostile.text("nul-on-line-6.yml"));
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(DiagnosticCode.TPL_001);
            assertThat(d.line()).isEqualTo(6);
            assertThat(d.column()).isEqualTo(12);
            assertThat(d.message()).contains("U+0000", "line 6");
        });
    }

    @Test
    void invalidUtf8NamesItsByteOffset() {
        byte[] bytes = Hostile.bytes("not-utf8.yml");
        ParseResult r = Templates.parse(bytes, ParseOptions.defaults());
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(DiagnosticCode.TPL_020);
            assertThat(d.line()).isEqualTo(3);
            assertThat(d.column()).isEqualTo(15);
            assertThat(d.message()).contains("byte offset 34", "0xE9").doesNotContain("Input length");
        });
        assertThat(bytes[34] & 0xFF).isEqualTo(0xE9);
    }

    @Test
    void utf8BytesWithAByteOrderMarkParse() {
        byte[] text = "web:\n  image: nginx\n  command: caf\u00e9\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        ParseResult r = Templates.parse(withBom, ParseOptions.defaults());
        assertThat(r.isValid()).as(r.diagnostics().toString()).isTrue();
        assertThat(r.application().services().get(0).command()).containsExactly("caf\u00e9");
    }

    @Test
    void aTruncatedSequenceAtTheEndIsLocated() {
        byte[] bytes = "web:\n  image: nginx\n  command: \u00e9".getBytes(StandardCharsets.UTF_8);
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThat(Templates.parse(cut, ParseOptions.defaults()).errors()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(DiagnosticCode.TPL_020);
            assertThat(d.line()).isEqualTo(3);
            assertThat(d.message()).contains("byte offset " + (cut.length - 1));
        });
    }
}
