package dev.acs.cloud.sim;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Probe;
import dev.acs.core.spi.ProbeResult;

import java.time.Duration;

/**
 * How the simulated containers answer health checks. The runtime asks the behaviour set for the container, else
 * the one set for its service, else the cloud's default ({@link #healthy()} unless configured otherwise); see
 * {@link SimCloud#probeBehaviourForService} and {@link SimCloud#probeBehaviourForContainer}.
 *
 * <p>A behaviour is called under the cloud's lock: it must be quick and must not call the cloud back.
 */
@FunctionalInterface
public interface ProbeBehaviour {

    /** Answers one health check of a running container. */
    ProbeResult answer(Context context);

    /**
     * What a behaviour knows about the check it answers.
     *
     * @param runtimeId   the engine's id of the container
     * @param containerId the control plane's id, or {@code null} for a container it did not make
     * @param service     the service of the container, or {@code null} for a container it did not make
     * @param probe       the health check asked for
     * @param runningFor  how long the container has been running since its last start
     * @param attempt     1-based number of this check since the container's last start
     */
    record Context(String runtimeId, String containerId, String service, Probe probe, Duration runningFor,
                   int attempt) {
    }

    /** Always healthy, with the detail a real check would give (HTTP 200, a connection, exit 0). */
    static ProbeBehaviour healthy() {
        return c -> pass(c.probe());
    }

    /** Always unhealthy, with the detail a real failing check would give (HTTP 503, refused, exit 1). */
    static ProbeBehaviour unhealthy() {
        return c -> fail(c.probe());
    }

    /** Unhealthy until the container has run for {@code warmUp}, healthy from then on (a slow-starting service). */
    static ProbeBehaviour healthyAfter(Duration warmUp) {
        requirePositiveOrZero(warmUp, "warm-up");
        return c -> c.runningFor().compareTo(warmUp) >= 0 ? pass(c.probe()) : fail(c.probe());
    }

    /**
     * Healthy for {@code period}, then unhealthy for {@code period}, and so on, counted from the container's start
     * (a flapping service).
     */
    static ProbeBehaviour flapping(Duration period) {
        requirePositiveOrZero(period, "flapping period");
        if (period.isZero()) {
            throw AcsException.invalidArgument("a flapping period must be longer than zero");
        }
        return c -> (c.runningFor().toNanos() / period.toNanos()) % 2 == 0 ? pass(c.probe()) : fail(c.probe());
    }

    /**
     * Answers after {@code responseTime}: healthy when that is within the probe's own {@link Probe#timeout()},
     * otherwise unhealthy as a check that timed out (a slow service).
     */
    static ProbeBehaviour respondingIn(Duration responseTime) {
        requirePositiveOrZero(responseTime, "response time");
        return c -> responseTime.compareTo(c.probe().timeout()) <= 0 ? pass(c.probe())
                : new ProbeResult(false, "no answer within the probe timeout of " + c.probe().timeout()
                + " (the service answers in " + responseTime + ")");
    }

    /** A passing result with the detail a real check of this kind gives. */
    static ProbeResult pass(Probe probe) {
        return new ProbeResult(true, switch (probe.kind()) {
            case HTTP -> "HTTP 200 from GET " + probe.path() + " on port " + probe.port();
            case TCP -> "connected to port " + probe.port();
            case EXEC -> "exit 0 from '" + probe.command() + "'";
        });
    }

    /** A failing result with the detail a real check of this kind gives. */
    static ProbeResult fail(Probe probe) {
        return new ProbeResult(false, switch (probe.kind()) {
            case HTTP -> "HTTP 503 from GET " + probe.path() + " on port " + probe.port();
            case TCP -> "connection refused on port " + probe.port();
            case EXEC -> "exit 1 from '" + probe.command() + "'";
        });
    }

    private static void requirePositiveOrZero(Duration d, String what) {
        if (d == null || d.isNegative()) {
            throw AcsException.invalidArgument("a " + what + " must be zero or more, got " + d);
        }
    }
}
