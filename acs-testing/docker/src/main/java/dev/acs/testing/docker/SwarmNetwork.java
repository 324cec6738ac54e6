package dev.acs.testing.docker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The network of one test swarm: a Linux bridge on the host ({@code acssw<N>} with {@code 10.214.<N>.1/24}) and, per
 * node, a network namespace ({@code acssw<N>-<i>}) joined to the bridge by a veth pair, with one address
 * ({@code 10.214.<N>.<11+i>}) on its {@code eth0}. The namespaces have no default route: a node reaches the other
 * nodes and the host, nothing else, so an image pull fails at once instead of waiting for a DNS timeout. Made with
 * {@code ip} (iproute2); {@link #delete()} removes the namespaces (their veth ends go with them) and the bridge.
 */
final class SwarmNetwork {
    private static final int FIRST = 1;
    private static final int LAST = 254;

    private final Path ip;
    private final int number;
    private final List<String> namespaces = new ArrayList<>();

    private SwarmNetwork(Path ip, int number) {
        this.ip = ip;
        this.number = number;
    }

    /** Creates the first free bridge {@code acssw<N>}; one of another swarm (or a stale one) is never reused. */
    static SwarmNetwork create() {
        Path ip = Tools.require("ip", "iproute2 ('ip') to give each swarm node its own network namespace");
        String used = Tools.run(List.of(ip.toString(), "-o", "link"), null, 30).stdout()
                + Tools.run(List.of(ip.toString(), "netns", "list"), null, 30).stdout();
        for (int n = FIRST; n <= LAST; n++) {
            String name = "acssw" + n;
            // a host veth of an earlier swarm on this number (acssw<N>v<i>) can outlive its bridge while its namespace
            // dies, so its number is not reused until that is gone too
            if (used.contains(name + ":") || used.contains(name + "@") || used.contains(name + "-")
                    || used.contains(name + "v")) {
                continue;
            }
            // a fixed MAC, so the bridge does not take over its lowest port's and change it as nodes come and go
            Tools.Result added = Tools.run(List.of(ip.toString(), "link", "add", "name", name, "address",
                    String.format("02:42:0a:d6:%02x:01", n), "type", "bridge"), null, 30);
            if (added.exitCode() != 0) {
                if (added.stderr().contains("File exists")) {
                    continue;
                }
                throw new DockerUnavailableException("cannot create the bridge " + name + " for a test swarm: "
                        + added.stderr().strip());
            }
            SwarmNetwork network = new SwarmNetwork(ip, n);
            try {
                network.ip("addr", "add", network.gateway() + "/24", "dev", name);
                network.ip("link", "set", name, "up");
            } catch (RuntimeException e) {
                network.delete();
                throw new DockerUnavailableException("cannot configure the bridge " + name + ": " + e.getMessage(), e);
            }
            return network;
        }
        throw new DockerUnavailableException("no free swarm bridge acssw1..acssw254: delete stale ones with "
                + "'ip link delete acssw<N>' and their namespaces with 'ip netns delete acssw<N>-<i>'");
    }

    /** The bridge's name on the host. */
    String bridge() {
        return "acssw" + number;
    }

    /** The host's address on the bridge. */
    String gateway() {
        return "10.214." + number + ".1";
    }

    /** The address of node {@code index} (0-based). */
    String address(int index) {
        return "10.214." + number + "." + (11 + index);
    }

    /** The name of node {@code index}'s network namespace. */
    String namespace(int index) {
        return bridge() + "-" + index;
    }

    /** Creates node {@code index}'s namespace, its veth pair on the bridge and its address; returns the namespace. */
    String addNode(int index) {
        String namespace = namespace(index);
        String hostEnd = bridge() + "v" + index;
        ip("netns", "add", namespace);
        synchronized (namespaces) {
            namespaces.add(namespace);
        }
        ip("link", "add", hostEnd, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        ip("link", "set", hostEnd, "master", bridge(), "up");
        ip("-n", namespace, "addr", "add", address(index) + "/24", "dev", "eth0");
        ip("-n", namespace, "link", "set", "eth0", "up");
        ip("-n", namespace, "link", "set", "lo", "up");
        return namespace;
    }

    /** Deletes the namespaces (with their veth pairs) and the bridge, best effort; safe to call twice. */
    void delete() {
        List<String> all;
        synchronized (namespaces) {
            all = List.copyOf(namespaces);
            namespaces.clear();
        }
        for (String namespace : all) {
            // the host end first: a namespace outlives its name while a process of it (a container's shim) still runs,
            // and its veth pair with it; deleting one end deletes the pair
            String hostEnd = bridge() + "v" + namespace.substring(namespace.lastIndexOf('-') + 1);
            Tools.run(List.of(ip.toString(), "link", "delete", hostEnd), null, 30);
            Tools.run(List.of(ip.toString(), "netns", "delete", namespace), null, 30);
        }
        Tools.run(List.of(ip.toString(), "link", "delete", bridge()), null, 30);
    }

    private void ip(String... args) {
        List<String> command = new ArrayList<>(List.of(ip.toString()));
        command.addAll(List.of(args));
        Tools.run(command, null, 30).orFail(command);
    }
}
