package dev.acs.store.etcd;

import dev.acs.testing.etcd.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two host processes over one etcd prefix: the leader is killed with SIGKILL and the other takes over within the
 * lease TTL (plus scheduling slack on a loaded machine); a leader frozen with SIGSTOP past its lease and resumed
 * commits nothing more while the new leader holds its term.
 */
class EtcdFailoverTest {
    private static final int TTL_SECONDS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.members(3);

    @TempDir
    Path tmp;

    private Child leader(String prefix, String name) throws Exception {
        Child c = Child.start(tmp, "leader", String.join(",", ETCD.endpoints()), prefix, name,
                Integer.toString(TTL_SECONDS));
        c.await("READY", WAIT);
        return c;
    }

    @Test
    void aKilledLeaderIsReplacedWithinTheLeaseTtlAndItsAcknowledgedCommitsStay() throws Exception {
        String prefix = "failover/" + UUID.randomUUID() + "/";
        try (Child a = leader(prefix, "A"); Child b = leader(prefix, "B")) {
            a.await("LEADER", WAIT);
            a.await("ACK 20", WAIT);
            assertThat(b.drain()).doesNotContain("LEADER");

            long killed = System.nanoTime();
            a.kill();
            b.await("LEADER", WAIT);
            Duration failover = Duration.ofNanos(System.nanoTime() - killed);
            System.out.println("EtcdFailoverTest: failover after SIGKILL took " + failover.toMillis() + " ms (TTL "
                    + TTL_SECONDS + " s)");
            assertThat(failover).isLessThan(Duration.ofSeconds(TTL_SECONDS + 15));
            b.await("ACK 5", WAIT);

            try (EtcdStateStore store = EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix).open()) {
                Set<String> present = new HashSet<>();
                store.list("").forEach(e -> present.add(e.key()));
                for (String line : a.drain()) {
                    if (line.startsWith("ACK ")) {
                        assertThat(present).contains("A/" + line.substring(4));
                    }
                }
                assertThat(new String(store.get("owner").orElseThrow().value())).startsWith("B/");
            }
        }
    }

    @Test
    void aFrozenLeaderResumedAfterItsLeaseExpiredCommitsNothing() throws Exception {
        String prefix = "frozen/" + UUID.randomUUID() + "/";
        try (Child a = leader(prefix, "A"); Child b = leader(prefix, "B")) {
            a.await("LEADER", WAIT);
            a.await("ACK 10", WAIT);
            a.signal("STOP");
            b.await("LEADER", WAIT); // A's lease expired while it was frozen
            b.await("ACK 10", WAIT);

            List<String> beforeResume = a.drain();
            long lastBefore = lastNumber(beforeResume);
            a.signal("CONT");
            String refused = a.await("REFUSED", WAIT);
            assertThat(refused).endsWith("NOT_LEADER");
            b.await("ACK 30", WAIT); // B kept committing while A tried

            List<String> all = a.drain();
            List<String> afterResume = all.subList(beforeResume.size(), all.size());
            for (String line : afterResume) {
                long n = Long.parseLong(line.split(" ")[1]);
                if (line.startsWith("ACK")) {
                    assertThat(n).as("only the commit in flight at SIGSTOP may be acknowledged after it: %s",
                            afterResume).isEqualTo(lastBefore + 1);
                }
            }
            try (EtcdStateStore store = EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix).open()) {
                for (var e : store.list("A/")) {
                    assertThat(Long.parseLong(e.key().substring(2))).as("A's writes after its term")
                            .isLessThanOrEqualTo(lastBefore + 1);
                }
                assertThat(new String(store.get("owner").orElseThrow().value())).startsWith("B/");
            }
        }
    }

    private static long lastNumber(List<String> lines) {
        long last = -1;
        for (String line : lines) {
            if (line.startsWith("ACK ") || line.startsWith("REFUSED ")) {
                last = Math.max(last, Long.parseLong(line.split(" ")[1]));
            }
        }
        return last;
    }
}
