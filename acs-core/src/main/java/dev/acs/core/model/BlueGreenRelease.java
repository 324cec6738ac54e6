package dev.acs.core.model;

import dev.acs.core.error.AcsException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A blue-green release (蓝绿发布, {@code spec/lifecycle.md} §7.3.8) in progress on an application: both versions, the
 * services of each role and the traffic weight of every old and new service. Kept on the {@link Application} until
 * the release is confirmed or rolled back, so it survives a restart of the control plane.
 *
 * <p>Roles, as the console colours them: <b>old</b> (blue) services are in the old version and changed or dropped by
 * the new one, and go on confirmation; <b>new</b> (green) services are only in the new version, start next to the old
 * ones with weight 0 and go on rollback; <b>unchanged</b> (yellow) services are identical in both and not touched.
 *
 * @param oldSpec     the version before the release
 * @param oldTemplate its template text, or {@code null}
 * @param newSpec     the version being released
 * @param newTemplate its template text, or {@code null}
 * @param oldServices the old (blue) services, in the old version's order
 * @param newServices the new (green) services, in the new version's order
 * @param weights     route / SLB weight (0-100) of every old and new service
 * @param startedAt   when the release started
 */
public record BlueGreenRelease(AppSpec oldSpec, String oldTemplate, AppSpec newSpec, String newTemplate,
                               List<String> oldServices, List<String> newServices, Map<String, Integer> weights,
                               Instant startedAt) {

    /** The part a service plays in a release. */
    public enum Role {
        /** Blue: the old version of a changed or dropped service; deleted on confirmation. */
        OLD,
        /** Green: a service of the new version; deleted on rollback. */
        NEW,
        /** Yellow: the same in both versions; never touched. */
        UNCHANGED
    }

    /** Requires both versions and freezes the collections. */
    public BlueGreenRelease {
        Objects.requireNonNull(oldSpec, "oldSpec");
        Objects.requireNonNull(newSpec, "newSpec");
        Objects.requireNonNull(startedAt, "startedAt");
        oldServices = List.copyOf(oldServices);
        newServices = List.copyOf(newServices);
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    /**
     * Plans the release from the current version to {@code newSpec}: services equal in both are unchanged, the
     * others of the old version are old (weight 100) and the others of the new version new (weight 0).
     *
     * @throws AcsException {@code INVALID_ARGUMENT} when a changed service keeps its name (old and new run side by
     *                      side, so the new one needs another name), or when the new version adds no service
     */
    public static BlueGreenRelease plan(AppSpec oldSpec, String oldTemplate, AppSpec newSpec, String newTemplate,
                                        Instant now) {
        List<String> old = new ArrayList<>();
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (ServiceSpec s : oldSpec.services()) {
            ServiceSpec next = newSpec.service(s.name()).orElse(null);
            if (next != null && !next.equals(s)) {
                throw AcsException.invalidArgument("service '" + s.name() + "' changes from version " + oldSpec.version()
                        + " to " + newSpec.version() + ": in a blue-green release old and new services run side by side, "
                        + "so the new version of '" + s.name() + "' must not reuse the old service's name '" + s.name()
                        + "' (for example '" + s.name() + "-v2')");
            }
            if (next == null) {
                old.add(s.name());
                weights.put(s.name(), 100);
            }
        }
        List<String> added = new ArrayList<>();
        for (ServiceSpec s : newSpec.services()) {
            if (oldSpec.service(s.name()).isEmpty()) {
                added.add(s.name());
                weights.put(s.name(), 0);
            }
        }
        if (added.isEmpty()) {
            throw AcsException.invalidArgument("version " + newSpec.version() + " adds no new service: a blue-green "
                    + "release starts new services next to the old ones; use a standard release instead");
        }
        return new BlueGreenRelease(oldSpec, oldTemplate, newSpec, newTemplate, old, added, weights, now);
    }

    /** What runs while the release is open: unchanged and old services, then the new ones, under the new version. */
    public AppSpec runningSpec() {
        List<ServiceSpec> services = new ArrayList<>(oldSpec.services());
        newServices.forEach(n -> services.add(newSpec.service(n).orElseThrow()));
        return newSpec.toBuilder().services(services).build();
    }

    /** The role of a service of either version. */
    public Role role(String service) {
        if (oldServices.contains(service)) {
            return Role.OLD;
        }
        return newServices.contains(service) ? Role.NEW : Role.UNCHANGED;
    }

    /**
     * This release with another weight for an old or new service.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} for a weight outside 0-100 or a service that is neither old nor
     *                      new in this release
     */
    public BlueGreenRelease withWeight(String service, int weight) {
        if (weight < 0 || weight > 100) {
            throw AcsException.invalidArgument("weight " + weight + " of service '" + service + "' must be 0-100");
        }
        if (!weights.containsKey(service)) {
            throw AcsException.invalidArgument("service '" + service + "' has no weight in this blue-green release: "
                    + "only its old " + oldServices + " and new " + newServices + " services do");
        }
        Map<String, Integer> changed = new LinkedHashMap<>(weights);
        changed.put(service, weight);
        return new BlueGreenRelease(oldSpec, oldTemplate, newSpec, newTemplate, oldServices, newServices, changed,
                startedAt);
    }

    /**
     * The record's usual text with both templates printed as their lengths (the texts hold environment values
     * verbatim) and secrets of the specs masked (see {@link AppSpec#toString()}).
     */
    @Override
    public String toString() {
        return RecordText.of(this, Map.of("oldTemplate", RecordText::templateText,
                "newTemplate", RecordText::templateText));
    }
}
