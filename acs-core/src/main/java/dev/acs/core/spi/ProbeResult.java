package dev.acs.core.spi;

/**
 * The outcome of one health check.
 *
 * @param healthy whether the check passed
 * @param detail  what was seen, e.g. {@code "HTTP 503"} or {@code "exit 1"}
 */
public record ProbeResult(boolean healthy, String detail) {
}
