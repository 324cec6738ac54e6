package dev.acs.compose;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.spi.SpecRefresher;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@link SpecRefresher} of applications deployed from a template: at redeploy it renders the template kept with
 * the application ({@link Application#template()}) again with the variables and the configuration set as they are
 * now ({@code spec/lifecycle.md} §19.2: edit the configuration set, then redeploy or fire the redeploy trigger), so the
 * control plane recreates the services whose declaration changed.
 *
 * <pre>{@code
 * ControlPlane cp = ControlPlane.builder()...
 *         .specRefresher(TemplateRefresher.of(app -> Optional.of(ParseOptions.builder()
 *                 .applicationName(app.name()).configSet(configSets.current(app)).build())))
 *         .build();
 * }</pre>
 *
 * <p>The control plane cannot render templates itself (acs-core does not depend on this module), so a host that deploys
 * templates plugs this refresher, with a function that gives the parse options of an application (the same profile,
 * target runtime and variables as at deploy, and the configuration set's current values). An application deployed
 * without a template, or for which the function has no options, keeps its recorded declaration. The version stays
 * the application's.
 */
public final class TemplateRefresher implements SpecRefresher {
    private final Function<Application, Optional<ParseOptions>> options;

    private TemplateRefresher(Function<Application, Optional<ParseOptions>> options) {
        this.options = options;
    }

    /**
     * A refresher that renders each application's template with the options {@code options} gives for it now.
     *
     * @param options the parse options of an application, or empty to keep its recorded declaration; it may throw an
     *                {@link AcsException} (a configuration set that cannot be read) to fail the redeploy
     */
    public static TemplateRefresher of(Function<Application, Optional<ParseOptions>> options) {
        return new TemplateRefresher(Objects.requireNonNull(options, "options"));
    }

    /**
     * The application's declaration rendered from its template with the current values.
     *
     * @throws AcsException {@code UNRESOLVED_VARIABLE} when a variable has no value now, {@code INVALID_TEMPLATE} for
     *                      another error of the rendered template; the message lists each error with its line
     */
    @Override
    public Optional<AppSpec> refresh(Application application) {
        if (application.template() == null) {
            return Optional.empty();
        }
        Optional<ParseOptions> parse = options.apply(application);
        if (parse.isEmpty()) {
            return Optional.empty();
        }
        ParseResult result = Templates.parse(application.template(), parse.get());
        if (!result.isValid()) {
            boolean unresolved = result.errors().stream().anyMatch(d -> d.code() == DiagnosticCode.TPL_004);
            String listed = result.errors().stream().map(d -> "\n  " + d).collect(Collectors.joining());
            throw new AcsException(unresolved ? ErrorCode.UNRESOLVED_VARIABLE : ErrorCode.INVALID_TEMPLATE,
                    "the template of " + application.describe() + " does not render with the current values:"
                            + listed, Map.of("errors", String.valueOf(result.errors().size())), null);
        }
        return Optional.of(result.application().toBuilder().version(application.spec().version()).build());
    }
}
