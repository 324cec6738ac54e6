package dev.acs.examples.guide;

import dev.acs.cloud.sim.ProbeBehaviour;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.store.FileStateStore;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * State that survives the host: with a {@link FileStateStore}, a control plane built again over the same directory
 * sees the same clusters and applications, and its first reconcile pass adopts the containers that kept running
 * instead of creating them twice; a deployment the old process left half-done is finished.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.DurableStateExample}
 */
public final class DurableStateExample {
    static final String TEMPLATE = """
            web:
              image: nginx:1.25
              labels:
                aliyun.scale: "3"
                aliyun.probe.url: http://container/
            """;

    private DurableStateExample() {
    }

    /**
     * What the example observed.
     *
     * @param clustersAfterRestart the cluster names the new control plane sees
     * @param appsAfterRestart     the application names and states it sees ({@code name=STATE})
     * @param sameContainers       whether the finished application has the same container ids as before the restart
     * @param halfDoneState        the state of the application whose deployment the restart interrupted, at the end
     * @param halfDoneContainers   its container count at the end
     * @param enginesBefore        the containers on the engines before the restart
     * @param enginesAfter         the containers on the engines at the end, by name
     * @param engineContainers     how many containers the engines hold at the end (none created twice: 6)
     * @param directory            where the state was kept
     */
    public record Result(List<String> clustersAfterRestart, List<String> appsAfterRestart, boolean sameContainers,
                         AppState halfDoneState, int halfDoneContainers, Map<String, ContainerState> enginesBefore,
                         Map<String, ContainerState> enginesAfter, int engineContainers, Path directory) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the example in a new temporary directory, deleted again at the end, printing to {@code out}, and returns
     * what it observed.
     */
    public static Result run(PrintStream out) {
        return Sandbox.inTemporaryDirectory("acs-durable-", dir -> run(out, dir));
    }

    /** Runs the example with its state in {@code dir}, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out, Path dir) {
        FileStateStore store = FileStateStore.open(dir);
        try (Sandbox sandbox = Sandbox.open(out,
                cloud -> cloud.probeBehaviour(ProbeBehaviour.healthyAfter(Duration.ofSeconds(10))), // slow starters
                plane -> plane.stateStore(store))) {
            var apps = sandbox.cp().applications();
            sandbox.step("A control plane keeping its state in " + dir);
            Cluster cluster = sandbox.cluster("durable", 2, Sandbox.ZONE_E);
            Application site = sandbox.await(apps.deploy(cluster.id(), Sandbox.template("site", TEMPLATE)));
            List<String> before = ids(apps.containers(site.id()));
            // a second deployment is still under way when the host goes down
            apps.deploy(cluster.id(), Sandbox.template("blog", TEMPLATE));
            sandbox.advance(Duration.ofSeconds(1));
            Map<String, ContainerState> enginesBefore = sandbox.engineStates(cluster.id());
            sandbox.say("site is READY; blog is %s; the engines run %s",
                    apps.list(cluster.id()).get(1).state(), enginesBefore.keySet());

            sandbox.step("The host restarts: a new control plane over the same directory");
            sandbox.cp().close();
            store.close();
            FileStateStore reopened = FileStateStore.open(dir);
            sandbox.say("recovery: %s", reopened.recoveryReport());
            // building the control plane runs a first reconcile pass: it adopts and finishes what it finds
            var restarted = sandbox.restart(plane -> plane.stateStore(reopened));
            try {
                List<String> clusters = restarted.clusters().list().stream().map(Cluster::name).toList();
                sandbox.reconcile();
                sandbox.advance(Duration.ofSeconds(30));
                List<Application> found = restarted.applications().list(cluster.id());
                List<String> appStates = found.stream().map(a -> a.name() + "=" + a.state()).toList();
                sandbox.say("it sees clusters %s and applications %s", clusters, appStates);
                Application blog = found.stream().filter(a -> a.name().equals("blog")).findFirst().orElseThrow();
                sandbox.printContainers(site.id());
                sandbox.printContainers(blog.id());
                Map<String, ContainerState> enginesAfter = sandbox.engineStates(cluster.id());
                sandbox.say("the engines run %s", enginesAfter.keySet());
                return new Result(clusters, appStates, before.equals(ids(restarted.applications().containers(site.id()))),
                        blog.state(), restarted.applications().containers(blog.id()).size(), enginesBefore,
                        enginesAfter, sandbox.engineContainers(cluster.id()).size(), dir);
            } finally {
                restarted.close();
                reopened.close();
            }
        }
    }

    private static List<String> ids(List<Container> containers) {
        return containers.stream().map(Container::id).toList();
    }
}
