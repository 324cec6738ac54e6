package dev.acs.core.engine;

import dev.acs.core.api.Applications;
import dev.acs.core.api.Nodes;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.logs.LogFollow;
import dev.acs.core.logs.LogLine;
import dev.acs.core.logs.LogQuery;
import dev.acs.core.logs.Logs;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** {@link Logs} over the container runtime: reads, follows (by polling) and downloads the containers' logs. */
final class ContainerLogs implements Logs {
    /** New lines kept per container between two reads of a follow. */
    static final int FOLLOW_BUFFER = 10_000;
    /** Time between two reads of a follow. */
    static final Duration FOLLOW_POLL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(ContainerLogs.class);

    private final EngineContext ctx;
    private final Applications applications;
    private final Nodes nodes;

    ContainerLogs(EngineContext ctx, Applications applications, Nodes nodes) {
        this.ctx = ctx;
        this.applications = applications;
        this.nodes = nodes;
    }

    @Override
    public List<LogLine> read(LogQuery query) {
        List<LogLine> out = new ArrayList<>();
        for (Container c : containers(query)) {
            out.addAll(read(c, query.tail(), query.since().orElse(null), query.containerId().isPresent()));
        }
        Instant until = query.until().orElse(null);
        if (until != null) {
            out.removeIf(l -> !l.time().isBefore(until));
        }
        out.sort(Comparator.comparing(LogLine::time)); // stable: a container's lines keep their order
        return out;
    }

    @Override
    public LogFollow follow(LogQuery query, Consumer<LogLine> consumer) {
        java.util.Objects.requireNonNull(consumer, "consumer");
        containers(query); // fails at once for an unknown application, service or container
        LogFollower f = new LogFollower(this, query, consumer);
        ctx.executor().execute(f::poll);
        return f;
    }

    @Override
    public void download(String appId, OutputStream out) {
        List<Container> all = containers(LogQuery.application(appId));
        try {
            ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
            for (Container c : all) {
                zip.putNextEntry(new ZipEntry(c.name() + ".log"));
                for (LogLine l : read(c, Integer.MAX_VALUE, null, false)) {
                    zip.write((l.time() + " " + l.text() + "\n").getBytes(StandardCharsets.UTF_8));
                }
                zip.closeEntry();
            }
            zip.finish();
            zip.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the log archive of " + appId + " failed", e);
        }
    }

    /** The query's containers that exist on an engine, by service and index. */
    List<Container> containers(LogQuery query) {
        Application app = applications.require(query.appId());
        List<Container> all = applications.containers(app.id());
        if (query.service().isPresent()) {
            String service = query.service().get();
            if (app.spec().service(service).isEmpty()) {
                throw AcsException.notFound("service", app.name() + "/" + service);
            }
            all = all.stream().filter(c -> c.service().equals(service)).toList();
        }
        if (query.containerId().isPresent()) {
            String id = query.containerId().get();
            all = all.stream().filter(c -> c.id().equals(id)).toList();
            if (all.isEmpty()) {
                throw AcsException.notFound("container", id);
            }
        }
        String part = query.containerName().orElse(null);
        return all.stream().filter(c -> c.runtimeId() != null && c.nodeId() != null)
                .filter(c -> part == null || c.name().contains(part)).toList();
    }

    /**
     * One container's lines from its engine. An engine that does not answer or no longer knows the container gives
     * none, unless {@code strict} (a query for that one container), where its error is the caller's.
     */
    List<LogLine> read(Container c, int tail, Instant since, boolean strict) {
        if (tail == 0) {
            return List.of();
        }
        try {
            Application app = applications.require(c.appId());
            Node node = nodes.require(app.clusterId(), c.nodeId());
            Instant now = ctx.clock().now();
            List<LogLine> out = new ArrayList<>();
            for (String line : ctx.requireRuntime().logs(node, c.runtimeId(), tail, since, ctx.callTimeout())) {
                out.add(LogLine.parse(c.name(), node.id(), line, now));
            }
            return out;
        } catch (AcsException e) {
            if (strict) {
                throw e;
            }
            LOG.debug("no logs of {}: {}", c.describe(), e.getMessage());
            return List.of();
        }
    }

    EngineContext context() {
        return ctx;
    }

    static boolean gone(AcsException e) {
        return e.code() == ErrorCode.NOT_FOUND;
    }
}
