package dev.acs.store.etcd;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.testing.etcd.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Leader election over one etcd prefix: one leader, followers refuse writes naming it, takeover, fencing. */
class EtcdLeadershipTest {
    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.members(3);

    private static final Duration TTL = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static EtcdStateStore open(String prefix) {
        return EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix).timeout(Duration.ofSeconds(10)).open();
    }

    @Test
    void oneLeaderWritesTheFollowerReadsAndRefusesWritesNamingTheLeaderThenTakesOver() throws Exception {
        String prefix = "plane/" + UUID.randomUUID();
        try (EtcdStateStore storeA = open(prefix); EtcdStateStore storeB = open(prefix)) {
            EtcdLeadership a = storeA.leadership("host-a", TTL);
            assertThat(a.awaitLeadership(WAIT)).isTrue();
            EtcdLeadership b = storeB.leadership("host-b", TTL);
            List<Boolean> bChanges = new CopyOnWriteArrayList<>();
            b.onChange(bChanges::add);
            try {
                a.store().put("apps/web", StateStore.ABSENT, bytes("v1"));
                assertThat(b.store().get("apps/web")).isPresent();
                assertThat(b.isLeader()).isFalse();
                assertThat(b.leader()).contains("host-a");
                assertThatThrownBy(() -> b.store().put("apps/web", 1, bytes("v2")))
                        .isInstanceOfSatisfying(AcsException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.NOT_LEADER);
                            assertThat(e.details()).containsEntry("leader", "host-a");
                            assertThat(e.getMessage()).contains("send writes to host-a");
                        });

                long start = System.nanoTime();
                a.close(); // resigns: b takes over at once, well within the TTL
                assertThat(b.awaitLeadership(WAIT)).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (bChanges.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10); // the listener runs on the election thread, just after the term starts
                }
                assertThat(bChanges).containsExactly(true);
                assertThat(b.leader()).contains("host-b");
                assertThat(b.store().put("apps/web", 1, bytes("v2")).version()).isEqualTo(2);
                assertThatThrownBy(() -> a.store().put("apps/web", 2, bytes("stale")))
                        .isInstanceOfSatisfying(AcsException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_LEADER));
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void aDeposedLeadersCommitIsFencedByEtcdAndWritesNothing() throws Exception {
        String prefix = "plane/" + UUID.randomUUID();
        try (EtcdStateStore store = open(prefix); EtcdStateStore other = open(prefix)) {
            EtcdLeadership first = store.leadership("host-a", TTL);
            assertThat(first.awaitLeadership(WAIT)).isTrue();
            Fence old = first.fence();
            first.close(); // the key of that term is gone: a late commit with its fence must fail in etcd
            EtcdLeadership second = other.leadership("host-b", TTL);
            try {
                assertThat(second.awaitLeadership(WAIT)).isTrue();
                assertThatThrownBy(() -> store.commit(List.of(StoreChange.put("k", StateStore.ABSENT, bytes("late"))),
                        () -> old)).isInstanceOfSatisfying(AcsException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.NOT_LEADER);
                            assertThat(e.details()).containsEntry("deposed", "host-a");
                        });
                assertThat(other.get("k")).isEmpty();
                second.store().put("k", StateStore.ABSENT, bytes("current"));
                assertThat(other.get("k").orElseThrow().version()).isEqualTo(1);
            } finally {
                second.close();
            }
        }
    }

    @Test
    void aBadCandidateOrTtlIsRefused() {
        try (EtcdStateStore store = open("plane/" + UUID.randomUUID())) {
            assertThatThrownBy(() -> store.leadership(" ", TTL)).isInstanceOf(AcsException.class);
            assertThatThrownBy(() -> store.leadership("a", Duration.ofMillis(10)))
                    .isInstanceOfSatisfying(AcsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void aResigningLeaderHandsOverAtOnceIsFencedAndCampaignsAgainAfterItsHoldOff() throws Exception {
        String prefix = "plane/" + UUID.randomUUID();
        try (EtcdStateStore storeA = open(prefix); EtcdStateStore storeB = open(prefix);
             EtcdLeadership a = storeA.leadership("host-a", TTL)) {
            assertThat(a.awaitLeadership(WAIT)).isTrue();
            List<Boolean> aChanges = new CopyOnWriteArrayList<>();
            a.onChange(aChanges::add);
            try (EtcdLeadership b = storeB.leadership("host-b", TTL)) {
                assertThatThrownBy(() -> a.resign(Duration.ofSeconds(-1))).isInstanceOfSatisfying(AcsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
                a.resign(TTL);
                assertThat(a.isLeader()).isFalse();
                assertThat(b.awaitLeadership(WAIT)).as("host-b leads once host-a's lease is revoked").isTrue();
                assertThat(aChanges).containsExactly(false);
                assertThatThrownBy(() -> a.store().put("apps/web", StateStore.ANY_VERSION, bytes("late")))
                        .isInstanceOfSatisfying(AcsException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.NOT_LEADER);
                            assertThat(e.details()).containsEntry("leader", "host-b");
                        });
            }
            // host-b left: after its hold-off host-a campaigns again and wins
            assertThat(a.awaitLeadership(WAIT)).isTrue();
            assertThat(a.store().put("apps/web", StateStore.ANY_VERSION, bytes("back")).version()).isEqualTo(1);
        }
    }
}
