package dev.acs.testing.ha;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.scheduler.SwarmScheduler;
import dev.acs.store.etcd.EtcdStateStore;
import dev.acs.store.etcd.HighlyAvailableControlPlane;
import dev.acs.testing.etcd.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leader whose control plane cannot be built (its factory keeps throwing: a provider it cannot reach, say) tries
 * {@link HighlyAvailableControlPlane#BUILD_ATTEMPTS} times, then resigns, and a host that can build one leads.
 */
class HaFailingFactoryTest {
    private static final Duration TTL = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.members(3);

    @Test
    void aLeaderWhoseFactoryKeepsThrowingStepsDownAndAnotherHostLeads() throws Exception {
        String prefix = "ha-factory/" + UUID.randomUUID();
        ManualClock clock = new ManualClock();
        SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
        AtomicInteger attempts = new AtomicInteger();
        try (EtcdStateStore storeA = EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix).open();
             EtcdStateStore storeB = EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix).open();
             HighlyAvailableControlPlane a = HighlyAvailableControlPlane.start(storeA.leadership("host-a", TTL),
                     fenced -> {
                         attempts.incrementAndGet();
                         throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "host-a cannot reach its cloud");
                     })) {
            assertThat(a.leadership().awaitLeadership(WAIT)).as("host-a wins the election first").isTrue();
            try (HighlyAvailableControlPlane b = HighlyAvailableControlPlane.start(storeB.leadership("host-b", TTL),
                    fenced -> ControlPlane.builder().infrastructure(cloud.infrastructure()).clock(clock)
                            .executor(Runnable::run).scheduler(new SwarmScheduler()).reconcileEvery(null)
                            .stateStore(fenced).build())) {
                assertThat(b.awaitControlPlane(WAIT)).as("host-b leads once host-a resigned").isTrue();
                assertThat(attempts).as("host-a's builds before it resigned").hasValue(
                        HighlyAvailableControlPlane.BUILD_ATTEMPTS);
                assertThat(a.controlPlane()).isEmpty();
                assertThat(a.leadership().isLeader()).isFalse();
                assertThat(a.leadership().leader()).contains("host-b");
                assertThat(b.clusters().list()).isEmpty();
            }
        }
    }
}
