package dev.acs.core.engine;

import dev.acs.core.api.NodeRemoval;
import dev.acs.core.api.NodeReset;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.api.OperationState;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Probe;
import dev.acs.core.model.RollingUpdate;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behaviours found wrong while writing the guide examples: a rollback that kept the new version, a redeploy that
 * trusted its records over the engines, a cluster deletion that left its applications behind, a scale that
 * started a stopped application, and a machine-wait event repeated on every poll.
 */
class EngineRepairsTest extends EngineFixture {

    private static AppSpec shop(String version, String webImage) {
        ServiceSpec db = service("db", "mysql:5.7").build();
        ServiceSpec web = service("web", webImage).scale(3).dependsOn(List.of("db"))
                .probe(Probe.http(80, "/")).rollingUpdate(RollingUpdate.of(1)).build();
        return AppSpec.builder("shop").version(version).service(web).service(db).build();
    }

    @Test
    void aFailedUpdateRollsTheWholeApplicationBackToItsOldVersionOnTheSameNodes() {
        Application app = deploy(shop("1", "web:1"));
        Map<Integer, String> nodesBefore = nodesByIndex(app.id(), "web");
        runtime.healthy = e -> !e.request().service().image().tag().equals("broken");

        Operation<Application> update = cp.applications().update(app.id(), shop("2", "web:broken"), UpdateOptions.DEFAULTS.withTemplate("v2"));
        assertThat(failure(update).getMessage())
                .startsWith("TIMEOUT: update to version 2 failed and was rolled back to version 1: ")
                .doesNotContain("TIMEOUT: update to version 2 failed and was rolled back to version 1: TIMEOUT");

        Application after = cp.applications().require(app.id());
        assertThat(after.state()).as("the old version serves again").isEqualTo(AppState.READY);
        assertThat(after.spec().version()).isEqualTo("1");
        assertThat(after.template()).isNull();
        assertThat(containers(app.id(), "web")).hasSize(3)
                .allSatisfy(c -> assertThat(c.image().tag()).isEqualTo("1"))
                .allSatisfy(c -> assertThat(c.state()).isEqualTo(ContainerState.RUNNING));
        assertThat(nodesByIndex(app.id(), "web")).as("rolled back on the nodes they ran on").isEqualTo(nodesBefore);
        assertThat(runtime.running("web")).isEqualTo(3);

        runtime.healthy = e -> true;
        Application fixed = settle(cp.applications().update(app.id(), shop("2", "web:2"), UpdateOptions.DEFAULTS.withTemplate("v2")));
        assertThat(fixed.spec().version()).as("the same version can be tried again once fixed").isEqualTo("2");
        assertThat(containers(app.id(), "web")).allSatisfy(c -> assertThat(c.image().tag()).isEqualTo("2"));
    }

    @Test
    void redeployRestartsCrashedContainersAndRecreatesRemovedOnesItDidNotHearAbout() {
        Application app = deploy(shop("1", "web:1"));
        List<Container> web = containers(app.id(), "web");
        String crashed = web.get(0).runtimeId();
        String removed = web.get(1).runtimeId();
        runtime.containers.computeIfPresent(crashed, (k, e) -> new ScriptedRuntime.Entry(e.nodeId(), e.request(),
                ContainerState.EXITED));
        runtime.containers.remove(removed);

        settle(cp.applications().redeploy(app.id()));

        assertThat(runtime.running("web")).as("what the engines run, not what the records say").isEqualTo(3);
        assertThat(containers(app.id(), "web")).hasSize(3).allSatisfy(c -> {
            assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
            assertThat(runtime.containers).containsKey(c.runtimeId());
        });
    }

    @Test
    void deletingAClusterDeletesItsApplicationsAndTheirContainersFirst() {
        Application app = deploy(shop("1", "web:1"));
        Cluster deleted = settle(cp.clusters().delete(cluster.id()));

        assertThat(deleted.state()).isEqualTo(ClusterState.DELETED);
        assertThat(cp.applications().get(app.id())).isEmpty();
        assertThat(cp.applications().list(cluster.id())).isEmpty();
        assertThat(runtime.containers).isEmpty();
        assertThat(cp.clusters().events(cluster.id())).extracting(Event::type).contains("APPLICATION_DELETING");
    }

    @Test
    void aClusterWhoseApplicationCannotBeDeletedIsDeleteFailedAndKeepsItsMachines() {
        Application app = deploy(shop("1", "web:1"));
        runtime.failRemove = true;

        assertThat(failure(cp.clusters().delete(cluster.id())).code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(cp.clusters().require(cluster.id()).state()).isEqualTo(ClusterState.DELETE_FAILED);
        assertThat(cloud.released).isEmpty();
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.FAILED);

        runtime.failRemove = false;
        assertThat(settle(cp.clusters().delete(cluster.id())).state()).isEqualTo(ClusterState.DELETED);
        assertThat(cp.applications().get(app.id())).isEmpty();
    }

    @Test
    void scalingAStoppedApplicationIsRefusedAndStartsNothing() {
        Application app = deploy(shop("1", "web:1"));
        settle(cp.applications().stop(app.id()));
        assertCode(() -> cp.applications().scale(app.id(), "web", 5), ErrorCode.INVALID_STATE, "is stopped");
        assertThat(runtime.running("web")).isZero();
        assertThat(cp.applications().require(app.id()).state()).isEqualTo(AppState.STOPPED);
    }

    @Test
    void machineWaitsReportEachRunningCountOnce() {
        Operation<Cluster> op = cp.clusters().create(ClusterSpec.classic("slow", Zone.of("cn-hangzhou-e"), 2, "ecs.n4.large"));
        Cluster created = settle(op);
        assertThat(created.state()).isEqualTo(ClusterState.RUNNING);
        List<String> starting = op.events().stream().filter(e -> e.type().equals("MACHINES_STARTING"))
                .map(Event::message).toList();
        assertThat(starting).doesNotHaveDuplicates();
    }

    @Test
    void aResetForgetsTheWipedContainersAndNodeOperationsAreInTheClustersLog() {
        Application app = deploy(shop("1", "web:1"));
        String nodeId = containers(app.id(), "web").get(0).nodeId();
        List<String> wiped = cp.applications().containers(app.id()).stream().filter(c -> c.nodeId().equals(nodeId))
                .map(Container::id).toList();

        assertThat(settle(cp.nodes().reset(cluster.id(), nodeId, NodeReset.withoutMigration())).state()).isEqualTo(NodeState.NORMAL);
        assertThat(cp.applications().containers(app.id())).extracting(Container::id)
                .as("no record of a container the new disk does not hold").doesNotContainAnyElementsOf(wiped);
        cp.reconcile();
        clock.advance(Duration.ofSeconds(10));
        assertThat(runtime.running("web")).isEqualTo(3);

        Node other = cp.nodes().list(cluster.id()).stream().filter(n -> !n.id().equals(nodeId)).findFirst().orElseThrow();
        settle(cp.nodes().remove(cluster.id(), other.id(), NodeRemoval.migrating()));
        assertThat(cp.operations().log(cluster.id())).extracting(OperationRecord::kind, OperationRecord::targetId,
                        OperationRecord::state)
                .startsWith(org.assertj.core.groups.Tuple.tuple("RemoveNode", other.id(), OperationState.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple("ResetNode", nodeId, OperationState.SUCCEEDED));
    }

    private Map<Integer, String> nodesByIndex(String appId, String service) {
        return containers(appId, service).stream().collect(java.util.stream.Collectors.toMap(Container::index,
                Container::nodeId));
    }
}
