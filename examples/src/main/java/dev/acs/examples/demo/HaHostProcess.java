package dev.acs.examples.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link HaHost} running as a separate JVM (this JVM's {@code java} and class path), driven through its standard
 * input and output: commands in, complete answer lines out. Its standard error goes to a file, quoted when an answer
 * does not come.
 */
public final class HaHostProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path stderr;
    private final Duration wait;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private HaHostProcess(String name, Process process, Path stderr, Duration wait) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        this.wait = wait;
        Thread reader = new Thread(this::read, "acs-ha-host-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts host {@code name} and waits for its {@code READY}.
     *
     * @param dir     where its standard error is written ({@code NAME.stderr})
     * @param etcd    the etcd client URLs
     * @param prefix  the control plane's etcd prefix
     * @param image   the image its application runs (present on the engines, or pullable)
     * @param engines {@code name=endpoint} per Docker Engine
     * @param wait    how long each answer may take
     */
    public static HaHostProcess start(Path dir, String name, List<String> etcd, String prefix, String image,
                                      List<String> engines, Duration wait) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), HaHost.class.getName(),
                String.join(",", etcd), prefix, name, image));
        command.addAll(engines);
        Path err = dir.resolve(name + ".stderr");
        HaHostProcess h = new HaHostProcess(name, new ProcessBuilder(command).redirectError(err.toFile()).start(),
                err, wait);
        h.await("READY");
        return h;
    }

    /** The host's candidate name. */
    public String name() {
        return name;
    }

    /**
     * Reads answer lines until one starts with {@code start} and returns it.
     *
     * @throws IllegalStateException when a {@code FAILED} line comes first or none came within the wait (with the
     *                               host's standard error)
     */
    public String await(String start) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith("FAILED")) {
                    throw new IllegalStateException(name + ": " + line + "; stderr:\n" + stderr());
                }
                if (line != null && line.startsWith(start)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        throw new IllegalStateException(name + " did not answer '" + start + "' within " + wait + "; stderr:\n"
                + stderr());
    }

    /** Sends {@code command} and returns the first answer line that starts with {@code answer}. */
    public String ask(String command, String answer) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " does not take commands", e);
        }
        return await(answer);
    }

    /** Kills the process with SIGKILL and waits for its end. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Freezes the process (SIGSTOP), as a long network pause or a stalled machine would. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a frozen process run again (SIGCONT). */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** Kills the process (SIGKILL). */
    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.endsWith(HaHost.END)) {
                    lines.add(line.substring(0, line.length() - HaHost.END.length()));
                }
            }
        } catch (IOException e) {
            lines.add("FAILED reading the host's output: " + e);
        }
    }

    private String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
