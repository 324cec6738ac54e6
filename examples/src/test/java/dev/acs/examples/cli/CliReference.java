package dev.acs.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates the reference part of {@code docs/cli.md} from the {@code acs} command's picocli model: every command
 * and subcommand with its synopsis, options (description, default, whether required), positional parameters, and
 * the exit codes {@code AcsCli.EXIT_*} with their javadoc. {@link CliReferenceTest} keeps the page current.
 */
final class CliReference {
    /** Opens the generated part. */
    static final String BEGIN = "<!-- BEGIN GENERATED: CliReference (edit the commands' annotations, not this part) -->";
    /** Closes the generated part. */
    static final String END = "<!-- END GENERATED: CliReference -->";

    private static final Pattern EXIT_DOC = Pattern.compile(
            "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*public static final int (EXIT_[A-Z_]+) = (\\d+);", Pattern.DOTALL);

    private CliReference() {
    }

    /**
     * The generated Markdown, {@link #BEGIN} to {@link #END} inclusive.
     *
     * @param acsCliSource AcsCli.java, whose javadoc describes each exit code
     */
    static String generate(Path acsCliSource) throws IOException {
        StringBuilder md = new StringBuilder(BEGIN).append("\n\n");
        md.append("## Exit codes\n\nThe same for every command:\n\n| Code | Constant | Meaning |\n|---|---|---|\n");
        exitCodes(Files.readString(acsCliSource)).forEach(row -> md.append(row).append('\n'));
        md.append("\n## Commands\n\n");
        List<CommandLine> all = new ArrayList<>();
        collect(AcsCli.commandLine(), all);
        for (CommandLine c : all) {
            md.append("- [`").append(c.getCommandSpec().qualifiedName()).append("`](#")
                    .append(anchor(c.getCommandSpec().qualifiedName())).append(")\n");
        }
        for (CommandLine c : all) {
            command(c, md);
        }
        return md.append('\n').append(END).append('\n').toString().replaceAll("\n{3,}", "\n\n");
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        into.add(c);
        c.getSubcommands().values().stream().distinct().forEach(s -> collect(s, into));
    }

    private static void command(CommandLine c, StringBuilder md) {
        CommandSpec spec = c.getCommandSpec();
        md.append("\n### `").append(spec.qualifiedName()).append("`\n\n");
        md.append(text(String.join(" ", spec.usageMessage().description()))).append("\n\n");
        CommandLine.Help help = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        md.append("```text\n").append(help.synopsis(0).stripTrailing()).append("\n```\n\n");
        if (!spec.subcommands().isEmpty()) {
            md.append("| Subcommand | What it does |\n|---|---|\n");
            spec.subcommands().values().stream().distinct().forEach(s -> md.append("| [`")
                    .append(s.getCommandName()).append("`](#").append(anchor(s.getCommandSpec().qualifiedName()))
                    .append(") | ").append(cell(String.join(" ", s.getCommandSpec().usageMessage().description())))
                    .append(" |\n"));
            md.append('\n');
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            md.append("| Parameter | Count | Description |\n|---|---|---|\n");
            for (PositionalParamSpec p : positionals) {
                md.append("| `").append(cell(p.paramLabel())).append("` | ").append(count(p)).append(" | ")
                        .append(cell(description(p))).append(" |\n");
            }
            md.append('\n');
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden() && !o.inherited()).toList();
        if (!options.isEmpty()) {
            md.append("| Option | Description | Default |\n|---|---|---|\n");
            for (OptionSpec o : options) {
                md.append("| `").append(cell(String.join(", ", o.names())))
                        .append(o.arity().max() > 0 ? " " + cell(o.paramLabel()) : "").append('`')
                        .append(o.required() ? " (required)" : "")
                        .append(o.isMultiValue() ? " (repeatable)" : "").append(" | ")
                        .append(cell(description(o))).append(" | ").append(cell(defaultValue(o))).append(" |\n");
            }
            md.append('\n');
        }
        List<OptionSpec> inherited = spec.options().stream().filter(OptionSpec::inherited).toList();
        if (!inherited.isEmpty()) {
            md.append("Also takes ").append(String.join(", ", inherited.stream().map(o -> "`" + o.longestName() + "`")
                    .toList())).append(" (see [`acs`](#acs)).\n\n");
        }
    }

    private static String description(ArgSpec arg) {
        return text(String.join(" ", arg.renderedDescription()));
    }

    private static String defaultValue(OptionSpec o) {
        if (o.usageHelp() || o.versionHelp() || o.arity().max() == 0) {
            return "off";
        }
        return o.defaultValue() == null ? "not set" : "`" + o.defaultValue() + "`";
    }

    private static String count(PositionalParamSpec p) {
        CommandLine.Range r = p.arity();
        if (r.isUnspecified() || (r.min() == 1 && r.max() == 1)) {
            return "one";
        }
        return r.max() == Integer.MAX_VALUE ? r.min() + " or more" : r.min() + " to " + r.max();
    }

    /** Rows of the exit-code table, from the {@code EXIT_*} constants and the javadoc above each. */
    static List<String> exitCodes(String acsCliSource) {
        List<String> rows = new ArrayList<>();
        Matcher m = EXIT_DOC.matcher(acsCliSource);
        while (m.find()) {
            rows.add("| " + m.group(3) + " | `AcsCli." + m.group(2) + "` | "
                    + cell(m.group(1).replaceAll("\\s*\\*\\s*", " ").replaceAll("\\{@code ([^}]*)}", "`$1`")) + " |");
        }
        return rows;
    }

    /** The names of the {@code public static final int EXIT_*} constants of {@link AcsCli}. */
    static List<String> exitConstants() {
        List<String> names = new ArrayList<>();
        for (Field f : AcsCli.class.getDeclaredFields()) {
            if (f.getName().startsWith("EXIT_") && Modifier.isPublic(f.getModifiers())) {
                names.add(f.getName());
            }
        }
        return names;
    }

    private static String text(String s) {
        return s.replace("%n", " ").replaceAll("\\s+", " ").strip();
    }

    private static String cell(String s) {
        return text(s).replace("|", "\\|");
    }

    /** GitHub's anchor of a heading {@code `name`}. */
    static String anchor(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }

    /** The document with its generated part replaced. */
    static String splice(String document, String generated) {
        int a = document.indexOf(BEGIN);
        int b = document.indexOf(END);
        if (a < 0 || b < a) {
            throw new IllegalArgumentException("the document has no " + BEGIN + " ... " + END + " part");
        }
        return document.substring(0, a) + generated + document.substring(Math.min(document.length(),
                b + END.length() + 1));
    }

    /** The generated part of a document, or {@code null} when it has none. */
    static String extract(String document) {
        int a = document.indexOf(BEGIN);
        int b = document.indexOf(END);
        return a < 0 || b < a ? null : document.substring(a, b + END.length() + 1);
    }
}
