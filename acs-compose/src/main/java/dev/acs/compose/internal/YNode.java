package dev.acs.compose.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A located YAML node of a loaded template: a mapping, a sequence or a scalar, with its 1-based line and column. */
public sealed interface YNode permits YNode.YMap, YNode.YSeq, YNode.YScalar {
    /** 1-based line. */
    int line();

    /** 1-based column. */
    int column();

    /** A short name of the node's kind for messages: mapping, list, text. */
    String kind();

    /**
     * A scalar with its text as written (never typed by YAML rules, so {@code no} stays {@code "no"}).
     *
     * @param value  the text after interpolation
     * @param plain  whether it was written without quotes
     * @param line   1-based line
     * @param column 1-based column
     */
    record YScalar(String value, boolean plain, int line, int column) implements YNode {
        /** Whether this is YAML null: an unquoted empty, {@code ~} or {@code null}. */
        public boolean isNull() {
            return plain && (value.isEmpty() || value.equals("~") || value.equalsIgnoreCase("null"));
        }

        @Override
        public String kind() {
            return "text";
        }
    }

    /** A sequence. */
    record YSeq(List<YNode> items, int line, int column) implements YNode {
        @Override
        public String kind() {
            return "list";
        }
    }

    /** A mapping with string keys in document order (merge keys already applied). */
    final class YMap implements YNode {
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private final int line;
        private final int column;

        /** An empty mapping at a position. */
        public YMap(int line, int column) {
            this.line = line;
            this.column = column;
        }

        /**
         * One key and its value.
         *
         * @param key        the key text
         * @param keyLine    1-based line of the key
         * @param keyColumn  1-based column of the key
         * @param value      the value
         */
        public record Entry(String key, int keyLine, int keyColumn, YNode value) {
        }

        /** Adds an entry unless the key is present; returns whether it was added. */
        public boolean putIfAbsent(Entry e) {
            return entries.putIfAbsent(e.key(), e) == null;
        }

        /** Adds or replaces an entry. */
        public void put(Entry e) {
            entries.put(e.key(), e);
        }

        /** The value of a key, or {@code null}. */
        public YNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        /** The entry of a key, or {@code null}. */
        public Entry entry(String key) {
            return entries.get(key);
        }

        /** Whether the key is present. */
        public boolean has(String key) {
            return entries.containsKey(key);
        }

        /** The entries in order (a read-only view). */
        public java.util.Collection<Entry> entries() {
            return java.util.Collections.unmodifiableCollection(entries.values());
        }

        /** Number of entries. */
        public int size() {
            return entries.size();
        }

        @Override
        public int line() {
            return line;
        }

        @Override
        public int column() {
            return column;
        }

        @Override
        public String kind() {
            return "mapping";
        }
    }
}
