package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.core.error.AcsException;
import dev.acs.core.secret.Secrets;

import java.util.List;
import java.util.Map;

/** A service's {@code env_file}: the files' variables, below the service's {@code environment}. */
final class EnvFiles {
    private EnvFiles() {
    }

    /**
     * Reads {@code env_file} (a path, a list of paths, or items {@code {path, required}}) relative to the template's
     * directory; {@code environment} wins over the files, a later file over an earlier one. A missing required file
     * or a malformed line is a located {@code KEY-021}.
     */
    static void read(Draft d, String p, YNode v, ParseOptions options, Reporter r) {
        List<YNode> items = v instanceof YNode.YSeq seq ? seq.items() : List.of(v);
        for (int i = 0; i < items.size(); i++) {
            YNode item = items.get(i);
            String ip = v instanceof YNode.YSeq ? p + "[" + i + "]" : p;
            String file;
            boolean required = true;
            if (item instanceof YNode.YMap im) {
                file = im.has("path") ? Values.text(im.get("path"), r, ip + ".path") : null;
                if (im.has("required")) {
                    required = !Boolean.FALSE.equals(Values.bool(im.get("required"), r, ip + ".required"));
                }
            } else {
                file = Values.text(item, r, ip);
            }
            if (file == null || file.isBlank()) {
                r.error(DiagnosticCode.KEY_021, ip, item, "env_file needs a file path");
                continue;
            }
            java.nio.file.Path base = options.baseDirectory() == null ? java.nio.file.Path.of("") : options.baseDirectory();
            java.nio.file.Path path = base.resolve(file);
            if (!java.nio.file.Files.isRegularFile(path)) {
                if (required) {
                    r.error(DiagnosticCode.KEY_021, ip, item, "env_file '" + file + "' does not exist (looked for "
                            + path.toAbsolutePath().normalize() + "): create it or remove the entry");
                }
                continue;
            }
            try {
                Map<String, String> vars = dev.acs.compose.EnvFile.parse(java.nio.file.Files.readString(path));
                vars.forEach((name, value) -> {
                    if (Secrets.isSecretName(name)) {
                        r.secret(value);
                    }
                });
                d.envFile.putAll(vars);
            } catch (java.io.IOException ex) {
                r.error(DiagnosticCode.KEY_021, ip, item, "env_file '" + file + "' cannot be read: " + ex.getMessage());
            } catch (AcsException ex) {
                r.error(DiagnosticCode.KEY_021, ip, item, "env_file '" + file + "': " + ex.getMessage());
            }
        }
    }
}
