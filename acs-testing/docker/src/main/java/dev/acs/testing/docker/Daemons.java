package dev.acs.testing.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Low-level checks of a test engine's processes: its API socket, its threads, a dead containerd's pid file. */
final class Daemons {
    private Daemons() {
    }

    /**
     * Removes the pid file of a containerd that died with a killed dockerd (it gets SIGKILL when its parent dies) but
     * may linger as a zombie where nothing reaps orphans: dockerd would take it for alive and wait for its socket.
     */
    static void forgetDeadContainerd(Path directory) {
        Path pidFile = directory.resolve("exec/containerd/containerd.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            boolean zombieOrGone = !Files.exists(stat)
                    || Files.readString(stat).replaceFirst("^.*\\) ", "").startsWith("Z");
            if (zombieOrGone) {
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException | NumberFormatException e) {
            // unreadable: leave it to dockerd
        }
    }

    /** A stop signal reaches the threads of a process one by one: waits (up to 5 s) until none runs any more. */
    static void awaitAllThreadsStopped(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> threads = Files.list(tasks)) {
                if (threads.allMatch(Daemons::isStopped)) {
                    return;
                }
                Thread.sleep(10);
            } catch (IOException | UncheckedIOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean isStopped(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'T' || state == 't';
        } catch (IOException | UncheckedIOException | IndexOutOfBoundsException e) {
            return true;
        }
    }

    /** Whether {@code GET /_ping} on the engine's socket answers {@code OK} within two seconds. */
    static boolean ping(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX); Selector selector = Selector.open()) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            ByteBuffer buf = ByteBuffer.allocate(4096);
            StringBuilder answer = new StringBuilder();
            while (System.nanoTime() < deadline) {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                selector.selectedKeys().clear();
                int n = ch.read(buf);
                if (n < 0) {
                    return answer.toString().startsWith("HTTP/1.") && answer.toString().endsWith("OK");
                }
                buf.flip();
                answer.append(StandardCharsets.US_ASCII.decode(buf));
                buf.clear();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last 15 lines of a daemon's log, or why it cannot be read. */
    static String logTail(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 15), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A fresh directory for an engine, under a short temporary path (unix socket paths are limited in length). */
    static Path newDirectory() {
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        if (base.toString().length() > 40 || !Files.isDirectory(base)) {
            base = Path.of("/tmp");
        }
        try {
            return Files.createTempDirectory(base, "acsd");
        } catch (IOException e) {
            throw new DockerUnavailableException("cannot create a directory for a test engine in " + base, e);
        }
    }

    /** A free TCP port on the loopback address. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
