package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Severity;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads one YAML document into a located {@link YNode} tree, safely: the document size, the number of aliases to
 * collections, the nesting depth and the number of nodes after alias expansion are bounded, so a hostile document
 * costs little and yields a {@code TPL-011} diagnostic. Merge keys ({@code <<}) are applied, duplicate keys reported
 * ({@code TPL-012}), and every scalar value (never a key) goes through the {@link Interpolator}.
 */
public final class YamlLoader {
    /** Shared: a resolver is only read after construction. */
    private static final Resolver RESOLVER = new Resolver();

    private final ParseOptions options;
    private final Reporter reporter;
    private final Interpolator interpolator;
    private int nodes;
    private boolean exhausted;

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
        Node root;
        try {
            root = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), loaderOptions()), RESOLVER,
                    loaderOptions()).getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? e.getContext() + ": " : "";
            reporter.add(Severity.ERROR, limitHit(problem) ? DiagnosticCode.TPL_011 : DiagnosticCode.TPL_001, "",
                    m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1,
                    "YAML syntax error: " + context + problem + ": fix the text at this position");
            return null;
        } catch (YAMLException e) {
            String msg = String.valueOf(e.getMessage());
            reporter.add(Severity.ERROR, limitHit(msg) ? DiagnosticCode.TPL_011 : DiagnosticCode.TPL_001, "", 1, 1,
                    "the document cannot be loaded: " + msg);
            return null;
        } catch (StackOverflowError e) {
            reporter.add(Severity.ERROR, DiagnosticCode.TPL_011, "", 1, 1, "the document is nested too deeply");
            return null;
        }
        if (root == null) {
            reporter.add(Severity.ERROR, DiagnosticCode.TPL_001, "", 1, 1,
                    "the document is empty: write a mapping of services");
            return null;
        }
        YNode tree = convert(root, "", 0);
        return exhausted ? null : tree;
    }

    private LoaderOptions loaderOptions() {
        LoaderOptions lo = new LoaderOptions();
        lo.setMaxAliasesForCollections(options.maxAliases());
        lo.setNestingDepthLimit(options.maxDepth());
        lo.setCodePointLimit(options.maxDocumentChars());
        lo.setAllowDuplicateKeys(true);
        lo.setAllowRecursiveKeys(false);
        lo.setProcessComments(false);
        return lo;
    }

    private static boolean limitHit(String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("aliases") || m.contains("exceeds the limit") || m.contains("nesting depth");
    }

    private YNode convert(Node node, String path, int depth) {
        if (exhausted) {
            return null;
        }
        int line = node.getStartMark().getLine() + 1;
        int column = node.getStartMark().getColumn() + 1;
        if (++nodes > options.maxNodes() || depth > options.maxDepth()) {
            exhausted = true;
            reporter.add(Severity.ERROR, DiagnosticCode.TPL_011, path, line, column, nodes > options.maxNodes()
                    ? "the document expands to more than " + options.maxNodes() + " nodes through aliases: use fewer aliases"
                    : "the document nests deeper than " + options.maxDepth() + " levels (recursive alias?)");
            return null;
        }
        if (node instanceof ScalarNode s) {
            String v = s.getValue();
            if (interpolator != null) {
                v = interpolator.apply(v, reporter, path, line, column);
            }
            return new YNode.YScalar(v, s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN, line, column);
        }
        if (node instanceof SequenceNode seq) {
            List<YNode> items = new ArrayList<>();
            int i = 0;
            for (Node child : seq.getValue()) {
                YNode c = convert(child, path + "[" + i++ + "]", depth + 1);
                if (c == null) {
                    return null;
                }
                items.add(c);
            }
            return new YNode.YSeq(items, line, column);
        }
        MappingNode map = (MappingNode) node;
        YNode.YMap out = new YNode.YMap(line, column);
        List<NodeTuple> merges = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            if (k instanceof ScalarNode ks && Tag.MERGE.equals(ks.getTag())) {
                merges.add(t);
                continue;
            }
            int kl = k.getStartMark().getLine() + 1;
            int kc = k.getStartMark().getColumn() + 1;
            if (!(k instanceof ScalarNode ks)) {
                reporter.add(Severity.ERROR, DiagnosticCode.TPL_001, path, kl, kc,
                        "a mapping key must be plain text, not a " + (k instanceof MappingNode ? "mapping" : "list"));
                continue;
            }
            String key = ks.getValue();
            String childPath = path.isEmpty() ? key : path + "." + key;
            YNode v = convert(t.getValueNode(), childPath, depth + 1);
            if (v == null) {
                return null;
            }
            if (!out.putIfAbsent(new YNode.YMap.Entry(key, kl, kc, v))) {
                reporter.add(Severity.ERROR, DiagnosticCode.TPL_012, childPath, kl, kc,
                        "key '" + key + "' appears twice in this mapping: keep one");
            }
        }
        for (NodeTuple t : merges) {
            if (!merge(out, t.getValueNode(), path, depth)) {
                return null;
            }
        }
        return out;
    }

    /** Applies a merge key: explicit keys win, earlier merged mappings win over later ones. */
    private boolean merge(YNode.YMap target, Node source, String path, int depth) {
        List<Node> sources = source instanceof SequenceNode seq ? seq.getValue() : List.of(source);
        for (Node s : sources) {
            YNode merged = convert(s, path, depth + 1);
            if (merged == null) {
                return false;
            }
            if (!(merged instanceof YNode.YMap m)) {
                reporter.add(Severity.ERROR, DiagnosticCode.TPL_001, path, merged.line(), merged.column(),
                        "a merge key '<<' needs a mapping or a list of mappings, not a " + merged.kind());
                continue;
            }
            for (YNode.YMap.Entry e : m.entries()) {
                target.putIfAbsent(e);
            }
        }
        return true;
    }
}
