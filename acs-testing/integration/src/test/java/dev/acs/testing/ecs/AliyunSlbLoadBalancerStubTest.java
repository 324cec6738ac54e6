package dev.acs.testing.ecs;

import dev.acs.cloud.aliyun.AliyunCredentials;
import dev.acs.cloud.aliyun.AliyunSlbLoadBalancer;
import dev.acs.cloud.aliyun.SignatureVersion;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.routing.ClusterLoadBalancer;
import dev.acs.core.routing.LoadBalancerBackend;
import dev.acs.core.routing.LoadBalancerListener;
import dev.acs.core.routing.LoadBalancerNode;
import dev.acs.core.routing.LoadBalancerTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link AliyunSlbLoadBalancer} against the SLB API stub: tables as the routing controller hands them over, checked
 * against the backend servers and tags the stub holds.
 */
class AliyunSlbLoadBalancerStubTest {
    private final SlbApiStub stub = SlbApiStub.start("cn-hangzhou", "LTAI5tSlbTestKey", "slb-test-secret");
    private final List<AliyunSlbLoadBalancer> clients = new ArrayList<>();
    private final AliyunSlbLoadBalancer slb = client(SignatureVersion.ACS3_HMAC_SHA256);

    @AfterEach
    void close() {
        clients.forEach(AliyunSlbLoadBalancer::close);
        stub.close();
    }

    private AliyunSlbLoadBalancer client(SignatureVersion signature) {
        AliyunSlbLoadBalancer client = AliyunSlbLoadBalancer.builder().endpoint(stub.baseUrl())
                .regionId(stub.regionId()).credentials(AliyunCredentials.of(stub.accessKeyId(), stub.accessKeySecret()))
                .signatureVersion(signature).retries(4, Duration.ofMillis(5), Duration.ofMillis(20))
                .callTimeout(Duration.ofSeconds(10)).build();
        clients.add(client);
        return client;
    }

    private static LoadBalancerBackend backend(String node, boolean healthy) {
        return new LoadBalancerBackend("ctr-" + node, node, "i-" + node, "10.0.0.1", 6379, healthy);
    }

    private static LoadBalancerTable table(String cluster, String lb, String service, LoadBalancerBackend... backends) {
        return new LoadBalancerTable(cluster, List.of(new LoadBalancerListener(lb, "tcp", 6379, "app", service, 6379,
                List.of(backends))));
    }

    private static void apply(AliyunSlbLoadBalancer client, LoadBalancerTable table) {
        client.apply(table).toCompletableFuture().join();
    }

    private static AcsException refusal(AliyunSlbLoadBalancer client, LoadBalancerTable table) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> apply(client, table));
        assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(AcsException.class);
        return (AcsException) thrown.getCause();
    }

    @Test
    void theBackendServersFollowTheNodesThatRunAHealthyContainerOfTheService() {
        String id = stub.createLoadBalancer("slb_redis", Map.of(6379, "tcp"));
        stub.addInstances(List.of("i-n1", "i-n2", "i-n3"));

        apply(slb, table("c1", "slb_redis", "redis", backend("n1", true), backend("n2", true), backend("n3", false)));
        assertThat(stub.backendServers(id)).as("bound by name; the unhealthy container's node is no backend")
                .isEqualTo(Map.of("i-n1", 100, "i-n2", 100));
        assertThat(stub.tags(id)).containsEntry(AliyunSlbLoadBalancer.CLUSTER_TAG, "c1");

        apply(slb, table("c1", id, "redis", backend("n2", true), backend("n3", true)));
        assertThat(stub.backendServers(id)).as("bound by id; the service moved off n1").containsOnlyKeys("i-n2", "i-n3");

        int adds = stub.requestCount("AddBackendServers");
        apply(slb, table("c1", id, "redis", backend("n2", true), backend("n3", true)));
        assertThat(stub.requestCount("AddBackendServers")).as("nothing to change, nothing changed").isEqualTo(adds);

        apply(slb, LoadBalancerTable.empty("c1"));
        assertThat(stub.backendServers(id)).as("the binding ends with the service").isEmpty();
        assertThat(stub.tags(id)).doesNotContainKey(AliyunSlbLoadBalancer.CLUSTER_TAG);
        assertThat(slb.boundLoadBalancers("c1")).isEmpty();
    }

    @Test
    void twoClustersNeverShareAnSlbEvenAcrossControlPlanes() {
        String id = stub.createLoadBalancer("slb_web", Map.of(6379, "tcp"));
        stub.addInstances(List.of("i-n1", "i-n2"));
        apply(slb, table("c1", "slb_web", "web", backend("n1", true)));

        AcsException sameProcess = refusal(slb, table("c2", "slb_web", "web", backend("n2", true)));
        assertThat(sameProcess.code()).isEqualTo(ErrorCode.SLB_SHARED);
        assertThat(sameProcess.getMessage()).contains("c1", "two clusters never share");

        AliyunSlbLoadBalancer otherControlPlane = client(SignatureVersion.RPC_HMAC_SHA1);
        AcsException byTag = refusal(otherControlPlane, table("c2", "slb_web", "web", backend("n2", true)));
        assertThat(byTag.code()).as("the owner tag tells another control plane").isEqualTo(ErrorCode.SLB_SHARED);
        assertThat(stub.backendServers(id)).as("a refused table changes nothing").containsOnlyKeys("i-n1");
        assertThat(stub.tags(id)).containsEntry(AliyunSlbLoadBalancer.CLUSTER_TAG, "c1");

        apply(slb, LoadBalancerTable.empty("c1"));
        apply(otherControlPlane, table("c2", "slb_web", "web", backend("n2", true)));
        assertThat(stub.backendServers(id)).as("free once c1's binding ended").containsOnlyKeys("i-n2");
    }

    @Test
    void badBindingsAreRefusedWithStableCodesBeforeAnythingChanges() {
        String id = stub.createLoadBalancer("slb_udp_only", Map.of(53, "udp"));
        stub.addInstances(List.of("i-n1"));

        AcsException unknown = refusal(slb, table("c1", "no_such_slb", "web", backend("n1", true)));
        assertThat(unknown.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(unknown.getMessage()).contains("no_such_slb", "cn-hangzhou");

        AcsException noListener = refusal(slb, table("c1", "slb_udp_only", "web", backend("n1", true)));
        assertThat(noListener.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(noListener.getMessage()).contains("no tcp listener on port 6379", "create the listener");

        LoadBalancerBackend local = new LoadBalancerBackend("ctr", "n9", null, "127.0.0.1", 6379, true);
        stub.createLoadBalancer("slb_ok", Map.of(6379, "tcp"));
        AcsException noInstance = refusal(slb, table("c1", "slb_ok", "web", local));
        assertThat(noInstance.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(noInstance.getMessage()).contains("n9", "no ECS instance id");

        AcsException notRunning = refusal(slb, table("c1", "slb_ok", "web", backend("stopped", true)));
        assertThat(notRunning.code()).as("ObtainIpFail: not a running instance").isEqualTo(ErrorCode.INVALID_STATE);
        assertThat(notRunning.details()).containsEntry("slbCode", "ObtainIpFail").containsKey("requestId");

        stub.createLoadBalancer("twin", Map.of(6379, "tcp"));
        stub.createLoadBalancer("twin", Map.of(6379, "tcp"));
        assertThat(refusal(slb, table("c1", "twin", "web", backend("n1", true))).getMessage())
                .contains("named 'twin'", "bind by id");
        assertThat(stub.backendServers(id)).isEmpty();
        assertThat(stub.tags(id)).isEmpty();
    }

    @Test
    void throttlingBusyAnswersAndLostAnswersAreRetriedIntoTheSameResult() {
        String id = stub.createLoadBalancer("slb_retry", Map.of(6379, "tcp"));
        List<String> instances = IntStream.rangeClosed(1, 45).mapToObj(i -> "i-n" + i).toList();
        stub.addInstances(instances);
        LoadBalancerBackend[] many = IntStream.rangeClosed(1, 45).mapToObj(i -> backend("n" + i, true))
                .toArray(LoadBalancerBackend[]::new);

        stub.failNext("DescribeLoadBalancerAttribute", EcsFault.THROTTLING, 2);
        stub.failNext("AddBackendServers", EcsFault.SERVICE_UNAVAILABLE, 1);
        stub.failAfterApplying("AddBackendServers", EcsFault.CONNECTION_RESET, 1);
        apply(slb, table("c1", "slb_retry", "web", many));
        assertThat(stub.backendServers(id)).as("45 servers in calls of at most 20, the lost answer's retry "
                + "recognised as done").hasSize(45).containsOnlyKeys(instances);
        assertThat(stub.requestCount("AddBackendServers")).as("3 chunks, one unavailable, one answer lost")
                .isEqualTo(5);

        stub.failNext("RemoveBackendServers", EcsFault.INTERNAL_ERROR, 1);
        apply(slb, table("c1", "slb_retry", "web", backend("n1", true)));
        assertThat(stub.backendServers(id)).containsOnlyKeys("i-n1");
    }

    @Test
    void wrongCredentialsAreUnauthorizedAndNotRetried() {
        stub.createLoadBalancer("slb_auth", Map.of(6379, "tcp"));
        AliyunSlbLoadBalancer wrong = AliyunSlbLoadBalancer.builder().endpoint(stub.baseUrl()).regionId("cn-hangzhou")
                .credentials(AliyunCredentials.of(stub.accessKeyId(), "not-the-secret")).build();
        clients.add(wrong);
        AcsException e = refusal(wrong, table("c1", "slb_auth", "web", backend("n1", true)));
        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(e.details()).containsEntry("slbCode", "SignatureDoesNotMatch");
        assertThat(e.getMessage()).contains("RAM permissions");

        assertThatThrownBy(() -> AliyunSlbLoadBalancer.builder().regionId("cn-hangzhou").build())
                .isInstanceOf(AcsException.class).hasMessageContaining("needs credentials");
    }

    @Test
    void aClustersOwnSlbHasEveryNodeAsBackendAndBelongsToThatClusterOnly() {
        String id = stub.createLoadBalancer("slb_cluster", Map.of(80, "http"));
        stub.addInstances(List.of("i-n1", "i-n2", "i-n3"));
        ClusterLoadBalancer own = new ClusterLoadBalancer("slb_cluster", List.of(node("n1"), node("n2")));
        apply(slb, new LoadBalancerTable("c1", List.of(), own));
        assertThat(stub.backendServers(id)).containsOnlyKeys("i-n1", "i-n2");

        apply(slb, new LoadBalancerTable("c1", List.of(), new ClusterLoadBalancer("slb_cluster",
                List.of(node("n1"), node("n2"), node("n3")))));
        assertThat(stub.backendServers(id)).as("a node added to the cluster joins").hasSize(3);

        AcsException other = refusal(slb, new LoadBalancerTable("c2", List.of(), own));
        assertThat(other.code()).isEqualTo(ErrorCode.SLB_SHARED);

        LoadBalancerTable serviceToo = new LoadBalancerTable("c1", List.of(new LoadBalancerListener(id, "http", 80,
                "app", "web", 80, List.of(backend("n1", true)))), own);
        assertThat(refusal(slb, serviceToo).code()).as("bound by id by a service, by name by the cluster")
                .isEqualTo(ErrorCode.SLB_SHARED);

        AcsException local = refusal(slb, new LoadBalancerTable("c1", List.of(), new ClusterLoadBalancer("slb_cluster",
                List.of(new LoadBalancerNode("n9", null, "127.0.0.1")))));
        assertThat(local.getMessage()).contains("n9", "no ECS instance id");
        assertThat(stub.backendServers(id)).as("refusals change nothing").hasSize(3);
    }

    private static LoadBalancerNode node(String id) {
        return new LoadBalancerNode(id, "i-" + id, "10.0.0.1");
    }
}
