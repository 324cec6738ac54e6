package dev.acs.core.metrics;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.internal.JsonReader;
import dev.acs.core.internal.JsonReader.Located;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two forms custom monitoring data comes in ({@code spec/lifecycle.md} §16.2): InfluxDB line protocol printed by
 * {@code aliyun.monitoring.script}, and the JSON object returned by {@code aliyun.monitoring.http} (Telegraf's
 * {@code httpjson} reading: nested objects and arrays flattened with {@code _}, numbers and booleans are fields,
 * strings are tags when {@code aliyun.monitoring.tags} names them and are dropped otherwise). A malformed document
 * fails with {@code INVALID_ARGUMENT} whose message and {@code line} / {@code column} details locate the fault.
 */
final class CustomFormats {
    /** Points read per document at most. */
    static final int MAX_POINTS = 1_000;

    private CustomFormats() {
    }

    /** One point before it is tied to a container; {@code time} is {@code null} when the document gives none. */
    record Point(String measurement, Map<String, String> tags, Map<String, Double> fields, Instant time) {
    }

    /** The points of an InfluxDB line-protocol document; blank lines and {@code #} comments are skipped. */
    static List<Point> lineProtocol(String text) {
        List<Point> points = new java.util.ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if (points.size() == MAX_POINTS) {
                throw fault(i + 1, 1, "more than " + MAX_POINTS + " points");
            }
            points.add(new LineReader(line, i + 1).point());
        }
        return points;
    }

    /** The point of an HTTP endpoint's JSON object, in table {@code measurement}. */
    static Point httpJson(String measurement, String json, Set<String> tagNames) {
        Located doc = JsonReader.read("the HTTP answer", json);
        if (!(doc.value() instanceof Map<?, ?>)) {
            throw fault(doc.line(), doc.column(), "the answer must be a JSON object");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        Map<String, Double> fields = new LinkedHashMap<>();
        flatten("", doc, tagNames, tags, fields);
        return new Point(measurement, tags, fields, null);
    }

    private static void flatten(String name, Located v, Set<String> tagNames, Map<String, String> tags,
                                Map<String, Double> fields) {
        Object value = v.value();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, child) -> flatten(name.isEmpty() ? (String) k : name + "_" + k, (Located) child,
                    tagNames, tags, fields));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(name + "_" + i, (Located) list.get(i), tagNames, tags, fields);
            }
        } else if (tagNames.contains(name)) {
            if (value != null) {
                tags.put(name, value instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue())
                        : value.toString());
            }
        } else if (value instanceof Number n) {
            fields.put(name, n.doubleValue());
        } else if (value instanceof Boolean b) {
            fields.put(name, b ? 1.0 : 0.0);
        }
    }

    static AcsException fault(int line, int column, String what) {
        return new AcsException(ErrorCode.INVALID_ARGUMENT, "line " + line + ", column " + column + ": " + what,
                Map.of("line", Integer.toString(line), "column", Integer.toString(column)), null);
    }

    /** Reads one line of line protocol: {@code measurement[,tag=v...] field=v[,field=v...] [timestamp]}. */
    private static final class LineReader {
        private final String s;
        private final int line;
        private int pos;

        LineReader(String s, int line) {
            this.s = s;
            this.line = line;
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        Point point() {
            String measurement = token(", ", "the measurement");
            Map<String, String> tags = new LinkedHashMap<>();
            while (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
                String key = token("=, ", "a tag key");
                expect('=', "'=' after tag key '" + key + "'");
                tags.put(key, token(", ", "the value of tag '" + key + "'"));
            }
            expect(' ', "a space before the fields");
            Map<String, Double> fields = new LinkedHashMap<>();
            while (true) {
                String key = token("=, ", "a field key");
                expect('=', "'=' after field key '" + key + "'");
                Double value = fieldValue(key);
                if (value != null) {
                    fields.put(key, value);
                }
                if (pos >= s.length() || s.charAt(pos) != ',') {
                    break;
                }
                pos++;
            }
            Instant time = null;
            if (pos < s.length()) {
                expect(' ', "a space before the timestamp");
                int start = pos;
                String stamp = s.substring(pos).strip();
                try {
                    long nanos = Long.parseLong(stamp);
                    time = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                            Math.floorMod(nanos, 1_000_000_000L));
                } catch (NumberFormatException e) {
                    throw fault(line, start + 1, "the timestamp '" + stamp + "' is not an integer of nanoseconds");
                }
            }
            return new Point(measurement, tags, fields, time);
        }

        /** Reads up to an unescaped stop character; fails when empty. */
        private String token(String stops, String what) {
            int start = pos;
            StringBuilder out = new StringBuilder();
            while (pos < s.length() && stops.indexOf(s.charAt(pos)) < 0) {
                char ch = s.charAt(pos);
                if (ch == '\\' && pos + 1 < s.length() && ",= \\\"".indexOf(s.charAt(pos + 1)) >= 0) {
                    ch = s.charAt(++pos);
                }
                out.append(ch);
                pos++;
            }
            if (out.length() == 0) {
                throw fault(line, start + 1, "missing " + what);
            }
            return out.toString();
        }

        /** A field's value as a number, or {@code null} for a string field (kept by InfluxDB, not by metrics). */
        private Double fieldValue(String key) {
            int start = pos;
            if (pos < s.length() && s.charAt(pos) == '"') {
                pos++;
                while (pos < s.length() && s.charAt(pos) != '"') {
                    pos += s.charAt(pos) == '\\' ? 2 : 1;
                }
                if (pos >= s.length()) {
                    throw fault(line, start + 1, "the string value of field '" + key + "' is not closed");
                }
                pos++;
                return null;
            }
            while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ' ') {
                pos++;
            }
            String v = s.substring(start, pos);
            switch (v) {
                case "t", "T", "true", "True", "TRUE" -> { return 1.0; }
                case "f", "F", "false", "False", "FALSE" -> { return 0.0; }
                default -> { }
            }
            try {
                if (v.endsWith("i") || v.endsWith("u")) {
                    long n = Long.parseLong(v.substring(0, v.length() - 1));
                    if (v.endsWith("u") && n < 0) {
                        throw new NumberFormatException();
                    }
                    return (double) n;
                }
                if (!v.isEmpty() && (Character.isDigit(v.charAt(v.length() - 1)) || v.endsWith("."))) {
                    return Double.parseDouble(v);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw fault(line, start + 1, "the value '" + v + "' of field '" + key
                    + "' is not a number, an integer (82i), a boolean or a quoted string");
        }

        private void expect(char ch, String what) {
            if (pos >= s.length() || s.charAt(pos) != ch) {
                throw fault(line, pos + 1, "expected " + what);
            }
            pos++;
        }
    }
}
