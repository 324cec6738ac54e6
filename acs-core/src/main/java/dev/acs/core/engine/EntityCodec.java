package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Encodes stored entities (records of the model) as {@link Properties} text: UTF-8, a {@code format} key first, then
 * the record flattened by {@link RecordCodec}. The state on disk is readable by people and needs no third-party
 * library in acs-core. Unknown keys are ignored on read, so newer fields can be added without breaking older data.
 */
final class EntityCodec {
    private static final String FORMAT = "1";

    private EntityCodec() {
    }

    /** The stored text of an entity. */
    static byte[] encode(Object entity) {
        StringBuilder b = new StringBuilder(1024);
        line(b, "format", FORMAT);
        RecordCodec.write(new Lines(b), entity);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes each pair as one {@code key=value} line, both escaped, straight into the entity's builder (no map, no
     * writer); the {@code format} line is the codec's own, written first.
     */
    private static final class Lines extends RecordCodec.Sink {
        private final StringBuilder b;

        Lines(StringBuilder b) {
            this.b = b;
        }

        @Override
        void pair(CharSequence path, String value) {
            if (!"format".contentEquals(path)) {
                line(b, path, value);
            }
        }

        @Override
        void component(Object value, CharSequence path, Runnable write) {
            int slot = (System.identityHashCode(value) * 31 + path.length()) & (WRITTEN.length() - 1);
            Written w = WRITTEN.get(slot);
            if (w != null && w.value == value && w.path.contentEquals(path)) {
                b.append(w.text);
                return;
            }
            int start = b.length();
            write.run();
            WRITTEN.set(slot, new Written(value, path.toString(), b.substring(start)));
        }
    }

    /**
     * The lines recently written for builder-built components of stored entities (an application's declaration, say),
     * by identity of the component and its path: the model's values are immutable, so an entity written again with
     * the same component (an application changing state) repeats those lines instead of walking the component again.
     * A small table indexed by identity hash; a collision only replaces an entry.
     */
    private static final AtomicReferenceArray<Written> WRITTEN = new AtomicReferenceArray<>(256);

    /** The lines written for {@code value} at {@code path}. */
    private record Written(Object value, String path, String text) {
    }

    /** Appends one {@code key=value} line, both escaped. */
    private static void line(StringBuilder b, CharSequence key, String value) {
        escape(b, key, true);
        b.append('=');
        escape(b, value, false);
        b.append('\n');
    }

    /**
     * The stored text of two records side by side in one entry (their component names must differ); each reads back
     * with {@link #decode} of its own type, which ignores the other's keys.
     */
    static byte[] encode(Object entity, Object beside) {
        List<String> names = RecordCodec.componentNames(entity);
        for (String other : RecordCodec.componentNames(beside)) {
            if (names.contains(other)) {
                throw new IllegalArgumentException("both records have a component '" + other + "'");
            }
        }
        StringBuilder b = new StringBuilder(1024);
        line(b, "format", FORMAT);
        Lines lines = new Lines(b);
        RecordCodec.write(lines, entity);
        RecordCodec.write(lines, beside);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The entity stored under {@code key}; fails with {@code STATE_CORRUPTED} when it cannot be read. */
    static <T> T decode(Class<T> type, String key, byte[] bytes) {
        Properties p = read(key, bytes);
        Map<String, String> flat = new HashMap<>();
        p.stringPropertyNames().forEach(k -> flat.put(k, p.getProperty(k)));
        try {
            return RecordCodec.unflatten(type, flat);
        } catch (AcsException e) {
            throw corrupted(key, e);
        } catch (RuntimeException e) {
            throw corrupted(key, e);
        }
    }

    /** Escapes as {@link Properties#load(java.io.Reader)} reads it back, keeping non-ASCII text readable. */
    private static void escape(StringBuilder b, CharSequence s, boolean key) {
        int plain = 0;
        while (plain < s.length() && plainChar(s.charAt(plain), key || plain == 0)) {
            plain++;
        }
        if (plain == s.length()) {
            b.append(s); // most keys and values need no escape: one copy
            return;
        }
        b.append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
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

    /** Whether {@code c} is written as it is ({@code leadingSpace}: a space here must be escaped). */
    private static boolean plainChar(char c, boolean leadingSpace) {
        return c > ' ' ? c != '\\' && c != '=' && c != ':' && c != '#' && c != '!' : c == ' ' && !leadingSpace;
    }

    private static Properties read(String key, byte[] bytes) {
        Properties p = new Properties();
        try {
            p.load(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw corrupted(key, e);
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw corrupted(key, new IllegalArgumentException("unknown format '" + p.getProperty("format") + "'"));
        }
        return p;
    }

    private static AcsException corrupted(String key, Exception cause) {
        return new AcsException(ErrorCode.STATE_CORRUPTED, "stored entry '" + key + "' cannot be read: "
                + cause.getMessage(), Map.of("key", key), cause);
    }
}
