package dev.acs.testing.docker;

import dev.acs.cloud.tls.CertificateBundle;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One private Docker Engine ({@code dockerd}) started for tests: its own socket, data root, exec root, pid file and
 * containerd namespace in a fresh directory, so it shares nothing with the machine's Docker or other engines. Made
 * and stopped by {@link DockerEngineExtension}.
 *
 * <p>Every engine has its own Linux bridge ({@code acsbr<N>}, {@code 10.213.<N>.0/24}) as its default network and runs
 * with {@code --iptables=false}: containers get an address reachable from the host, published ports are forwarded
 * by Docker's userland proxy, and the machine's own {@code docker0} and firewall rules are never touched (a daemon
 * with {@code --bridge none} would delete {@code docker0}). An engine started with a server {@link CertificateBundle}
 * also listens on a loopback TCP port with {@code --tlsverify}.
 */
public final class DockerEngine {
    /** The name of the busybox image {@link #testImage()} imports. */
    public static final String TEST_IMAGE = "acs-test/busybox:1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Path directory;
    private final Path socket;
    private final EngineBridge bridge;
    private final Integer tlsPort;
    private final List<String> command;
    private volatile Process process;
    private final Path docker;
    private final Thread shutdownHook;
    private final Object imageLock = new Object();
    private boolean imageImported;
    private volatile boolean stopped;

    private DockerEngine(String name, Path directory, EngineBridge bridge, Integer tlsPort, List<String> command,
                         Process process, Path docker) {
        this.name = name;
        this.command = List.copyOf(command);
        this.directory = directory;
        this.socket = directory.resolve("docker.sock");
        this.bridge = bridge;
        this.tlsPort = tlsPort;
        this.process = process;
        this.docker = docker;
        this.shutdownHook = new Thread(this::stopQuietly, "acs-dockerd-stop-" + name);
    }

    /**
     * Starts an engine and waits until it answers.
     *
     * @param name a short name, e.g. {@code engine-1}
     * @param tls  a server bundle to listen on a loopback TCP port with {@code --tlsverify}, or {@code null}
     * @throws DockerUnavailableException when dockerd, the docker CLI or root is missing, or the engine does not come up
     */
    static DockerEngine start(String name, CertificateBundle tls) {
        Path dockerd = Tools.require("dockerd", "Docker Engine (dockerd)");
        Path docker = Tools.require("docker", "the docker CLI");
        requireRoot();
        Path dir = Daemons.newDirectory();
        EngineBridge bridge;
        try {
            bridge = EngineBridge.create();
        } catch (RuntimeException e) {
            Tools.deleteTree(dir);
            throw e;
        }
        List<String> command = daemonCommand(List.of(dockerd.toString()), dir);
        command.addAll(List.of("--bridge", bridge.name(), "--iptables=false", "--ip-masq=false"));
        Integer tlsPort = null;
        if (tls != null) {
            Path certs = tls.writeTo(dir.resolve("tls"));
            tlsPort = Daemons.freePort();
            command.addAll(List.of("--tlsverify",
                    "--tlscacert", certs.resolve(CertificateBundle.CA_FILE).toString(),
                    "--tlscert", certs.resolve(CertificateBundle.CERT_FILE).toString(),
                    "--tlskey", certs.resolve(CertificateBundle.KEY_FILE).toString(),
                    "--host", "tcp://127.0.0.1:" + tlsPort));
        }
        return launchAndAwait(name, dir, bridge, tlsPort, command, docker);
    }

    /**
     * Starts an engine inside an existing network namespace ({@code /run/netns/<namespace>}) and its own UTS
     * namespace with {@code hostname} as host name, and waits until it answers. Inside its namespace the engine manages
     * its own {@code docker0} and firewall rules (they touch nothing of the host's), as a Swarm-mode node needs.
     *
     * @throws DockerUnavailableException when dockerd, the docker CLI, busybox or root is missing, or the engine does
     *                                    not come up
     */
    static DockerEngine startInNamespace(String name, String namespace, String hostname) {
        Path dockerd = Tools.require("dockerd", "Docker Engine (dockerd)");
        Path docker = Tools.require("docker", "the docker CLI");
        requireRoot();
        String busybox = Tools.busybox().toString();
        Path dir = Daemons.newDirectory();
        // unshare and nsenter exec in place: the process started is dockerd itself (its pid is the daemon's)
        List<String> command = daemonCommand(List.of(busybox, "unshare", "--uts", busybox, "sh", "-c",
                "\"$0\" hostname \"$1\" && shift 2 && exec \"$@\"", busybox, hostname,
                busybox, "nsenter", "--net=/run/netns/" + namespace, dockerd.toString()), dir);
        return launchAndAwait(name, dir, null, null, command, docker);
    }

    private static void requireRoot() {
        if (!Tools.isRoot()) {
            throw new DockerUnavailableException("Docker Engine tests start private dockerd processes, which needs "
                    + "root: run the tests as root (" + Tools.PREPARE_HINT + ")");
        }
    }

    private static List<String> daemonCommand(List<String> launcher, Path dir) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("--host", "unix://" + dir.resolve("docker.sock"),
                "--data-root", dir.resolve("root").toString(),
                "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("pid").toString(),
                "--containerd-namespace", "acs-" + dir.getFileName(),
                "--containerd-plugins-namespace", "acs-plugins-" + dir.getFileName()));
        return command;
    }

    private static DockerEngine launchAndAwait(String name, Path dir, EngineBridge bridge, Integer tlsPort,
                                               List<String> command, Path docker) {
        Process process;
        try {
            process = launch(command, dir);
        } catch (IOException e) {
            Tools.deleteTree(dir);
            if (bridge != null) {
                bridge.delete();
            }
            throw new DockerUnavailableException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        DockerEngine engine = new DockerEngine(name, dir, bridge, tlsPort, command, process, docker);
        Runtime.getRuntime().addShutdownHook(engine.shutdownHook);
        try {
            engine.awaitAnswer();
        } catch (RuntimeException e) {
            engine.stopQuietly();
            throw e;
        }
        return engine;
    }

    private static Process launch(List<String> command, Path dir) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dockerd.log").toFile())).start();
    }

    /**
     * Kills dockerd with SIGKILL, as a crash would: the engine stops answering at once while its containerd and
     * containers keep running. {@link #restart()} brings it back on the same directories.
     */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("dockerd " + name + " did not die after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing dockerd " + name, e);
        }
    }

    /**
     * Restarts the engine on the same directories, socket and bridge: a running dockerd is stopped first (SIGTERM,
     * which stops its containers as a daemon restart does), a killed one is just started again. Waits until the
     * engine answers. Containers are kept; those with a restart policy start again as Docker decides.
     */
    public void restart() {
        if (stopped) {
            throw new IllegalStateException("engine " + name + " was stopped for good");
        }
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping dockerd " + name, e);
            }
        }
        Daemons.forgetDeadContainerd(directory);
        try {
            process = launch(command, directory);
        } catch (IOException e) {
            throw new DockerUnavailableException("cannot restart dockerd " + name + ": " + e.getMessage(), e);
        }
        awaitAnswer();
    }


    /** The engine's short name, e.g. {@code engine-1}. */
    public String name() {
        return name;
    }

    /**
     * The endpoint a client uses: {@code unix:///<dir>/docker.sock}, or for an engine started with TLS
     * {@code tcp://127.0.0.1:<port>} (which needs a client bundle of the same CA).
     */
    public String endpoint() {
        return tlsPort == null ? socketEndpoint() : "tcp://127.0.0.1:" + tlsPort;
    }

    /** The engine's unix socket endpoint (also for an engine started with TLS). */
    public String socketEndpoint() {
        return "unix://" + socket;
    }

    /** The engine's own directory (socket, data root, exec root, pid file, {@code dockerd.log}). */
    public Path directory() {
        return directory;
    }

    /**
     * The engine's bridge interface on the host, e.g. {@code acsbr3}.
     *
     * @throws IllegalStateException for an engine of a {@link DockerSwarm}, which lives in its own network namespace
     */
    public String bridge() {
        return ownBridge().name();
    }

    /**
     * The host's address on the engine's bridge (the containers' gateway), e.g. {@code 10.213.3.1}.
     *
     * @throws IllegalStateException for an engine of a {@link DockerSwarm}, which lives in its own network namespace
     */
    public String gateway() {
        return ownBridge().gateway();
    }

    private EngineBridge ownBridge() {
        if (bridge == null) {
            throw new IllegalStateException("engine " + name + " runs in its own network namespace and has no bridge "
                    + "on the host: use its swarm node's address");
        }
        return bridge;
    }

    /** The dockerd process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the dockerd process is alive. */
    public boolean isRunning() {
        return process.isAlive() && !stopped;
    }

    /**
     * The engine as a node of a cluster: its address is {@link #endpoint()}, its capacity the machine's processors
     * and memory (all engines share the machine), its zone {@code local}.
     */
    public Node node(String clusterId, int index) {
        Resources capacity = new Resources(Runtime.getRuntime().availableProcessors() * 100L, Tools.memoryBytes(), 0);
        return Node.builder().id(clusterId + "-" + name).clusterId(clusterId).name(name).index(index)
                .zone(Zone.of("local")).machineId(name).address(endpoint()).capacity(capacity).labels(Map.of())
                .state(NodeState.NORMAL).origin(NodeOrigin.CLUSTER_CREATE).createdAt(Instant.now()).build();
    }

    /**
     * Runs the docker CLI against this engine's socket and returns its standard output.
     *
     * @throws IllegalStateException when the command exits with an error (the message holds its standard error)
     */
    public String docker(String... args) {
        return dockerWithInput(null, args);
    }

    /** Runs the docker CLI against this engine's socket with {@code stdin} as its input; returns its output. */
    String dockerWithInput(InputStream stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(docker.toString(), "--host", socketEndpoint()));
        command.addAll(List.of(args));
        return Tools.run(command, stdin, 120).orFail(command);
    }

    /**
     * The busybox test image {@value #TEST_IMAGE}, imported on first use with {@code docker import} from a root file
     * system holding a static {@code /bin/busybox} and links for all its applets ({@code sh}, {@code sleep},
     * {@code httpd}, {@code nc}, {@code wget} ...), {@code /etc/passwd} with {@code root} and {@code nobody}, and
     * {@code /tmp}.
     *
     * @return the image name
     * @throws DockerUnavailableException when no static busybox is installed
     */
    public String testImage() {
        synchronized (imageLock) {
            if (!imageImported) {
                TestImage.importInto(this);
                imageImported = true;
            }
        }
        return TEST_IMAGE;
    }

    /**
     * Gives this engine the test image of {@code source} ({@code docker save | docker load}), so both hold the same
     * image id: a Swarm task that names the image by id runs from the local copy without asking a registry.
     */
    void copyTestImageFrom(DockerEngine source) {
        synchronized (imageLock) {
            if (!imageImported) {
                TestImage.copy(source, this);
                imageImported = true;
            }
        }
    }

    /**
     * Freezes dockerd (SIGSTOP) until the returned handle is closed (SIGCONT): calls to the engine then hang, as with
     * an overloaded or partitioned engine. Containers keep running.
     */
    public AutoCloseable freeze() {
        signal("STOP");
        Daemons.awaitAllThreadsStopped(process.pid());
        return () -> signal("CONT");
    }


    private void signal(String signal) {
        List<String> command = List.of(Tools.busybox().toString(), "kill", "-" + signal,
                Long.toString(process.pid()));
        Tools.run(command, null, 10).orFail(command);
    }

    /**
     * Stops the engine: removes its containers (a {@linkplain #kill() killed} engine is started again for that),
     * stops dockerd (SIGTERM, then SIGKILL after 30 s, also for its containerd), unmounts what is left and deletes its
     * directory. Safe to call twice.
     */
    void stop() {
        if (stopped) {
            return;
        }
        if (!process.isAlive()) {
            restartToCleanUp();
        }
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook itself
        }
        List<ProcessHandle> children = process.toHandle().descendants().toList();
        if (process.isAlive()) {
            removeAllContainers();
            removeUnusedNetworks();
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        List<String> mounts = Tools.mountsUnder(directory);
        if (!mounts.isEmpty()) {
            Path busybox = Tools.busybox();
            for (String mount : mounts) {
                Tools.run(List.of(busybox.toString(), "umount", "-l", mount), null, 30);
            }
        }
        if (bridge != null) {
            bridge.delete();
        }
        List<Path> left = Tools.deleteTree(directory);
        if (!left.isEmpty()) {
            System.err.println("DockerEngine " + name + ": could not delete " + left.size() + " paths under "
                    + directory + ", e.g. " + left.get(0));
        }
    }

    /** A killed engine's containerd and containers still run: a dockerd started again finds and removes them. */
    private void restartToCleanUp() {
        try {
            restart();
        } catch (RuntimeException e) {
            System.err.println("DockerEngine " + name + ": restarting the killed engine to clean up failed: " + e);
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("DockerEngine " + name + ": stopping failed: " + e);
        }
    }

    private void removeAllContainers() {
        try {
            String ids = docker("ps", "-aq");
            List<String> all = ids.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (!all.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rm", "-f", "-v"));
                args.addAll(all);
                docker(args.toArray(String[]::new));
            }
        } catch (RuntimeException e) {
            System.err.println("DockerEngine " + name + ": removing its containers failed: " + e.getMessage());
        }
    }

    /**
     * Removes the networks the tests created (an application's network, ...): their bridges live in the host's
     * network namespace and outlive the daemon, and once the default address pools are all taken by stale bridges
     * no engine on the machine can create a network.
     */
    private void removeUnusedNetworks() {
        try {
            docker("network", "prune", "-f");
        } catch (RuntimeException e) {
            System.err.println("DockerEngine " + name + ": removing its networks failed: " + e.getMessage());
        }
    }

    private void awaitAnswer() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new DockerUnavailableException("dockerd for " + name + " exited with " + process.exitValue()
                        + " while starting; its log ends with:\n" + logTail());
            }
            if (ping()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DockerUnavailableException("interrupted while waiting for dockerd " + name, e);
            }
        }
        throw new DockerUnavailableException("dockerd for " + name + " did not answer within " + START_TIMEOUT
                + "; its log ends with:\n" + logTail());
    }

    /** Whether {@code GET /_ping} on the engine's socket answers {@code OK} within two seconds. */
    boolean ping() {
        return Daemons.ping(socket);
    }

    private String logTail() {
        return Daemons.logTail(directory.resolve("dockerd.log"));
    }

    @Override
    public String toString() {
        return "DockerEngine[" + name + " at " + endpoint() + "]";
    }
}
