package dev.acs.compose;

import dev.acs.core.error.AcsException;
import dev.acs.core.limits.Limits;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to parse a template: the validation profile, where variables come from, and the safety limits.
 *
 * <p>The safety limits bound the work and memory of one parse for every document within {@link #maxDocumentChars()}:
 * each has a safe default and its own diagnostic code, so a hostile or mistaken template costs little and says
 * which limit it hit.
 *
 * <p>Variables are looked up in the caller's {@link #variables()} first, then in the {@link #configSet()}, then,
 * only when {@link #useProcessEnvironment()} is set, in the process environment.
 */
public final class ParseOptions {
    private static final ParseOptions DEFAULTS = builder().build();

    private final Fields f;

    /** Every field, validated and frozen: what the accessors return and what the state store keeps. */
    private record Fields(
            Profile profile,
            String applicationName,
            Map<String, String> variables,
            ConfigSet configSet,
            boolean useProcessEnvironment,
            Limits limits,
            int maxDocumentChars,
            int maxAliases,
            int maxDepth,
            int maxNodes,
            int maxPortsPerRange,
            int maxPorts,
            int maxInterpolatedChars,
            int maxExtendsDepth,
            int maxScale,
            int maxDiagnostics,
            int maxMessageChars,
            TargetRuntime runtime,
            java.nio.file.Path baseDirectory,
            java.util.Set<String> activeProfiles) {
        Fields {
            require(profile != null, "profile is missing: use Profile.CLASSIC, SWARM_MODE or COMPOSE_SPEC");
            applicationName = applicationName == null || applicationName.isBlank() ? "app" : applicationName;
            variables = java.util.Collections.unmodifiableMap(variables == null ? Map.of() : new LinkedHashMap<>(variables));
            require(limits != null, "limits are missing: use Limits.defaults()");
            activeProfiles = activeProfiles == null ? java.util.Set.of()
                    : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(activeProfiles));
            limits.requireAppName(applicationName);
            if (maxDocumentChars < 1 || maxAliases < 0 || maxDepth < 2 || maxNodes < 1 || maxPortsPerRange < 1
                    || maxPorts < 1 || maxInterpolatedChars < 0 || maxExtendsDepth < 1 || maxScale < 1
                    || maxDiagnostics < 1 || maxMessageChars < 40) {
                throw AcsException.invalidArgument("safety limits must be positive (maxMessageChars at least 40)");
            }
        }
    }

    private ParseOptions(Fields f) {
        this.f = f;
    }

    /** Validation profile ({@link Profile#CLASSIC} by default). */
    public Profile profile() { return f.profile(); }
    /**
     * Name given to the parsed application ({@code app} by default); checked with {@link Limits#requireAppName(String)}
     * (an {@code AcsException} when it breaks the rule).
     */
    public String applicationName() { return f.applicationName(); }
    /** Variables given by the caller. */
    public Map<String, String> variables() { return f.variables(); }
    /** A configuration set whose items are variables, or {@code null}. */
    public ConfigSet configSet() { return f.configSet(); }
    /** Whether the process environment supplies variables. */
    public boolean useProcessEnvironment() { return f.useProcessEnvironment(); }
    /** Product limits (memory minimum, routing lengths, configuration sets). */
    public Limits limits() { return f.limits(); }
    /** Largest document accepted, in characters (1 MiB by default). */
    public int maxDocumentChars() { return f.maxDocumentChars(); }
    /** Most aliases to collections (50 by default). */
    public int maxAliases() { return f.maxAliases(); }
    /** Deepest nesting of collections (40 by default). */
    public int maxDepth() { return f.maxDepth(); }
    /** Most YAML nodes after alias expansion (100,000 by default). */
    public int maxNodes() { return f.maxNodes(); }
    /**
     * Most ports one range such as {@code 8000-8100} may expand to (1,024 by default); a longer range is {@link
     * DiagnosticCode#TPL_013}.
     */
    public int maxPortsPerRange() { return f.maxPortsPerRange(); }
    /**
     * Most port mappings ({@code ports} and {@code expose}, ranges expanded) in the whole template (4,096 by default);
     * beyond it {@link DiagnosticCode#TPL_014}.
     */
    public int maxPorts() { return f.maxPorts(); }
    /**
     * Most characters that variable substitution may produce in the whole document, counted over every scalar that
     * holds a reference (1 MiB by default); beyond it {@link DiagnosticCode#TPL_015}.
     */
    public int maxInterpolatedChars() { return f.maxInterpolatedChars(); }
    /**
     * Longest {@code extends} chain below a service (64 by default); a longer one is {@link DiagnosticCode#TPL_016}.
     */
    public int maxExtendsDepth() { return f.maxExtendsDepth(); }
    /**
     * Largest container count of one service ({@code aliyun.scale}, {@code replicas}): 10,000 by default; a larger one
     * is {@link DiagnosticCode#LBL_026}.
     */
    public int maxScale() { return f.maxScale(); }
    /**
     * Most diagnostics kept for one template (1,000 by default); the rest are counted in one closing {@link
     * DiagnosticCode#TPL_017}.
     */
    public int maxDiagnostics() { return f.maxDiagnostics(); }
    /**
     * Longest diagnostic message and key path, in characters (500 by default); longer ones are shortened and counted in
     * one {@link DiagnosticCode#TPL_018} warning.
     */
    public int maxMessageChars() { return f.maxMessageChars(); }
    /**
     * The runtime the template is meant for, or {@code null} for none in particular: where it cannot apply a key the
     * parser warns ({@link KeySupport}); without one, only keys that no runtime applies are reported.
     */
    public TargetRuntime runtime() { return f.runtime(); }
    /** Directory of the template, against which {@code env_file} paths resolve, or {@code null} for the working directory. */
    public java.nio.file.Path baseDirectory() {
        return f.baseDirectory();
    }

    /** Compose profiles to activate ({@code --profile NAME} of docker compose): a service with {@code profiles:} is kept only when one of them is active. */
    public java.util.Set<String> activeProfiles() {
        return f.activeProfiles();
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
        b.profile = f.profile();
        b.applicationName = f.applicationName();
        b.variables = new LinkedHashMap<>(f.variables());
        b.configSet = f.configSet();
        b.useProcessEnvironment = f.useProcessEnvironment();
        b.limits = f.limits();
        b.maxDocumentChars = f.maxDocumentChars();
        b.maxAliases = f.maxAliases();
        b.maxDepth = f.maxDepth();
        b.maxNodes = f.maxNodes();
        b.maxPortsPerRange = f.maxPortsPerRange();
        b.maxPorts = f.maxPorts();
        b.maxInterpolatedChars = f.maxInterpolatedChars();
        b.maxExtendsDepth = f.maxExtendsDepth();
        b.maxScale = f.maxScale();
        b.maxDiagnostics = f.maxDiagnostics();
        b.maxMessageChars = f.maxMessageChars();
        b.runtime = f.runtime();
        b.baseDirectory = f.baseDirectory();
        b.activeProfiles = new java.util.LinkedHashSet<>(f.activeProfiles());
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
        private int maxPortsPerRange = 1024;
        private int maxPorts = 4096;
        private int maxInterpolatedChars = 1 << 20;
        private int maxExtendsDepth = 64;
        private int maxScale = 10_000;
        private int maxDiagnostics = 1000;
        private int maxMessageChars = 500;
        private TargetRuntime runtime;
        private java.nio.file.Path baseDirectory;
        private java.util.Set<String> activeProfiles = new java.util.LinkedHashSet<>();

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
        /** Most ports one range may expand to. */
        public Builder maxPortsPerRange(int v) { maxPortsPerRange = v; return this; }
        /** Most port mappings in the whole template. */
        public Builder maxPorts(int v) { maxPorts = v; return this; }
        /** Most characters substitution may produce in the whole document. */
        public Builder maxInterpolatedChars(int v) { maxInterpolatedChars = v; return this; }
        /** Longest extends chain. */
        public Builder maxExtendsDepth(int v) { maxExtendsDepth = v; return this; }
        /** Largest container count of one service. */
        public Builder maxScale(int v) { maxScale = v; return this; }
        /** Most diagnostics kept. */
        public Builder maxDiagnostics(int v) { maxDiagnostics = v; return this; }
        /** Longest diagnostic message. */
        public Builder maxMessageChars(int v) { maxMessageChars = v; return this; }
        /** Target runtime, or {@code null}. */
        public Builder runtime(TargetRuntime v) { runtime = v; return this; }
        /** Template directory for relative {@code env_file} paths, or {@code null}. */
        public Builder baseDirectory(java.nio.file.Path v) { baseDirectory = v; return this; }
        /** Active Compose profiles. */
        public Builder activeProfiles(java.util.Collection<String> v) {
            activeProfiles = new java.util.LinkedHashSet<>(v);
            return this;
        }

        /**
         * The options.
         *
         * @throws AcsException {@code INVALID_ARGUMENT} when the profile or the limits are missing or a safety limit
         *                      is out of range; {@code INVALID_NAME} when the application name breaks the naming rule
         */
        public ParseOptions build() {
            return new ParseOptions(new Fields(profile, applicationName, variables, configSet, useProcessEnvironment,
                    limits, maxDocumentChars, maxAliases, maxDepth, maxNodes, maxPortsPerRange, maxPorts,
                    maxInterpolatedChars, maxExtendsDepth, maxScale, maxDiagnostics, maxMessageChars, runtime,
                    baseDirectory, activeProfiles));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof ParseOptions other && f.equals(other.f);
    }

    @Override
    public int hashCode() {
        return f.hashCode();
    }

    /** The options with the variables' names only: their values may be secrets. */
    @Override
    public String toString() {
        return "ParseOptions[profile=" + f.profile() + ", applicationName=" + f.applicationName() + ", variables="
                + f.variables().keySet() + ", configSet=" + (f.configSet() == null ? null : f.configSet().name())
                + ", runtime=" + f.runtime() + ", baseDirectory=" + f.baseDirectory() + ", activeProfiles="
                + f.activeProfiles() + ", maxDocumentChars=" + f.maxDocumentChars() + ", ...]";
    }
}
