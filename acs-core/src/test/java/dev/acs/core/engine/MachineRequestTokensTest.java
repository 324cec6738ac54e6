package dev.acs.core.engine;

import dev.acs.core.api.Expansion;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationState;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.core.spi.InstanceType;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.MachineState;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.InMemoryStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client token of a machine request: derived from the operation, stored first, the same on every retry. */
class MachineRequestTokensTest {
    private static final Zone ZONE = Zone.of("cn-hangzhou-e");
    private final ManualClock clock = new ManualClock();
    private final ScriptedCloud cloud = new ScriptedCloud(clock);
    private final StateStore store = new InMemoryStateStore();
    private final List<MachineRequest> sent = new ArrayList<>();
    private final List<Boolean> storedFirst = new ArrayList<>();
    private int answersToLose;
    private final ControlPlane cp = ControlPlane.builder().infrastructure(new Lossy()).clock(clock)
            .executor(Runnable::run).stateStore(store).reconcileEvery(null).build();

    /** Delegates to the scripted cloud, records every create, and loses the answers it is told to after acting. */
    private final class Lossy implements InfrastructureProvider {
        @Override
        public List<Zone> zones(String regionId, Duration timeout) {
            return cloud.zones(regionId, timeout);
        }

        @Override
        public List<InstanceType> instanceTypes(Zone zone, Duration timeout) {
            return cloud.instanceTypes(zone, timeout);
        }

        @Override
        public List<Machine> createMachines(MachineRequest request, Duration timeout) {
            sent.add(request);
            storedFirst.add(store.list("machine-requests/").stream()
                    .anyMatch(e -> e.key().endsWith("/" + request.clientToken())));
            List<Machine> made = cloud.createMachines(request, timeout);
            if (answersToLose > 0) {
                answersToLose--;
                throw new AcsException(ErrorCode.TIMEOUT, "the answer was lost");
            }
            return made;
        }

        @Override
        public List<Machine> describeMachines(Collection<String> machineIds, Duration timeout) {
            return cloud.describeMachines(machineIds, timeout);
        }

        @Override
        public void releaseMachines(Collection<String> machineIds, Duration timeout) {
            cloud.releaseMachines(machineIds, timeout);
        }

        @Override
        public List<Machine> listMachines(String regionId, Duration timeout) {
            return cloud.listMachines(regionId, timeout);
        }

        @Override
        public void reinitializeMachines(Collection<String> machineIds, Duration timeout) {
            cloud.reinitializeMachines(machineIds, timeout);
        }
    }

    @AfterEach
    void close() {
        cp.close();
    }

    private <T> T finish(Operation<T> op) {
        for (int i = 0; i < 300 && op.state() == OperationState.RUNNING; i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op.await(Duration.ZERO);
    }

    private long liveMachines() {
        return cloud.listMachines(ZONE.regionId(), Duration.ofSeconds(1)).stream()
                .filter(m -> m.state() != MachineState.RELEASED).count();
    }

    @Test
    void theTokenIsStoredBeforeTheProviderIsCalledAndTheSameOnEveryRetry() {
        answersToLose = 2;
        Operation<Cluster> op = cp.clusters().create(ClusterSpec.classic("web", ZONE, 3, "ecs.n4.large"));
        Cluster c = finish(op);
        assertThat(c.state()).isEqualTo(ClusterState.RUNNING);
        assertThat(sent).hasSize(3);
        assertThat(sent).extracting(MachineRequest::clientToken).containsOnly(op.id());
        assertThat(Set.copyOf(sent)).as("every retry sends the same request").hasSize(1);
        assertThat(storedFirst).containsOnly(true);
        assertThat(sent.get(0).tags()).containsEntry("acs.cluster", c.id()).containsEntry("acs.request", op.id())
                .containsKey("acs.plane");
        assertThat(liveMachines()).isEqualTo(3);
        assertThat(cp.nodes().list(c.id())).hasSize(3);
    }

    @Test
    void eachExpansionHasItsOwnToken() {
        Cluster c = finish(cp.clusters().create(ClusterSpec.classic("web", ZONE, 1, "ecs.n4.large")));
        Operation<Cluster> first = cp.clusters().expand(c.id(), Expansion.of(1));
        finish(first);
        Operation<Cluster> second = cp.clusters().expand(c.id(), Expansion.of(1));
        finish(second);
        assertThat(sent).extracting(MachineRequest::clientToken).doesNotHaveDuplicates()
                .contains(first.id(), second.id());
        assertThat(liveMachines()).isEqualTo(3);
    }

    @Test
    void aRefusalThatCannotHaveActedFailsAtOnceAndLeavesNoRequestBehind() {
        cloud.outOfStockZones = Set.of(ZONE.zoneId());
        Operation<Cluster> op = cp.clusters().create(ClusterSpec.classic("web", ZONE, 2, "ecs.n4.large"));
        assertThatThrownBy(() -> finish(op)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_OUT_OF_STOCK));
        assertThat(sent).hasSize(1);
        assertThat(store.list("machine-requests/")).isEmpty();
        assertThat(cp.clusters().require(op.targetId()).state()).isEqualTo(ClusterState.FAILED);
    }
}
