package dev.acs.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An application deployed to a cluster. Immutable; state changes go through
 * {@link #withState(AppState, Instant)}, which enforces the transition table of {@link AppState}.
 */
public final class Application {
    private final Fields f;

    /** Every field, validated and frozen: what the accessors return and what the state store keeps. */
    private record Fields(
            String id,
            String clusterId,
            AppSpec spec,
            CreationMode mode,
            String template,
            AppState state,
            Instant createdAt,
            Instant updatedAt,
            BlueGreenRelease release,
            List<String> stoppedServices) {
        Fields {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(clusterId, "clusterId");
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(updatedAt, "updatedAt");
            stoppedServices = stoppedServices == null ? List.of()
                    : stoppedServices.stream().filter(s -> spec.service(s).isPresent()).distinct().toList();
        }
    }

    private Application(Fields f) {
        this.f = f;
    }

    /** Application id. */
    public String id() { return f.id(); }
    /** Target cluster. */
    public String clusterId() { return f.clusterId(); }
    /** The declared services. */
    public AppSpec spec() { return f.spec(); }
    /** Created from an image or from a template. */
    public CreationMode mode() { return f.mode(); }
    /** The template text it came from (the product stores YAML even for image apps), or {@code null}. */
    public String template() { return f.template(); }
    /** Lifecycle state. */
    public AppState state() { return f.state(); }
    /** Creation time. */
    public Instant createdAt() { return f.createdAt(); }
    /** Time of the last change. */
    public Instant updatedAt() { return f.updatedAt(); }
    /**
     * The blue-green release in progress or awaiting confirmation, or {@code null}; while one is open {@code spec} is
     * {@link BlueGreenRelease#runningSpec()} (old and new services side by side).
     */
    public BlueGreenRelease release() { return f.release(); }
    /**
     * Services stopped on their own ({@code spec/lifecycle.md} §9.3.2) while the application runs; the reconciler
     * leaves their containers stopped until the service or the application starts /.
     */
    public List<String> stoppedServices() { return f.stoppedServices(); }

    

    /** The application's name. */
    public String name() {
        return f.spec().name();
    }

    /**
     * This application in another state.
     *
     * @throws dev.acs.core.error.AcsException {@code INVALID_STATE} when the table forbids the move
     */
    public Application withState(AppState to, Instant now) {
        return toBuilder().state(f.state().transitionTo(describe(), to)).updatedAt(now).build();
    }

    /** This application with a new declared form (after a change of configuration). */
    public Application withSpec(AppSpec newSpec, String newTemplate, Instant now) {
        return toBuilder().spec(newSpec).template(newTemplate).updatedAt(now).build();
    }

    /**
     * This application with a blue-green release opened or changed (running {@link BlueGreenRelease#runningSpec()}),
     * or closed ({@code null}) on {@code newSpec}.
     */
    public Application withRelease(BlueGreenRelease newRelease, AppSpec newSpec, String newTemplate, Instant now) {
        return toBuilder().release(newRelease).spec(newSpec).template(newTemplate).updatedAt(now).build();
    }

    /**
     * This application with other services stopped on their own; names the spec does not declare are dropped (also
     * by {@link #withSpec} and {@link #withRelease} when a service goes).
     */
    public Application withStoppedServices(List<String> services, Instant now) {
        return toBuilder().stoppedServices(services).updatedAt(now).build();
    }

    /** {@code application 'name' (id)}, as messages name it. */
    public String describe() {
        return "application '" + f.spec().name() + "' (" + f.id() + ")";
    }

    /**
     * The text Java gives records, with the template printed as its length (the text holds environment values verbatim)
     * and secrets of the spec masked (see {@link AppSpec#toString()}).
     */
    @Override
    public String toString() {
        return RecordText.of("Application", f, Map.of("template", RecordText::templateText));
    }

    /** A builder with every field unset (the required ones must be set before {@link Builder#build()}). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding a copy of this {@code Application}. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = f.id();
        b.clusterId = f.clusterId();
        b.spec = f.spec();
        b.mode = f.mode();
        b.template = f.template();
        b.state = f.state();
        b.createdAt = f.createdAt();
        b.updatedAt = f.updatedAt();
        b.release = f.release();
        b.stoppedServices = f.stoppedServices();
        return b;
    }

    /** Builder of {@link Application}; every setter returns the builder. */
    public static final class Builder {
        private String id;
        private String clusterId;
        private AppSpec spec;
        private CreationMode mode;
        private String template;
        private AppState state;
        private Instant createdAt;
        private Instant updatedAt;
        private BlueGreenRelease release;
        private List<String> stoppedServices;

        private Builder() {
        }

        /** Application id. */
        public Builder id(String v) { id = v; return this; }
        /** Target cluster. */
        public Builder clusterId(String v) { clusterId = v; return this; }
        /** The declared services. */
        public Builder spec(AppSpec v) { spec = v; return this; }
        /** Created from an image or from a template. */
        public Builder mode(CreationMode v) { mode = v; return this; }
        /** The template text it came from (the product stores YAML even for image apps), or {@code null}. */
        public Builder template(String v) { template = v; return this; }
        /** Lifecycle state. */
        public Builder state(AppState v) { state = v; return this; }
        /** Creation time. */
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        /** Time of the last change. */
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        /**
         * The blue-green release in progress or awaiting confirmation, or {@code null}; while one is open {@code spec}
         * is {@link BlueGreenRelease#runningSpec()} (old and new services side by side).
         */
        public Builder release(BlueGreenRelease v) { release = v; return this; }
        /**
         * Services stopped on their own ({@code spec/lifecycle.md} §9.3.2) while the application runs; the reconciler
         * leaves their containers stopped until the service or the application starts /.
         */
        public Builder stoppedServices(List<String> v) { stoppedServices = v; return this; }

        /**
         * The application.
         *
         * @throws dev.acs.core.error.AcsException or {@link NullPointerException} when a required field is missing
         *                                         or a field is invalid
         */
        public Application build() {
            return new Application(new Fields(id, clusterId, spec, mode, template, state, createdAt, updatedAt, release,
                    stoppedServices));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Application other && f.equals(other.f);
    }

    @Override
    public int hashCode() {
        return f.hashCode();
    }
}
