package dev.acs.cloud.haproxy;

import com.sun.net.httpserver.HttpServer;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.routing.RouteBackend;
import dev.acs.core.routing.RouteEntry;
import dev.acs.core.routing.RoutingTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HAProxy router with a real HAProxy and real HTTP backends on loopback (tiny HTTP servers that answer their
 * own name): Host-header routing, context paths, 503 for unknown hosts, sticky cookies, weights, rejected
 * configurations and reloads under load.
 */
class HaproxyRouterTest {
    @TempDir
    Path dir;
    private final List<HttpServer> servers = new ArrayList<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private HaproxyRouter router;
    private int port;

    @BeforeEach
    void start() throws IOException {
        port = freePort();
        router = HaproxyRouter.builder().workDir(dir.resolve("haproxy")).bind("127.0.0.1", port).statusPort(freePort())
                .build();
        for (String name : List.of("a1", "a2", "b1", "api1")) {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            s.createContext("/", ex -> {
                byte[] body = name.getBytes(StandardCharsets.US_ASCII);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            s.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            s.start();
            servers.add(s);
            ports.put(name, s.getAddress().getPort());
        }
    }

    @AfterEach
    void stop() {
        router.close();
        servers.forEach(s -> {
            s.stop(0);
            ((java.util.concurrent.ExecutorService) s.getExecutor()).shutdownNow();
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private RouteBackend backend(String name, int weight) {
        return new RouteBackend(name, "svc-" + name.charAt(0), "n1", "127.0.0.1", ports.get(name), weight, true);
    }

    private static RouteEntry route(String domain, String ctx, boolean sticky, RouteBackend... backends) {
        return new RouteEntry(domain, ctx, "app-" + domain.charAt(0), sticky, List.of(backends));
    }

    private void apply(RouteEntry... routes) {
        router.apply(new RoutingTable("c1", List.of(routes))).toCompletableFuture().join();
    }

    /** One request on a fresh connection: status line code, Set-Cookie value (or null) and body. */
    record Reply(int status, String cookie, String body) {
    }

    private Reply get(String host, String path, String cookie) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            String req = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (cookie == null ? "" : "Cookie: CONTAINERID=" + cookie + "\r\n") + "\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            String reply;
            try (InputStream in = s.getInputStream()) {
                reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            int head = reply.indexOf("\r\n\r\n");
            if (head < 0) {
                throw new IOException("no HTTP reply: '" + reply + "'");
            }
            String headers = reply.substring(0, head);
            String setCookie = null;
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase().startsWith("set-cookie: containerid=")) {
                    setCookie = line.substring("set-cookie: containerid=".length()).split(";")[0];
                }
            }
            return new Reply(Integer.parseInt(headers.split(" ")[1]), setCookie, reply.substring(head + 4).strip());
        }
    }

    @Test
    void routesByHostHeaderAndLongestContextPathAndAnswers503ForUnknownHosts() throws IOException {
        apply(route("a.example.com", "", false, backend("a1", 100)),
                route("b.example.com", "", false, backend("b1", 100)),
                route("b.example.com", "/api", false, backend("api1", 100)));

        assertThat(get("a.example.com", "/", null).body()).isEqualTo("a1");
        assertThat(get("A.Example.com:" + port, "/x", null).body()).isEqualTo("a1");
        assertThat(get("b.example.com", "/", null).body()).isEqualTo("b1");
        assertThat(get("b.example.com", "/api", null).body()).isEqualTo("api1");
        assertThat(get("b.example.com", "/api/items/1", null).body()).isEqualTo("api1");
        assertThat(get("b.example.com", "/apidocs", null).body()).isEqualTo("b1");
        assertThat(get("a.example.com", "/api", null).body()).isEqualTo("a1");
        assertThat(get("nobody.example.com", "/", null).status()).isEqualTo(503);
        assertThat(router.generation()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("haproxy/haproxy.cfg"))).contains("path_beg /api/");
    }

    @Test
    void aStickyCookieKeepsAClientOnOneContainer() throws IOException {
        apply(route("a.example.com", "", true, backend("a1", 100), backend("a2", 100)));

        Reply first = get("a.example.com", "/", null);
        assertThat(first.cookie()).isEqualTo(first.body());
        for (int i = 0; i < 20; i++) {
            assertThat(get("a.example.com", "/", first.cookie()).body()).isEqualTo(first.body());
        }
        java.util.Set<String> fresh = new java.util.HashSet<>();
        for (int i = 0; i < 10; i++) {
            fresh.add(get("a.example.com", "/", null).body());
        }
        assertThat(fresh).as("clients without the cookie are balanced").containsExactlyInAnyOrder("a1", "a2");
    }

    @Test
    void weights80To20HoldOverAThousandRequests() throws IOException {
        int heavy = Math.round(80 * RouteBackend.MAX_WEIGHT / 100f);
        int light = Math.round(20 * RouteBackend.MAX_WEIGHT / 100f);
        apply(route("a.example.com", "", false, backend("a1", heavy), backend("a2", light)));

        Map<String, Integer> hits = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            hits.merge(get("a.example.com", "/", null).body(), 1, Integer::sum);
        }
        assertThat(hits.get("a1")).isBetween(750, 850);
        assertThat(hits.get("a2")).isBetween(150, 250);
    }

    @Test
    void aRejectedConfigurationKeepsTheLastGoodOne() throws IOException {
        apply(route("a.example.com", "", false, backend("a1", 100)));
        long pid = router.masterPid();

        RouteBackend unresolvable = new RouteBackend("x1", "svc-x", "n9", "no-such-host.invalid", 8080, 100, true);
        assertThatThrownBy(() -> apply(route("a.example.com", "", false, unresolvable)))
                .isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("no-such-host.invalid");
        assertThatThrownBy(() -> router.apply(new RoutingTable("c2", List.of(route("a.example.com", "", false,
                backend("b1", 100))))).toCompletableFuture().join())
                .cause().isInstanceOfSatisfying(AcsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROUTE_CONFLICT));

        assertThat(get("a.example.com", "/", null).body()).isEqualTo("a1");
        assertThat(router.generation()).isEqualTo(1);
        assertThat(router.masterPid()).isEqualTo(pid);
    }

    @Test
    void aMasterThatDiesIsStartedAgainWithTheLastGoodConfiguration() throws Exception {
        apply(route("a.example.com", "", false, backend("a1", 100)));
        long pid = router.masterPid();

        ProcessHandle master = ProcessHandle.of(pid).orElseThrow();
        master.destroyForcibly();
        master.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        // the router notices the exit and starts a new master; the old one's worker may answer for a while meanwhile,
        // so routing counts as back only once a new master runs
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && (router.masterPid() == pid || router.masterPid() < 0)) {
            Thread.sleep(100);
        }
        assertThat(router.masterPid()).isPositive().isNotEqualTo(pid);
        String body = null;
        while (System.nanoTime() < deadline && body == null) {
            try {
                Reply r = get("a.example.com", "/", null);
                body = r.status() == 200 && r.body().equals("a1") ? r.body() : null;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        assertThat(body).as("routing is back after the restart").isEqualTo("a1");
        assertThat(router.generation()).isEqualTo(1);
    }

    @Test
    void reloadsWhileAClientSendsRequestsLoseNoRequest() throws Exception {
        apply(route("a.example.com", "", false, backend("a1", 100)));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread client = new Thread(() -> {
            while (running.get()) {
                try {
                    Reply r = get("a.example.com", "/", null);
                    if (r.status() == 200) {
                        ok.incrementAndGet();
                    } else {
                        failures.add("status " + r.status());
                    }
                } catch (IOException | RuntimeException e) {
                    failures.add(e.toString());
                }
            }
        });
        client.start();
        long pid = router.masterPid();
        for (int i = 0; i < 10; i++) {
            apply(i % 2 == 0
                    ? route("a.example.com", "", false, backend("a1", 100), backend("a2", 100))
                    : route("a.example.com", "", false, backend("a2", 100)));
        }
        running.set(false);
        client.join(30_000);

        assertThat(failures).isEmpty();
        assertThat(ok.get()).isGreaterThan(10);
        assertThat(router.generation()).isEqualTo(11);
        assertThat(router.masterPid()).as("reloads keep the master").isEqualTo(pid);
    }

    @Test
    void virtualHostPatternsAndTheDefaultRouteComeAfterExactDomainsAcrossClusters() throws IOException {
        router.apply(new RoutingTable("c0", List.of(route("*", "", false, backend("b1", 100))))).toCompletableFuture()
                .join();
        apply(route("a.example.com", "", false, backend("a1", 100)),
                route("*.example.com", "", false, backend("a2", 100)),
                route("www.e*e.org", "/api", false, backend("api1", 100)));

        assertThat(get("a.example.com", "/", null).body()).isEqualTo("a1");
        assertThat(get("x.y.example.com", "/", null).body()).isEqualTo("a2");
        assertThat(get("www.exxe.org", "/api/1", null).body()).isEqualTo("api1");
        assertThat(get("www.exxe.org", "/", null).body()).as("outside /api: the default route").isEqualTo("b1");
        assertThat(get("wwwxexample.com", "/", null).body()).as("the dot of the pattern is a dot").isEqualTo("b1");
        assertThat(get("nobody.net", "/", null).body()).isEqualTo("b1");
    }

    @Test
    void aDetachedHaproxyOutlivesItsRouterAndTheNextRouterOnTheDirectoryAdoptsIt() throws Exception {
        int status = freePort();
        HaproxyRouter first = HaproxyRouter.builder().workDir(dir.resolve("detached")).bind("127.0.0.1", port)
                .statusPort(status).detached().build();
        long pid;
        try {
            first.apply(new RoutingTable("c1", List.of(route("a.example.com", "", false, backend("a1", 100)))))
                    .toCompletableFuture().join();
            pid = first.masterPid();
        } finally {
            first.close();
        }
        ProcessHandle master = ProcessHandle.of(pid).orElseThrow();
        try {
            assertThat(master.isAlive()).as("close() leaves a detached HAProxy running").isTrue();
            assertThat(get("a.example.com", "/", null).body()).as("with its last table").isEqualTo("a1");

            HaproxyRouter second = HaproxyRouter.builder().workDir(dir.resolve("detached")).bind("127.0.0.1", port)
                    .statusPort(status).detached().build();
            second.apply(new RoutingTable("c1", List.of(route("b.example.com", "", false, backend("b1", 100)))))
                    .toCompletableFuture().join();
            assertThat(second.masterPid()).as("adopted, not started again").isEqualTo(pid);
            assertThat(get("b.example.com", "/", null).body()).isEqualTo("b1");
            assertThat(get("a.example.com", "/", null).status()).isEqualTo(503);
            second.close();
        } finally {
            master.destroy();
            master.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
