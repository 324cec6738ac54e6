package dev.acs.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An application deployed to a cluster. Immutable; state changes go through
 * {@link #withState(AppState, Instant)}, which enforces the transition table of {@link AppState}.
 *
 * @param id        application id
 * @param clusterId target cluster
 * @param spec      the declared services
 * @param mode      created from an image or from a template
 * @param template  the template text it came from (the product stores YAML even for image apps), or {@code null}
 * @param state     lifecycle state
 * @param createdAt creation time
 * @param updatedAt time of the last change
 * @param release   the blue-green release in progress or awaiting confirmation, or {@code null}; while one is open
 *                  {@code spec} is {@link BlueGreenRelease#runningSpec()} (old and new services side by side)
 * @param stoppedServices services stopped on their own ({@code spec/lifecycle.md} §9.3.2) while the application
 *                  runs; the reconciler leaves their containers stopped until the service or the application starts
 */
public record Application(String id, String clusterId, AppSpec spec, CreationMode mode, String template,
                          AppState state, Instant createdAt, Instant updatedAt, BlueGreenRelease release,
                          List<String> stoppedServices) {

    /** An application with no blue-green release open and no service stopped on its own. */
    public Application(String id, String clusterId, AppSpec spec, CreationMode mode, String template, AppState state,
                       Instant createdAt, Instant updatedAt) {
        this(id, clusterId, spec, mode, template, state, createdAt, updatedAt, null, List.of());
    }

    /** Requires every part but the template. */
    public Application {
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

    /** The application's name. */
    public String name() {
        return spec.name();
    }

    /**
     * This application in another state.
     *
     * @throws dev.acs.core.error.AcsException {@code INVALID_STATE} when the table forbids the move
     */
    public Application withState(AppState to, Instant now) {
        return new Application(id, clusterId, spec, mode, template, state.transitionTo(describe(), to), createdAt, now,
                release, stoppedServices);
    }

    /** This application with a new declared form (after a change of configuration). */
    public Application withSpec(AppSpec newSpec, String newTemplate, Instant now) {
        return new Application(id, clusterId, newSpec, mode, newTemplate, state, createdAt, now, release,
                stoppedServices);
    }

    /**
     * This application with a blue-green release opened or changed (running {@link BlueGreenRelease#runningSpec()}),
     * or closed ({@code null}) on {@code newSpec}.
     */
    public Application withRelease(BlueGreenRelease newRelease, AppSpec newSpec, String newTemplate, Instant now) {
        return new Application(id, clusterId, newSpec, mode, newTemplate, state, createdAt, now, newRelease,
                stoppedServices);
    }

    /**
     * This application with other services stopped on their own; names the spec does not declare are dropped (also
     * by {@link #withSpec} and {@link #withRelease} when a service goes).
     */
    public Application withStoppedServices(List<String> services, Instant now) {
        return new Application(id, clusterId, spec, mode, template, state, createdAt, now, release, services);
    }

    /** {@code application 'name' (id)}, as messages name it. */
    public String describe() {
        return "application '" + spec.name() + "' (" + id + ")";
    }

    /**
     * The record's usual text with the template printed as its length (the text holds environment values verbatim)
     * and secrets of the spec masked (see {@link AppSpec#toString()}).
     */
    @Override
    public String toString() {
        return RecordText.of(this, Map.of("template", RecordText::templateText));
    }
}
