package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.compose.Diagnostic;
import dev.acs.compose.ParseResult;
import dev.acs.compose.Templates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code acs validate [--profile P] [--env K=V]... [--env-file FILE]... [--config-set FILE] [--compose-profile NAME]...
 * [--json] FILE...}: parses and validates orchestration templates with the options {@link TemplateOptions} shares
 * with {@code plan} and {@code deploy} (the profile is detected from each file when not given, and printed). Exit 0 when every file is valid, 1 when any has an error (or the configuration set has
 * one; a file that is not UTF-8 is an error located at its first bad byte), 2 on bad usage (unknown profile,
 * malformed {@code --env}, unreadable file), 4 on an internal error.
 *
 * <p>{@code --json} prints one object per file on its own line:
 * {@code {"file","valid","format","profile","profileDetected","services","diagnostics":[{"severity","code","path","line","column","message"}]}};
 * {@code format} is {@code v1}, {@code v2}, {@code v3}, {@code spec} or {@code null} when the file is not a YAML
 * mapping, and {@code services} counts the parsed services (deployed and external; 0 when the file has errors).
 *
 * <p>The configuration-set file holds one {@code name=value} item per line ({@code #} comments and blank lines
 * ignored); its name is the file name without extension. {@code --env} values win over the set's.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Parse and validate orchestration templates; print every diagnostic with its location.")
public final class ValidateCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    TemplateOptions templateOptions = new TemplateOptions();

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
        templateOptions.checkUsage(spec.commandLine());
        List<byte[]> texts = new ArrayList<>();
        for (Path f : files) {
            try {
                texts.add(Files.readAllBytes(f));
            } catch (java.nio.file.NoSuchFileException e) {
                err.println("acs validate: " + PlanCommand.missing(f));
                return AcsCli.EXIT_USAGE;
            } catch (IOException e) {
                err.println("acs validate: cannot read " + f + ": " + e.getMessage());
                return AcsCli.EXIT_USAGE;
            }
        }
        boolean allValid = true;
        for (int i = 0; i < files.size(); i++) {
            TemplateOptions.Resolved resolved = templateOptions.resolve(spec.commandLine(), files.get(i), texts.get(i),
                    err);
            ParseResult r = Templates.parse(texts.get(i), resolved.options().build());
            allValid &= r.isValid() && resolved.valid();
            if (json) {
                out.println(json(files.get(i).toString(), r, resolved));
            } else {
                human(out, files.get(i).toString(), r, resolved);
            }
        }
        out.flush();
        return allValid ? AcsCli.EXIT_OK : AcsCli.EXIT_INVALID;
    }

    private static int services(ParseResult r) {
        return r.application() == null ? 0 : r.application().services().size() + r.application().externals().size();
    }

    private String json(String file, ParseResult r, TemplateOptions.Resolved resolved) {
        ObjectNode o = mapper.createObjectNode();
        o.put("file", file);
        o.put("valid", r.isValid());
        o.put("format", r.format() == null ? null : r.format().id());
        o.put("profile", resolved.profile().id());
        o.put("profileDetected", resolved.detected());
        o.put("services", services(r));
        ArrayNode ds = o.putArray("diagnostics");
        for (Diagnostic d : r.diagnostics()) {
            ds.addObject().put("severity", d.severity().id()).put("code", d.code().id()).put("path", d.path())
                    .put("line", d.line()).put("column", d.column()).put("message", d.message());
        }
        return o.toString();
    }

    private static void human(PrintWriter out, String file, ParseResult r, TemplateOptions.Resolved resolved) {
        out.println(file + ": " + (r.isValid() ? "valid" : "invalid")
                + (r.format() == null ? "" : " (" + r.format().id()
                + (r.isValid() ? ", " + services(r) + " services)" : ")")) + " [" + resolved.profileLine() + "]");
        for (Diagnostic d : r.diagnostics()) {
            out.println("  " + file + ":" + d.line() + ":" + d.column() + ": " + d.severity().id() + " " + d.code().id()
                    + (d.path().isEmpty() ? "" : " " + d.path()) + ": " + d.message());
        }
    }
}
