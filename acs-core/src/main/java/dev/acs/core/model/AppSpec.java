package dev.acs.core.model;

import dev.acs.core.error.AcsException;
import dev.acs.core.secret.Secrets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The declared form of an application: its services and job-level settings, as a template or an image form
 * produces it. Immutable; build with {@link #builder(String)}.
 */
public final class AppSpec {
    private final Fields f;

    /** Every field, validated and frozen: what the accessors return and what the state store keeps. */
    private record Fields(
            String name,
            String version,
            String description,
            AppKind kind,
            String schedule,
            Map<String, String> labels,
            List<ServiceSpec> services,
            List<ExternalService> externals,
            Map<String, Object> volumes,
            Map<String, Object> extensions) {
        Fields {
            if (name == null || name.isBlank()) {
                throw AcsException.invalidArgument("an application needs a name");
            }
            version = version == null || version.isBlank() ? DEFAULT_VERSION : version;
            description = description == null ? "" : description;
            kind = kind == null ? AppKind.ONLINE : kind;
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
            services = List.copyOf(services);
            externals = externals == null ? List.of() : List.copyOf(externals);
            volumes = Frozen.plainValues(volumes);
            extensions = Frozen.plainValues(extensions);
            Set<String> seen = new HashSet<>();
            for (ServiceSpec s : services) {
                if (!seen.add(s.name())) {
                    throw AcsException.invalidArgument("application '" + name + "' declares service '" + s.name() + "' twice");
                }
            }
            for (ExternalService e : externals) {
                if (!seen.add(e.name())) {
                    throw AcsException.invalidArgument("application '" + name + "' declares service '" + e.name() + "' twice");
                }
            }
        }
    }

    private AppSpec(Fields f) {
        this.f = f;
    }

    /** Application name: the Compose project name that prefixes service and container names. */
    public String name() { return f.name(); }
    /** Application version, {@code 1.0} by default; must change on every change of configuration. */
    public String version() { return f.version(); }
    /** Free text, at most 1,024 characters (checked by {@code Limits}). */
    public String description() { return f.description(); }
    /** Online, batch or scheduled job. */
    public AppKind kind() { return f.kind(); }
    /** 6-field cron expression for a scheduled job ({@code aliyun.schedule}), else {@code null}. */
    public String schedule() { return f.schedule(); }
    /** Job-level (top-level) labels of a version 2 template. */
    public Map<String, String> labels() { return f.labels(); }
    /** The services in declaration order, unique by name. */
    public List<ServiceSpec> services() { return f.services(); }
    /** Services that are not deployed but linked to ({@code external:}), unique by name. */
    public List<ExternalService> externals() { return f.externals(); }
    /** Top-level named-volume declarations, name to driver settings as plain values. */
    public Map<String, Object> volumes() { return f.volumes(); }
    /** Top-level {@code x-*} extension fields, as plain values /. */
    public Map<String, Object> extensions() { return f.extensions(); }
    /** The version an application gets when none is given. */
    public static final String DEFAULT_VERSION = "1.0";

    

    /** A builder for an application with the given name. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding a copy of this application. */
    public Builder toBuilder() {
        return new Builder(f.name()).version(f.version()).description(f.description()).kind(f.kind())
                .schedule(f.schedule()).labels(f.labels()).services(f.services()).externals(f.externals())
                .volumes(f.volumes()).extensions(f.extensions());
    }

    /** The service of that name, if declared. */
    public Optional<ServiceSpec> service(String serviceName) {
        return f.services().stream().filter(s -> s.name().equals(serviceName)).findFirst();
    }

    /** Builder of {@link AppSpec}. */
    public static final class Builder {
        private String name;
        private String version = DEFAULT_VERSION;
        private String description = "";
        private AppKind kind = AppKind.ONLINE;
        private String schedule;
        private Map<String, String> labels = new LinkedHashMap<>();
        private List<ServiceSpec> services = new ArrayList<>();
        private List<ExternalService> externals = new ArrayList<>();
        private Map<String, Object> volumes = new LinkedHashMap<>();
        private Map<String, Object> extensions = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Name. */
        public Builder name(String v) { name = v; return this; }
        /** Version. */
        public Builder version(String v) { version = v; return this; }
        /** Description. */
        public Builder description(String v) { description = v; return this; }
        /** Kind. */
        public Builder kind(AppKind v) { kind = v; return this; }
        /** Cron schedule. */
        public Builder schedule(String v) { schedule = v; return this; }
        /** Job labels. */
        public Builder labels(Map<String, String> v) { labels = new LinkedHashMap<>(v); return this; }
        /** Services. */
        public Builder services(List<ServiceSpec> v) { services = new ArrayList<>(v); return this; }
        /** Adds one service. */
        public Builder service(ServiceSpec v) { services.add(v); return this; }

        /** External services. */
        public Builder externals(List<ExternalService> v) { externals = new ArrayList<>(v); return this; }
        /** Top-level volume declarations. */
        public Builder volumes(Map<String, Object> v) { volumes = new LinkedHashMap<>(v); return this; }
        /** Top-level {@code x-*} extension fields. */
        public Builder extensions(Map<String, Object> v) { extensions = new LinkedHashMap<>(v); return this; }

        /** The application. */
        public AppSpec build() {
            return new AppSpec(new Fields(name, version, description, kind, schedule, labels, services, externals,
                    volumes, extensions));
        }
    }

    /**
     * The text Java gives records, with secret values (by {@link Secrets#policy()}) printed as {@link Secrets#MASK}: in
     * the job labels here, in each service's environment and labels by {@link ServiceSpec#toString()}.
     */
    @Override
    public String toString() {
        return RecordText.of("AppSpec", f, Map.of("labels", v -> Secrets.mask(f.labels())));
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof AppSpec other && f.equals(other.f);
    }

    @Override
    public int hashCode() {
        return f.hashCode();
    }
}
