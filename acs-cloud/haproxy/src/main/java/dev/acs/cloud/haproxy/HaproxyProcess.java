package dev.acs.cloud.haproxy;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One HAProxy master process in master-worker mode ({@code -W}), in the foreground of a child process, with its
 * master CLI on a Unix socket ({@code -S}). Reload = the master CLI's {@code reload} command (the master re-executes
 * itself, starts new workers on the same listening sockets and lets the old workers finish their connections).
 */
final class HaproxyProcess {
    private static final Logger LOG = LoggerFactory.getLogger(HaproxyProcess.class);

    private final Path binary;
    private final Path config;
    private final Path runDir;
    private ProcessHandle process;

    HaproxyProcess(Path binary, Path config, Path runDir) {
        this.binary = binary;
        this.config = config;
        this.runDir = runDir;
    }

    /** Runs {@code haproxy -c} on {@code candidate}; throws with HAProxy's own words when it is rejected. */
    void check(Path candidate, Duration timeout) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "-c", "-f", candidate.toString())
                    .redirectErrorStream(true).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AcsException(ErrorCode.TIMEOUT, "haproxy -c did not finish within " + timeout);
            }
            if (p.exitValue() != 0) {
                throw AcsException.invalidArgument("HAProxy rejected the routing configuration (the last good one stays "
                        + "in force): " + new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw unavailable("could not run " + binary + " -c", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcsException(ErrorCode.CANCELLED, "interrupted while checking the HAProxy configuration");
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * Adopts a master that an earlier router left running on the same directory: the pid file names a live
     * {@code haproxy} process and its master CLI socket exists. Returns whether one was adopted.
     */
    boolean adopt() {
        Path pidFile = runDir.resolve("haproxy.pid");
        if (isAlive() || !Files.isRegularFile(pidFile) || !Files.exists(masterSocket())) {
            return false;
        }
        try {
            String first = Files.readString(pidFile).lines().findFirst().orElse("").strip();
            ProcessHandle found = first.matches("\\d{1,10}") ? ProcessHandle.of(Long.parseLong(first))
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().command().map(c -> c.endsWith("haproxy")).orElse(false)).orElse(null) : null;
            if (found != null) {
                process = found;
                LOG.info("adopted HAProxy master {} in {}", found.pid(), runDir);
            }
            return found != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts the master unless it runs. */
    void ensureStarted() {
        if (isAlive()) {
            return;
        }
        try {
            Files.deleteIfExists(masterSocket());
            process = new ProcessBuilder(List.of(binary.toString(), "-W", "-db", "-f", config.toString(),
                    "-p", runDir.resolve("haproxy.pid").toString(), "-S", masterSocket().toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("haproxy.log").toFile()))
                    .start().toHandle();
            LOG.info("started HAProxy master {} with {}", process.pid(), config);
        } catch (IOException e) {
            throw unavailable("could not start " + binary, e);
        }
    }

    /**
     * Asks the master to reload its configuration (hitless: the listening sockets are handed over). The master CLI
     * can be briefly absent right after a start or a reload (the master re-executes itself); connecting is retried
     * until {@code timeout}.
     */
    void reload(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(masterSocket()));
                ch.write(ByteBuffer.wrap("reload\n".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer buf = ByteBuffer.allocate(4096);
                while (ch.read(buf) > 0) {
                    buf.clear(); // the master closes the CLI connection once the reload is under way
                }
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !isAlive()) {
                    throw unavailable("could not reach the HAProxy master CLI " + masterSocket(), e);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new AcsException(ErrorCode.CANCELLED, "interrupted while reloading HAProxy");
                }
            }
        }
    }

    /**
     * How many old workers (processes of an earlier configuration still finishing their connections) the master
     * lists in its {@code show proc} answer, or -1 when the master CLI does not answer.
     */
    int oldWorkers() {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(masterSocket()));
            ch.write(ByteBuffer.wrap("show proc;quit\n".getBytes(StandardCharsets.US_ASCII)));
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (ch.read(buf) > 0) {
                answer.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return countOldWorkers(answer.toString(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return -1;
        }
    }

    /** The process lines under the {@code # old workers} heading of a {@code show proc} answer. */
    static int countOldWorkers(String showProc) {
        int count = 0;
        boolean old = false;
        for (String line : showProc.split("\n")) {
            if (line.startsWith("#")) {
                old = line.strip().equals("# old workers");
            } else if (old && !line.isBlank() && Character.isDigit(line.strip().charAt(0))) {
                count++;
            }
        }
        return count;
    }

    /** Completes when the current master exits (at once when none runs). */
    java.util.concurrent.CompletableFuture<ProcessHandle> onExit() {
        return process == null ? java.util.concurrent.CompletableFuture.completedFuture(null) : process.onExit();
    }

    /** The master's process id, or -1. */
    long pid() {
        return process == null ? -1 : process.pid();
    }

    void stop(Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: the master stops its workers
        try {
            try {
                process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                process.destroyForcibly();
                process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("HAProxy master {} did not stop within {}", process.pid(), grace);
        }
    }

    private Path masterSocket() {
        return runDir.resolve("master.sock");
    }

    private static AcsException unavailable(String what, Exception e) {
        return new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, what + ": " + e.getMessage(), java.util.Map.of(), e);
    }
}
