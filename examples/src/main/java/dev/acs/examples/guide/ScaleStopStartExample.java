package dev.acs.examples.guide;

import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The day-to-day operations on an application: scale a service up and down (the highest indices go first), stop
 * and start it, and redeploy it (重新部署), which restarts stopped containers and restores every service's declared
 * count.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.ScaleStopStartExample}
 */
public final class ScaleStopStartExample {
    /** One web service of 2 containers. */
    static final String TEMPLATE = """
            web:
              image: nginx:1.25
              labels:
                aliyun.scale: "2"
            """;

    private ScaleStopStartExample() {
    }

    /**
     * What the example observed.
     *
     * @param scaledUp          container names after scaling to 4
     * @param scaledDown        container names after scaling to 1
     * @param stoppedApp        the application's state after stop
     * @param stoppedContainers the containers' states after stop
     * @param startedApp        the application's state after start
     * @param startedContainers the containers' states after start
     * @param redeployedApp     the application's state after stopping it again and redeploying it
     * @param enginesAfter      the state of every container on the engines after the redeploy, by name
     */
    public record Result(List<String> scaledUp, List<String> scaledDown, AppState stoppedApp,
                         List<ContainerState> stoppedContainers, AppState startedApp,
                         List<ContainerState> startedContainers, AppState redeployedApp,
                         Map<String, ContainerState> enginesAfter) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) {
        try (Sandbox sandbox = Sandbox.open(out)) {
            var apps = sandbox.cp().applications();
            Cluster cluster = sandbox.cluster("web", 2, Sandbox.ZONE_E);
            Application app = sandbox.deploy(cluster.id(), "site", TEMPLATE);

            sandbox.step("Scale web to 4, then down to 1");
            sandbox.await(apps.scale(app.id(), "web", 4));
            List<String> up = names(apps.containers(app.id()));
            sandbox.say("after scale 4: %s", up);
            sandbox.await(apps.scale(app.id(), "web", 1));
            List<String> down = names(apps.containers(app.id()));
            sandbox.say("after scale 1: %s (the highest indices went first)", down);
            sandbox.await(apps.scale(app.id(), "web", 3));

            sandbox.step("Stop, then start");
            Application stopped = sandbox.await(apps.stop(app.id()));
            List<ContainerState> stoppedStates = states(apps.containers(app.id()));
            sandbox.say("%s is %s, containers %s", stopped.name(), stopped.state(), stoppedStates);
            Application started = sandbox.await(apps.start(app.id()));
            List<ContainerState> startedStates = states(apps.containers(app.id()));
            sandbox.say("%s is %s, containers %s", started.name(), started.state(), startedStates);

            sandbox.step("Stop again, then redeploy: the stopped containers run again");
            sandbox.await(apps.stop(app.id()));
            Application redeployed = sandbox.await(apps.redeploy(app.id())).application();
            sandbox.printContainers(app.id());
            // what the engines themselves say, not the control plane's records
            Map<String, ContainerState> engines = sandbox.engineStates(cluster.id());
            sandbox.say("%s is %s; the engines report %s", redeployed.name(), redeployed.state(), engines);

            return new Result(up, down, stopped.state(), stoppedStates, started.state(), startedStates,
                    redeployed.state(), engines);
        }
    }

    private static List<String> names(List<Container> containers) {
        return containers.stream().map(Container::name).toList();
    }

    private static List<ContainerState> states(List<Container> containers) {
        return containers.stream().map(Container::state).toList();
    }
}
