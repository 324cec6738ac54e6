package dev.acs.testing.e2e;

import dev.acs.core.api.NodeRemoval;
import dev.acs.core.api.NodeReset;
import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.api.Operation;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.AttachMode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.NetworkType;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineProfile;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineState;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The node operations of {@code spec/lifecycle.md} §4.3 end to end on the simulated cloud, the Swarm scheduler and a
 * real template, on virtual time: remove a node with migration, reset another, add existing machines.
 */
class NodeOperationsOnSimTest {
    private static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");
    private static final String SHOP = """
            web:
              image: nginx:1.11
              labels:
                aliyun.scale: "4"
                aliyun.probe.url: http://container/
            db:
              image: mysql:5.7
            monitor:
              image: acs/monitor:1
              labels:
                aliyun.global: "true"
            """;

    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e", "cn-hangzhou-f")
            .build();
    private ControlPlane cp;
    private Cluster cluster;
    private Application shop;

    @BeforeEach
    void deployShop() {
        cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                .healthTimeout(Duration.ofMinutes(2)).build();
        cluster = settle(cp.clusters().create(ClusterSpec.classic("shop", ZONE, 3, "ecs.n4.large")));
        AppSpec app = Templates.parse(SHOP, ParseOptions.builder().applicationName("shop").build()).app().orElseThrow();
        shop = settle(cp.applications().deploy(cluster.id(), app));
        assertThat(cp.applications().containers(shop.id())).hasSize(4 + 1 + 3);
    }

    @AfterEach
    void close() {
        cp.close();
    }

    private <T> T settle(Operation<T> op) {
        for (int i = 0; i < 900 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op.await(Duration.ZERO);
    }

    private void reconcile() {
        cp.reconcile();
        clock.advance(Duration.ofSeconds(30));
    }

    private long count(String service) {
        return cp.applications().containers(shop.id()).stream().filter(c -> c.service().equals(service)
                && c.state() == ContainerState.RUNNING && c.health() == HealthStatus.HEALTHY).count();
    }

    @Test
    void removeOneNodeWithMigrationAndResetAnotherWhileTheTemplateAppRuns() {
        List<Node> nodes = cp.nodes().list(cluster.id());
        Node leaving = nodes.get(0);
        Node resetting = nodes.get(1);

        Node removed = settle(cp.nodes().remove(cluster.id(), leaving.id(), NodeRemoval.migrating()));
        assertThat(removed.state()).isEqualTo(NodeState.REMOVED);
        assertThat(cp.nodes().list(cluster.id())).extracting(Node::id).containsExactly(resetting.id(), nodes.get(2).id());
        assertThat(cp.applications().containers(shop.id())).extracting(Container::nodeId).doesNotContain(leaving.id());
        assertThat(count("web")).as("every replica moved, running and healthy").isEqualTo(4);
        assertThat(count("db")).isEqualTo(1);
        assertThat(count("monitor")).as("global: one per remaining node").isEqualTo(2);
        assertThat(cloud.containersOn(leaving.machineId())).as("nothing of ours left on the machine").isEmpty();
        assertThat(cloud.machines()).filteredOn(m -> m.id().equals(leaving.machineId()))
                .extracting(Machine::state).as("the machine is not released").containsExactly(MachineState.RUNNING);

        Operation<Node> reset = cp.nodes().reset(cluster.id(), resetting.id(), NodeReset.withoutMigration());
        assertThat(cloud.containersOn(resetting.machineId())).as("the new system disk has no containers").isEmpty();
        assertThat(cp.nodes().require(cluster.id(), resetting.id()).state()).isEqualTo(NodeState.INITIALIZING);
        Node back = settle(reset);
        assertThat(back.state()).isEqualTo(NodeState.NORMAL);

        reconcile();
        assertThat(count("web")).as("the reconciler recreates what the reset lost").isEqualTo(4);
        assertThat(count("db")).isEqualTo(1);
        assertThat(count("monitor")).isEqualTo(2);
        assertThat(cp.clusters().events(cluster.id())).extracting(e -> e.type())
                .contains("MIGRATION_STARTED", "CONTAINERS_MIGRATED", "NODE_REMOVED", "NODE_RESETTING", "NODE_INITIALIZING");
    }

    @Test
    void existingMachinesJoinAndTheGlobalServiceReachesThem() {
        List<Machine> own = cloud.infrastructure().createMachines(new MachineRequest(ZONE, List.of(), "ecs.n4.large", 2,
                "own-machines", Map.of("owner", "me")), Duration.ofSeconds(5));
        clock.advance(Duration.ofMinutes(5));
        String oldKernel = own.get(0).id();
        String fresh = own.get(1).id();
        cloud.describeMachineAs(oldKernel, new MachineProfile(NetworkType.CLASSIC, null, true, "3.13.0-32-generic", false));
        assertThat(cp.nodes().attachableMachines(cluster.id())).extracting(Machine::id)
                .containsExactlyInAnyOrder(oldKernel, fresh);

        assertThatThrownBy(() -> cp.nodes().addExisting(cluster.id(), List.of(oldKernel), AttachMode.MANUAL))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.KERNEL_TOO_OLD));
        settle(cp.nodes().addExisting(cluster.id(), List.of(fresh), AttachMode.MANUAL));
        settle(cp.nodes().addExisting(cluster.id(), List.of(oldKernel), AttachMode.AUTOMATIC));

        assertThat(cp.clusters().require(cluster.id()).nodeCount()).isEqualTo(5);
        reconcile();
        assertThat(count("monitor")).isEqualTo(5);
        assertThat(cloud.containersOn(fresh)).hasSize(1);
    }
}
