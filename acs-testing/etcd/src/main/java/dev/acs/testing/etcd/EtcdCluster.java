package dev.acs.testing.etcd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A private etcd cluster for tests: {@code size} members on free loopback ports, each with its own data directory
 * under one temporary directory. {@link #close()} kills every member and deletes the directory; a JVM shutdown hook
 * does the same for clusters still running when the JVM exits.
 *
 * <pre>{@code
 * try (EtcdCluster etcd = EtcdCluster.start(3)) {
 *     List<String> endpoints = etcd.endpoints(); // http://127.0.0.1:PORT, one per member
 *     etcd.member(0).kill();                      // SIGKILL; the two others keep a quorum
 *     etcd.member(0).restart(Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class EtcdCluster implements AutoCloseable {
    /** How long {@link #start} waits for every member to be healthy. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static final Set<EtcdCluster> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(RUNNING).forEach(EtcdCluster::close),
                "acs-etcd-cleanup"));
    }

    private final Path dir;
    private final List<EtcdMember> members;

    private EtcdCluster(Path dir, List<EtcdMember> members) {
        this.dir = dir;
        this.members = members;
    }

    /**
     * Starts {@code size} members (1, 3 or 5 make sense) and waits until each is healthy.
     *
     * @throws EtcdUnavailableException when etcd is not installed or the members do not become healthy; nothing is
     *                                  left running then
     */
    public static EtcdCluster start(int size) {
        return start(size, null);
    }

    /**
     * Starts {@code size} members whose client URLs are {@code https://}: each serves {@code tls}'s certificate and
     * requires clients to present a certificate signed by its client CA (peers talk plain HTTP on loopback).
     *
     * @throws EtcdUnavailableException as {@link #start(int)}
     */
    public static EtcdCluster startTls(int size, EtcdTls tls) {
        return start(size, java.util.Objects.requireNonNull(tls, "tls"));
    }

    private static EtcdCluster start(int size, EtcdTls tls) {
        if (size < 1) {
            throw new IllegalArgumentException("an etcd cluster has at least one member, got " + size);
        }
        Tools.etcd();
        Path dir;
        try {
            dir = Files.createTempDirectory("acs-etcd-");
        } catch (IOException e) {
            throw new EtcdUnavailableException("cannot create a directory for etcd: " + e.getMessage(), e);
        }
        int[] ports = freePorts(3 * size);
        String initial = Stream.iterate(0, i -> i + 1).limit(size)
                .map(i -> "m" + (i + 1) + "=http://127.0.0.1:" + ports[3 * i + 1]).collect(Collectors.joining(","));
        String token = "acs-" + UUID.randomUUID();
        List<EtcdMember> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            members.add(new EtcdMember("m" + (i + 1), java.util.Arrays.copyOfRange(ports, 3 * i, 3 * i + 3), tls,
                    dir.resolve("m" + (i + 1)), initial, token));
        }
        EtcdCluster cluster = new EtcdCluster(dir, List.copyOf(members));
        RUNNING.add(cluster);
        try {
            members.forEach(EtcdMember::launch);
            for (EtcdMember m : members) {
                m.awaitHealthy(START_TIMEOUT);
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The client URLs of every member, the first member first. */
    public List<String> endpoints() {
        return members.stream().map(EtcdMember::endpoint).toList();
    }

    /** The member at {@code index} (0-based). */
    public EtcdMember member(int index) {
        return members.get(index);
    }

    /** Every member, the first one first. */
    public List<EtcdMember> members() {
        return members;
    }

    /** The directory holding every member's data and log. */
    public Path directory() {
        return dir;
    }

    /** Restarts every member that is not running and waits until all are healthy. */
    public void restartStopped(Duration timeout) {
        members.stream().filter(m -> !m.isRunning()).forEach(EtcdMember::launch);
        for (EtcdMember m : members) {
            m.awaitHealthy(timeout);
        }
    }

    /** Kills every member and deletes the cluster's directory; safe to call twice. */
    @Override
    public void close() {
        members.forEach(EtcdMember::kill);
        RUNNING.remove(this);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // already gone, or a file vanished while walking: nothing more to clean
        }
    }

    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new EtcdUnavailableException("no free loopback port for etcd: " + e.getMessage(), e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket cannot lose anything
                }
            }
        }
    }

    @Override
    public String toString() {
        return "etcd cluster " + endpoints();
    }
}
