package dev.acs.core.engine;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PropertiesTextTest {
    /** Every character the escaping treats apart, and some it writes as they are (ASCII, 2-, 3- and 4-byte UTF-8). */
    private static final char[] ALPHABET = ("\\=:#! \t\n\r\f\u0000\u0001\u001b\u001f\u007f\u0080\u00e9\u07ff\u0800"
            + "多集群\uffff\ud83d\ude00\ud800\udfffaZ09.-_/@").toCharArray();

    /**
     * The escaping the stored text had before {@link PropertiesText}: one {@link StringBuilder} per text, encoded with
     * {@link String#getBytes} at the end. Kept here as the reference the byte writer must equal.
     */
    static byte[] reference(Map<String, String> lines) {
        StringBuilder b = new StringBuilder();
        lines.forEach((k, v) -> {
            escape(b, k, true);
            b.append('=');
            escape(b, v, false);
            b.append('\n');
        });
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void escape(StringBuilder b, String s, boolean key) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\f' -> b.append("\\f");
                case '=', ':', '#', '!' -> b.append('\\').append(c);
                case ' ' -> b.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }

    private static byte[] written(Map<String, String> lines) {
        PropertiesText text = PropertiesText.open();
        lines.forEach(text::line);
        return text.finish();
    }

    private static String randomText(Random random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(random.nextInt(3) == 0 ? (char) random.nextInt(Character.MAX_VALUE + 1)
                    : ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return b.toString();
    }

    private static Properties load(byte[] bytes) throws IOException {
        Properties p = new Properties();
        p.load(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
        return p;
    }

    @Test
    void seededRandomLinesAreWrittenByteForByteAsTheStringBuilderEscapingWroteThem() throws IOException {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            Map<String, String> lines = new LinkedHashMap<>();
            int count = 1 + random.nextInt(20);
            for (int i = 0; i < count; i++) {
                lines.put(randomText(random, 40) + "#" + i, randomText(random, seed % 50 == 0 ? 5000 : 60));
            }
            byte[] bytes = written(lines);
            assertThat(bytes).as("seed %d", seed).isEqualTo(reference(lines));
            if (lines.values().stream().noneMatch(PropertiesTextTest::hasUnpairedSurrogate)
                    && lines.keySet().stream().noneMatch(PropertiesTextTest::hasUnpairedSurrogate)) {
                Properties read = load(bytes);
                long s = seed;
                lines.forEach((k, v) -> assertThat(read.getProperty(k)).as("seed %d, key %s", s, k).isEqualTo(v));
            }
        }
    }

    @Test
    void everyEscapedCharacterAtTheStartInTheMiddleAndAtTheEndOfKeysAndValues() throws IOException {
        Map<String, String> lines = new LinkedHashMap<>();
        int n = 0;
        for (char c : ALPHABET) {
            if (Character.isSurrogate(c)) {
                continue;
            }
            lines.put(c + "k" + c + "k" + c + n, c + "v" + c + "v" + c);
            n++;
        }
        lines.put("empty", "");
        lines.put(" leading", " two  spaces ");
        byte[] bytes = written(lines);
        assertThat(bytes).isEqualTo(reference(lines));
        Properties read = load(bytes);
        lines.forEach((k, v) -> assertThat(read.getProperty(k)).isEqualTo(v));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\\ leading=\\ two  spaces \n", "\\u001b",
                "多k多k多");
    }

    @Test
    void surrogatePairsAcrossTheChunkBoundaryAndUnpairedSurrogatesAreEncodedAsStringGetBytesEncodesThem() {
        String emoji = "\ud83d\ude00";
        Map<String, String> lines = new LinkedHashMap<>();
        for (int pad = 1020; pad <= 1026; pad++) {
            lines.put("pair" + pad, "x".repeat(pad) + emoji + "y");
            lines.put("high" + pad, "x".repeat(pad) + "\ud83d");
            lines.put("low" + pad, "\ude00" + "x".repeat(pad));
            lines.put("control" + pad, "\u0001".repeat(pad) + emoji);
        }
        lines.put("reversed", "\ude00\ud83d");
        assertThat(written(lines)).isEqualTo(reference(lines));
    }

    @Test
    void consecutiveTextsOnOneThreadAreIndependentAndALargeOneIsWhole() throws IOException {
        List<byte[]> results = new ArrayList<>();
        String large = "ä=b ".repeat(PropertiesText.KEPT_BYTES); // grows the array past what is kept
        for (String value : new String[] {"first", large, "second", "third"}) {
            PropertiesText text = PropertiesText.open();
            text.line("k", value);
            int mark = text.size();
            text.line("again", value);
            assertThat(text.copy(mark)).isEqualTo(reference(Map.of("again", value)));
            results.add(text.finish());
        }
        assertThat(load(results.get(0)).getProperty("k")).isEqualTo("first");
        assertThat(load(results.get(1)).getProperty("again")).isEqualTo(large);
        assertThat(load(results.get(2)).getProperty("k")).isEqualTo("second");
        assertThat(load(results.get(3)).getProperty("k")).isEqualTo("third");
    }

    @Test
    void linesUnderACurrentKeyBuiltPartByPartAreTheWholeLinesEscaped() {
        PropertiesText text = PropertiesText.open();
        int top = text.keyLength();
        text.appendKey("a b");
        text.appendKey(".");
        int mark = text.keyLength();
        text.appendKey("#");
        text.value(3);
        text.cutKey(mark);
        text.appendKey(-12);
        text.value(" x:y");
        text.cutKey(mark);
        text.appendKey(Long.MIN_VALUE);
        text.value(Long.MAX_VALUE);
        text.cutKey(mark);
        text.appendKey("多");
        text.value(0);
        assertThat(text.keyIs("a b.多")).isFalse();
        text.cutKey(top);
        text.appendKey("format");
        assertThat(text.keyIs("format")).isTrue();
        assertThat(text.keyIs("forma")).isFalse();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("a b.#", "3");
        expected.put("a b.-12", " x:y");
        expected.put("a b." + Long.MIN_VALUE, Long.toString(Long.MAX_VALUE));
        expected.put("a b.多", "0");
        assertThat(text.finish()).isEqualTo(reference(expected));
    }

    @Test
    void appendRepeatsWrittenBytes() {
        PropertiesText first = PropertiesText.open();
        first.line("a", "1");
        int mark = first.size();
        first.line("b.c", "x y");
        byte[] lines = first.copy(mark);
        first.finish();
        PropertiesText second = PropertiesText.open();
        second.line("a", "2");
        second.append(lines);
        assertThat(new String(second.finish(), StandardCharsets.UTF_8)).isEqualTo("a=2\nb.c=x y\n");
    }

    private static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
