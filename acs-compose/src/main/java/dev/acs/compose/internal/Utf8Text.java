package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.Severity;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Decodes a template's bytes as UTF-8, locating the first invalid byte by line, column and byte offset. */
final class Utf8Text {
    private Utf8Text() {
    }

    /**
     * The text of {@code bytes} (a leading byte-order mark dropped), or {@code null} after reporting a
     * {@code TPL-020} at the first byte that is not UTF-8.
     */
    static String decode(byte[] bytes, Reporter r) {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            out.flip();
            int line = 1;
            int column = 1;
            for (int i = 0; i < out.length(); i++) {
                if (out.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else if (!Character.isLowSurrogate(out.charAt(i))) {
                    column++;
                }
            }
            r.add(Severity.ERROR, DiagnosticCode.TPL_020, "", line, column, String.format(Locale.ROOT,
                    "the file is not UTF-8 text: byte 0x%02X at byte offset %d (line %d, column %d) %s; save the file"
                            + " as UTF-8", bytes[offset] & 0xFF, offset, line, column,
                    result.isMalformed() ? "does not start or continue a valid sequence" : "cannot be mapped"));
            return null;
        }
        out.flip();
        return out.toString();
    }
}
