package dev.acs.examples.demo;

import dev.acs.cloud.docker.DockerHostPool;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.Templates;
import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Application;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ContainerState;
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
 * One control-plane host process of {@code acs demo --ha} (and of the failover tests): joins the election of one etcd
 * prefix and, while it leads, runs a control plane over the given Docker Engines (one engine is one node). It reads
 * commands from standard input and answers each with one line ending in {@link #END} (a line cut off by SIGKILL lacks
 * it):
 * <ul>
 *   <li>{@code cluster} → {@code CLUSTER id}; {@code deploy CLUSTER} → {@code APP id} (service {@code web}, 2
 *       containers of the image);</li>
 *   <li>{@code scale APP N} → {@code SCALING opId} at once and {@code SCALED opId} when done;</li>
 *   <li>{@code status APP} → {@code STATUS running=N}: its running containers as this process reads them (a follower
 *       reads the shared store);</li>
 *   <li>{@code settle APP OP} (after a takeover) → one reconcile pass, the operation's end, another pass, then
 *       {@code SETTLED state errorCode records=RUNNING_RECORDS};</li>
 *   <li>{@code delete APP} → {@code DELETED id}.</li>
 * </ul>
 * A command refused because this process does not lead answers {@code REFUSED NOT_LEADER leader}; another failure
 * {@code FAILED command error}. The process prints {@code READY} once started, {@code LEADER} each time it starts running
 * the control plane and {@code FOLLOWER} each time it stops.
 *
 * <p>Arguments: etcd endpoints (comma-separated), prefix, candidate name, image, then {@code name=endpoint} per engine.
 */
public final class HaHost {
    /** The end of every complete answer line. */
    public static final String END = "\u0000END";
    /** The lease TTL of the hosts. */
    public static final Duration TTL = Duration.ofSeconds(3);
    private static final Zone ZONE = Zone.of("local");
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String TEMPLATE = """
            web:
              image: %s
              command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
              labels:
                aliyun.scale: "2"
            """;

    private HaHost() {
    }

    /** Runs the host; see the class comment for the arguments and the commands. */
    public static void main(String[] args) throws Exception {
        List<String> endpoints = Arrays.asList(args[0].split(","));
        String image = args[3];
        DockerHostPool.Builder pool = DockerHostPool.builder(ZONE);
        for (String engine : Arrays.copyOfRange(args, 4, args.length)) {
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
        Thread roles = new Thread(() -> reportRoles(ha), "acs-ha-roles");
        roles.setDaemon(true);
        roles.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] c = line.split(" ");
            try {
                run(ha, image, c);
            } catch (AcsException e) {
                say(e.code() == ErrorCode.NOT_LEADER ? "REFUSED NOT_LEADER " + e.details().get("leader")
                        : "FAILED " + c[0] + " " + e);
            } catch (RuntimeException e) {
                say("FAILED " + c[0] + " " + e);
            }
        }
    }

    /** Prints LEADER when this process starts running the control plane and FOLLOWER when it stops. */
    private static void reportRoles(HighlyAvailableControlPlane ha) {
        try {
            while (true) {
                if (!ha.awaitControlPlane(Duration.ofDays(1))) {
                    return;
                }
                say("LEADER");
                while (ha.controlPlane().isPresent() && ha.leadership().isLeader()) {
                    Thread.sleep(20);
                }
                say("FOLLOWER");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run(HighlyAvailableControlPlane ha, String image, String[] c) {
        switch (c[0]) {
            case "cluster" -> say("CLUSTER " + ha.clusters().create(ClusterSpec.classic("ha", ZONE, 2,
                    DockerHostPool.INSTANCE_TYPE)).await(WAIT).id());
            case "deploy" -> say("APP " + ha.applications().deploy(c[1], Templates.parse(TEMPLATE.formatted(image),
                    ParseOptions.builder().applicationName("shop").build()).app().orElseThrow()).await(WAIT).id());
            case "scale" -> {
                Operation<Application> op = ha.applications().scale(c[1], "web", Integer.parseInt(c[2]));
                say("SCALING " + op.id());
                op.toCompletionStage().whenComplete((a, e) -> say("SCALED " + op.id()));
            }
            case "status" -> say("STATUS running=" + running(ha, c[1]));
            case "settle" -> {
                ControlPlane cp = ha.leader();
                cp.reconcile().toCompletableFuture().join();
                OperationRecord r = cp.operations().await(c[2], WAIT);
                cp.reconcile().toCompletableFuture().join();
                say("SETTLED " + r.state() + " " + r.errorCode() + " records=" + running(ha, c[1]));
            }
            case "delete" -> say("DELETED " + ha.applications().delete(c[1]).await(WAIT).id());
            default -> say("FAILED unknown command " + c[0]);
        }
    }

    private static long running(HighlyAvailableControlPlane ha, String appId) {
        return ha.applications().containers(appId).stream().filter(x -> x.state() == ContainerState.RUNNING).count();
    }

    private static synchronized void say(String line) {
        System.out.println(line + END);
        System.out.flush();
    }
}
