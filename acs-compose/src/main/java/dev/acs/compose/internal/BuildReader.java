package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.core.model.BuildContext;
import dev.acs.core.model.BuildSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code build:} of the compose-spec profile: a context directory (relative to the template) or a mapping with
 * {@code context}, {@code dockerfile}, {@code args}, {@code target} and {@code labels}. A context or Dockerfile that
 * does not exist, or a remote context, is a located {@code KEY-023} error before anything is created; other build
 * options are reported ({@code KEY-020}). The context's files are digested so that a runtime rebuilds only when they
 * (or the options) change.
 */
final class BuildReader {
    /** Build options that are applied. */
    private static final Set<String> APPLIED = Set.of("context", "dockerfile", "args", "target", "labels");
    /** Most files a context may hold. */
    private static final int MAX_FILES = 20_000;
    /** Most bytes a context may hold. */
    private static final long MAX_BYTES = 512L << 20;

    private final ParseOptions options;
    private final Reporter r;

    BuildReader(ParseOptions options, Reporter reporter) {
        this.options = options;
        this.r = reporter;
    }

    /** The build, or {@code null} after reporting why there is none. */
    BuildSpec read(String p, YNode.YMap.Entry e) {
        YNode v = e.value();
        String context;
        YNode contextAt = v;
        String dockerfile = "Dockerfile";
        YNode dockerfileAt = v;
        Map<String, String> args = Map.of();
        Map<String, String> labels = Map.of();
        String target = null;
        if (v instanceof YNode.YMap m) {
            context = m.has("context") ? Values.text(m.get("context"), r, p + ".context") : ".";
            contextAt = m.has("context") ? m.get("context") : m;
            if (m.has("dockerfile")) {
                dockerfile = Values.text(m.get("dockerfile"), r, p + ".dockerfile");
                dockerfileAt = m.get("dockerfile");
            }
            args = m.has("args") ? Values.keyValues(m.get("args"), r, p + ".args") : Map.of();
            labels = m.has("labels") ? Values.keyValues(m.get("labels"), r, p + ".labels") : Map.of();
            target = m.has("target") ? Values.text(m.get("target"), r, p + ".target") : null;
            for (YNode.YMap.Entry x : m.entries()) {
                if (!APPLIED.contains(x.key())) {
                    r.warn(DiagnosticCode.KEY_020, p + "." + x.key(), x, "build." + x.key() + " is not applied by any"
                            + " runtime: only context, dockerfile, args, target and labels are");
                }
            }
        } else {
            context = Values.text(v, r, p);
        }
        if (context == null || dockerfile == null) {
            return null;
        }
        if (context.contains("://") || context.startsWith("git@")) {
            r.error(DiagnosticCode.KEY_023, p, contextAt, "build context '" + context + "' is remote: only a directory"
                    + " beside the template can be built");
            return null;
        }
        Path base = options.baseDirectory() == null ? Path.of("") : options.baseDirectory();
        Path dir = base.resolve(context).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            r.error(DiagnosticCode.KEY_023, p, contextAt, "build context '" + context + "' is not a directory (looked"
                    + " for " + dir + "): create it or fix the path");
            return null;
        }
        Path file = dir.resolve(dockerfile).normalize();
        if (!Files.isRegularFile(file)) {
            r.error(DiagnosticCode.KEY_023, p, dockerfileAt, "build: the Dockerfile '" + dockerfile + "' does not exist"
                    + " in " + dir + ": add it or name another with dockerfile:");
            return null;
        }
        String hash = hash(dir, p, contextAt, dockerfile, args, target, labels);
        return hash == null ? null : new BuildSpec(dir.toString(), dockerfile, args, target, labels, hash);
    }

    /**
     * SHA-256 over every file of the context that is sent to the builder (path and bytes, in path order; what
     * {@code .dockerignore} excludes does not count) and the options; null after reporting.
     */
    private String hash(Path dir, String p, YNode at, String dockerfile, Map<String, String> args, String target,
                        Map<String, String> labels) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from the Java runtime", ex);
        }
        long bytes = 0;
        int files = 0;
        try {
            List<Path> all = BuildContext.entries(dir, dockerfile).stream().filter(Files::isRegularFile).toList();
            for (Path f : all) {
                if (++files > MAX_FILES || (bytes += Files.size(f)) > MAX_BYTES) {
                    r.error(DiagnosticCode.KEY_023, p, at, "build context " + dir + " holds more than " + MAX_FILES
                            + " files or " + (MAX_BYTES >> 20) + " MiB: build from a smaller directory");
                    return null;
                }
                digest.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                try (InputStream in = Files.newInputStream(f)) {
                    byte[] buffer = new byte[8192];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
        } catch (IOException ex) {
            r.error(DiagnosticCode.KEY_023, p, at, "build context " + dir + " cannot be read: " + ex.getMessage());
            return null;
        }
        Map<String, Object> optionsPart = new LinkedHashMap<>();
        optionsPart.put("dockerfile", dockerfile);
        optionsPart.put("args", args);
        optionsPart.put("target", target);
        optionsPart.put("labels", labels);
        digest.update(optionsPart.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }
}
