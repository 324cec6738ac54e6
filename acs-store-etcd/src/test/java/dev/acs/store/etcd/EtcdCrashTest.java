package dev.acs.store.etcd;

import dev.acs.core.spi.StoredEntry;
import dev.acs.testing.etcd.EtcdClusterExtension;
import dev.acs.testing.etcd.EtcdMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writer processes acknowledge commits to a 3-member etcd cluster while etcd members and the writers themselves are
 * killed with SIGKILL at random moments (one member down at a time, so a quorum remains). Afterwards every
 * acknowledged commit is present, and every two-key batch is entirely there or entirely absent.
 */
class EtcdCrashTest {
    private static final int ROUNDS = 6;
    private static final int WRITERS = 2;

    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.members(3);

    @TempDir
    Path tmp;

    @Test
    void killedMembersAndWritersLoseNoAcknowledgedCommit() throws Exception {
        long seed = Long.getLong("acs.crashtest.seed", System.nanoTime());
        System.out.println("EtcdCrashTest seed " + seed + " (rerun with -Dacs.crashtest.seed=" + seed + ")");
        Random random = new Random(seed);
        String prefix = "crash/" + UUID.randomUUID() + "/";
        String endpoints = String.join(",", ETCD.endpoints());
        Map<String, Child> writers = new HashMap<>();
        Map<String, Set<Long>> acked = new HashMap<>();
        int memberKills = 0;
        int writerKills = 0;
        int next = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                while (writers.size() < WRITERS) {
                    String id = "w" + next++;
                    Child c = Child.start(tmp, "writer", endpoints, prefix, id);
                    c.await("READY", Duration.ofSeconds(60));
                    writers.put(id, c);
                }
                Thread.sleep(300 + random.nextInt(700)); // a random moment in the stream of commits, not a check
                EtcdMember member = ETCD.cluster().member(random.nextInt(3));
                member.kill();
                memberKills++;
                Thread.sleep(200 + random.nextInt(800));
                String victim = new ArrayList<>(writers.keySet()).get(random.nextInt(writers.size()));
                Child dead = writers.remove(victim);
                dead.kill();
                writerKills++;
                collect(victim, dead, acked);
                member.restart(Duration.ofSeconds(60));
            }
        } finally {
            for (Map.Entry<String, Child> w : writers.entrySet()) {
                w.getValue().kill();
                collect(w.getKey(), w.getValue(), acked);
            }
        }
        ETCD.cluster().restartStopped(Duration.ofSeconds(60));

        int total = acked.values().stream().mapToInt(Set::size).sum();
        try (EtcdStateStore store = EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix).open()) {
            Set<String> present = new HashSet<>();
            store.list("").forEach(e -> present.add(e.key()));
            for (Map.Entry<String, Set<Long>> w : acked.entrySet()) {
                for (long n : w.getValue()) {
                    assertThat(present).as("acknowledged commit %s/%d (seed %d)", w.getKey(), n, seed)
                            .contains(w.getKey() + "/" + n, w.getKey() + "/" + n + ".twin");
                }
            }
            for (StoredEntry e : store.list("")) {
                String base = e.key().endsWith(".twin") ? e.key().substring(0, e.key().length() - 5) : e.key();
                assertThat(present).as("both keys of the batch of %s (seed %d)", e.key(), seed)
                        .contains(base, base + ".twin");
            }
        }
        System.out.println("EtcdCrashTest: " + total + " acknowledged commits, " + memberKills + " members and "
                + writerKills + " writers killed");
        assertThat(memberKills).isEqualTo(ROUNDS);
        assertThat(total).as("commits acknowledged across the kills").isGreaterThan(ROUNDS * 5);
    }

    private static void collect(String id, Child child, Map<String, Set<Long>> acked) {
        Set<Long> mine = acked.computeIfAbsent(id, k -> new HashSet<>());
        for (String line : child.drain()) {
            if (line.startsWith("ACK ")) {
                mine.add(Long.parseLong(line.substring(4)));
            }
        }
    }
}
