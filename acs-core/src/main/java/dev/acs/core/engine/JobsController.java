package dev.acs.core.engine;

import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import dev.acs.core.model.Node;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The built-in controller {@value #NAME}: one {@link Jobs#step step} for every job with something to do (a run under
 * way, or a fire time reached); a job waiting for its next fire time costs one comparison. Its first pass also
 * finishes the deploys of jobs a previous control plane left before their job record was written. It fills the
 * {@link dev.acs.core.spi.ControllerSlot#JOBS} slot unless the host filled it with its own. Runs every
 * {@link #INTERVAL} unless {@link ControlPlane.Builder#controllerTiming} says otherwise.
 */
final class JobsController implements Controller {
    /** The controller's name. */
    static final String NAME = "jobs";
    /** Its default interval: schedules have seconds. */
    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(JobsController.class);

    private final EngineContext ctx;
    private final Jobs jobs;
    private final ClusterRecords clusters;
    private final Duration interval;
    private final java.util.concurrent.atomic.AtomicBoolean resumed = new java.util.concurrent.atomic.AtomicBoolean();

    JobsController(EngineContext ctx, Jobs jobs, ClusterRecords clusters, Duration interval) {
        this.ctx = ctx;
        this.jobs = jobs;
        this.clusters = clusters;
        this.interval = interval;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public CompletionStage<Void> reconcile(ControllerContext context) {
        Instant now = ctx.clock().now();
        List<CompletableFuture<Void>> steps = new ArrayList<>();
        if (resumed.compareAndSet(false, true)) { // the first pass after a start: deploys cut short before their job
            steps.add(jobs.resumeDeploys(clusters.active().stream().map(c -> c.id()).toList()));
        }
        Map<String, Map<String, Node>> nodes = new ConcurrentHashMap<>(); // read once per pass, per cluster
        for (String appId : jobs.ids()) {
            if (jobs.hasWork(appId, now)) {
                steps.add(jobs.step(appId, clusterId -> nodes.computeIfAbsent(clusterId, jobs::nodes)));
            }
        }
        return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).exceptionally(e -> {
            LOG.warn("controller {}: not every job moved on: {}", NAME, Async.unwrap(e).getMessage());
            return null;
        });
    }

    @Override
    public String toString() {
        return "controller " + NAME;
    }
}
