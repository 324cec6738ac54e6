package dev.acs.cloud.haproxy;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.routing.LoadBalancerBackend;
import dev.acs.core.routing.LoadBalancerListener;
import dev.acs.core.routing.LoadBalancerTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local load balancer on a real HAProxy: {@code aliyun.lb.*} listeners as TCP frontends in front of real TCP
 * servers on loopback (each answers its name and closes), balancing over the bound containers' host ports, and the
 * refusals (a load balancer of two clusters, an undeclared one, udp) that keep the last good bindings.
 */
class HaproxyLoadBalancerTest {
    @TempDir
    Path dir;
    private final List<ServerSocket> servers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private HaproxyRouter proxy;

    @BeforeEach
    void start() throws IOException {
        proxy = HaproxyRouter.builder().workDir(dir.resolve("haproxy")).bind("127.0.0.1", freePort())
                .statusPort(freePort()).loadBalancer("slb_redis", "127.0.0.1").loadBalancer("slb_other", "127.0.0.1")
                .build();
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        for (ServerSocket s : servers) {
            s.close();
        }
        threads.forEach(Thread::interrupt);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A TCP server on loopback that writes {@code name} to every connection and closes it; returns its port. */
    private int tcpServer(String name) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(server);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write(name.getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        threads.add(t);
        return server.getLocalPort();
    }

    private static String read(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port); InputStream in = s.getInputStream()) {
            s.setSoTimeout(10_000);
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static LoadBalancerTable table(String cluster, String lb, int front, LoadBalancerBackend... backends) {
        return new LoadBalancerTable(cluster, List.of(new LoadBalancerListener(lb, "tcp", front, "app", "redis", 6379,
                List.of(backends))));
    }

    private void apply(LoadBalancerTable t) {
        proxy.apply(t).toCompletableFuture().join();
    }

    @Test
    void aTcpListenerBalancesOverTheNodesRunningTheServiceAndFollowsThem() throws IOException {
        int front = freePort();
        LoadBalancerBackend r1 = new LoadBalancerBackend("r1", "n1", null, "127.0.0.1", tcpServer("r1"), true);
        LoadBalancerBackend r2 = new LoadBalancerBackend("r2", "n2", null, "127.0.0.1", tcpServer("r2"), true);
        apply(table("c1", "slb_redis", front, r1, r2));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            seen.add(read(front));
        }
        assertThat(seen).containsExactlyInAnyOrder("r1", "r2");

        LoadBalancerBackend r2Sick = new LoadBalancerBackend("r2", "n2", null, "127.0.0.1", r2.hostPort(), false);
        apply(table("c1", "slb_redis", front, r1, r2Sick));
        for (int i = 0; i < 6; i++) {
            assertThat(read(front)).as("an unhealthy backend gets nothing").isEqualTo("r1");
        }
    }

    @Test
    void aLoadBalancerOfTwoClustersAnUndeclaredOneAndUdpAreRefusedAndTheLastGoodBindingsStay() throws IOException {
        int front = freePort();
        LoadBalancerBackend r1 = new LoadBalancerBackend("r1", "n1", null, "127.0.0.1", tcpServer("r1"), true);
        apply(table("c1", "slb_redis", front, r1));
        long generation = proxy.generation();

        assertThatThrownBy(() -> apply(table("c2", "slb_redis", freePort(), r1)))
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(AcsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SLB_SHARED));
        assertThatThrownBy(() -> apply(table("c2", "slb_unknown", freePort(), r1)))
                .cause().isInstanceOfSatisfying(AcsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        LoadBalancerTable udp = new LoadBalancerTable("c2", List.of(new LoadBalancerListener("slb_other", "udp",
                freePort(), "app", "dns", 53, List.of(r1))));
        assertThatThrownBy(() -> apply(udp)).cause().isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));

        assertThat(proxy.generation()).isEqualTo(generation);
        assertThat(read(front)).isEqualTo("r1");
        apply(LoadBalancerTable.empty("c1"));
        apply(table("c2", "slb_redis", front, r1));
        assertThat(read(front)).as("once c1 let it go, c2 may bind it").isEqualTo("r1");
    }
}
