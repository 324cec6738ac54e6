package dev.acs.cloud.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.ExecResult;
import dev.acs.core.spi.FileChunk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Commands run inside a container through {@code docker exec}: exec probes, monitoring scripts, and reads of files
 * in the container. A file is read with the image's own {@code sh}, {@code ls}, {@code wc}, {@code tail} and {@code head}
 * (busybox or coreutils), which only reads from the offset on, instead of the archive API, which would copy the
 * whole file on every read.
 */
final class ContainerCommands {
    /** Standard output kept per command (its start). */
    static final int MAX_OUTPUT = 1 << 20;
    private static final int MAX_ERROR = 400;
    private static final String READ_SCRIPT = "ls -id \"$1\" && wc -c < \"$1\" && tail -c +$(($2 + 1)) \"$1\" | head -c $3";

    private ContainerCommands() {
    }

    /** What a finished command gave back. */
    record Ran(long exitCode, byte[] stdout, String stderr) {
        /** Standard output and error as one text (probe details). */
        String combined() {
            String out = new String(stdout, StandardCharsets.UTF_8);
            return (out + (out.isEmpty() || stderr.isEmpty() ? "" : "\n") + stderr).strip();
        }
    }

    /** Runs {@code command} in the container; fails with {@code TIMEOUT} when it does not finish within the budget. */
    static Ran run(DockerClient client, String containerId, List<String> command, Duration budget) {
        String execId = client.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        Output output = new Output();
        client.execStartCmd(execId).exec(output);
        try {
            if (!output.awaitCompletion(budget.toMillis(), TimeUnit.MILLISECONDS)) {
                output.close();
                throw new AcsException(ErrorCode.TIMEOUT, "'" + String.join(" ", command) + "' did not finish within "
                        + budget, Map.of("container", containerId), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcsException(ErrorCode.CANCELLED, "interrupted while running '" + String.join(" ", command)
                    + "'", e);
        } catch (IOException e) {
            throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "'" + String.join(" ", command)
                    + "' could not run: " + e.getMessage(), e);
        }
        Long exit = client.inspectExecCmd(execId).exec().getExitCodeLong();
        return output.result(exit == null ? -1 : exit);
    }

    /** {@link dev.acs.core.spi.ContainerRuntime#exec}. */
    static ExecResult exec(DockerClient client, String containerId, List<String> command, Duration budget) {
        Ran ran = run(client, containerId, command, budget);
        return new ExecResult((int) ran.exitCode(), new String(ran.stdout(), StandardCharsets.UTF_8));
    }

    /** {@link dev.acs.core.spi.ContainerRuntime#readFile}, through {@value #READ_SCRIPT}. */
    static FileChunk readFile(DockerClient client, String containerId, String path, long offset, int maxBytes,
                              Duration budget) {
        Ran ran = run(client, containerId, List.of("sh", "-c", READ_SCRIPT, "sh", path, Long.toString(offset),
                Integer.toString(Math.min(maxBytes, MAX_OUTPUT - 32))), budget);
        byte[] out = ran.stdout();
        int first = indexOf(out, 0, (byte) '\n');
        int second = first < 0 ? -1 : indexOf(out, first + 1, (byte) '\n');
        if (ran.exitCode() != 0 || second < 0) {
            throw new AcsException(ErrorCode.NOT_FOUND, "cannot read " + path + " in container " + containerId
                    + " (exit " + ran.exitCode() + (ran.stderr().isEmpty() ? "" : ": " + ran.stderr()) + ")",
                    Map.of("entity", "file", "id", path), null);
        }
        String inode = new String(out, 0, first, StandardCharsets.UTF_8).trim().split("\\s+")[0];
        String wc = new String(out, first + 1, second - first - 1, StandardCharsets.US_ASCII).trim();
        try {
            return new FileChunk(inode, Long.parseLong(wc), Arrays.copyOfRange(out, second + 1, out.length));
        } catch (IllegalArgumentException e) {
            throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "cannot read " + path + " in container "
                    + containerId + ": ls and wc printed '" + inode + "' and '" + wc + "'", e);
        }
    }

    private static int indexOf(byte[] bytes, int from, byte b) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Collects standard output (its first {@value #MAX_OUTPUT} bytes) and the end of standard error. */
    private static final class Output extends ResultCallback.Adapter<Frame> {
        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        private final StringBuilder stderr = new StringBuilder();

        @Override
        public synchronized void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            if (frame.getStreamType() == StreamType.STDERR) {
                stderr.append(new String(payload, StandardCharsets.UTF_8));
                if (stderr.length() > 4 * MAX_ERROR) {
                    stderr.delete(0, stderr.length() - MAX_ERROR);
                }
            } else {
                stdout.write(payload, 0, Math.max(0, Math.min(payload.length, MAX_OUTPUT - stdout.size())));
            }
        }

        synchronized Ran result(long exit) {
            String err = stderr.toString().strip();
            return new Ran(exit, stdout.toByteArray(),
                    err.length() > MAX_ERROR ? err.substring(err.length() - MAX_ERROR) : err);
        }
    }
}
