package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
        Map<String, String> p = new LinkedHashMap<>();
        p.put("format", FORMAT);
        p.putAll(RecordCodec.flatten(entity));
        return write(p);
    }

    /**
     * The stored text of two records side by side in one entry (their component names must differ); each reads back
     * with {@link #decode} of its own type, which ignores the other's keys.
     */
    static byte[] encode(Object entity, Object beside) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("format", FORMAT);
        p.putAll(RecordCodec.flatten(entity));
        RecordCodec.flatten(beside).forEach((k, v) -> {
            if (p.putIfAbsent(k, v) != null) {
                throw new IllegalArgumentException("both records have a component '" + k + "'");
            }
        });
        return write(p);
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

    private static byte[] write(Map<String, String> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, String> e : values.entrySet()) {
                w.write(escape(e.getKey(), true));
                w.write('=');
                w.write(escape(e.getValue(), false));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new AcsException(ErrorCode.INTERNAL, "encoding failed in memory", e);
        }
        return out.toByteArray();
    }

    /** Escapes as {@link Properties#load(java.io.Reader)} reads it back, keeping non-ASCII text readable. */
    private static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder(s.length() + 8);
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
        return b.toString();
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
