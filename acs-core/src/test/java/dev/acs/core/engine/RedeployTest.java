package dev.acs.core.engine;

import dev.acs.core.api.RedeployResult;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.RollingUpdate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redeploy as §7.3.6 defines it, on the scripted runtime: every image pulled again, containers whose image changed
 * recreated (rolling), stopped ones started, deleted ones recreated; the result lists old and new image ids.
 */
class RedeployTest extends EngineFixture {
    /** What the host's configuration values make of the application now ({@code null}: unchanged). */
    private volatile AppSpec fresh;

    @Override
    ControlPlane build() {
        return ControlPlane.builder().infrastructure(cloud).runtime(runtime).scheduler(new FirstFitScheduler())
                .clock(clock).executor(r -> steps.execute(r)).stateStore(store).listener(events::add)
                .healthTimeout(Duration.ofMinutes(1)).reconcileEvery(null)
                .specRefresher(app -> java.util.Optional.ofNullable(fresh)).build();
    }

    private Application shop() {
        return deploy(AppSpec.builder("shop")
                .service(service("web", "registry.local/shop/web:1").scale(3).rollingUpdate(RollingUpdate.of(1)).build())
                .service(service("db", "registry.local/shop/db:1").build()).build());
    }

    @Test
    void aNewImageUnderTheSameTagIsPulledAndItsContainersRecreatedRollingOthersKept() {
        Application app = shop();
        Map<String, String> before = ids(app.id());
        runtime.registry.put("registry.local/shop/web:1", "sha256:v2-web");
        runtime.created.clear();

        RedeployResult result = settle(cp.applications().redeploy(app.id()));

        assertThat(result.application().state()).isEqualTo(dev.acs.core.model.AppState.READY);
        assertThat(runtime.pulls).contains("registry.local/shop/web:1@" + nodeOf(app.id(), "web"),
                "registry.local/shop/db:1@" + nodeOf(app.id(), "db"));
        assertThat(result.recreated()).extracting(RedeployResult.ContainerImage::service).containsOnly("web").hasSize(3);
        assertThat(result.recreated()).allSatisfy(c -> {
            assertThat(c.previousImageId()).isEqualTo("sha256:v1-registry.local/shop/web:1");
            assertThat(c.imageId()).isEqualTo("sha256:v2-web");
        });
        RedeployResult.ContainerImage db = result.containers().stream().filter(c -> c.service().equals("db"))
                .findFirst().orElseThrow();
        assertThat(db.recreated()).isFalse();
        assertThat(db.imageId()).isEqualTo(db.previousImageId());
        assertThat(runtime.created).hasSize(3).allMatch(n -> n.contains("web"));
        assertThat(ids(app.id())).containsEntry("db#1", before.get("db#1"));
        assertThat(cp.applications().containers(app.id())).allMatch(c -> c.state() == ContainerState.RUNNING);
        // rolling: one batch at a time, each recorded
        assertThat(events.stream().filter(e -> e.type().equals("BATCH_DONE")).count()).isEqualTo(3);
        assertThat(events).anyMatch(e -> e.type().equals("IMAGE_CHANGED") && e.message().contains("web"));
    }

    @Test
    void stoppedContainersStartAndDeletedOnesAreRecreatedWithoutAnImageChange() {
        Application app = shop();
        List<Container> web = containers(app.id(), "web");
        String stopped = web.get(0).runtimeId();
        String removed = web.get(1).runtimeId();
        Map<String, String> before = ids(app.id());
        runtime.stop(node(web.get(0)), stopped, java.time.Duration.ZERO, java.time.Duration.ofSeconds(1));
        runtime.remove(node(web.get(1)), removed, false, java.time.Duration.ofSeconds(1));

        RedeployResult result = settle(cp.applications().redeploy(app.id()));

        assertThat(result.recreated()).isEmpty();
        assertThat(cp.applications().containers(app.id())).hasSize(4)
                .allMatch(c -> c.state() == ContainerState.RUNNING);
        assertThat(ids(app.id())).containsEntry("web#1", before.get("web#1")).containsEntry("web#3", before.get("web#3"));
        assertThat(ids(app.id()).get("web#2")).isNotEqualTo(before.get("web#2"));
        RedeployResult.ContainerImage recreated = result.containers().stream()
                .filter(c -> c.service().equals("web") && c.index() == 2).findFirst().orElseThrow();
        assertThat(recreated.previousImageId()).isNull();
        assertThat(recreated.imageId()).isEqualTo("sha256:v1-registry.local/shop/web:1");
        assertThat(cp.operations().log(app.id()).get(0).kind()).isEqualTo("RedeployApplication");
    }

    @Test
    void anImageThatCannotBePulledKeepsItsContainersAndIsReported() {
        Application app = shop();
        Map<String, String> before = ids(app.id());
        runtime.unpullable.add("registry.local/shop/web:1");
        runtime.registry.put("registry.local/shop/db:1", "sha256:v2-db");

        RedeployResult result = settle(cp.applications().redeploy(app.id()));

        assertThat(result.application().state()).isEqualTo(dev.acs.core.model.AppState.READY);
        assertThat(result.recreated()).extracting(RedeployResult.ContainerImage::service).containsExactly("db");
        assertThat(ids(app.id())).containsEntry("web#1", before.get("web#1")).containsEntry("web#2", before.get("web#2"));
        assertThat(events).anyMatch(e -> e.type().equals("IMAGE_PULL_FAILED") && e.message().contains("shop/web:1"));
    }

    @Test
    void changedConfigurationValuesAreReadAgainAndTheirServicesRecreatedRolling() {
        Application app = shop();
        Map<String, String> before = ids(app.id());
        fresh = app.spec().toBuilder().services(List.of(
                app.spec().service("web").orElseThrow().toBuilder().env("DB_HOST", "db2.internal").build(),
                app.spec().service("db").orElseThrow())).build();

        RedeployResult result = settle(cp.applications().redeploy(app.id()));

        assertThat(result.application().spec().service("web").orElseThrow().environment())
                .containsEntry("DB_HOST", "db2.internal");
        Map<String, String> after = ids(app.id());
        assertThat(after.get("web#1")).isNotEqualTo(before.get("web#1"));
        assertThat(after.get("web#3")).isNotEqualTo(before.get("web#3"));
        assertThat(after).containsEntry("db#1", before.get("db#1"));
        assertThat(runtime.containers.values()).filteredOn(e -> e.request().service().name().equals("web"))
                .allSatisfy(e -> assertThat(e.request().service().environment()).containsEntry("DB_HOST", "db2.internal"));
        assertThat(events).anyMatch(e -> e.type().equals("DECLARATION_CHANGED"));

        fresh = app.spec().toBuilder().service(service("cache", "redis").build()).build();
        assertThat(failure(cp.applications().redeploy(app.id())).getMessage()).contains("update");
    }

    @Test
    void anUpdateWithTheLatestImageRollsOutTheChangeThenRedeploysWhatChangedUnderItsTag() {
        Application app = shop();
        Map<String, String> before = ids(app.id());
        runtime.registry.put("registry.local/shop/db:1", "sha256:v2-db");
        AppSpec v2 = app.spec().toBuilder().version("2").services(List.of(
                app.spec().service("web").orElseThrow().toBuilder().image(ImageRef.parse("registry.local/shop/web:2"))
                        .build(),
                app.spec().service("db").orElseThrow())).build();

        RedeployResult result = settle(cp.applications().updateAndRedeploy(app.id(), v2, UpdateOptions.standard()));

        assertThat(result.application().spec().version()).isEqualTo("2");
        assertThat(result.application().state()).isEqualTo(dev.acs.core.model.AppState.READY);
        assertThat(result.containers()).hasSize(4).allMatch(RedeployResult.ContainerImage::recreated);
        assertThat(result.containers()).filteredOn(c -> c.service().equals("web")).allSatisfy(c -> {
            assertThat(c.previousImageId()).isEqualTo("sha256:v1-registry.local/shop/web:1");
            assertThat(c.imageId()).isEqualTo("sha256:v1-registry.local/shop/web:2");
        });
        RedeployResult.ContainerImage db = result.containers().stream().filter(c -> c.service().equals("db"))
                .findFirst().orElseThrow();
        assertThat(db.previousImageId()).isEqualTo("sha256:v1-registry.local/shop/db:1");
        assertThat(db.imageId()).isEqualTo("sha256:v2-db");
        assertThat(ids(app.id()).get("db#1")).isNotEqualTo(before.get("db#1"));
        assertThat(runtime.pulls).as("the new image pulled on the nodes before the roll-out")
                .contains("registry.local/shop/web:2@" + nodeOf(app.id(), "web"));
        assertThat(events).anyMatch(e -> e.type().equals("IMAGE_CHANGED") && e.message().contains("shop/db:1"));
        assertThat(cp.operations().log(app.id()).get(0).kind()).isEqualTo("UpdateApplication");
    }

    @Test
    void updateWithPullLatestImageTakesTheSamePathAndLeavesUnchangedImagesAlone() {
        Application app = shop();
        Map<String, String> before = ids(app.id());
        runtime.created.clear();
        runtime.pulls.clear();

        Application updated = settle(cp.applications().update(app.id(), app.spec().toBuilder().version("2").build(),
                UpdateOptions.standard().withPullLatestImage()));

        assertThat(updated.spec().version()).isEqualTo("2");
        assertThat(runtime.pulls).contains("registry.local/shop/web:1@" + nodeOf(app.id(), "web"),
                "registry.local/shop/db:1@" + nodeOf(app.id(), "db"));
        assertThat(runtime.created).isEmpty();
        assertThat(ids(app.id())).isEqualTo(before);

        runtime.registry.put("registry.local/shop/web:1", "sha256:v2-web");
        settle(cp.applications().update(app.id(), app.spec().toBuilder().version("3").build(),
                UpdateOptions.standard().withPullLatestImage()));
        assertThat(runtime.created).hasSize(3).allMatch(n -> n.contains("web"));
        assertThat(ids(app.id())).containsEntry("db#1", before.get("db#1"));
    }

    @Test
    void anUpdateWithTheLatestImageRefusesABlueGreenReleaseAndAStaleVersionChangingNothing() {
        Application app = shop();
        runtime.pulls.clear();
        assertCode(() -> cp.applications().updateAndRedeploy(app.id(), app.spec().toBuilder().version("2").build(),
                UpdateOptions.blueGreen()), dev.acs.core.error.ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> cp.applications().updateAndRedeploy(app.id(), app.spec(), UpdateOptions.standard()),
                dev.acs.core.error.ErrorCode.VERSION_NOT_CHANGED);
        assertThat(cp.applications().require(app.id()).spec().version()).isEqualTo(app.spec().version());
        assertThat(runtime.pulls).isEmpty();
    }

    private dev.acs.core.model.Node node(Container c) {
        return cp.nodes().require(cluster.id(), c.nodeId());
    }

    private String nodeOf(String appId, String service) {
        return cp.nodes().require(cluster.id(), containers(appId, service).get(0).nodeId()).name();
    }

    private Map<String, String> ids(String appId) {
        return cp.applications().containers(appId).stream()
                .collect(Collectors.toMap(c -> c.service() + "#" + c.index(), Container::runtimeId));
    }
}
