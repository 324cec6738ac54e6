package dev.acs.testing.docker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;

/**
 * A real Docker Swarm-mode cluster on this machine for tests: every node is a private {@code dockerd} (see
 * {@link DockerEngine}) in its own network namespace and UTS namespace (host name = node name), joined to a test
 * bridge by a veth pair with one address (see {@link SwarmNode}). The first node runs {@code swarm init} (dispatcher
 * heartbeat 2 s, so a lost node is noticed within seconds), the other managers and the workers {@code swarm join} with
 * the join tokens. Made and stopped by {@link DockerSwarmExtension}.
 *
 * <p>Limits of this machine's kernel, which tests must respect: overlay networks work (VXLAN), but the kernel has no
 * IPVS, so the routing mesh (ingress-published ports) and virtual-IP service endpoints do not answer; ports are
 * published in {@code host} mode and services use {@code dnsrr} endpoints.
 */
public final class DockerSwarm {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final SwarmNetwork network;
    private final List<SwarmNode> nodes;
    private final List<SwarmNode> spares;
    private final List<SwarmNode> all;
    private final Thread shutdownHook;
    private volatile boolean stopped;

    private DockerSwarm(SwarmNetwork network, List<SwarmNode> all, int joined) {
        this.network = network;
        this.all = List.copyOf(all);
        this.nodes = this.all.subList(0, joined);
        this.spares = this.all.subList(joined, all.size());
        this.shutdownHook = new Thread(this::stopQuietly, "acs-swarm-stop-" + network.bridge());
    }

    /**
     * Starts {@code managers + workers} engines, forms the swarm, waits until every node is {@code Ready}, and gives
     * every node the test image.
     *
     * @throws DockerUnavailableException when an engine cannot start or the swarm does not form
     */
    static DockerSwarm start(int managers, int workers, int spares) {
        if (managers < 0 || workers < 0 || spares < 0 || (managers == 0 && (workers > 0 || spares == 0))) {
            throw new IllegalArgumentException("at least one manager (or none and only spares) and no negative "
                    + "count: " + managers + " managers, " + workers + " workers, " + spares + " spares");
        }
        int size = managers + workers + spares;
        SwarmNetwork network = SwarmNetwork.create();
        List<SwarmNode> started = new ArrayList<>();
        Thread cleanUp = new Thread(() -> stopPartial(network, started), "acs-swarm-start-" + network.bridge());
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try {
            inParallel(size, i -> {
                String name = "swarm-" + (i + 1);
                String namespace = network.addNode(i);
                return new SwarmNode(name, network.address(i), i < managers,
                        DockerEngine.startInNamespace(name, namespace, name));
            }, started);
            started.sort(java.util.Comparator.comparing(n -> Integer.parseInt(n.name().substring(6))));
            DockerSwarm swarm = new DockerSwarm(network, started, managers + workers);
            swarm.form();
            Runtime.getRuntime().addShutdownHook(swarm.shutdownHook);
            return swarm;
        } catch (RuntimeException e) {
            stopPartial(network, started);
            throw e instanceof DockerUnavailableException ? e
                    : new DockerUnavailableException("the test swarm did not form: " + e.getMessage(), e);
        } finally {
            removeHook(cleanUp);
        }
    }

    private static void stopPartial(SwarmNetwork network, List<SwarmNode> started) {
        List<SwarmNode> all;
        synchronized (started) {
            all = List.copyOf(started);
        }
        for (SwarmNode node : all) {
            try {
                node.engine().stop();
            } catch (RuntimeException e) {
                System.err.println("DockerSwarm: stopping " + node.name() + " failed: " + e);
            }
        }
        network.delete();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs or ran
        }
    }

    /** Runs {@code make} for 0..size-1 in parallel; every result made is added to {@code made}, also on failure. */
    private static <T> List<T> inParallel(int size, IntFunction<T> make, List<T> made) {
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int index = i;
            futures.add(CompletableFuture.supplyAsync(() -> make.apply(index)));
        }
        RuntimeException failure = null;
        for (CompletableFuture<T> f : futures) {
            try {
                T result = f.join();
                synchronized (made) {
                    made.add(result);
                }
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return List.copyOf(made);
    }

    private void form() {
        SwarmNode first = all.get(0);
        if (!nodes.isEmpty()) {
            first.engine().docker("swarm", "init", "--advertise-addr", first.address(),
                    "--listen-addr", first.address() + ":2377", "--dispatcher-heartbeat", "2s");
            String workerToken = first.engine().docker("swarm", "join-token", "-q", "worker").strip();
            String managerToken = first.engine().docker("swarm", "join-token", "-q", "manager").strip();
            for (SwarmNode node : nodes.subList(1, nodes.size())) {
                node.engine().docker("swarm", "join", "--token", node.manager() ? managerToken : workerToken,
                        "--advertise-addr", node.address(), "--listen-addr", node.address() + ":2377",
                        first.address() + ":2377");
            }
            awaitReady();
        }
        first.engine().testImage();
        inParallel(all.size() - 1, i -> {
            all.get(i + 1).engine().copyTestImageFrom(first.engine());
            return i;
        }, new ArrayList<>());
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = nodes.get(0).engine().docker("node", "ls", "--format", "{{.Hostname}} {{.Status}}");
            long ready = last.lines().filter(l -> l.endsWith(" Ready")).count();
            if (ready == nodes.size()) {
                return;
            }
            sleep(200);
        }
        throw new DockerUnavailableException("the swarm's nodes were not all Ready within " + READY_TIMEOUT
                + ": " + last.strip().replace('\n', ','));
    }

    /** Every node, the first (which initialised the swarm) first, managers before workers. */
    public List<SwarmNode> nodes() {
        return nodes;
    }

    /**
     * The spare engines: started like the nodes, each in its own network namespace on the swarm's bridge with the
     * test image, but not joined to the swarm (for tests that join or initialise swarms themselves).
     */
    public List<SwarmNode> spares() {
        return spares;
    }

    /** The node at {@code index} (0-based). */
    public SwarmNode node(int index) {
        return nodes.get(index);
    }

    /** The managers, the first node first. */
    public List<SwarmNode> managers() {
        return nodes.stream().filter(SwarmNode::manager).toList();
    }

    /** The workers. */
    public List<SwarmNode> workers() {
        return nodes.stream().filter(n -> !n.manager()).toList();
    }

    /**
     * The manager that is the Raft leader now, as a running manager reports it (polls up to 60 s while a new leader
     * is elected).
     *
     * @throws IllegalStateException when no running manager names a leader in time
     */
    public SwarmNode leader() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (SwarmNode manager : managers()) {
                if (!manager.engine().isRunning()) {
                    continue;
                }
                try {
                    String list = manager.engine().docker("node", "ls", "--format", "{{.Hostname}} {{.ManagerStatus}}");
                    for (String line : list.lines().toList()) {
                        if (line.endsWith(" Leader")) {
                            String host = line.substring(0, line.indexOf(' '));
                            return nodes.stream().filter(n -> n.name().equals(host)).findFirst().orElseThrow();
                        }
                    }
                } catch (IllegalStateException e) {
                    // this manager has no quorum view yet: ask the next one
                }
            }
            sleep(250);
        }
        throw new IllegalStateException("no running manager names a leader within 60 s");
    }

    /** The host's address on the swarm's test bridge. */
    public String gateway() {
        return network.gateway();
    }

    /**
     * The image id of the test image ({@link DockerEngine#TEST_IMAGE}), the same on every node: a service that names
     * its image by this id starts its tasks from the local copy without trying a registry.
     */
    public String testImageId() {
        return all.get(0).engine().docker("image", "inspect", "--format", "{{.Id}}", DockerEngine.TEST_IMAGE).strip();
    }

    /**
     * Stops every engine (removing their containers), then deletes the namespaces and the bridge. Safe to call twice.
     */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        removeHook(shutdownHook);
        try {
            inParallel(all.size(), i -> {
                all.get(i).engine().stop();
                return i;
            }, new ArrayList<>());
        } finally {
            network.delete();
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("DockerSwarm " + network.bridge() + ": stopping failed: " + e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the swarm", e);
        }
    }

    @Override
    public String toString() {
        return "DockerSwarm[" + network.bridge() + ", " + managers().size() + " managers, " + workers().size()
                + " workers]";
    }
}
