package dev.acs.compose;

import dev.acs.core.error.AcsException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Environment files as Compose reads them ({@code env_file:}, the {@code .env} beside a template, {@code --env-file}):
 * one {@code NAME=VALUE} per line, {@code #} comments and blank lines ignored, an optional {@code export } prefix,
 * and values in matching single or double quotes taken without them. A line with a name and no {@code =} is skipped
 * (Compose would take the value from the shell; the SDK never reads the caller's environment implicitly).
 */
public final class EnvFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private EnvFile() {
    }

    /**
     * The variables of an environment file's text, in order (a later line wins).
     *
     * @throws AcsException {@code INVALID_ARGUMENT} naming the first malformed line (by number)
     */
    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? line : line.substring(0, eq).strip();
            if (!NAME.matcher(name).matches()) {
                throw AcsException.invalidArgument("line " + (i + 1) + ": '" + name + "' is not a variable name:"
                        + " write NAME=VALUE");
            }
            if (eq < 0) {
                continue;
            }
            out.put(name, unquote(line.substring(eq + 1).strip()));
        }
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            String inner = v.substring(1, v.length() - 1);
            return v.charAt(0) == '"' ? inner.replace("\\n", "\n").replace("\\\"", "\"") : inner;
        }
        int hash = v.indexOf(" #");
        return hash >= 0 ? v.substring(0, hash).strip() : v;
    }
}
