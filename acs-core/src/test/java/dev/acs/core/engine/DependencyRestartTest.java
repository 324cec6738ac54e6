package dev.acs.core.engine;

import dev.acs.core.api.UpdateOptions;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code depends_on: {db: {restart: true}}}: an update that changes a dependency replaces its dependants after it. */
class DependencyRestartTest extends EngineFixture {

    private static AppSpec shop(String version, String dbImage) {
        return AppSpec.builder("shop").version(version)
                .service(service("db", dbImage).build())
                .service(service("api", "api:1").dependsOn(List.of("db")).restartsWith(List.of("db")).build())
                .service(service("worker", "worker:1").dependsOn(List.of("api")).restartsWith(List.of("api")).build())
                .service(service("admin", "admin:1").dependsOn(List.of("db")).build())
                .build();
    }

    private List<String> ids(String appId, String service) {
        return containers(appId, service).stream().map(Container::id).toList();
    }

    @Test
    void aChangedDependencyReplacesTheServicesDeclaredToRestartWithItTransitively() {
        Application app = deploy(shop("1", "postgres:15"));
        List<String> api = ids(app.id(), "api");
        List<String> worker = ids(app.id(), "worker");
        List<String> admin = ids(app.id(), "admin");

        Application updated = settle(cp.applications().update(app.id(), shop("2", "postgres:16"), UpdateOptions.DEFAULTS));

        assertThat(updated.state()).isEqualTo(AppState.READY);
        assertThat(ids(app.id(), "api")).hasSize(1).doesNotContainAnyElementsOf(api);
        assertThat(ids(app.id(), "worker")).as("restarts with api, which restarted with db").hasSize(1)
                .doesNotContainAnyElementsOf(worker);
        assertThat(ids(app.id(), "admin")).as("depends on db without restart: true").isEqualTo(admin);

        List<String> apiNow = ids(app.id(), "api");
        Application same = settle(cp.applications().update(app.id(), shop("3", "postgres:16"), UpdateOptions.DEFAULTS));
        assertThat(same.state()).isEqualTo(AppState.READY);
        assertThat(ids(app.id(), "api")).as("db unchanged: api stays").isEqualTo(apiNow);
    }
}
