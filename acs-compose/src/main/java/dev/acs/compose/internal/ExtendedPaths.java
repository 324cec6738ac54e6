package dev.acs.compose.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebases the relative paths of a service taken from another file by {@code extends: {file, service}}: as in
 * docker compose, {@code build} (its string form or {@code context}), {@code env_file} (string, list, or list of
 * {@code path} mappings) and bind-mount sources in {@code volumes} (short form starting with {@code .}, long form
 * {@code source}) are relative to the file that declares them, so they are rewritten relative to the template's own
 * directory. Absolute paths, {@code ~} paths, URLs and named volumes are left as written. Positions are kept, so
 * diagnostics still point at the other file's lines.
 */
final class ExtendedPaths {
    private final Path templateDir;
    private final Path otherDir;

    /**
     * @param templateDir the directory the template's relative paths are read against
     * @param otherFile   the file the service comes from (absolute, normalized)
     */
    ExtendedPaths(Path templateDir, Path otherFile) {
        this.templateDir = templateDir.toAbsolutePath().normalize();
        Path parent = otherFile.getParent();
        this.otherDir = parent == null ? this.templateDir : parent;
    }

    /** Rewrites the service's paths in place; nothing to do when both files share a directory. */
    void rebase(YNode.YMap service) {
        if (otherDir.equals(templateDir)) {
            return;
        }
        YNode.YMap.Entry build = service.entry("build");
        if (build != null) {
            if (build.value() instanceof YNode.YScalar s) {
                service.put(with(build, path(s)));
            } else if (build.value() instanceof YNode.YMap m && m.entry("context") != null
                    && m.get("context") instanceof YNode.YScalar c) {
                m.put(with(m.entry("context"), path(c)));
            }
        }
        YNode.YMap.Entry envFile = service.entry("env_file");
        if (envFile != null) {
            service.put(with(envFile, envFiles(envFile.value())));
        }
        if (service.get("volumes") instanceof YNode.YSeq volumes) {
            service.put(with(service.entry("volumes"), new YNode.YSeq(volumes.items().stream().map(this::volume)
                    .toList(), volumes.line(), volumes.column())));
        }
    }

    private YNode envFiles(YNode value) {
        if (value instanceof YNode.YScalar s) {
            return path(s);
        }
        if (value instanceof YNode.YSeq seq) {
            List<YNode> items = new ArrayList<>();
            for (YNode item : seq.items()) {
                if (item instanceof YNode.YScalar s) {
                    items.add(path(s));
                } else if (item instanceof YNode.YMap m && m.get("path") instanceof YNode.YScalar p) {
                    m.put(with(m.entry("path"), path(p)));
                    items.add(m);
                } else {
                    items.add(item);
                }
            }
            return new YNode.YSeq(items, seq.line(), seq.column());
        }
        return value;
    }

    private YNode volume(YNode item) {
        if (item instanceof YNode.YScalar s && !s.isNull() && s.value().startsWith(".")) {
            int colon = s.value().indexOf(':');
            String source = colon < 0 ? s.value() : s.value().substring(0, colon);
            String rest = colon < 0 ? "" : s.value().substring(colon);
            return new YNode.YScalar(relative(source) + rest, s.plain(), s.line(), s.column());
        }
        if (item instanceof YNode.YMap m && m.get("source") instanceof YNode.YScalar src
                && !(m.get("type") instanceof YNode.YScalar t && !t.value().equals("bind"))
                && src.value().startsWith(".")) {
            m.put(with(m.entry("source"), path(src)));
        }
        return item;
    }

    private YNode.YScalar path(YNode.YScalar s) {
        String v = s.value();
        if (s.isNull() || v.isEmpty() || v.startsWith("/") || v.startsWith("~") || v.contains("://")) {
            return s;
        }
        return new YNode.YScalar(relative(v), s.plain(), s.line(), s.column());
    }

    /** {@code value} (relative to the other file) as a path relative to the template's directory. */
    private String relative(String value) {
        String rebased = templateDir.relativize(otherDir.resolve(value).normalize()).toString().replace('\\', '/');
        if (rebased.isEmpty()) {
            return ".";
        }
        return rebased.startsWith(".") ? rebased : "./" + rebased;
    }

    private static YNode.YMap.Entry with(YNode.YMap.Entry e, YNode value) {
        return new YNode.YMap.Entry(e.key(), e.keyLine(), e.keyColumn(), value);
    }
}
