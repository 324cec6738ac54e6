package dev.acs.store.etcd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An {@link EtcdChild} JVM seen from the test: its complete lines, SIGKILL, SIGSTOP and SIGCONT. */
final class Child implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private Child(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.endsWith(EtcdChild.END)) {
                        lines.add(line.substring(0, line.length() - EtcdChild.END.length()));
                    }
                }
            } catch (IOException e) {
                lines.add("IOERROR " + e);
            }
        }, "child-lines-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java EtcdChild args...} with a small heap. */
    static Child start(Path dir, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), EtcdChild.class.getName()));
        command.addAll(List.of(args));
        Files.createDirectories(dir);
        Path err = Files.createTempFile(dir, "child-", ".stderr");
        return new Child(new ProcessBuilder(command).redirectError(err.toFile()).start(), err);
    }

    long pid() {
        return process.pid();
    }

    /** The next complete line within {@code timeout}, or null. */
    String next(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line != null) {
            seen.add(line);
        }
        return line;
    }

    /** Reads lines until one starts with {@code start}; fails with the child's stderr after {@code timeout}. */
    String await(String start, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = next(Duration.ofMillis(100));
            if (line != null && line.startsWith(start)) {
                return line;
            }
        }
        throw new AssertionError("child " + pid() + " printed no '" + start + "' within " + timeout + "; stderr: "
                + Files.readString(stderr));
    }

    /** Every line read so far plus those waiting, in order. */
    List<String> drain() {
        lines.drainTo(seen);
        return List.copyOf(seen);
    }

    /** SIGKILL through the handle (keeps the pipe, so lines printed just before the kill are still read). */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        Thread.sleep(100); // let the reader take the last complete lines from the pipe
        drain();
    }

    /** Sends a signal (STOP, CONT) with the shell's kill built-in. */
    void signal(String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "kill -" + name + " " + pid()).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + pid() + " failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                signal("CONT");
            } catch (IOException | AssertionError e) {
                // it may have died meanwhile; it is killed next anyway
            }
            kill();
        }
    }
}
