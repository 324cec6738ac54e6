package consumer;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.api.Operation;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Zone;
import dev.acs.scheduler.SwarmScheduler;
import dev.acs.store.etcd.EtcdStateStore;
import dev.acs.store.etcd.HighlyAvailableControlPlane;
import dev.acs.testing.etcd.EtcdCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** acs-store-etcd (jetcd, gRPC, Netty, Vert.x) with the pinned versions: a highly available control plane runs. */
class EtcdConsumerTest {
    @Test
    void aControlPlaneLeadsOverEtcdAndAFollowerReadsItsState() throws Exception {
        ManualClock clock = new ManualClock();
        SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
        try (EtcdCluster etcd = EtcdCluster.start(3);
             EtcdStateStore storeA = EtcdStateStore.builder(etcd.endpoints()).prefix("ci/").open();
             EtcdStateStore storeB = EtcdStateStore.builder(etcd.endpoints()).prefix("ci/").open();
             HighlyAvailableControlPlane a = HighlyAvailableControlPlane.start(
                     storeA.leadership("a", Duration.ofSeconds(3)),
                     fenced -> ControlPlane.builder().infrastructure(cloud.infrastructure()).clock(clock)
                             .executor(Runnable::run).scheduler(new SwarmScheduler()).reconcileEvery(null)
                             .stateStore(fenced).build())) {
            assertTrue(a.awaitControlPlane(Duration.ofSeconds(60)));
            try (HighlyAvailableControlPlane b = HighlyAvailableControlPlane.start(
                    storeB.leadership("b", Duration.ofSeconds(3)), fenced -> {
                        throw new IllegalStateException("b follows in this test");
                    })) {
                Operation<Cluster> creating = a.clusters().create(
                        ClusterSpec.classic("ci", Zone.of("cn-hangzhou-e"), 2, "ecs.n4.large"));
                clock.advance(Duration.ofMinutes(1));
                Cluster cluster = creating.await(Duration.ZERO);
                assertEquals(cluster, b.clusters().require(cluster.id()));
            }
        }
    }
}
