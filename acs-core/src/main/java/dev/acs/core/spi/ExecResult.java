package dev.acs.core.spi;

import java.util.Objects;

/**
 * What a command run inside a container ({@link ContainerRuntime#exec}) gave back.
 *
 * @param exitCode the command's exit code (0 is success)
 * @param output   its standard output, decoded as UTF-8 (at most the runtime's output limit, the start kept)
 */
public record ExecResult(int exitCode, String output) {
    /** Checks the parts. */
    public ExecResult {
        Objects.requireNonNull(output, "output");
    }
}
