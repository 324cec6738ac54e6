package dev.acs.core.engine;

import dev.acs.core.api.UpdateOptions;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.RollingUpdate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start-first update on a runtime that cannot rename containers (the scripted one keeps the SPI's default): the
 * update completes, each new container keeps its temporary name in its record, and an event says why.
 */
class StartFirstWithoutRenameTest extends EngineFixture {

    private static AppSpec web(String version) {
        return AppSpec.builder("shop").version(version).service(service("web", "nginx:" + version).scale(2)
                .rollingUpdate(RollingUpdate.of(1).withOrders(RollingUpdate.Order.START_FIRST, null)).build()).build();
    }

    @Test
    void theNewContainersKeepTheirTemporaryNamesAndTheUpdateCompletes() {
        Application app = deploy(web("1"));

        Application updated = settle(cp.applications().update(app.id(), web("2"), UpdateOptions.DEFAULTS));

        assertThat(updated.state()).isEqualTo(AppState.READY);
        List<Container> containers = containers(app.id(), "web");
        assertThat(containers).hasSize(2).allSatisfy(c -> {
            assertThat(c.image().tag()).isEqualTo("2");
            assertThat(c.name()).as("temporary name: id, then the replica's name")
                    .isEqualTo(c.id() + "_" + Container.defaultName("shop", "web", c.index()));
        });
        assertThat(runtime.created).as("each new container was created under its temporary name")
                .filteredOn(n -> n.contains("_shop_web_")).hasSize(2);
        assertThat(events).filteredOn(e -> e.type().equals("CONTAINER_RENAME_FAILED")).hasSize(2)
                .extracting(Event::message).allSatisfy(m -> assertThat(m).contains("keeps its temporary name")
                        .contains("cannot rename containers"));
    }
}
