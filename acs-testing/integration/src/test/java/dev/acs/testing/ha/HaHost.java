package dev.acs.testing.ha;

import dev.acs.cloud.docker.DockerHostPool;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.Application;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;
import dev.acs.scheduler.SwarmScheduler;
import dev.acs.store.etcd.EtcdStateStore;
import dev.acs.store.etcd.HighlyAvailableControlPlane;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A control-plane host process of {@link HaFailoverOnDockerTest}: joins the election of one etcd prefix and, while it
 * leads, runs a control plane over the given Docker Engines. It reads commands from standard input and answers each
 * with one line ending in {@link #END} (a line cut off by SIGKILL lacks it):
 * {@code cluster} → {@code CLUSTER id}; {@code deploy CLUSTER} → {@code APP id}; {@code scale APP N} →
 * {@code SCALING opId} at once and {@code SCALED opId} when done; {@code settle APP OP} (after a takeover) →
 * {@code SETTLED state errorCode records=RUNNING_RECORDS}. It prints {@code LEADER} once it runs the control plane.
 *
 * <p>Arguments: etcd endpoints (comma-separated), prefix, candidate name, then {@code name=endpoint} per engine.
 */
final class HaHost {
    static final String END = "\u0000END";
    static final Zone ZONE = Zone.of("local");
    static final Duration TTL = Duration.ofSeconds(3);
    static final Duration WAIT = Duration.ofSeconds(120);
    static final String TEMPLATE = """
            web:
              image: acs-test/busybox:1
              command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
              labels:
                aliyun.scale: "2"
            """;

    private HaHost() {
    }

    public static void main(String[] args) throws Exception {
        List<String> endpoints = Arrays.asList(args[0].split(","));
        DockerHostPool.Builder pool = DockerHostPool.builder(ZONE);
        for (String engine : Arrays.copyOfRange(args, 3, args.length)) {
            String[] nameAndEndpoint = engine.split("=", 2);
            pool.host(nameAndEndpoint[0], nameAndEndpoint[1], new Resources(400, 8L << 30, 0));
        }
        DockerHostPool hosts = pool.build();
        DockerRuntime runtime = DockerRuntime.builder().build();
        EtcdStateStore store = EtcdStateStore.builder(endpoints).prefix(args[1]).open();
        HighlyAvailableControlPlane ha = HighlyAvailableControlPlane.start(store.leadership(args[2], TTL),
                fenced -> ControlPlane.builder().infrastructure(hosts).runtime(runtime)
                        .scheduler(new SwarmScheduler()).stateStore(fenced).callTimeout(Duration.ofSeconds(20))
                        .healthTimeout(Duration.ofSeconds(20)).stopGrace(Duration.ofSeconds(2))
                        .reconcileEvery(null).build());
        say("READY");
        Thread leaderWatch = new Thread(() -> {
            try {
                if (ha.awaitControlPlane(Duration.ofMinutes(10))) {
                    say("LEADER");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        leaderWatch.setDaemon(true);
        leaderWatch.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] c = line.split(" ");
            try {
                run(ha, c);
            } catch (RuntimeException e) {
                say("FAILED " + c[0] + " " + e);
            }
        }
    }

    private static void run(HighlyAvailableControlPlane ha, String[] c) {
        ControlPlane cp = ha.leader();
        switch (c[0]) {
            case "cluster" -> say("CLUSTER " + cp.clusters().create(ClusterSpec.classic("ha", ZONE, 2,
                    DockerHostPool.INSTANCE_TYPE)).await(WAIT).id());
            case "deploy" -> say("APP " + cp.applications().deploy(c[1], Templates.parse(TEMPLATE,
                    ParseOptions.builder().applicationName("shop").build()).app().orElseThrow()).await(WAIT).id());
            case "scale" -> {
                Operation<Application> op = cp.applications().scale(c[1], "web", Integer.parseInt(c[2]));
                say("SCALING " + op.id());
                op.toCompletionStage().whenComplete((a, e) -> say("SCALED " + op.id()));
            }
            case "settle" -> {
                cp.reconcile().toCompletableFuture().join();
                OperationRecord r = cp.operations().await(c[2], WAIT);
                cp.reconcile().toCompletableFuture().join();
                say("SETTLED " + r.state() + " " + r.errorCode() + " records="
                        + cp.applications().containers(c[1]).stream()
                        .filter(x -> x.state().name().equals("RUNNING")).count());
            }
            default -> say("FAILED unknown command " + c[0]);
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line + END);
        System.out.flush();
    }
}
