package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Severity;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads one YAML document into a located {@link YNode} tree, safely: the document size, the number of aliases to
 * collections, the nesting depth and the number of nodes after alias expansion are bounded, so a hostile document
 * costs little and yields a {@code TPL-011} diagnostic. Merge keys ({@code <<}) are applied, duplicate keys reported
 * ({@code TPL-012}), and every scalar value (never a key) goes through the {@link Interpolator}.
 *
 * <p>The tree is built straight from SnakeYAML's parser events: scalars keep their text (no implicit typing, so
 * {@code no} stays {@code "no"}), anchors are shared subtrees, and an alias adds the size of its subtree to the node
 * budget, so an alias bomb is stopped without being expanded.
 */
public final class YamlLoader {
    private final ParseOptions options;
    private final Reporter reporter;
    private final Interpolator interpolator;
    private final Map<String, YNode> anchors = new HashMap<>();
    private final Map<YNode, Integer> sizes = new IdentityHashMap<>();
    private ParserImpl parser;
    private int nodes;
    private int aliases;

    /** A loader reporting to {@code reporter}; {@code interpolator} may be {@code null} for none. */
    public YamlLoader(ParseOptions options, Reporter reporter, Interpolator interpolator) {
        this.options = options;
        this.reporter = reporter;
        this.interpolator = interpolator;
    }

    /** The document's root, or {@code null} after reporting why there is none. */
    public YNode load(String text) {
        if (text.length() > options.maxDocumentChars()) {
            reporter.add(Severity.ERROR, DiagnosticCode.TPL_011, "", 1, 1, "the document has " + text.length()
                    + " characters, more than the limit of " + options.maxDocumentChars() + ": split the template");
            return null;
        }
        try {
            parser = new ParserImpl(new StreamReader(new StringReader(text)), loaderOptions());
            parser.getEvent();
            if (parser.checkEvent(Event.ID.StreamEnd)) {
                reporter.add(Severity.ERROR, DiagnosticCode.TPL_001, "", 1, 1,
                        "the document is empty: write a mapping of services");
                return null;
            }
            parser.getEvent();
            YNode root = node(KeyPath.ROOT, 0);
            if (root == null) {
                return null;
            }
            parser.getEvent();
            if (!parser.checkEvent(Event.ID.StreamEnd)) {
                Mark m = parser.peekEvent().getStartMark();
                reporter.add(Severity.ERROR, DiagnosticCode.TPL_001, "", m.getLine() + 1, m.getColumn() + 1,
                        "a template is a single YAML document: remove the second document that starts here");
                return null;
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? e.getContext() + ": " : "";
            reporter.add(Severity.ERROR, limitHit(problem) ? DiagnosticCode.TPL_011 : DiagnosticCode.TPL_001, "",
                    m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1,
                    "YAML syntax error: " + context + problem + ": fix the text at this position");
            return null;
        } catch (ReaderException e) {
            int[] at = location(text, e.getPosition());
            reporter.add(Severity.ERROR, DiagnosticCode.TPL_001, "", at[0], at[1], String.format(Locale.ROOT,
                    "character U+%04X at line %d, column %d cannot appear in a YAML document: remove it",
                    e.getCodePoint(), at[0], at[1]));
            return null;
        } catch (YAMLException e) {
            String msg = String.valueOf(e.getMessage());
            reporter.add(Severity.ERROR, limitHit(msg) ? DiagnosticCode.TPL_011 : DiagnosticCode.TPL_001, "", 1, 1,
                    "the document cannot be loaded: " + msg);
            return null;
        }
    }

    /** The 1-based line and column of the code point at {@code codePoint} (counted from 0) in {@code text}. */
    private static int[] location(String text, int codePoint) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < codePoint; i += Character.charCount(text.codePointAt(i)), seen++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private LoaderOptions loaderOptions() {
        LoaderOptions lo = new LoaderOptions();
        lo.setMaxAliasesForCollections(options.maxAliases());
        lo.setNestingDepthLimit(options.maxDepth());
        lo.setCodePointLimit(options.maxDocumentChars());
        lo.setProcessComments(false);
        return lo;
    }

    private static boolean limitHit(String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("aliases") || m.contains("exceeds the limit") || m.contains("nesting depth");
    }

    private void stop(KeyPath path, Mark at, String message) {
        reporter.add(Severity.ERROR, DiagnosticCode.TPL_011, path.toString(), at.getLine() + 1, at.getColumn() + 1, message);
    }

    /** Reads the node that starts at the next event; {@code null} after reporting a limit. */
    private YNode node(KeyPath path, int depth) {
        Event ev = parser.getEvent();
        Mark mark = ev.getStartMark();
        int line = mark.getLine() + 1;
        int column = mark.getColumn() + 1;
        reporter.at(line, column, path);
        if (ev instanceof AliasEvent alias) {
            YNode target = anchors.get(alias.getAnchor());
            if (target == null) {
                reporter.add(Severity.ERROR, DiagnosticCode.TPL_001, path.toString(), line, column, "alias *" + alias.getAnchor()
                        + " refers to no anchor defined before it: define &" + alias.getAnchor() + " first");
                return new YNode.YScalar("", true, line, column);
            }
            if (!(target instanceof YNode.YScalar) && ++aliases > options.maxAliases()) {
                stop(path, mark, "more than " + options.maxAliases() + " aliases to collections: use fewer aliases");
                return null;
            }
            nodes += sizes.getOrDefault(target, 1);
            if (nodes > options.maxNodes()) {
                stop(path, mark, "the document expands to more than " + options.maxNodes()
                        + " nodes through aliases: use fewer aliases");
                return null;
            }
            return target;
        }
        if (++nodes > options.maxNodes() || depth > options.maxDepth()) {
            stop(path, mark, nodes > options.maxNodes() ? "the document has more than " + options.maxNodes() + " nodes"
                    : "the document nests deeper than " + options.maxDepth() + " levels");
            return null;
        }
        int before = nodes;
        YNode built;
        String anchor;
        if (ev instanceof ScalarEvent s) {
            anchor = s.getAnchor();
            String v = s.getValue();
            if (interpolator != null) {
                v = interpolator.apply(v, reporter, path, line, column);
            }
            built = new YNode.YScalar(v, s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN, line, column);
        } else if (ev instanceof SequenceStartEvent seq) {
            anchor = seq.getAnchor();
            List<YNode> items = new ArrayList<>();
            int i = 0;
            while (!parser.checkEvent(Event.ID.SequenceEnd)) {
                YNode c = node(new KeyPath(path, null, i++), depth + 1);
                if (c == null) {
                    return null;
                }
                items.add(c);
            }
            parser.getEvent();
            built = new YNode.YSeq(items, line, column);
        } else {
            anchor = ((MappingStartEvent) ev).getAnchor();
            built = mapping(path, depth, line, column);
            if (built == null) {
                return null;
            }
        }
        if (anchor != null) {
            anchors.put(anchor, built);
            sizes.put(built, nodes - before + 1);
        }
        return built;
    }

    private YNode.YMap mapping(KeyPath path, int depth, int line, int column) {
        YNode.YMap out = new YNode.YMap(line, column);
        List<YNode> merges = new ArrayList<>();
        while (!parser.checkEvent(Event.ID.MappingEnd)) {
            Event keyEvent = parser.peekEvent();
            Mark km = keyEvent.getStartMark();
            int kl = km.getLine() + 1;
            int kc = km.getColumn() + 1;
            if (keyEvent instanceof ScalarEvent ks && ks.getAnchor() == null) {
                parser.getEvent();
                String key = ks.getValue();
                boolean merge = key.equals("<<") && ks.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
                KeyPath childPath = merge ? path : new KeyPath(path, key, -1);
                YNode v = node(childPath, depth + 1);
                if (v == null) {
                    return null;
                }
                if (merge) {
                    merges.add(v);
                } else if (!out.putIfAbsent(new YNode.YMap.Entry(key, kl, kc, v))) {
                    reporter.add(Severity.ERROR, DiagnosticCode.TPL_012, childPath.toString(), kl, kc,
                            "key '" + key + "' appears twice in this mapping: keep one");
                }
                continue;
            }
            YNode k = node(path, depth + 1);
            YNode v = k == null ? null : node(path, depth + 1);
            if (v == null) {
                return null;
            }
            if (k instanceof YNode.YScalar ks) {
                out.putIfAbsent(new YNode.YMap.Entry(ks.value(), kl, kc, v));
            } else {
                reporter.add(Severity.ERROR, DiagnosticCode.TPL_001, path.toString(), kl, kc,
                        "a mapping key must be plain text, not a " + k.kind());
            }
        }
        parser.getEvent();
        for (YNode m : merges) {
            merge(out, m, path);
        }
        return out;
    }

    /** Applies a merge key: explicit keys win, earlier merged mappings win over later ones. */
    private void merge(YNode.YMap target, YNode source, KeyPath path) {
        List<YNode> sources = source instanceof YNode.YSeq seq ? seq.items() : List.of(source);
        for (YNode s : sources) {
            if (!(s instanceof YNode.YMap m)) {
                reporter.add(Severity.ERROR, DiagnosticCode.TPL_001, path.toString(), s.line(), s.column(),
                        "a merge key '<<' needs a mapping or a list of mappings, not a " + s.kind());
                continue;
            }
            for (YNode.YMap.Entry e : m.entries()) {
                target.putIfAbsent(e);
            }
        }
    }

    /**
     * The key path of a node, built into text only when a diagnostic needs it.
     *
     * @param parent the enclosing path, {@code null} for the root
     * @param key    the mapping key, or {@code null} for a list item
     * @param index  the list index of an item
     */
    record KeyPath(KeyPath parent, String key, int index) {
        static final KeyPath ROOT = new KeyPath(null, null, -1);

        @Override
        public String toString() {
            if (parent == null) {
                return "";
            }
            String p = parent.toString();
            return key == null ? p + "[" + index + "]" : p.isEmpty() ? key : p + "." + key;
        }
    }
}
