package dev.acs.testing.etcd;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real 3-member cluster: healthy on start, a killed member comes back on its data, close removes everything. */
class EtcdClusterTest {
    @Test
    void threeMembersStartSurviveAKillAndAreCleanedUp() {
        Path dir;
        long pid;
        try (EtcdCluster etcd = EtcdCluster.start(3)) {
            dir = etcd.directory();
            assertThat(etcd.endpoints()).hasSize(3).allMatch(e -> e.startsWith("http://127.0.0.1:"));
            assertThat(etcd.members()).allMatch(EtcdMember::isHealthy);

            EtcdMember first = etcd.member(0);
            pid = first.pid();
            first.kill();
            assertThat(first.isRunning()).isFalse();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
            etcd.member(1).awaitHealthy(Duration.ofSeconds(30)); // two of three keep a quorum
            assertThatThrownBy(first::pid).isInstanceOf(IllegalStateException.class);

            etcd.restartStopped(Duration.ofSeconds(60));
            assertThat(first.isHealthy()).isTrue();
            assertThat(first.pid()).isNotEqualTo(pid);
            pid = first.pid();
        }
        assertThat(Files.exists(dir)).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aClusterOfNoMembersIsRefused() {
        assertThatThrownBy(() -> EtcdCluster.start(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EtcdClusterExtension.members(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
