package dev.acs.testing.docker;

import java.nio.file.Path;
import java.util.List;

/**
 * A Linux bridge made for one test engine ({@code acsbr<N>} with {@code 10.213.<N>.1/24}), so no engine touches the
 * machine's {@code docker0}: a daemon started with {@code --bridge none} deletes {@code docker0}, and two daemons on
 * one bridge would hand out the same addresses. Made with {@code ip} (iproute2), deleted when the engine stops.
 *
 * <p>The bridge gets a fixed MAC address, as Docker gives its own {@code docker0}: a Linux bridge without one takes
 * the lowest MAC of its ports, so removing a container could change the gateway's MAC under the other containers,
 * whose stale neighbour entries then drop their traffic to the host for seconds (a request through a published port
 * of a surviving container hung while another container of the engine was removed).
 */
final class EngineBridge {
    private static final int FIRST = 1;
    private static final int LAST = 254;

    private final Path ip;
    private final String name;
    private final String gateway;

    private EngineBridge(Path ip, String name, String gateway) {
        this.ip = ip;
        this.name = name;
        this.gateway = gateway;
    }

    /** Creates the first free bridge {@code acsbr<N>}; an existing one (of another engine) is never reused. */
    static EngineBridge create() {
        Path ip = Tools.require("ip", "iproute2 ('ip') to give each test engine its own bridge");
        String used = Tools.run(List.of(ip.toString(), "-o", "addr"), null, 30).stdout();
        for (int n = FIRST; n <= LAST; n++) {
            String name = "acsbr" + n;
            String subnet = "10.213." + n + ".";
            if (used.contains(" " + name + " ") || used.contains("inet " + subnet)) {
                continue;
            }
            Tools.Result added = Tools.run(List.of(ip.toString(), "link", "add", "name", name, "address",
                    String.format("02:42:0a:d5:%02x:01", n), "type", "bridge"), null, 30);
            if (added.exitCode() != 0) {
                if (added.stderr().contains("File exists")) {
                    continue;
                }
                throw new DockerUnavailableException("cannot create the bridge " + name + " for a test engine: "
                        + added.stderr().strip());
            }
            EngineBridge bridge = new EngineBridge(ip, name, subnet + "1");
            try {
                bridge.ip("addr", "add", subnet + "1/24", "dev", name);
                bridge.ip("link", "set", name, "up");
            } catch (RuntimeException e) {
                bridge.delete();
                throw new DockerUnavailableException("cannot configure the bridge " + name + ": " + e.getMessage(), e);
            }
            return bridge;
        }
        throw new DockerUnavailableException("no free test bridge acsbr1..acsbr254: delete stale ones with "
                + "'ip link delete acsbr<N>'");
    }

    /** The bridge's interface name, for {@code dockerd --bridge}. */
    String name() {
        return name;
    }

    /** The bridge's address on the host (the containers' gateway). */
    String gateway() {
        return gateway;
    }

    /** Deletes the bridge, best effort. */
    void delete() {
        Tools.run(List.of(ip.toString(), "link", "delete", name), null, 30);
    }

    private void ip(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(ip.toString()));
        command.addAll(List.of(args));
        Tools.run(command, null, 30).orFail(command);
    }
}
