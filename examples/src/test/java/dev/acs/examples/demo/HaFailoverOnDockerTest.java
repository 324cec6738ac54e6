package dev.acs.examples.demo;

import dev.acs.core.spi.StoredEntry;
import dev.acs.store.etcd.EtcdStateStore;
import dev.acs.testing.docker.DockerEngine;
import dev.acs.testing.docker.DockerEngineExtension;
import dev.acs.testing.etcd.EtcdClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two control-plane host processes ({@link HaHost}) over one etcd prefix and two real Docker Engines, the leader
 * lost while it scales an application: killed with SIGKILL, or frozen with SIGSTOP past its lease and then resumed.
 * The other host takes over within the lease TTL (plus one pass), settles the interrupted scale as a restart would,
 * and the engines end up with exactly the containers its records hold; a resumed old leader commits nothing.
 */
class HaFailoverOnDockerTest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.engines(2);
    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.members(3);

    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    Path tmp;

    private final String prefix = "ha-docker/" + UUID.randomUUID() + "/";

    private HaHostProcess host(String name) throws Exception {
        List<String> engines = new ArrayList<>();
        String image = null;
        for (DockerEngine e : DOCKER.all()) {
            image = e.testImage();
            engines.add(e.name() + "=" + e.endpoint());
        }
        return HaHostProcess.start(tmp, name, ETCD.endpoints(), prefix, image, engines, WAIT);
    }

    @Test
    void theLeaderKilledDuringAScaleIsReplacedAndTheApplicationEndsConsistent() throws Exception {
        try (HaHostProcess a = host("host-a"); HaHostProcess b = host("host-b")) {
            a.await("LEADER");
            String app = deploy(a);
            String op = a.ask("scale " + app + " 6", "SCALING ").substring(8);

            long killed = System.nanoTime();
            a.kill();
            b.await("LEADER");
            Duration failover = Duration.ofNanos(System.nanoTime() - killed);
            assertThat(failover).as("takeover within the TTL plus slack").isLessThan(HaHost.TTL.plusSeconds(30));

            String settled = b.ask("settle " + app + " " + op, "SETTLED ");
            System.out.println("HaFailoverOnDockerTest: failover " + failover.toMillis() + " ms; interrupted scale "
                    + settled);
            assertSettledConsistently(settled);

            b.ask("scale " + app + " 3", "SCALING ");
            b.await("SCALED ");
            assertThat(b.ask("settle " + app + " " + op, "SETTLED ")).endsWith("records=3");
            assertThat(containers()).as("containers on the engines after the new leader scaled to 3").hasSize(3);
            deleteAndCheckClean(b, app);
        }
    }

    @Test
    void aLeaderFrozenPastItsLeaseAndResumedCommitsNothing() throws Exception {
        try (HaHostProcess a = host("host-a"); HaHostProcess b = host("host-b");
             EtcdStateStore raw = EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix).open()) {
            a.await("LEADER");
            String app = deploy(a);
            String op = a.ask("scale " + app + " 6", "SCALING ").substring(8);

            a.freeze(); // SIGSTOP in the middle of the scale: its lease runs out while it cannot renew it
            b.await("LEADER");
            String settled = b.ask("settle " + app + " " + op, "SETTLED ");
            assertSettledConsistently(settled);
            List<StoredEntry> before = raw.list("");

            a.thaw(); // SIGCONT: it resumes its scale where it stopped, but its term is over
            a.await("FOLLOWER");
            assertThat(a.ask("scale " + app + " 1", "REFUSED ")).isEqualTo("REFUSED NOT_LEADER host-b");
            assertThat(raw.list("")).as("the resumed old leader committed nothing").isEqualTo(before);
            String again = b.ask("settle " + app + " " + op, "SETTLED ");
            System.out.println("HaFailoverOnDockerTest (SIGSTOP): new leader " + settled + "; after the old leader "
                    + "resumed " + again);
            assertSettledConsistently(again);
            assertThat(again).isEqualTo(settled);
            deleteAndCheckClean(b, app);
        }
    }

    private static String deploy(HaHostProcess leader) {
        String cluster = leader.ask("cluster", "CLUSTER ").substring(8);
        String app = leader.ask("deploy " + cluster, "APP ").substring(4);
        assertThat(containers()).hasSize(2);
        return app;
    }

    private static void assertSettledConsistently(String settled) {
        assertThat(settled).matches("SETTLED (SUCCEEDED null|FAILED CANCELLED) records=\\d+");
        int records = Integer.parseInt(settled.substring(settled.indexOf("records=") + 8));
        assertThat(containers()).as("the engines run exactly the containers the leader's records hold")
                .hasSize(records);
    }

    private static void deleteAndCheckClean(HaHostProcess leader, String app) {
        leader.ask("delete " + app, "DELETED ");
        for (DockerEngine e : DOCKER.all()) {
            assertThat(e.docker("ps", "-aq", "--filter", "label=dev.acs.app=shop").strip())
                    .as("containers left on " + e.name()).isEmpty();
        }
    }

    /** The running containers of the application on both engines. */
    private static List<String> containers() {
        List<String> ids = new ArrayList<>();
        for (DockerEngine e : DOCKER.all()) {
            e.docker("ps", "-q", "--filter", "label=dev.acs.app=shop").lines().map(String::strip)
                    .filter(s -> !s.isEmpty()).forEach(ids::add);
        }
        return ids;
    }
}
