package dev.acs.testing.e2e;

import dev.acs.core.model.Node;
import dev.acs.core.model.Probe;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.ProbeResult;
import dev.acs.core.spi.RuntimeContainer;
import dev.acs.core.spi.RuntimeEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A container runtime whose engines can be made slow per machine: every call to a slow engine blocks its caller for
 * the engine's delay (on the wall clock, as a loaded Docker daemon does) before the real runtime answers. The
 * simulated cloud itself never blocks a caller, so this is how a test makes the engine's own threads wait.
 */
final class SlowEngines implements ContainerRuntime {
    private final ContainerRuntime inner;
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();

    SlowEngines(ContainerRuntime inner) {
        this.inner = inner;
    }

    /** Every later call to the engine of {@code machineId} takes {@code delay} more; zero makes it fast again. */
    void slow(String machineId, Duration delay) {
        if (delay.isZero()) {
            delays.remove(machineId);
        } else {
            delays.put(machineId, delay);
        }
    }

    /** Makes every engine fast again. */
    void clear() {
        delays.clear();
    }

    private void pause(Node node) {
        Duration d = node.machineId() == null ? null : delays.get(node.machineId());
        if (d != null) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean ping(Node node, Duration timeout) {
        pause(node);
        return inner.ping(node, timeout);
    }

    @Override
    public RuntimeContainer create(Node node, ContainerRequest request, Duration timeout) {
        pause(node);
        return inner.create(node, request, timeout);
    }

    @Override
    public void start(Node node, String runtimeId, Duration timeout) {
        pause(node);
        inner.start(node, runtimeId, timeout);
    }

    @Override
    public void stop(Node node, String runtimeId, Duration grace, Duration timeout) {
        pause(node);
        inner.stop(node, runtimeId, grace, timeout);
    }

    @Override
    public void remove(Node node, String runtimeId, boolean removeVolumes, Duration timeout) {
        pause(node);
        inner.remove(node, runtimeId, removeVolumes, timeout);
    }

    @Override
    public void rename(Node node, String runtimeId, String name, Duration timeout) {
        pause(node);
        inner.rename(node, runtimeId, name, timeout);
    }

    @Override
    public RuntimeContainer inspect(Node node, String runtimeId, Duration timeout) {
        pause(node);
        return inner.inspect(node, runtimeId, timeout);
    }

    @Override
    public List<RuntimeContainer> list(Node node, Duration timeout) {
        pause(node);
        return inner.list(node, timeout);
    }

    @Override
    public List<String> logs(Node node, String runtimeId, int tail, Instant since, Duration timeout) {
        pause(node);
        return inner.logs(node, runtimeId, tail, since, timeout);
    }

    @Override
    public ProbeResult probe(Node node, String runtimeId, Probe probe, Duration timeout) {
        pause(node);
        return inner.probe(node, runtimeId, probe, timeout);
    }

    @Override
    public AutoCloseable events(Node node, Consumer<RuntimeEvent> listener) {
        return inner.events(node, listener);
    }
}
