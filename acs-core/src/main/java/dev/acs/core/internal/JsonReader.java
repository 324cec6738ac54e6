package dev.acs.core.internal;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader for policy documents and custom metrics (acs-core carries no JSON library): objects become
 * {@link Located} maps, arrays lists, strings, numbers, booleans and null their Java values, each value with the line
 * and column it started at.
 */
public final class JsonReader {
    private static final int MAX_DEPTH = 32;

    /** A value with where it started (1-based line and column). */
    public record Located(Object value, int line, int column) {
    }

    private final String source;
    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    private JsonReader(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /** Reads one JSON document; fails with {@code INVALID_ARGUMENT} naming line and column. */
    public static Located read(String source, String text) {
        JsonReader r = new JsonReader(source, text);
        r.skipSpace();
        Located v = r.value(0);
        r.skipSpace();
        if (r.pos < text.length()) {
            throw r.error("unexpected text after the document");
        }
        return v;
    }

    private Located value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= text.length()) {
            throw error("unexpected end of the document");
        }
        int l = line;
        int c = pos - lineStart + 1;
        char ch = text.charAt(pos);
        Object v;
        switch (ch) {
            case '{' -> v = object(depth);
            case '[' -> v = array(depth);
            case '"' -> v = string();
            case 't' -> v = literal("true", Boolean.TRUE);
            case 'f' -> v = literal("false", Boolean.FALSE);
            case 'n' -> v = literal("null", null);
            default -> {
                if (ch == '-' || Character.isDigit(ch)) {
                    v = number();
                } else {
                    throw error("unexpected character '" + ch + "'");
                }
            }
        }
        return new Located(v, l, c);
    }

    private Map<String, Located> object(int depth) {
        Map<String, Located> out = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a quoted member name");
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (out.put(key, value(depth + 1)) != null) {
                throw error("member \"" + key + "\" appears twice");
            }
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect('}');
                return out;
            }
        }
    }

    private List<Located> array(int depth) {
        List<Located> out = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            skipSpace();
            out.add(value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect(']');
                return out;
            }
        }
    }

    private String string() {
        pos++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char ch = text.charAt(pos++);
            if (ch == '"') {
                return b.toString();
            }
            if (ch == '\n' || ch < 0x20) {
                throw error("control character in a string");
            }
            if (ch != '\\') {
                b.append(ch);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char esc = text.charAt(pos++);
            switch (esc) {
                case '"', '\\', '/' -> b.append(esc);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("incomplete \\u escape");
                    }
                    try {
                        b.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException e) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape \\" + esc);
            }
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected character '" + text.charAt(pos) + "'");
        }
        pos += word.length();
        return value;
    }

    private Object number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String n = text.substring(start, pos);
        try {
            return n.matches("-?\\d+") ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("bad number '" + n + "'");
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of the document");
        }
        return text.charAt(pos);
    }

    private void expect(char ch) {
        if (peek() != ch) {
            throw error("expected '" + ch + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            if (ch == '\n') {
                line++;
                lineStart = pos + 1;
            } else if (ch != ' ' && ch != '\t' && ch != '\r') {
                return;
            }
            pos++;
        }
    }

    private AcsException error(String what) {
        int column = pos - lineStart + 1;
        return new AcsException(ErrorCode.INVALID_ARGUMENT, source + ": line " + line + ", column " + column
                + ": not valid JSON: " + what, Map.of("line", Integer.toString(line), "column",
                Integer.toString(column)), null);
    }
}
