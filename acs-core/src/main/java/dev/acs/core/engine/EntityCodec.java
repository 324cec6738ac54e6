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
        PropertiesText text = PropertiesText.open();
        text.line("format", FORMAT);
        RecordCodec.write(new Lines(text), entity);
        return text.finish();
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
        PropertiesText text = PropertiesText.open();
        text.line("format", FORMAT);
        Lines lines = new Lines(text);
        RecordCodec.write(lines, entity);
        RecordCodec.write(lines, beside);
        return text.finish();
    }

    /**
     * Writes each pair as one {@code key=value} line, both escaped, straight into the entity's text (no map, no
     * string per line or path: the path is kept escaped as the text's current key); a top-level {@code format}
     * component is left out, the {@code format} line is the codec's own, written first.
     */
    private static final class Lines extends RecordCodec.Sink {
        private final PropertiesText text;

        Lines(PropertiesText text) {
            this.text = text;
        }

        @Override
        int down(String name) {
            int mark = text.keyLength();
            if (mark > 0) {
                text.appendKey('.');
            }
            text.appendKey(name);
            return mark;
        }

        @Override
        int down(int index) {
            int mark = text.keyLength();
            if (mark > 0) {
                text.appendKey('.');
            }
            text.appendKey(index);
            return mark;
        }

        @Override
        int suffix(String suffix) {
            int mark = text.keyLength();
            text.appendKey(suffix);
            return mark;
        }

        @Override
        void up(int mark) {
            text.cutKey(mark);
        }

        @Override
        void value(String value) {
            if (!text.keyIs("format")) {
                text.value(value);
            }
        }

        @Override
        void value(long value) {
            if (!text.keyIs("format")) {
                text.value(value);
            }
        }

        @Override
        void component(Object value, String name, Runnable write) {
            int slot = (System.identityHashCode(value) * 31 + name.hashCode()) & (WRITTEN.length() - 1);
            Written w = WRITTEN.get(slot);
            if (w != null && w.value == value && w.name.equals(name)) {
                text.append(w.bytes);
                return;
            }
            int start = text.size();
            write.run();
            WRITTEN.set(slot, new Written(value, name, text.copy(start)));
        }
    }

    /**
     * The lines recently written for builder-built components of stored entities (an application's declaration, say),
     * by identity of the component and its name: the model's values are immutable, so an entity written again with
     * the same component (an application changing state) repeats those lines instead of walking the component again.
     * A small table indexed by identity hash; a collision only replaces an entry.
     */
    private static final AtomicReferenceArray<Written> WRITTEN = new AtomicReferenceArray<>(256);

    /** The lines (UTF-8, escaped) written for {@code value} as the component {@code name}; never modified. */
    private record Written(Object value, String name, byte[] bytes) {
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
