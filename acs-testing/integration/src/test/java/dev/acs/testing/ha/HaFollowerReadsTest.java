package dev.acs.testing.ha;

import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.Operation;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoredEntry;
import dev.acs.store.etcd.HighlyAvailableControlPlane;
import dev.acs.testing.etcd.EtcdClusterExtension;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static dev.acs.testing.ha.HaSimHosts.ZONE;
import static dev.acs.testing.ha.HaSimHosts.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two control-plane hosts over one prefix of a 3-member etcd: the follower answers the API's reads from the shared
 * store (what the leader committed is readable there at once), and refuses commands with {@code NOT_LEADER} naming the
 * leader, changing nothing.
 */
class HaFollowerReadsTest {
    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.members(3);

    private final HaSimHosts hosts = new HaSimHosts(ETCD, "ha-reads", b -> b);

    @AfterEach
    void closeAll() throws Exception {
        hosts.close();
    }

    private <T> T settle(Operation<T> op) {
        return hosts.settle(op).await(Duration.ZERO);
    }

    private static AppSpec web(int scale) {
        return Templates.parse("""
                web:
                  image: nginx:1.25
                  labels:
                    aliyun.scale: "%d"
                """.formatted(scale), ParseOptions.builder().applicationName("shop").build()).app().orElseThrow();
    }

    @Test
    void theFollowerReadsWhatTheLeaderCommittedAndRefusesCommandsChangingNothing() throws Exception {
        HighlyAvailableControlPlane a = hosts.host("host-a").ha();
        assertThat(a.awaitControlPlane(WAIT)).isTrue();
        HighlyAvailableControlPlane b = hosts.host("host-b").ha();
        assertThat(b.leadership().leader()).contains("host-a");

        Cluster cluster = settle(a.clusters().create(ClusterSpec.classic("ha", ZONE, 2, "ecs.n4.large")));
        Application app = settle(a.applications().deploy(cluster.id(), web(2)));
        assertThat(b.clusters().list()).as("the leader's cluster, read on the follower").containsExactly(
                a.clusters().require(cluster.id()));
        assertThat(b.nodes().list(cluster.id())).isEqualTo(a.nodes().list(cluster.id())).hasSize(2);
        assertThat(b.applications().require(app.id())).isEqualTo(a.applications().require(app.id()));
        assertThat(b.applications().containers(app.id())).isEqualTo(a.applications().containers(app.id())).hasSize(2);
        assertThat(b.operations().log(app.id())).isEqualTo(a.operations().log(app.id()));

        // a write on the leader is readable on the follower at once: each read checks the etcd revision
        settle(a.applications().scale(app.id(), "web", 3));
        assertThat(b.applications().containers(app.id())).hasSize(3)
                .isEqualTo(a.applications().containers(app.id()));
        assertThat(b.operations().log(app.id()).get(0).kind()).isEqualTo("ScaleService");

        StateStore raw = hosts.open();
        List<StoredEntry> before = raw.list("");
        refused(() -> b.applications().scale(app.id(), "web", 5));
        refused(() -> b.applications().delete(app.id()));
        refused(() -> b.applications().events(app.id()));
        refused(() -> b.clusters().create(ClusterSpec.classic("more", ZONE, 1, "ecs.n4.large")));
        refused(() -> b.nodes().setLabels(cluster.id(), a.nodes().list(cluster.id()).get(0).id(),
                java.util.Map.of("tier", "web")));
        refused(() -> b.operations().running());
        assertThat(raw.list("")).as("a refused follower write changes nothing").isEqualTo(before);
        assertThat(a.applications().containers(app.id())).hasSize(3);
        assertThat(hosts.cloud.machines()).hasSize(2);
    }

    private static void refused(ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_LEADER);
            assertThat(e.details()).containsEntry("leader", "host-a").containsEntry("candidate", "host-b");
            assertThat(e.getMessage()).contains("send commands to host-a");
        });
    }
}
