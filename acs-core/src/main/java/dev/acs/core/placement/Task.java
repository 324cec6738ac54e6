package dev.acs.core.placement;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.ServiceSpec;

import java.util.Objects;

/**
 * One container to place: replica {@code index} of a service of an application.
 *
 * @param app     application name
 * @param service the declared service (its reservation, rules and ports drive placement)
 * @param index   1-based replica index
 */
public record Task(String app, ServiceSpec service, int index) {
    /** Checks the parts. */
    public Task {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(service, "service");
        if (index < 1) {
            throw AcsException.invalidArgument("replica index " + index + " must be 1 or more");
        }
    }

    /** {@code app/service#index}, as explanations name a task. */
    public String describe() {
        return app + "/" + service.name() + "#" + index;
    }
}
