package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.compose.ConfigSet;
import dev.acs.compose.Diagnostic;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.ParseResult;
import dev.acs.compose.Profile;
import dev.acs.compose.Templates;
import dev.acs.core.limits.Limits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code acs validate [--profile P] [--env K=V]... [--config-set FILE] [--json] FILE...}: parses and validates
 * orchestration templates. Exit 0 when every file is valid, 1 when any has an error (or the configuration set has
 * one; a file that is not UTF-8 is an error located at its first bad byte), 2 on bad usage (unknown profile,
 * malformed {@code --env}, unreadable file), 4 on an internal error.
 *
 * <p>{@code --json} prints one object per file on its own line:
 * {@code {"file","valid","format","services","diagnostics":[{"severity","code","path","line","column","message"}]}};
 * {@code format} is {@code v1}, {@code v2}, {@code v3}, {@code spec} or {@code null} when the file is not a YAML
 * mapping, and {@code services} counts the parsed services (deployed and external; 0 when the file has errors).
 *
 * <p>The configuration-set file holds one {@code name=value} item per line ({@code #} comments and blank lines
 * ignored); its name is the file name without extension. {@code --env} values win over the set's.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Parse and validate orchestration templates; print every diagnostic with its location.")
public final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--profile", paramLabel = "P", defaultValue = "classic",
            description = "Validation profile: classic (default), swarm-mode or compose-spec.")
    String profile;

    @Option(names = "--env", paramLabel = "K=V", description = "A template variable; repeat for more.")
    List<String> env = new ArrayList<>();

    @Option(names = "--config-set", paramLabel = "FILE",
            description = "Configuration set: name=value lines supplying template variables.")
    Path configSet;

    @Option(names = "--json", description = "Print one JSON object per file.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Template files.")
    List<Path> files;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ParseOptions.Builder options = ParseOptions.builder();
        try {
            options.profile(Profile.parse(profile));
        } catch (dev.acs.core.error.AcsException e) {
            err.println("acs validate: " + e.getMessage());
            return AcsCli.EXIT_USAGE;
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (String kv : env) {
            int eq = kv.indexOf('=');
            if (eq < 1) {
                err.println("acs validate: --env '" + kv + "' must be NAME=VALUE");
                return AcsCli.EXIT_USAGE;
            }
            variables.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        options.variables(variables);
        boolean allValid = true;
        if (configSet != null) {
            String text = read(configSet, err);
            if (text == null) {
                return AcsCli.EXIT_USAGE;
            }
            String name = configSet.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            ConfigSet.ReadResult set = ConfigSet.read(name, text, Limits.defaults());
            for (Diagnostic d : set.diagnostics()) {
                err.println(configSet + ":" + d.line() + ": " + d.severity().id() + " " + d.code().id() + ": " + d.message());
            }
            allValid = set.isValid();
            options.configSet(set.configSet());
        }
        List<byte[]> texts = new ArrayList<>();
        for (Path f : files) {
            try {
                texts.add(Files.readAllBytes(f));
            } catch (IOException e) {
                err.println("acs validate: cannot read " + f + ": " + e.getMessage());
                return AcsCli.EXIT_USAGE;
            }
        }
        ParseOptions built = options.build();
        for (int i = 0; i < files.size(); i++) {
            ParseResult r = Templates.parse(texts.get(i), built);
            allValid &= r.isValid();
            if (json) {
                out.println(json(files.get(i).toString(), r));
            } else {
                human(out, files.get(i).toString(), r);
            }
        }
        out.flush();
        return allValid ? AcsCli.EXIT_OK : AcsCli.EXIT_INVALID;
    }

    private static String read(Path f, PrintWriter err) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            err.println("acs validate: " + f + " is not UTF-8 text: save it as UTF-8");
            return null;
        } catch (IOException e) {
            err.println("acs validate: cannot read " + f + ": " + e.getMessage());
            return null;
        }
    }

    private static int services(ParseResult r) {
        return r.application() == null ? 0 : r.application().services().size() + r.application().externals().size();
    }

    private String json(String file, ParseResult r) {
        ObjectNode o = mapper.createObjectNode();
        o.put("file", file);
        o.put("valid", r.isValid());
        o.put("format", r.format() == null ? null : r.format().id());
        o.put("services", services(r));
        ArrayNode ds = o.putArray("diagnostics");
        for (Diagnostic d : r.diagnostics()) {
            ds.addObject().put("severity", d.severity().id()).put("code", d.code().id()).put("path", d.path())
                    .put("line", d.line()).put("column", d.column()).put("message", d.message());
        }
        return o.toString();
    }

    private static void human(PrintWriter out, String file, ParseResult r) {
        out.println(file + ": " + (r.isValid() ? "valid" : "invalid")
                + (r.format() == null ? "" : " (" + r.format().id()
                + (r.isValid() ? ", " + services(r) + " services)" : ")")));
        for (Diagnostic d : r.diagnostics()) {
            out.println("  " + file + ":" + d.line() + ":" + d.column() + ": " + d.severity().id() + " " + d.code().id()
                    + (d.path().isEmpty() ? "" : " " + d.path()) + ": " + d.message());
        }
    }
}
