package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationState;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.StoredEntry;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A snapshot reads what a control plane keeps in its store through the API, and neither writes nor recovers. */
class StateSnapshotTest extends EngineFixture {
    private static final AcsException REFUSAL = new AcsException(ErrorCode.NOT_LEADER, "not the leader",
            Map.of("leader", "host-a"), null);

    private StateSnapshot snapshot() {
        return StateSnapshot.of(store, () -> REFUSAL);
    }

    @Test
    void readsWhatTheControlPlaneCommitted() {
        Application app = deploy(AppSpec.builder("blog").service(service("web", "nginx").build()).build());
        settle(cp.applications().scale(app.id(), "web", 3));

        StateSnapshot s = snapshot();
        assertThat(s.clusters().list()).isEqualTo(cp.clusters().list());
        assertThat(s.clusters().require(cluster.id())).isEqualTo(cp.clusters().require(cluster.id()));
        assertThat(s.clusters().search("pro")).extracting(c -> c.id()).containsExactly(cluster.id());
        assertThat(s.nodes().list(cluster.id())).isEqualTo(cp.nodes().list(cluster.id()));
        String node = cp.nodes().list(cluster.id()).get(0).id();
        assertThat(s.nodes().require(cluster.id(), node)).isEqualTo(cp.nodes().require(cluster.id(), node));
        assertThat(s.applications().get(app.id())).isEqualTo(cp.applications().get(app.id()));
        assertThat(s.applications().list(cluster.id())).isEqualTo(cp.applications().list(cluster.id()));
        assertThat(s.applications().containers(app.id())).hasSize(3)
                .isEqualTo(cp.applications().containers(app.id()));
        assertThat(s.operations().log(app.id())).isEqualTo(cp.operations().log(app.id()));
        assertThat(s.operations().audit(cluster.id())).isEqualTo(cp.operations().audit(cluster.id()));
        assertCode(() -> s.applications().require("a-unknown"), ErrorCode.NOT_FOUND);
    }

    @Test
    void refusesEveryCommandAndWhatOnlyTheRunningControlPlaneKnowsAndChangesNothing() {
        Application app = deploy(AppSpec.builder("blog").service(service("web", "nginx").build()).build());
        List<StoredEntry> before = store.list("");
        StateSnapshot s = snapshot();

        refused(() -> s.applications().scale(app.id(), "web", 5));
        refused(() -> s.applications().deploy(cluster.id(), AppSpec.builder("other")
                .service(service("web", "nginx").build()).build()));
        refused(() -> s.applications().delete(app.id()));
        refused(() -> s.applications().events(app.id()));
        refused(() -> s.clusters().create(ClusterSpec.classic("more", Zone.of("cn-hangzhou-e"), 1, "ecs.n4.large")));
        refused(() -> s.clusters().rename(cluster.id(), "renamed"));
        refused(() -> s.clusters().events(cluster.id()));
        refused(() -> s.nodes().setLabels(cluster.id(), cp.nodes().list(cluster.id()).get(0).id(), Map.of("a", "b")));
        refused(() -> s.nodes().attachableMachines(cluster.id()));
        refused(() -> s.operations().running());
        refused(() -> s.operations().await("op-x", Duration.ZERO));

        assertThat(store.list("")).as("nothing written").isEqualTo(before);
        assertThat(cloud.aliveMachines()).isEqualTo(3);
    }

    @Test
    void leavesTheRunningControlPlanesOperationsRunning() {
        Operation<dev.acs.core.model.Cluster> creating = cp.clusters().create(ClusterSpec.classic("more",
                Zone.of("cn-hangzhou-e"), 1, "ecs.n4.large"));
        assertThat(creating.state()).as("machines start as the clock advances").isEqualTo(OperationState.RUNNING);
        List<StoredEntry> before = store.list("");

        StateSnapshot s = snapshot();
        assertThat(s.operations().log(creating.targetId())).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(OperationState.RUNNING));
        assertThat(store.list("")).as("a snapshot marks nothing interrupted, resumes no machine request")
                .isEqualTo(before);
        settle(creating);
    }

    private static void refused(ThrowableAssert.ThrowingCallable call) {
        assertCode(call, ErrorCode.NOT_LEADER, "not the leader");
    }
}
