package dev.acs.examples.cli;

import dev.acs.compose.ConfigSet;
import dev.acs.compose.Diagnostic;
import dev.acs.compose.EnvFile;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Profile;
import dev.acs.compose.Templates;
import dev.acs.core.error.AcsException;
import dev.acs.core.limits.Limits;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template options that {@code acs validate}, {@code acs plan} and {@code acs deploy} share, so the three give one
 * verdict for one file: the validation profile (detected from the file when not given), variables from
 * {@code --env}, {@code --env-file} and {@code --config-set}, and the Compose profiles to activate. The template's
 * directory is where {@code env_file:} paths and the {@code .env} file are looked up.
 */
public final class TemplateOptions {
    @Option(names = "--profile", paramLabel = "P",
            description = "Validation profile: classic, swarm-mode or compose-spec (default: detected from the file:"
                    + " no version and top-level services -> compose-spec, version 3.x -> swarm-mode, else classic).")
    String profile;

    @Option(names = "--env", paramLabel = "K=V", description = "A template variable; repeat for more (wins over"
            + " --env-file and the configuration set).")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Template variables from a NAME=VALUE file;"
            + " repeat for more (a later file wins).")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = "--config-set", paramLabel = "FILE",
            description = "Configuration set: name=value lines supplying template variables.")
    Path configSet;

    @Option(names = "--compose-profile", paramLabel = "NAME",
            description = "Activate a Compose profile: services with profiles: are kept only when one is active;"
                    + " repeat for more.")
    List<String> composeProfiles = new ArrayList<>();

    /** Whether the configuration set's diagnostics were printed (once for several templates). */
    private boolean setReported;

    /**
     * Checks what needs no file: the profile's name and every {@code --env}; a problem is a
     * {@link CommandLine.ParameterException} (exit 2).
     */
    void checkUsage(CommandLine command) {
        if (profile != null) {
            try {
                Profile.parse(profile);
            } catch (AcsException e) {
                throw new CommandLine.ParameterException(command, e.getMessage());
            }
        }
        for (String kv : env) {
            if (kv.indexOf('=') < 1) {
                throw new CommandLine.ParameterException(command, "--env '" + kv + "' must be NAME=VALUE");
            }
        }
    }

    /**
     * The parse options for a template, after reading every file the options name. Problems of usage (a bad
     * {@code --env}, an unknown profile, an unreadable file) throw a {@link CommandLine.ParameterException}; the
     * diagnostics of a configuration set are printed on {@code err}, and {@link Resolved#valid()} is false when it has
     * errors.
     *
     * @param command  the command line, for usage errors
     * @param template the template file
     * @param text     the template's bytes
     * @param err      where configuration-set diagnostics go
     */
    Resolved resolve(CommandLine command, Path template, byte[] text, PrintWriter err) {
        ParseOptions.Builder options = ParseOptions.builder().applicationName(PlanCommand.appName(template));
        Profile chosen;
        boolean detected = profile == null;
        try {
            chosen = detected ? Templates.defaultProfile(text) : Profile.parse(profile);
        } catch (AcsException e) {
            throw new CommandLine.ParameterException(command, e.getMessage());
        }
        options.profile(chosen);
        Path dir = template.toAbsolutePath().getParent();
        options.baseDirectory(dir);
        Map<String, String> variables = new LinkedHashMap<>();
        for (Path f : envFiles) {
            try {
                variables.putAll(EnvFile.parse(PlanCommand.read(f)));
            } catch (AcsException e) {
                throw new CommandLine.ParameterException(command, "--env-file " + f + ": " + e.getMessage());
            }
        }
        for (String kv : env) {
            int eq = kv.indexOf('=');
            if (eq < 1) {
                throw new CommandLine.ParameterException(command, "--env '" + kv + "' must be NAME=VALUE");
            }
            variables.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        options.variables(variables).activeProfiles(composeProfiles);
        boolean valid = true;
        if (configSet != null) {
            String setText;
            try {
                setText = PlanCommand.read(configSet);
            } catch (AcsException e) {
                throw new CommandLine.ParameterException(command, e.getMessage());
            }
            ConfigSet.ReadResult set = ConfigSet.read(PlanCommand.appName(configSet), setText, Limits.defaults());
            for (Diagnostic d : setReported ? List.<Diagnostic>of() : set.diagnostics()) {
                err.println(configSet + ":" + d.line() + ": " + d.severity().id() + " " + d.code().id() + ": "
                        + d.message());
            }
            setReported = true;
            valid = set.isValid();
            options.configSet(set.configSet());
        }
        return new Resolved(options, chosen, detected, valid);
    }

    /**
     * Resolved options.
     *
     * @param options  the parse options (the command may add a target runtime)
     * @param profile  the validation profile
     * @param detected whether the profile was detected from the file
     * @param valid    whether the configuration set (if any) had no errors
     */
    record Resolved(ParseOptions.Builder options, Profile profile, boolean detected, boolean valid) {
        /** {@code profile compose-spec (detected from the file)} or {@code profile classic}. */
        String profileLine() {
            return "profile " + profile.id() + (detected ? " (detected from the file)" : "");
        }
    }
}
