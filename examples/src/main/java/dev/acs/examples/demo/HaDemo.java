package dev.acs.examples.demo;

import dev.acs.testing.etcd.EtcdCluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code acs demo --ha}: a highly available control plane as two separate host processes ({@link HaHost}) over one
 * etcd and the given Docker Engines, checking itself at every step. The first host leads: it creates a cluster of the
 * engines and deploys an application; the second, a follower, reads it from the shared store and refuses a command
 * naming the leader. The leader is killed with SIGKILL; the follower takes over within the lease TTL, finds the
 * application still running, scales it, and finally deletes it, so the engines are left as they were.
 *
 * <p>Without etcd endpoints the demo starts a private 3-member etcd on loopback ports for its run (it needs the
 * {@code etcd} program on the {@code PATH} or in {@code /usr/bin}; {@code scripts/prepare-etcd.sh} installs it).
 */
public final class HaDemo {
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** Failover must take at most the TTL plus this (an election round and a control plane's start). */
    private static final Duration SLACK = Duration.ofSeconds(15);

    private final PrintStream out;
    private final List<String> engines;
    private final String image;
    private final List<String> etcd;
    private int checks;

    /**
     * A demo printing to {@code out}.
     *
     * @param engines {@code name=endpoint} per Docker Engine ({@code unix:///var/run/docker.sock},
     *                {@code tcp://host:2376}); each is one node
     * @param image   the image the application runs (present on the engines, or pullable by them)
     * @param etcd    etcd client URLs to use; empty to start a private etcd for the run
     */
    public HaDemo(PrintStream out, List<String> engines, String image, List<String> etcd) {
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("the HA demo needs at least one Docker Engine");
        }
        this.out = out;
        this.engines = List.copyOf(engines);
        this.image = image;
        this.etcd = List.copyOf(etcd);
    }

    /** Runs every step; false (after saying why) when a check or a step failed. */
    public boolean run() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("acs-ha-demo");
            if (etcd.isEmpty()) {
                try (EtcdCluster private3 = EtcdCluster.start(3)) {
                    steps(dir, private3.endpoints());
                }
            } else {
                steps(dir, etcd);
            }
            out.printf("%nDEMO PASSED: %d checks%n", checks);
            return true;
        } catch (Demo.CheckFailed e) {
            out.printf("%nDEMO FAILED: %s%n", e.getMessage());
            return false;
        } catch (IOException | RuntimeException e) {
            out.printf("%nDEMO FAILED: %s%n", e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.printf("%nDEMO FAILED: interrupted%n");
            return false;
        } finally {
            delete(dir);
        }
    }

    private void steps(Path dir, List<String> endpoints) throws IOException, InterruptedException {
        String prefix = "acs-demo/" + UUID.randomUUID() + "/";
        step("1. Two control-plane processes over etcd " + endpoints + " (lease TTL " + HaHost.TTL.toSeconds()
                + " s)");
        try (HaHostProcess a = HaHostProcess.start(dir, "host-a", endpoints, prefix, image, engines, WAIT)) {
            a.await("LEADER");
            check(true, "host-a leads and runs the control plane");
            try (HaHostProcess b = HaHostProcess.start(dir, "host-b", endpoints, prefix, image, engines, WAIT)) {
                check(true, "host-b runs as a follower");

                step("2. The leader deploys an application; the follower reads it from the store");
                String cluster = a.ask("cluster", "CLUSTER ").substring("CLUSTER ".length());
                String app = a.ask("deploy " + cluster, "APP ").substring("APP ".length());
                check(a.ask("status " + app, "STATUS ").equals("STATUS running=2"),
                        "host-a deployed " + app + " on cluster " + cluster + ": 2 containers run");
                check(b.ask("status " + app, "STATUS ").equals("STATUS running=2"),
                        "host-b reads the same 2 running containers from etcd");
                String refusal = b.ask("scale " + app + " 3", "REFUSED ");
                check(refusal.equals("REFUSED NOT_LEADER host-a"), "host-b refuses a scale: " + refusal);

                step("3. The leader is killed with SIGKILL");
                long killed = System.nanoTime();
                a.kill();
                b.await("LEADER");
                Duration failover = Duration.ofNanos(System.nanoTime() - killed);
                check(failover.compareTo(HaHost.TTL.plus(SLACK)) < 0, "host-b took over after "
                        + failover.toMillis() + " ms (lease TTL " + HaHost.TTL.toMillis() + " ms)");
                check(b.ask("status " + app, "STATUS ").equals("STATUS running=2"),
                        "the application still runs its 2 containers");

                step("4. The new leader scales the application, then deletes it");
                String op = b.ask("scale " + app + " 4", "SCALING ").substring("SCALING ".length());
                b.await("SCALED " + op);
                String settled = b.ask("settle " + app + " " + op, "SETTLED ");
                check(settled.equals("SETTLED SUCCEEDED null records=4"), "host-b scaled it to 4: " + settled);
                b.ask("delete " + app, "DELETED ");
                check(true, "host-b deleted " + app + " and its containers");
            }
        }
    }

    private void step(String title) {
        out.printf("%n== %s%n", title);
    }

    private void check(boolean ok, String what) {
        checks++;
        if (!ok) {
            throw new Demo.CheckFailed(what);
        }
        out.printf("   ok  %s%n", what);
    }

    /** Deletes the hosts' standard error files (quoted in the failure when a host failed). */
    private void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(walk.toList());
            java.util.Collections.reverse(paths);
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            out.printf("(could not delete %s: %s)%n", dir, e.getMessage());
        }
    }
}
