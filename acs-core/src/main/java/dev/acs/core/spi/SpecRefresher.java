package dev.acs.core.spi;

import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;

import java.util.Optional;

/**
 * Reads an application's declaration again at redeploy time ({@code spec/lifecycle.md} §7.3.6: a redeploy applies
 * changed configuration-set values, §19): a host that renders templates with variables from configuration sets (for
 * example with acs-compose's {@code Templates.parse} over {@link Application#template()}) returns the declaration as
 * the current values make it; acs-compose's {@code TemplateRefresher} is this for applications deployed from a
 * template. The engine then recreates, rolling, the containers of the services whose declaration changed, before it
 * re-pulls images; a refresher that throws fails the redeploy before anything changed. The set of services must stay the same (adding or removing services is a change
 * of configuration: {@code Applications.update}).
 */
@FunctionalInterface
public interface SpecRefresher {

    /**
     * The application's declaration with the current values, or empty to keep the recorded one.
     *
     * @throws dev.acs.core.error.AcsException to fail the redeploy (for example {@code UNRESOLVED_VARIABLE})
     */
    Optional<AppSpec> refresh(Application application);

    /** Keeps every recorded declaration (the default). */
    static SpecRefresher none() {
        return app -> Optional.empty();
    }
}
