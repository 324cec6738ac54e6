package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.Node;
import dev.acs.core.model.Probe;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.ProbeResult;
import dev.acs.core.spi.RuntimeContainer;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The lifecycle of single containers on the runtime, each step persisted before the next: create, start, wait for
 * health, stop, remove. A container record is written before the engine asks the runtime to create it, so a
 * control plane restarted mid-way finds it and adopts the runtime's container instead of creating a second one.
 */
final class ContainerLauncher {
    static final String CONTAINERS = "containers/";

    private final EngineContext ctx;
    private final Entities entities;
    private final Async async;

    ContainerLauncher(EngineContext ctx, Entities entities, Async async) {
        this.ctx = ctx;
        this.entities = entities;
        this.async = async;
    }

    static String key(String appId, String containerId) {
        return CONTAINERS + appId + "/" + containerId;
    }

    static String prefix(String appId) {
        return CONTAINERS + appId + "/";
    }

    List<Container> containers(String appId) {
        return entities.list(Container.class, prefix(appId));
    }

    /** Creates and starts replica {@code index} of a service on a node; completes with the running container. */
    CompletableFuture<Container> launch(Application app, ServiceSpec service, int index, Node node) {
        return launch(app, service, index, node, false);
    }

    /** Creates and starts a container; with {@code pullImage} the engine pulls the image even when it has the tag. */
    CompletableFuture<Container> launch(Application app, ServiceSpec service, int index, Node node, boolean pullImage) {
        Container planned = plan(app, service, index, node, ctx.clock().now());
        String name = planned.name();
        entities.put(key(app.id(), planned.id()), planned);
        return async.call(() -> {
            RuntimeContainer created;
            try {
                created = ctx.requireRuntime().create(node, new ContainerRequest(planned.id(), name, app.name(),
                        ctx.onNode(service, node), index, pullImage), ctx.callTimeout());
            } catch (RuntimeException e) {
                entities.delete(key(app.id(), planned.id()));
                throw e;
            }
            Container c = planned.created(created.runtimeId(), created.ports(), ctx.clock().now());
            entities.put(key(app.id(), c.id()), c);
            return startOn(node, c);
        });
    }

    /**
     * One container of a {@link #launchAll} batch: replica {@code index} on {@code node}; {@code beside} names it
     * temporarily ({@link #temporaryName}) because the container it replaces still has its name on that node.
     */
    record Launch(int index, Node node, boolean beside) {
        /** Replica {@code index} on {@code node} under its own name. */
        Launch(int index, Node node) {
            this(index, node, false);
        }
    }

    /**
     * Creates and starts a batch of replicas of one service, with one commit for the batch's records before the runtime
     * is asked (so a restarted control plane adopts what it made) and one after every container of the batch ran,
     * instead of one commit per step of each container. The runtime calls of the batch run in parallel (each on the
     * executor). A container without a probe is recorded healthy in the second commit; one with a probe is then probed
     * as {@link #awaitHealthy} does.
     *
     * @return per container, in the batch's order: completes with it running and healthy, or with its failure
     */
    List<CompletableFuture<Container>> launchAll(Application app, ServiceSpec service, List<Launch> batch,
                                                 boolean pullImage) {
        Instant now = ctx.clock().now();
        List<Container> planned = new ArrayList<>();
        List<StoreChange> records = new ArrayList<>();
        for (Launch l : batch) {
            Container c = plan(app, service, l.index(), l.node(), now);
            if (l.beside()) {
                c = c.toBuilder().name(temporaryName(c)).build();
            }
            planned.add(c);
            records.add(entities.put(key(app.id(), c.id()), StateStore.ANY_VERSION, c));
        }
        entities.commit(records);
        List<CompletableFuture<Container>> started = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Container c = planned.get(i);
            Node node = batch.get(i).node();
            started.add(async.call(() -> createAndStart(app, service, node, c, pullImage)));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                .handle((v, e) -> null);
        CompletableFuture<Map<String, Container>> written = all.thenApply(v -> {
            Map<String, Container> out = new HashMap<>();
            List<StoreChange> changes = new ArrayList<>();
            for (CompletableFuture<Container> f : started) {
                if (!f.isCompletedExceptionally()) {
                    Container running = f.join();
                    Container recorded = service.probe() == null
                            ? running.withHealth(HealthStatus.HEALTHY, ctx.clock().now()) : running;
                    out.put(running.id(), recorded);
                    changes.add(entities.put(key(app.id(), running.id()), StateStore.ANY_VERSION, recorded));
                }
            }
            if (!changes.isEmpty()) {
                entities.commit(changes);
            }
            for (int i = 0; i < started.size(); i++) {
                Container c = out.get(planned.get(i).id());
                if (c != null) {
                    publish(c, "CONTAINER_STARTED", "started " + c.describe() + " on node " + batch.get(i).node().name());
                }
            }
            return out;
        });
        List<CompletableFuture<Container>> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<Container> mine = started.get(i);
            Node node = batch.get(i).node();
            out.add(written.thenCompose(w -> mine.thenCompose(running -> service.probe() == null
                    ? CompletableFuture.completedFuture(w.get(running.id()))
                    : awaitHealthy(node, w.get(running.id()), service.probe()))));
        }
        return out;
    }

    /** The name of replica {@code index} of a service: its {@code container_name} or the default one. */
    static String name(Application app, ServiceSpec service, int index) {
        return service.containerName() == null ? Container.defaultName(app.name(), service.name(), index)
                : index == 1 ? service.containerName() : service.containerName() + "_" + index;
    }

    /**
     * The name a container starts under beside the one it replaces (as docker compose does, its id before its name):
     * unique on the node, and never the name of a replica.
     */
    static String temporaryName(Container planned) {
        return planned.id() + "_" + planned.name();
    }

    private Container plan(Application app, ServiceSpec service, int index, Node node, Instant now) {
        String name = name(app, service, index);
        return Container.builder().id(Ids.newId("k", 16)).name(name).appId(app.id())
                .service(service.name()).index(index).nodeId(node.id()).image(service.image())
                .state(ContainerState.CREATED).health(HealthStatus.UNKNOWN).ports(List.of()).createdAt(now)
                .updatedAt(now).build();
    }

    /**
     * Creates and starts a planned container on its engine; its record is the caller's to write, except when the
     * start fails after the create: then the record gets the container's runtime id before the failure is rethrown.
     */
    private Container createAndStart(Application app, ServiceSpec service, Node node, Container planned,
                                     boolean pullImage) {
        RuntimeContainer created;
        try {
            created = ctx.requireRuntime().create(node, new ContainerRequest(planned.id(), planned.name(), app.name(),
                    ctx.onNode(service, node), planned.index(), pullImage), ctx.callTimeout());
        } catch (RuntimeException e) {
            entities.delete(key(app.id(), planned.id()));
            throw e;
        }
        Container c = planned.created(created.runtimeId(), created.ports(), ctx.clock().now());
        try {
            ctx.requireRuntime().start(node, c.runtimeId(), ctx.callTimeout());
            Container running = c.withState(ContainerState.RUNNING, ctx.clock().now());
            if (!running.ports().isEmpty()) {
                running = running.created(c.runtimeId(), ctx.requireRuntime().inspect(node, c.runtimeId(),
                        ctx.callTimeout()).ports(), ctx.clock().now());
            }
            return running;
        } catch (RuntimeException e) {
            // the engine has the container: record its runtime id, so that a deletion or heal removes it from the
            // engine instead of forgetting only the record (which would leave an orphan container behind)
            entities.put(key(app.id(), c.id()), c);
            throw e;
        }
    }

    /**
     * Gives a container another name on its engine and in its record ({@link ContainerRuntime#rename}); the record
     * changes only once the engine has.
     */
    Container rename(Node node, Container c, String name) {
        ctx.requireRuntime().rename(node, c.runtimeId(), name, ctx.callTimeout());
        Container renamed = c.toBuilder().name(name).updatedAt(ctx.clock().now()).build();
        entities.put(key(c.appId(), c.id()), renamed);
        publish(renamed, "CONTAINER_RENAMED", c.describe() + " renamed to " + name);
        return renamed;
    }

    /** Adopts a container the runtime already has for a record (after a restart of the control plane). */
    Container adopt(Container record, RuntimeContainer found) {
        Container c = record.runtimeId() == null
                ? record.created(found.runtimeId(), found.ports(), ctx.clock().now()) : record;
        if (c.state() != found.state() && c.state().canTransitionTo(found.state())) {
            c = found.state() == ContainerState.EXITED && found.exitCode() != null
                    ? c.exited(found.exitCode(), ctx.clock().now()) : c.withState(found.state(), ctx.clock().now());
        }
        entities.put(key(c.appId(), c.id()), c);
        publish(c, "CONTAINER_ADOPTED", c.describe() + " adopted from " + c.nodeId());
        return c;
    }

    /**
     * Starts a created, stopped or exited container. The published ports are read back: an engine picks the host
     * port of a port published without a fixed one at every start, so the record shows the ports actually in use.
     */
    Container startOn(Node node, Container c) {
        ctx.requireRuntime().start(node, c.runtimeId(), ctx.callTimeout());
        Container running = c.withState(ContainerState.RUNNING, ctx.clock().now());
        if (!running.ports().isEmpty()) {
            running = running.created(c.runtimeId(),
                    ctx.requireRuntime().inspect(node, c.runtimeId(), ctx.callTimeout()).ports(), ctx.clock().now());
        }
        entities.put(key(c.appId(), c.id()), running);
        publish(running, "CONTAINER_STARTED", "started " + running.describe() + " on node " + node.name());
        return running;
    }

    /**
     * Waits until the container's probe passes: after its initial delay, every interval, until the engine's health
     * timeout. Without a probe the container is healthy at once (the product's rule).
     */
    CompletableFuture<Container> awaitHealthy(Node node, Container c, Probe probe) {
        if (probe == null) {
            return CompletableFuture.completedFuture(markHealth(c, HealthStatus.HEALTHY));
        }
        Instant deadline = ctx.clock().now().plus(probe.initialDelay()).plus(ctx.healthTimeout());
        return async.sleep(probe.initialDelay()).thenCompose(v -> probeUntil(node, c, probe, deadline));
    }

    private CompletableFuture<Container> probeUntil(Node node, Container waiting, Probe probe, Instant deadline) {
        Container c = entities.get(Container.class, key(waiting.appId(), waiting.id())).map(Entities.Versioned::value)
                .orElse(null);
        if (c == null || c.state() != ContainerState.RUNNING) {
            return CompletableFuture.failedFuture(new AcsException(ErrorCode.CANCELLED, waiting.describe()
                    + " was stopped or removed while waiting for its probe", Map.of("container", waiting.id()), null));
        }
        return async.call(() -> ctx.requireRuntime().probe(node, c.runtimeId(), probe, probe.timeout()))
                .exceptionally(e -> new ProbeResult(false, Async.unwrap(e).getMessage()))
                .thenCompose(result -> {
                    if (result.healthy()) {
                        return CompletableFuture.completedFuture(markHealth(c, HealthStatus.HEALTHY));
                    }
                    if (!ctx.clock().now().isBefore(deadline)) {
                        markHealth(c, HealthStatus.UNHEALTHY);
                        return CompletableFuture.failedFuture(new AcsException(ErrorCode.TIMEOUT, c.describe()
                                + " did not become healthy within " + ctx.healthTimeout() + "; last probe: "
                                + result.detail(), Map.of("container", c.id()), null));
                    }
                    return async.sleep(probe.interval()).thenCompose(v -> probeUntil(node, c, probe, deadline));
                });
    }

    /** Records that nothing is known of the container's health (its node does not answer). */
    Container healthUnknown(Container c) {
        return c.health() == HealthStatus.UNKNOWN ? c : markHealth(c, HealthStatus.UNKNOWN);
    }

    private Container markHealth(Container c, HealthStatus health) {
        Container marked = c.withHealth(health, ctx.clock().now());
        entities.put(key(c.appId(), c.id()), marked);
        return marked;
    }

    /** Stops a running container, killing it after {@code grace} ({@link java.time.Duration#ZERO} kills at once). */
    Container stop(Node node, Container c, java.time.Duration grace) {
        if (!c.state().canTransitionTo(ContainerState.STOPPED) || c.runtimeId() == null) {
            return c; // not running: stopped already, exited, or only created
        }
        Container stopped;
        // the drain ends only once the record says STOPPED: a routing pass in between would route to it again
        try (ContainerDrains.Drained d = drain(node, c)) {
            ctx.requireRuntime().stop(node, c.runtimeId(), grace, ctx.callTimeout());
            stopped = c.withState(ContainerState.STOPPED, ctx.clock().now());
            entities.put(key(c.appId(), c.id()), stopped);
        }
        publish(stopped, "CONTAINER_STOPPED", "stopped " + stopped.describe());
        return stopped;
    }

    /**
     * Removes a container from its engine and forgets it. When the engine is lost ({@code reachable} false) only the
     * record goes: the engine's copy is cleaned up when the node is reset or removed.
     */
    void destroy(Node node, Container c, boolean removeVolumes, boolean reachable) {
        if (reachable && c.runtimeId() != null) {
            // the drain ends only once the record is gone: a routing pass in between would route to it again
            try (ContainerDrains.Drained d = drain(node, c)) {
                try {
                    ctx.requireRuntime().remove(node, c.runtimeId(), removeVolumes, ctx.callTimeout());
                } catch (AcsException e) {
                    if (e.code() != ErrorCode.NOT_FOUND) {
                        throw e;
                    }
                }
                entities.delete(key(c.appId(), c.id()));
            }
        } else {
            entities.delete(key(c.appId(), c.id()));
        }
        publish(c, "CONTAINER_REMOVED", "removed " + c.describe());
    }

    /** Takes a running container out of the routing layer before it stops (see {@link ContainerDrains}). */
    private ContainerDrains.Drained drain(Node node, Container c) {
        return drainAll(node == null ? null : node.clusterId(), List.of(c));
    }

    /**
     * Takes the running ones among {@code containers} of a cluster out of the routing layer at once, before a path
     * stops or removes them one by one (one proxy change instead of one per container); close the result when they
     * are stopped.
     */
    ContainerDrains.Drained drainAll(String clusterId, List<Container> containers) {
        ContainerDrains.Drained d = ctx.drains().drain(clusterId, containers);
        if (d.drained()) {
            containers.stream().filter(c -> c.state() == ContainerState.RUNNING).forEach(c -> publish(c,
                    "CONTAINER_DRAINED", "the routing layer sends no new requests to " + c.describe()));
        }
        return d;
    }

    private void publish(Container c, String type, String message) {
        Event e = new Event(ctx.clock().now(), "application", c.appId(), type, message,
                Map.of("container", c.id(), "service", c.service(), "node", c.nodeId()));
        ctx.events().publish(e);
    }
}
