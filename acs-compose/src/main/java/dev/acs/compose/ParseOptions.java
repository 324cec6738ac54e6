package dev.acs.compose;

import dev.acs.core.error.AcsException;
import dev.acs.core.limits.Limits;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to parse a template: the validation profile, where variables come from, and the safety limits.
 *
 * <p>Variables are looked up in the caller's {@link #variables()} first, then in the {@link #configSet()}, then,
 * only when {@link #useProcessEnvironment()} is set, in the process environment.
 *
 * @param profile               validation profile ({@link Profile#CLASSIC} by default)
 * @param applicationName       name given to the parsed application ({@code app} by default); checked with
 *                              {@link Limits#requireAppName(String)} (an {@code AcsException} when it breaks the rule)
 * @param variables             variables given by the caller
 * @param configSet             a configuration set whose items are variables, or {@code null}
 * @param useProcessEnvironment whether the process environment supplies variables
 * @param limits                product limits (memory minimum, routing lengths, configuration sets)
 * @param maxDocumentChars      largest document accepted, in characters (1 MiB by default)
 * @param maxAliases            most aliases to collections (50 by default)
 * @param maxDepth              deepest nesting of collections (40 by default)
 * @param maxNodes              most YAML nodes after alias expansion (100,000 by default)
 */
public record ParseOptions(Profile profile, String applicationName, Map<String, String> variables, ConfigSet configSet,
                           boolean useProcessEnvironment, Limits limits, int maxDocumentChars, int maxAliases,
                           int maxDepth, int maxNodes) {
    private static final ParseOptions DEFAULTS = builder().build();

    /**
     * Checks and freezes the parts.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} when the profile or the limits are missing or a safety limit is
     *                      out of range; {@code INVALID_NAME} when the application name breaks the naming rule
     */
    public ParseOptions {
        require(profile != null, "profile is missing: use Profile.CLASSIC, SWARM_MODE or COMPOSE_SPEC");
        applicationName = applicationName == null || applicationName.isBlank() ? "app" : applicationName;
        variables = java.util.Collections.unmodifiableMap(variables == null ? Map.of() : new LinkedHashMap<>(variables));
        require(limits != null, "limits are missing: use Limits.defaults()");
        limits.requireAppName(applicationName);
        if (maxDocumentChars < 1 || maxAliases < 0 || maxDepth < 2 || maxNodes < 1) {
            throw AcsException.invalidArgument("safety limits must be positive");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw AcsException.invalidArgument(message);
        }
    }

    /** Classic profile, no variables, default limits. */
    public static ParseOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.profile = profile;
        b.applicationName = applicationName;
        b.variables = new LinkedHashMap<>(variables);
        b.configSet = configSet;
        b.useProcessEnvironment = useProcessEnvironment;
        b.limits = limits;
        b.maxDocumentChars = maxDocumentChars;
        b.maxAliases = maxAliases;
        b.maxDepth = maxDepth;
        b.maxNodes = maxNodes;
        return b;
    }

    /** Builder of {@link ParseOptions}. */
    public static final class Builder {
        private Profile profile = Profile.CLASSIC;
        private String applicationName = "app";
        private Map<String, String> variables = new LinkedHashMap<>();
        private ConfigSet configSet;
        private boolean useProcessEnvironment;
        private Limits limits = Limits.defaults();
        private int maxDocumentChars = 1 << 20;
        private int maxAliases = 50;
        private int maxDepth = 40;
        private int maxNodes = 100_000;

        private Builder() {
        }

        /** Validation profile. */
        public Builder profile(Profile v) { profile = v; return this; }
        /** Application name. */
        public Builder applicationName(String v) { applicationName = v; return this; }
        /** All caller variables. */
        public Builder variables(Map<String, String> v) { variables = new LinkedHashMap<>(v); return this; }
        /** One caller variable. */
        public Builder variable(String name, String value) { variables.put(name, value); return this; }
        /** Configuration set, or {@code null}. */
        public Builder configSet(ConfigSet v) { configSet = v; return this; }
        /** Whether the process environment supplies variables. */
        public Builder useProcessEnvironment(boolean v) { useProcessEnvironment = v; return this; }
        /** Product limits. */
        public Builder limits(Limits v) { limits = v; return this; }
        /** Largest document in characters. */
        public Builder maxDocumentChars(int v) { maxDocumentChars = v; return this; }
        /** Most aliases to collections. */
        public Builder maxAliases(int v) { maxAliases = v; return this; }
        /** Deepest nesting. */
        public Builder maxDepth(int v) { maxDepth = v; return this; }
        /** Most nodes after alias expansion. */
        public Builder maxNodes(int v) { maxNodes = v; return this; }

        /** The options. */
        public ParseOptions build() {
            return new ParseOptions(profile, applicationName, variables, configSet, useProcessEnvironment, limits,
                    maxDocumentChars, maxAliases, maxDepth, maxNodes);
        }
    }
}
