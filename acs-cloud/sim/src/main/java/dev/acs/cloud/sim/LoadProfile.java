package dev.acs.cloud.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the running containers of a service use on the simulated cloud, as {@code ContainerRuntime.stats} reports it
 * (set with {@link SimCloud#loadProfile(String, LoadProfile)}). Containers without a profile use nothing.
 *
 * <pre>{@code
 * cloud.loadProfile("web", LoadProfile.constant(90, 20));            // busy from now on
 * cloud.loadProfile("web", LoadProfile.steps(start)                   // by the clock
 *         .then(Duration.ofMinutes(3), 90, 20).then(Duration.ofMinutes(5), 5, 20).build());
 * }</pre>
 */
@FunctionalInterface
public interface LoadProfile {

    /**
     * The load of one container at {@code now}.
     *
     * @param containerName the container's name, so a profile can load replicas differently
     * @param now           the cloud's clock
     */
    Load at(String containerName, Instant now);

    /**
     * One container's load.
     *
     * @param cpuPercent    CPU in percent of one core (150 is one and a half cores busy)
     * @param memoryPercent memory in percent of what the container may use (its limit, else the node's memory)
     */
    record Load(double cpuPercent, double memoryPercent) {
        /** Checks the ranges. */
        public Load {
            if (cpuPercent < 0 || memoryPercent < 0 || memoryPercent > 100 || Double.isNaN(cpuPercent)
                    || Double.isNaN(memoryPercent)) {
                throw new IllegalArgumentException("a load needs cpu >= 0 and memory in 0..100 percent, got cpu "
                        + cpuPercent + ", memory " + memoryPercent);
            }
        }
    }

    /** The same load at every instant. */
    static LoadProfile constant(double cpuPercent, double memoryPercent) {
        Load load = new Load(cpuPercent, memoryPercent);
        return (name, now) -> load;
    }

    /** A profile of consecutive steps from {@code start} on; before the first step and after the last, no load. */
    static Steps steps(Instant start) {
        return new Steps(start);
    }

    /** Builder of a step profile: each step holds a load for a duration. */
    final class Steps {
        private final NavigableMap<Instant, Load> starts = new TreeMap<>();
        private Instant next;

        private Steps(Instant start) {
            this.next = Objects.requireNonNull(start, "start");
        }

        /** The next step: {@code length} of this load. */
        public Steps then(Duration length, double cpuPercent, double memoryPercent) {
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("a step lasts a positive duration, got " + length);
            }
            starts.put(next, new Load(cpuPercent, memoryPercent));
            next = next.plus(length);
            return this;
        }

        /** The profile. */
        public LoadProfile build() {
            NavigableMap<Instant, Load> frozen = new TreeMap<>(starts);
            Instant end = next;
            Load idle = new Load(0, 0);
            return (name, now) -> {
                var step = frozen.floorEntry(now);
                return step == null || !now.isBefore(end) ? idle : step.getValue();
            };
        }
    }
}
