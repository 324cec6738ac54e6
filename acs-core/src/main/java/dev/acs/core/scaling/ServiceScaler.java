package dev.acs.core.scaling;

import dev.acs.core.error.AcsException;
import dev.acs.core.metrics.MetricKey;
import dev.acs.core.metrics.Metrics;
import dev.acs.core.metrics.Usage;
import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.ControllerContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Container auto-scaling of the services of one pass: counts each new closed period of a service with a policy and
 * scales it by its step after three consecutive ones beyond a bound, within its bounds; every decision, every
 * non-decision at a bound and every period that counts toward one is an event of the application.
 */
final class ServiceScaler {
    private final Metrics metrics;
    private final ScalingStore store;
    private final BiFunction<String, String, Optional<AutoScalingPolicy>> overrides;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    ServiceScaler(Metrics metrics, ScalingStore store,
                  BiFunction<String, String, Optional<AutoScalingPolicy>> overrides) {
        this.metrics = metrics;
        this.store = store;
        this.overrides = overrides;
    }

    void scale(ControllerContext ctx, Application app) {
        if (app.spec().kind() != AppKind.ONLINE) {
            return;
        }
        for (ServiceSpec service : app.spec().services()) {
            if (service.global() || app.stoppedServices().contains(service.name())) {
                continue;
            }
            Optional<AutoScalingPolicy> policy = policy(ctx, app, service);
            if (policy.isPresent()) {
                scale(ctx, app, service, policy.get());
            }
        }
    }

    /** The policy set through the API, else the one of the labels; a label policy that breaks the rules is reported. */
    private Optional<AutoScalingPolicy> policy(ControllerContext ctx, Application app, ServiceSpec service) {
        try {
            Optional<AutoScalingPolicy> set = overrides.apply(app.id(), service.name());
            Optional<AutoScalingPolicy> p = set.isPresent() ? set : AutoScalingPolicy.fromLabels(service.autoScaling());
            if (p.isPresent() && p.get().combinesMetrics() && warned.add(app.id() + "/" + service.name())) {
                ctx.publish("application", app.id(), "SCALING_POLICY_WARNING", "service " + service.name()
                        + " scales on both CPU and memory, which the product advises against: it scales out when "
                        + "either stays high and in only when both stay low", Map.of("service", service.name()));
            }
            return p;
        } catch (AcsException e) {
            if (warned.add(app.id() + "/" + service.name())) {
                ctx.publish("application", app.id(), "SCALING_POLICY_INVALID", "service " + service.name()
                        + " is not auto-scaled: " + e.getMessage(), Map.of("service", service.name(),
                        "code", e.code().name()));
            }
            return Optional.empty();
        }
    }

    private void scale(ControllerContext ctx, Application app, ServiceSpec service, AutoScalingPolicy policy) {
        Optional<Usage> latest = metrics.latest(MetricKey.service(app.id(), service.name()));
        String id = "service/" + app.id() + "/" + service.name();
        Streak streak = store.streak(id);
        if (latest.isEmpty() || !streak.isNew(latest.get())) {
            return;
        }
        Usage u = latest.get();
        if (app.state() != AppState.READY) { // a change under way: its containers settle first, the count restarts
            streak.reset(u);
            store.save(id, streak);
            return;
        }
        Verdict v = Verdict.of(u, policy.cpu().orElse(null), policy.memory().orElse(null));
        streak.count(u, v.above(), v.below(), metrics.period());
        int count = service.scale();
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("service", service.name());
        attrs.put("metric", v.metric());
        attrs.put("value", v.value());
        attrs.put("containers", String.valueOf(count));
        String what = "service " + service.name() + ": " + v.describe();
        if (streak.out >= Streak.PERIODS) {
            streak.reset(u);
            if (count >= policy.maxInstances()) {
                ctx.publish("application", app.id(), "SCALING_AT_MAX", what + " for " + Streak.PERIODS
                        + " periods, but it already has " + count + " containers, the maximum of "
                        + policy.maxInstances() + ": no scale-out", attrs);
            } else {
                act(ctx, app, service.name(), Math.min(policy.maxInstances(), count + policy.step()), count,
                        "SCALING_OUT", what, attrs);
            }
        } else if (streak.in >= Streak.PERIODS) {
            streak.reset(u);
            if (count <= policy.minInstances()) {
                ctx.publish("application", app.id(), "SCALING_AT_MIN", what + " for " + Streak.PERIODS
                        + " periods, but it has " + count + " containers, the minimum being "
                        + policy.minInstances() + ": no scale-in", attrs);
            } else {
                act(ctx, app, service.name(), Math.max(policy.minInstances(), count - policy.step()), count,
                        "SCALING_IN", what, attrs);
            }
        } else if (streak.out > 0 || streak.in > 0) {
            ctx.publish("application", app.id(), "SCALING_PENDING", what + " for " + Math.max(streak.out, streak.in)
                    + " of " + Streak.PERIODS + " consecutive periods: no action yet", attrs);
        }
        store.save(id, streak);
    }

    private static void act(ControllerContext ctx, Application app, String service, int target, int count, String type,
                            String what, Map<String, String> attrs) {
        attrs.put("target", String.valueOf(target));
        ctx.publish("application", app.id(), type, what + " for " + Streak.PERIODS + " periods: scaling from "
                + count + " to " + target + " containers", attrs);
        ctx.scale(app.id(), service, target).whenComplete((a, e) -> {
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                ctx.publish("application", app.id(), "SCALING_FAILED", "auto-scaling service " + service + " to "
                        + target + " containers failed: " + cause.getMessage(), attrs);
            }
        });
    }
}
