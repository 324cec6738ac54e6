package dev.acs.cloud.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;
import dev.acs.core.spi.ContainerStats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One usage sample of every running container of ours on an engine, through Docker's stats API
 * ({@code GET /containers/{id}/stats?stream=false}, all containers at once): CPU and memory computed as
 * {@code docker stats} does (CPU from the change of the container's and the system's CPU time between the engine's
 * two readings, times the online CPUs; memory without the inactive page cache).
 */
final class ContainerUsage {
    private ContainerUsage() {
    }

    static List<ContainerStats> read(DockerClient c, ExecutorService calls, long timeoutNanos)
            throws InterruptedException {
        List<Container> running = c.listContainersCmd().withStatusFilter(List.of("running"))
                .withLabelFilter(List.of(DockerLabels.CONTAINER_ID)).exec();
        List<CompletableFuture<ContainerStats>> reads = new ArrayList<>();
        for (Container x : running) {
            String containerId = x.getLabels() == null ? null : x.getLabels().get(DockerLabels.CONTAINER_ID);
            reads.add(CompletableFuture.supplyAsync(() -> one(c, x.getId(), containerId), calls));
        }
        try {
            CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            reads.forEach(r -> r.cancel(true));
            throw new dev.acs.core.error.AcsException(dev.acs.core.error.ErrorCode.TIMEOUT, "the engine measured "
                    + running.size() + " containers too slowly", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        List<ContainerStats> out = new ArrayList<>(reads.size());
        for (CompletableFuture<ContainerStats> r : reads) {
            ContainerStats s = r.join();
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** One container's sample; {@code null} when it stopped in the meantime. */
    private static ContainerStats one(DockerClient c, String runtimeId, String containerId) {
        First first = new First();
        try {
            c.statsCmd(runtimeId).withNoStream(true).exec(first).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            return null;
        }
        Statistics s = first.stats;
        if (s == null || s.getCpuStats() == null || s.getMemoryStats() == null) {
            return null;
        }
        MemoryStatsConfig m = s.getMemoryStats();
        long usage = orZero(m.getUsage());
        long limit = orZero(m.getLimit());
        return new ContainerStats(runtimeId, containerId, Instant.now(), cpuPercent(s.getCpuStats(), s.getPreCpuStats()),
                Math.max(0, usage - inactiveCache(m.getStats())), limit);
    }

    static double cpuPercent(CpuStatsConfig now, CpuStatsConfig before) {
        if (now.getCpuUsage() == null || before == null || before.getCpuUsage() == null) {
            return 0;
        }
        double cpuDelta = orZero(now.getCpuUsage().getTotalUsage()) - orZero(before.getCpuUsage().getTotalUsage());
        double systemDelta = orZero(now.getSystemCpuUsage()) - orZero(before.getSystemCpuUsage());
        long cpus = now.getOnlineCpus() != null && now.getOnlineCpus() > 0 ? now.getOnlineCpus()
                : now.getCpuUsage().getPercpuUsage() == null ? 1 : now.getCpuUsage().getPercpuUsage().size();
        if (cpuDelta <= 0 || systemDelta <= 0) {
            return 0;
        }
        return cpuDelta / systemDelta * cpus * 100.0;
    }

    /** The page cache {@code docker stats} leaves out: {@code inactive_file} (cgroup v2) or its v1 total. */
    private static long inactiveCache(StatsConfig s) {
        if (s == null) {
            return 0;
        }
        if (s.getInactiveFile() != null) {
            return s.getInactiveFile();
        }
        return orZero(s.getTotalInactiveFile());
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    /** Keeps the first (and with {@code stream=false} only) sample. */
    private static final class First extends ResultCallback.Adapter<Statistics> {
        volatile Statistics stats;

        @Override
        public void onNext(Statistics s) {
            if (stats == null) {
                stats = s;
            }
        }
    }
}
