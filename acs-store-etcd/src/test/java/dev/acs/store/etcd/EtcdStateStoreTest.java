package dev.acs.store.etcd;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoredEntry;
import dev.acs.testing.etcd.EtcdClusterExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The etcd store's own behaviour beyond the contract: prefixes, formats, unreachable etcd, member crashes. */
class EtcdStateStoreTest {
    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.members(3);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String prefix() {
        return "test/" + UUID.randomUUID() + "/";
    }

    @Test
    void controlPlanesUnderDifferentPrefixesShareOneEtcdWithoutSeeingEachOther() {
        try (EtcdStateStore a = EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix()).open();
             EtcdStateStore b = EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix()).open()) {
            a.put("apps/web", StateStore.ABSENT, bytes("a"));
            b.put("apps/web", StateStore.ABSENT, bytes("b"));
            b.put("apps/web", 1, bytes("b2"));
            assertThat(a.list("")).containsExactly(new StoredEntry("apps/web", 1, bytes("a")));
            assertThat(b.list("")).containsExactly(new StoredEntry("apps/web", 2, bytes("b2")));
            assertThat(a.prefix()).isNotEqualTo(b.prefix()).endsWith("/");
        }
    }

    @Test
    void aStoreSeesWhatAnotherProcessCommittedUnderTheSamePrefix() {
        String prefix = prefix();
        try (EtcdStateStore first = EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix).open();
             EtcdStateStore second = EtcdStateStore.builder(List.of(ETCD.endpoints().get(2))).prefix(prefix).open()) {
            first.put("k", StateStore.ABSENT, bytes("1"));
            assertThat(second.get("k")).contains(new StoredEntry("k", 1, bytes("1")));
            assertThatThrownBy(() -> second.put("k", StateStore.ABSENT, bytes("lost update")))
                    .isInstanceOfSatisfying(AcsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION));
        }
    }

    @Test
    void aWriterThatRemembersAKeyStillSeesAnotherProcessesChange() {
        String prefix = prefix();
        try (EtcdStateStore a = EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix).open();
             EtcdStateStore b = EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix).open()) {
            a.put("k", StateStore.ABSENT, bytes("a1"));
            a.put("k", 1, bytes("a2")); // one transaction, guarded by the revision a remembers
            b.put("k", 2, bytes("b3"));
            assertThatThrownBy(() -> a.put("k", 2, bytes("lost update")))
                    .isInstanceOfSatisfying(AcsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);
                        assertThat(e.details()).containsEntry("current", "3");
                    });
            b.delete("k", 3);
            assertThat(a.put("k", StateStore.ANY_VERSION, bytes("a-again")).version()).isEqualTo(1);
            assertThat(b.get("k")).contains(new StoredEntry("k", 1, bytes("a-again")));
        }
    }

    @Test
    void aPrefixWrittenByANewerFormatIsRefusedAtOpen() throws Exception {
        String prefix = prefix();
        try (Client raw = Client.builder().endpoints(ETCD.endpoints().toArray(String[]::new)).build()) {
            raw.getKVClient().put(ByteSequence.from(prefix + "format", StandardCharsets.UTF_8),
                    ByteSequence.from("2", StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix).open())
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPTED);
                    assertThat(e.getMessage()).contains("format 2").contains("newer SDK");
                });
    }

    @Test
    void anEntryWrittenByANewerFormatIsReportedNotMisread() throws Exception {
        String prefix = prefix();
        try (EtcdStateStore store = EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix).open();
             Client raw = Client.builder().endpoints(ETCD.endpoints().toArray(String[]::new)).build()) {
            raw.getKVClient().put(ByteSequence.from(prefix + "k/x", StandardCharsets.UTF_8),
                    ByteSequence.from(new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 1, 42})).get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> store.get("x")).isInstanceOfSatisfying(AcsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPTED);
                assertThat(e.getMessage()).contains("format 2");
            });
        }
    }

    @Test
    void unreachableEtcdAtOpenFailsClearlyWithinTheTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> EtcdStateStore.builder(List.of("http://127.0.0.1:" + port))
                .timeout(Duration.ofSeconds(2)).open())
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isIn(ErrorCode.TIMEOUT, ErrorCode.PROVIDER_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("127.0.0.1:" + port);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void badOptionsAreRefusedWithInvalidArgument() {
        for (Runnable bad : List.<Runnable>of(
                () -> EtcdStateStore.builder(List.of()),
                () -> EtcdStateStore.builder(List.of("127.0.0.1:2379")),
                () -> EtcdStateStore.builder(ETCD.endpoints()).prefix(" "),
                () -> EtcdStateStore.builder(ETCD.endpoints()).timeout(Duration.ZERO))) {
            assertThatThrownBy(bad::run).isInstanceOfSatisfying(AcsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void commitsGoOnWhileOneOfThreeMembersIsKilledAndNothingAcknowledgedIsLost() {
        try (EtcdStateStore store = EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix())
                .timeout(Duration.ofSeconds(20)).open()) {
            for (int i = 0; i < 20; i++) {
                store.put("before/" + i, StateStore.ABSENT, bytes("" + i));
            }
            ETCD.cluster().member(0).kill();
            for (int i = 0; i < 20; i++) {
                store.put("during/" + i, StateStore.ABSENT, bytes("" + i));
            }
            ETCD.cluster().restartStopped(Duration.ofSeconds(60));
            assertThat(store.list("before/")).hasSize(20);
            assertThat(store.list("during/")).hasSize(20);
        }
    }

    @Test
    void aClosedStoreRefusesToJoinAnElection() {
        EtcdStateStore store = EtcdStateStore.builder(ETCD.endpoints()).prefix(prefix()).open();
        store.close();
        assertThatThrownBy(() -> store.leadership("a", Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(AcsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE));
    }
}
