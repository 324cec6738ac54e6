package dev.acs.cloud.haproxy;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Node;
import dev.acs.core.routing.LoadBalancerListener;
import dev.acs.core.routing.LoadBalancerTable;
import dev.acs.core.routing.RouteEntry;
import dev.acs.core.routing.RoutingTable;
import dev.acs.core.spi.LoadBalancer;
import dev.acs.core.spi.Router;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The routing layer and the local load balancer on a real HAProxy (Debian's {@code haproxy} package).
 *
 * <p><b>Where it runs:</b> on the control-plane host, as a child process this router supervises: one HAProxy master
 * in master-worker mode listening on {@link Builder#bind(String, int)} (the product's routing port 9080 on every
 * node becomes, for local engines, one proxy in front of all of them; the backends are the nodes' addresses and
 * published host ports). It starts with the first {@link #apply}; when the master exits unexpectedly it is started
 * again with the last good configuration after {@link #RESTART_DELAY} (and by the next apply at the latest); it
 * stops with {@link #close()}. Files live in {@link Builder#workDir(Path)}: {@code haproxy.cfg} (the last good
 * configuration), {@code haproxy.cfg.new} (the candidate), the master CLI socket, the pid file and
 * {@code haproxy.log}.
 *
 * <p><b>Apply:</b> the tables of every cluster seen so far render into one configuration ({@link HaproxyConfig});
 * the candidate is checked with {@code haproxy -c} and only then replaces the last good one; the master reloads it
 * hitlessly (master CLI {@code reload}: new workers take over the listening sockets, old workers finish their
 * connections). The apply completes when the status frontend answers the new generation and the master lists no
 * old worker, i.e. the new table is live and no process accepts requests for the old one; an old worker still
 * finishing a long request after {@value #OLD_WORKER_WAIT_MILLIS} ms is left to finish it (HAProxy closes its idle
 * keep-alive connections at once and answers its busy ones with {@code Connection: close}). With {@link Builder#https(int)} the proxy also serves HTTPS, with a certificate per domain
 * ({@link Builder#certificate(String, Path)}, picked by SNI). A rejected table (refused by {@code haproxy -c}, or a domain and context path already routed for another
 * cluster: {@code ROUTE_CONFLICT}) fails the returned stage and the proxy keeps routing by the last good table.
 * {@code apply} runs on the caller's thread and is serialized.
 *
 * <p><b>In-cluster {@code .local} domains:</b> with {@link Builder#localDomains(String, String)} the routing frontend
 * also listens on port {@value #LOCAL_DOMAIN_PORT} of an address each machine's containers reach, and
 * {@link #localDomainAddress} tells the engine that address for the consumers' hosts-file entries.
 */
public final class HaproxyRouter implements Router, LoadBalancer, AutoCloseable {
    /** How long an apply waits at most for the old workers of the previous configuration to exit. */
    public static final long OLD_WORKER_WAIT_MILLIS = 5_000;
    /** How long after an unexpected exit of HAProxy the router starts it again. */
    public static final Duration RESTART_DELAY = Duration.ofSeconds(1);
    /** The port consumers reach in-cluster {@code .local} domains on (plain HTTP, as the product served them). */
    public static final int LOCAL_DOMAIN_PORT = 80;

    private final Path binary;
    private final Path workDir;
    private final String bind;
    private final String statusBind;
    private final String tlsBind;
    private final Map<String, Path> certificates;
    private final InetSocketAddress status;
    private final Duration timeout;
    private final HaproxyProcess process;
    private final Map<String, RoutingTable> tables = new TreeMap<>();
    private final Map<String, LoadBalancerTable> lbTables = new TreeMap<>();
    private final Map<String, String> loadBalancers;
    /** The address serving .local domains to the containers of each machine, by machine id. */
    private final Map<String, String> localDomains;
    private final boolean detached;
    private long generation;
    private boolean closed;

    private HaproxyRouter(Builder b) {
        this.binary = b.binary != null ? b.binary : findBinary();
        this.workDir = Objects.requireNonNull(b.workDir, "workDir");
        this.bind = b.address + ":" + b.port;
        this.statusBind = b.address + ":" + b.statusPort;
        this.tlsBind = b.tlsPort < 0 ? null : b.address + ":" + b.tlsPort;
        this.loadBalancers = Map.copyOf(b.loadBalancers);
        this.localDomains = Map.copyOf(b.localDomains);
        this.detached = b.detached;
        this.certificates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.certificates));
        this.status = new InetSocketAddress(b.address, b.statusPort);
        this.timeout = b.timeout;
        this.process = new HaproxyProcess(binary, workDir.resolve("haproxy.cfg"), workDir);
    }

    /** A builder; {@link Builder#workDir(Path)} and {@link Builder#bind(String, int)} are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized CompletionStage<Void> apply(RoutingTable table) {
        Map<String, RoutingTable> next = new TreeMap<>(tables);
        if (table.routes().isEmpty()) {
            next.remove(table.clusterId());
        } else {
            next.put(table.clusterId(), table);
        }
        return reconfigure(next, lbTables);
    }

    /**
     * The local load balancer: binds the cluster's {@code aliyun.lb.*} listeners on the addresses of the load
     * balancers declared with {@link Builder#loadBalancer(String, String)} ({@code tcp} and {@code https} as TCP
     * frontends, TLS passing through to the containers; {@code http} as HTTP frontends), in the same HAProxy and with
     * the same check-then-reload as routing tables. Refused ({@code SLB_SHARED}) when another cluster binds one of
     * the same load balancers, ({@code NOT_FOUND}) for a load balancer not declared, ({@code INVALID_ARGUMENT}) for
     * {@code udp}, which HAProxy does not balance. A cluster load balancer ({@link LoadBalancerTable#cluster()}) is
     * refused ({@code INVALID_ARGUMENT}): local clusters have no SLB, and this HAProxy is their entry point itself.
     */
    @Override
    public synchronized CompletionStage<Void> apply(LoadBalancerTable table) {
        if (table.cluster() != null) {
            return CompletableFuture.failedFuture(AcsException.invalidArgument("cluster " + table.clusterId()
                    + " has load balancer " + table.cluster().loadBalancer() + " bound, but the HAProxy router has no "
                    + "cluster load balancer: local clusters have no SLB and this router is their entry point; bind "
                    + "cluster load balancers with a cloud load balancer (AliyunSlbLoadBalancer)"));
        }
        Map<String, LoadBalancerTable> next = new TreeMap<>(lbTables);
        if (table.listeners().isEmpty()) {
            next.remove(table.clusterId());
        } else {
            next.put(table.clusterId(), table);
        }
        return reconfigure(tables, next);
    }

    private CompletionStage<Void> reconfigure(Map<String, RoutingTable> routes, Map<String, LoadBalancerTable> lbs) {
        try {
            if (closed) {
                throw new AcsException(ErrorCode.INVALID_STATE, "the HAProxy router is closed");
            }
            checkNoSharedRoute(routes);
            checkLoadBalancers(lbs);
            if (detached && !process.isAlive() && process.adopt()) {
                // the adopted master answers its own generation: continue after it, so the reload is seen
                String live = statusAnswer();
                generation = Math.max(generation, live != null && live.matches("\\d{1,18}") ? Long.parseLong(live) : 0);
            }
            long gen = generation + 1;
            Path crtList = workDir.resolve("certificates.list");
            String text = HaproxyConfig.render(routes.values(), binds(), tlsBind, crtList, statusBind, gen, workDir)
                    + HaproxyConfig.renderLoadBalancers(lbs.values(), loadBalancers);
            Files.createDirectories(workDir);
            if (tlsBind != null) {
                Files.writeString(crtList, HaproxyConfig.crtList(certificates), StandardCharsets.UTF_8);
            }
            Path candidate = workDir.resolve("haproxy.cfg.new");
            Files.writeString(candidate, text, StandardCharsets.UTF_8);
            process.check(candidate, timeout);
            Files.move(candidate, workDir.resolve("haproxy.cfg"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            generation = gen;
            Map<String, RoutingTable> keptRoutes = new TreeMap<>(routes);
            Map<String, LoadBalancerTable> keptLbs = new TreeMap<>(lbs);
            tables.clear();
            tables.putAll(keptRoutes);
            lbTables.clear();
            lbTables.putAll(keptLbs);
            if (process.isAlive()) {
                process.reload(timeout);
            } else {
                start();
            }
            awaitGeneration(gen);
            return CompletableFuture.completedFuture(null);
        } catch (AcsException e) {
            return CompletableFuture.failedFuture(e);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new AcsException(ErrorCode.PROVIDER_UNAVAILABLE,
                    "could not write the HAProxy configuration in " + workDir + ": " + e.getMessage(), Map.of(), e));
        }
    }

    private void checkLoadBalancers(Map<String, LoadBalancerTable> all) {
        Map<String, String> owner = new HashMap<>();
        for (LoadBalancerTable t : all.values()) {
            for (LoadBalancerListener l : t.listeners()) {
                if (!loadBalancers.containsKey(l.loadBalancer())) {
                    throw new AcsException(ErrorCode.NOT_FOUND, "load balancer '" + l.loadBalancer() + "' (bound by "
                            + "service " + l.service() + " of cluster " + t.clusterId() + ") is not one of this proxy's "
                            + loadBalancers.keySet() + ": declare it with loadBalancer(name, address)",
                            Map.of("loadBalancer", l.loadBalancer()), null);
                }
                if (l.scheme().equals("udp")) {
                    throw AcsException.invalidArgument("load balancer listener " + l.address() + " of service "
                            + l.service() + ": the local load balancer balances tcp, http and https, not udp");
                }
                String previous = owner.putIfAbsent(l.loadBalancer(), t.clusterId());
                if (previous != null && !previous.equals(t.clusterId())) {
                    throw new AcsException(ErrorCode.SLB_SHARED, "load balancer " + l.loadBalancer() + " of cluster "
                            + t.clusterId() + " is bound in cluster " + previous + ": two clusters never share a load "
                            + "balancer", Map.of("loadBalancer", l.loadBalancer(), "cluster", t.clusterId(),
                            "other", previous), null);
                }
            }
        }
    }

    private void start() {
        process.ensureStarted();
        long pid = process.pid();
        process.onExit().thenRunAsync(() -> restartAfterExit(pid), java.util.concurrent.CompletableFuture
                .delayedExecutor(RESTART_DELAY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    /** Supervision: starts HAProxy again with the last good configuration when the master {@code pid} died. */
    private synchronized void restartAfterExit(long pid) {
        if (closed || process.isAlive() || process.pid() != pid) {
            return; // closed, or already started again by an apply
        }
        org.slf4j.LoggerFactory.getLogger(HaproxyRouter.class).warn("HAProxy master {} exited; starting it again "
                + "with configuration generation {}", pid, generation);
        try {
            start();
        } catch (AcsException e) {
            org.slf4j.LoggerFactory.getLogger(HaproxyRouter.class).warn("could not start HAProxy again: {}",
                    e.getMessage());
        }
    }

    /** The generation of the live configuration (0 before the first apply); each successful apply adds one. */
    public synchronized long generation() {
        return generation;
    }

    /** The process id of the HAProxy master, or -1 when it does not run. */
    public synchronized long masterPid() {
        return process.isAlive() ? process.pid() : -1;
    }

    /** The path of the {@code haproxy} program in use. */
    public Path binary() {
        return binary;
    }

    /**
     * Stops HAProxy (the master stops its workers); further applies fail. A {@link Builder#detached()} router leaves
     * it running.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (!detached) {
            process.stop(timeout);
        }
    }

    private static void checkNoSharedRoute(Map<String, RoutingTable> all) {
        Map<String, String> owner = new HashMap<>();
        for (RoutingTable t : all.values()) {
            for (RouteEntry r : t.routes()) {
                String previous = owner.putIfAbsent(r.address(), t.clusterId());
                if (previous != null && !previous.equals(t.clusterId())) {
                    throw new AcsException(ErrorCode.ROUTE_CONFLICT, "route " + r.address() + " of cluster "
                            + t.clusterId() + " is already routed for cluster " + previous + " by this proxy",
                            Map.of("route", r.address(), "cluster", t.clusterId(), "other", previous), null);
                }
            }
        }
    }

    private void awaitGeneration(long gen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String want = String.valueOf(gen);
        while (System.nanoTime() < deadline) {
            if (want.equals(statusAnswer())) {
                awaitOldWorkersGone(Math.min(deadline, System.nanoTime() + OLD_WORKER_WAIT_MILLIS * 1_000_000));
                return;
            }
            if (!process.isAlive()) {
                throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "HAProxy exited; see "
                        + workDir.resolve("haproxy.log"));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AcsException(ErrorCode.CANCELLED, "interrupted while waiting for HAProxy");
            }
        }
        throw new AcsException(ErrorCode.TIMEOUT, "HAProxy did not serve configuration generation " + gen + " within "
                + timeout + "; see " + workDir.resolve("haproxy.log"));
    }

    /**
     * Waits until the master lists no old worker: while one runs it may still accept a connection (the listening
     * sockets are shared during the hand-over) and route it by the previous table, to a container being drained.
     */
    private void awaitOldWorkersGone(long deadline) {
        while (process.oldWorkers() != 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AcsException(ErrorCode.CANCELLED, "interrupted while waiting for HAProxy's old workers");
            }
        }
    }

    /** The body the status frontend answers, or null when it does not answer. */
    private String statusAnswer() {
        try (Socket s = new Socket()) {
            s.connect(status, 500);
            s.setSoTimeout(1000);
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply;
            try (InputStream in = s.getInputStream()) {
                reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            int body = reply.indexOf("\r\n\r\n");
            return body < 0 ? null : reply.substring(body + 4).strip();
        } catch (IOException e) {
            return null;
        }
    }

    private static Path findBinary() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, "haproxy");
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "the haproxy program was not found on PATH, /usr/sbin or "
                + "/usr/local/sbin: install Debian's haproxy package (scripts/prepare-haproxy.sh)");
    }

    /**
     * The address declared with {@link Builder#localDomains(String, String)} for the node's machine: its containers
     * reach the routing frontend there on port {@value #LOCAL_DOMAIN_PORT}.
     */
    @Override
    public Optional<String> localDomainAddress(Node node) {
        return Optional.ofNullable(node.machineId() == null ? null : localDomains.get(node.machineId()));
    }

    /** The routing frontend's addresses: the bind address and the addresses serving {@code .local} domains. */
    private List<String> binds() {
        List<String> binds = new ArrayList<>(List.of(bind));
        localDomains.values().stream().distinct().forEach(a -> binds.add(a + ":" + LOCAL_DOMAIN_PORT));
        return binds;
    }

    /** Settings of an {@link HaproxyRouter}. */
    public static final class Builder {
        private Path binary;
        private Path workDir;
        private String address = "127.0.0.1";
        private int port = -1;
        private int statusPort = -1;
        private Duration timeout = Duration.ofSeconds(30);
        private int tlsPort = -1;
        private final Map<String, Path> certificates = new java.util.LinkedHashMap<>();
        private final Map<String, String> loadBalancers = new java.util.LinkedHashMap<>();
        private final Map<String, String> localDomains = new java.util.LinkedHashMap<>();
        private boolean detached;

        private Builder() {
        }

        /** The {@code haproxy} program; found on {@code PATH}, {@code /usr/sbin} or {@code /usr/local/sbin} otherwise. */
        public Builder binary(Path v) { binary = Objects.requireNonNull(v); return this; }

        /** The directory for the configuration, sockets, pid file and log (required; created when missing). */
        public Builder workDir(Path v) { workDir = Objects.requireNonNull(v); return this; }

        /**
         * The address and port of the routing frontend (required), e.g. {@code 127.0.0.1:9080}; the status frontend
         * listens on the same address, on {@code port + 1} unless {@link #statusPort(int)} says otherwise.
         */
        public Builder bind(String addr, int p) {
            address = Objects.requireNonNull(addr);
            port = checkPort(p);
            return this;
        }

        /**
         * Serves HTTPS too, on the bind address and {@code p}: TLS ends at the proxy, which then routes the request
         * by the same table as HTTP (adding {@code X-Forwarded-Proto: https}). Needs at least one
         * {@link #certificate(String, Path)}.
         */
        public Builder https(int p) { tlsPort = checkPort(p); return this; }

        /**
         * The certificate HTTPS clients asking for {@code domain} (SNI) get: a PEM file with the certificate chain
         * and its private key (for example {@code cat cert.pem key.pem}). {@code domain} may be a wildcard
         * ({@code *.example.com}). The first certificate given is also served to clients whose SNI names no listed
         * domain. The files are read at every apply, so replacing one takes effect with the next configuration.
         */
        public Builder certificate(String domain, Path pem) {
            certificates.put(Objects.requireNonNull(domain).toLowerCase(java.util.Locale.ROOT), Objects.requireNonNull(pem));
            return this;
        }

        /**
         * Declares a local load balancer: services binding {@code name} ({@code aliyun.lb.port_<p>:
         * tcp://name:<front>}) are balanced by this proxy on {@code address} and the front port. Give each load
         * balancer its own address (for example {@code 127.0.0.2}, or one of the host's addresses) when several use
         * the same front port.
         */
        public Builder loadBalancer(String name, String address) {
            if (!Objects.requireNonNull(address).matches("[A-Za-z0-9._:\\[\\]-]{1,253}")) {
                throw AcsException.invalidArgument("load balancer address '" + address + "' is not an address");
            }
            loadBalancers.put(Objects.requireNonNull(name), address);
            return this;
        }

        /**
         * Serves in-cluster {@code .local} domains to the containers of the machine {@code machineId}: the routing
         * frontend also listens on {@code address}, port {@value HaproxyRouter#LOCAL_DOMAIN_PORT}, which must be an
         * address of this host those containers reach (for a Docker engine, the gateway of its bridge), and a
         * consumer container there that lists a {@code .local} domain in {@code external_links} resolves the domain
         * to {@code address}. Binding port 80 needs the privilege to do so.
         */
        public Builder localDomains(String machineId, String address) {
            if (!Objects.requireNonNull(address).matches("[A-Za-z0-9._:\\[\\]-]{1,253}")) {
                throw AcsException.invalidArgument("local domain address '" + address + "' is not an address");
            }
            localDomains.put(Objects.requireNonNull(machineId), address);
            return this;
        }

        /**
         * HAProxy outlives the router: {@link #close()} leaves it running with its last configuration, and a router
         * built later on the same {@link #workDir(Path)} adopts it (the pid file names a live master) and reloads it
         * instead of starting another. For a command-line tool whose routes must stay up after it exits; stop the
         * master (the pid in {@code haproxy.pid}) to end routing.
         */
        public Builder detached() {
            detached = true;
            return this;
        }

        /** The port of the status frontend (answers the configuration generation; used to confirm reloads). */
        public Builder statusPort(int p) { statusPort = checkPort(p); return this; }

        /** Time limit of {@code haproxy -c}, of a start and of a reload becoming live (30 s by default). */
        public Builder timeout(Duration v) {
            if (v.isNegative() || v.isZero()) {
                throw AcsException.invalidArgument("timeout must be positive, got " + v);
            }
            timeout = v;
            return this;
        }

        /** The router; HAProxy starts with the first apply. */
        public HaproxyRouter build() {
            if (workDir == null || port < 0) {
                throw AcsException.invalidArgument("an HAProxy router needs workDir(...) and bind(...)");
            }
            if (statusPort < 0) {
                statusPort = checkPort(port + 1);
            }
            if ((tlsPort < 0) != certificates.isEmpty()) {
                throw AcsException.invalidArgument("https(port) and certificate(domain, pem) go together: HTTPS needs "
                        + "at least one certificate, and certificates serve only HTTPS");
            }
            return new HaproxyRouter(this);
        }

        private static int checkPort(int p) {
            if (p < 1 || p > 65535) {
                throw AcsException.invalidArgument("port " + p + " is outside 1-65535");
            }
            return p;
        }
    }
}
