package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

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
        Map<String, String> flat = RecordCodec.flatten(entity);
        line(b, "format", flat.getOrDefault("format", FORMAT));
        for (Map.Entry<String, String> e : flat.entrySet()) {
            if (!e.getKey().equals("format")) {
                line(b, e.getKey(), e.getValue());
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends one {@code key=value} line, both escaped (one builder for the whole entity, no writer). */
    private static void line(StringBuilder b, String key, String value) {
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
        Map<String, String> flat = RecordCodec.flatten(entity);
        Map<String, String> other = RecordCodec.flatten(beside);
        StringBuilder b = new StringBuilder(1024);
        line(b, "format", FORMAT);
        for (Map<String, String> part : java.util.List.of(flat, other)) {
            for (Map.Entry<String, String> e : part.entrySet()) {
                if (part == other && flat.containsKey(e.getKey())) {
                    throw new IllegalArgumentException("both records have a component '" + e.getKey() + "'");
                }
                if (!e.getKey().equals("format")) {
                    line(b, e.getKey(), e.getValue());
                }
            }
        }
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
