package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.core.model.FileMount;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The top-level {@code secrets:} and {@code configs:} of a template and the services' references to them. A
 * definition with {@code file:} (relative to the template's directory) is mounted read-only into the services that
 * name it: a secret at {@code /run/secrets/<name>} (or its {@code target} there), a config at {@code /<name>} (or its
 * {@code target}). A file that does not exist, or a reference to an undeclared name, is a located {@code KEY-022}
 * error; a definition of another form ({@code environment}, {@code external}, {@code content}) is reported where a
 * service uses it ({@code KEY-020}: no runtime mounts it).
 */
final class FileResources {
    /**
     * One definition: its file (absolute, normalised), or {@code null} with the form it has instead (both
     * {@code null} for a file that does not exist, reported already).
     */
    private record Def(String file, String otherForm) {
    }

    private final Map<FileMount.Kind, Map<String, Def>> defs = new LinkedHashMap<>();
    private final Reporter r;

    private FileResources(Reporter r) {
        this.r = r;
        defs.put(FileMount.Kind.SECRET, new LinkedHashMap<>());
        defs.put(FileMount.Kind.CONFIG, new LinkedHashMap<>());
    }

    /** No definitions (version 1 templates). */
    static FileResources none(Reporter r) {
        return new FileResources(r);
    }

    /** Reads and checks the top-level definitions. */
    static FileResources read(YNode.YMap top, ParseOptions options, Reporter r) {
        FileResources out = new FileResources(r);
        Path base = options.baseDirectory() == null ? Path.of("") : options.baseDirectory();
        for (FileMount.Kind kind : FileMount.Kind.values()) {
            String key = key(kind);
            YNode section = top.get(key);
            if (section == null || section instanceof YNode.YScalar s && s.isNull()) {
                continue;
            }
            if (!(section instanceof YNode.YMap m)) {
                r.error(DiagnosticCode.KEY_013, key, section, "top-level " + key + " must be a mapping of names to"
                        + " definitions such as {file: ./name.txt}");
                continue;
            }
            for (YNode.YMap.Entry e : m.entries()) {
                String p = key + "." + e.key();
                if (!(e.value() instanceof YNode.YMap def)) {
                    r.error(DiagnosticCode.KEY_013, p, e, p + " must be a mapping such as {file: ./" + e.key() + "}");
                    continue;
                }
                if (def.has("file")) {
                    String file = Values.text(def.get("file"), r, p + ".file");
                    if (file == null) {
                        continue;
                    }
                    Path path = base.resolve(file).toAbsolutePath().normalize();
                    if (!Files.isRegularFile(path)) {
                        r.error(DiagnosticCode.KEY_022, p + ".file", def.get("file"), kind(kind) + " '" + e.key()
                                + "': the file '" + file + "' does not exist (looked for " + path + "): create it or"
                                + " fix the path");
                        // declared: references to it are not reported again
                        out.defs.get(kind).put(e.key(), new Def(null, null));
                        continue;
                    }
                    out.defs.get(kind).put(e.key(), new Def(path.toString(), null));
                } else {
                    String form = def.entries().isEmpty() ? "an empty definition" : def.entries().iterator().next().key();
                    out.defs.get(kind).put(e.key(), new Def(null, form));
                }
            }
        }
        return out;
    }

    private static String key(FileMount.Kind kind) {
        return kind == FileMount.Kind.SECRET ? "secrets" : "configs";
    }

    private static String kind(FileMount.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** The mounts a service's {@code secrets} or {@code configs} key asks for; problems are reported. */
    List<FileMount> mounts(FileMount.Kind kind, String p, YNode v) {
        List<FileMount> out = new ArrayList<>();
        Values.items(v, r, p, (item, ip) -> {
            String name;
            String target = null;
            if (item instanceof YNode.YMap m) {
                name = m.has("source") ? Values.text(m.get("source"), r, ip + ".source") : null;
                target = m.has("target") ? Values.text(m.get("target"), r, ip + ".target") : null;
            } else {
                name = Values.text(item, r, ip);
            }
            if (name == null || name.isBlank()) {
                r.error(DiagnosticCode.KEY_013, ip, item, "a " + kind(kind) + " reference needs its name (source)");
                return;
            }
            Def def = defs.get(kind).get(name);
            if (def == null) {
                r.error(DiagnosticCode.KEY_022, ip, item, kind(kind) + " '" + name + "' is not declared: add it to the"
                        + " top-level " + key(kind) + ", such as " + name + ": {file: ./" + name + "}");
                return;
            }
            if (def.file() == null && def.otherForm() == null) {
                return;
            }
            if (def.file() == null) {
                r.warn(DiagnosticCode.KEY_020, ip, item, kind(kind) + " '" + name + "' (" + def.otherForm() + ") is not"
                        + " applied by any runtime: only " + key(kind) + " from files are mounted");
                return;
            }
            out.add(new FileMount(kind, name, def.file(), target(kind, name, target)));
        });
        return out;
    }

    private static String target(FileMount.Kind kind, String name, String target) {
        String t = target == null || target.isBlank() ? name : target;
        if (t.startsWith("/")) {
            return t;
        }
        return kind == FileMount.Kind.SECRET ? "/run/secrets/" + t : "/" + t;
    }
}
