package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.TargetRuntime;
import dev.acs.compose.TemplateRefresher;
import dev.acs.core.error.AcsException;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoredEntry;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How {@code acs deploy --state DIR} rendered an application's template, kept in that state under
 * {@code cli/templates/<application id>} so a later redeploy ({@code acs serve}'s redeploy trigger) renders the
 * template kept with the application again with the configuration set and env files as they are then
 * ({@link TemplateRefresher}): the template file's path (its directory resolves {@code env_file:} and {@code .env}),
 * the profile, the {@code --env} values, the env files, the configuration set file and the Compose profiles. The
 * {@code --env} values are kept as given, like the template text itself: the state's files are readable by their
 * owner only.
 */
final class TemplateSource {
    private static final String PREFIX = "cli/templates/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path template;
    private final TemplateOptions options;

    private TemplateSource(Path template, TemplateOptions options) {
        this.template = template;
        this.options = options;
    }

    /** The source of a template deployed with these options. */
    static TemplateSource of(Path template, TemplateOptions given) {
        TemplateOptions o = new TemplateOptions();
        o.profile = given.profile;
        o.env = List.copyOf(given.env);
        o.envFiles = given.envFiles.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        o.configSet = given.configSet == null ? null : given.configSet.toAbsolutePath().normalize();
        o.composeProfiles = List.copyOf(given.composeProfiles);
        return new TemplateSource(template.toAbsolutePath().normalize(), o);
    }

    /** Writes this source as the one of application {@code appId}. */
    void save(StateStore store, String appId) {
        ObjectNode root = JSON.createObjectNode().put("template", template.toString()).put("profile", options.profile)
                .put("configSet", options.configSet == null ? null : options.configSet.toString());
        ArrayNode env = root.putArray("env");
        options.env.forEach(env::add);
        ArrayNode files = root.putArray("envFiles");
        options.envFiles.forEach(f -> files.add(f.toString()));
        ArrayNode profiles = root.putArray("composeProfiles");
        options.composeProfiles.forEach(profiles::add);
        store.put(PREFIX + appId, StateStore.ANY_VERSION, root.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Forgets the source of a deleted application. */
    static void forget(StateStore store, String appId) {
        if (store.get(PREFIX + appId).isPresent()) {
            store.delete(PREFIX + appId, StateStore.ANY_VERSION);
        }
    }

    /** The source kept for an application, if it was deployed by {@code acs deploy} with this state. */
    static Optional<TemplateSource> read(StateStore store, String appId) {
        Optional<StoredEntry> entry = store.get(PREFIX + appId);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(entry.get().value());
            TemplateOptions o = new TemplateOptions();
            o.profile = root.path("profile").isTextual() ? root.get("profile").asText() : null;
            o.configSet = root.path("configSet").isTextual() ? Path.of(root.get("configSet").asText()) : null;
            o.env = texts(root.path("env"));
            o.envFiles = texts(root.path("envFiles")).stream().map(Path::of).toList();
            o.composeProfiles = texts(root.path("composeProfiles"));
            return Optional.of(new TemplateSource(Path.of(root.get("template").asText()), o));
        } catch (IOException | RuntimeException e) {
            throw AcsException.invalidArgument("the template source of application " + appId + " in the state cannot"
                    + " be read: " + e.getMessage());
        }
    }

    /**
     * The parse options as {@code acs deploy} builds them for the template text, with the env files and configuration
     * set read now.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} when a file cannot be read or the configuration set is invalid
     */
    ParseOptions parseOptions(String templateText) {
        StringWriter problems = new StringWriter();
        TemplateOptions.Resolved resolved;
        try {
            resolved = options.resolve(new CommandLine(options), template,
                    templateText.getBytes(StandardCharsets.UTF_8), new PrintWriter(problems, true));
        } catch (CommandLine.ParameterException e) {
            throw AcsException.invalidArgument("the template options of " + template + " no longer apply: "
                    + e.getMessage());
        }
        if (!resolved.valid()) {
            throw AcsException.invalidArgument("the configuration set " + options.configSet + " is invalid: "
                    + problems.toString().strip());
        }
        return resolved.options().runtime(TargetRuntime.DOCKER).build();
    }

    /** The refresher of a state's applications: each one deployed by {@code acs deploy} renders again from its source. */
    static TemplateRefresher refresher(StateStore store) {
        return TemplateRefresher.of(app -> read(store, app.id()).map(s -> s.parseOptions(app.template())));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
