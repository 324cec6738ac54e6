package dev.acs.core.engine;

import dev.acs.core.access.CsAction;
import dev.acs.core.api.CreatedTrigger;
import dev.acs.core.api.Trigger;
import dev.acs.core.api.TriggerCall;
import dev.acs.core.api.TriggerSpec;
import dev.acs.core.api.Triggers;

import java.util.List;

/** {@link Triggers} as one principal sees them: every call checked against the application's cluster. */
final class GuardedTriggers implements Triggers {
    private final Triggers d;
    private final Guard g;

    GuardedTriggers(Triggers delegate, Guard guard) {
        this.d = delegate;
        this.g = guard;
    }

    @Override
    public CreatedTrigger create(String appId, TriggerSpec spec) {
        String arn = g.application(CsAction.CREATE_TRIGGER, appId);
        return g.run(CsAction.CREATE_TRIGGER, arn, appId, () -> d.create(appId, spec), appId, spec);
    }

    @Override
    public List<Trigger> list(String appId) {
        g.application(CsAction.DESCRIBE_TRIGGERS, appId);
        return d.list(appId);
    }

    @Override
    public void delete(String appId, String triggerId) {
        String arn = g.application(CsAction.DELETE_TRIGGER, appId);
        g.run(CsAction.DELETE_TRIGGER, arn, appId, () -> {
            d.delete(appId, triggerId);
            return null;
        }, appId, triggerId);
    }

    @Override
    public List<TriggerCall> history(String appId, String triggerId) {
        g.application(CsAction.DESCRIBE_TRIGGERS, appId);
        return d.history(appId, triggerId);
    }
}
