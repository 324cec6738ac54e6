package dev.acs.examples.guide;

import dev.acs.core.api.Expansion;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.Application;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeState;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The reconciler keeps what runs equal to what is declared. {@link dev.acs.core.engine.ControlPlane#reconcile()}
 * runs one pass (a host normally lets them run every {@code reconcileEvery}): a lost node becomes
 * {@code UNREACHABLE}; the containers of services with {@code reschedule:on-node-failure} move to healthy nodes,
 * the others stay where they were with an {@code UNKNOWN} health; a container that crashed and that its engine does
 * not restart (its service declares no restart policy) is started again; a new node gets the global services. A
 * service that declares {@code restart: "no"} would stay exited: the passes follow a declared policy.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.SelfHealingExample}
 */
public final class SelfHealingExample {
    /** Web asks to be rescheduled when its node fails, api does not; agent runs on every node. */
    static final String TEMPLATE = """
            web:
              image: nginx:1.25
              environment:
                - reschedule:on-node-failure
              labels:
                aliyun.scale: "3"
            api:
              image: node:8
              labels:
                aliyun.scale: "3"
            agent:
              image: logtail:0.11
              labels:
                aliyun.global: "true"
            """;

    private SelfHealingExample() {
    }

    /**
     * What the example observed.
     *
     * @param lostNodeState      the lost node's state after the reconcile pass
     * @param webOnLostNode      how many web containers are recorded on the lost node afterwards (0)
     * @param webRunning         how many web containers run afterwards
     * @param apiOnLostNode      the health of the api containers that stayed on the lost node
     * @param crashedOnEngine    the crashed web container's state on its engine before the next pass
     * @param afterCrashOnEngine its state on its engine after the next pass
     * @param agentNodes         how many nodes run the global agent after a node was added and a pass ran
     * @param reachableNodes     how many nodes are reachable at the end
     */
    public record Result(NodeState lostNodeState, long webOnLostNode, long webRunning, Set<HealthStatus> apiOnLostNode,
                         ContainerState crashedOnEngine, ContainerState afterCrashOnEngine, int agentNodes,
                         int reachableNodes) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) {
        try (Sandbox sandbox = Sandbox.open(out)) {
            var apps = sandbox.cp().applications();
            Cluster cluster = sandbox.cluster("ops", 3, Sandbox.ZONE_E);
            Application app = sandbox.deploy(cluster.id(), "portal", TEMPLATE);

            sandbox.step("Node 3 dies; a reconcile pass notices and moves what asked to move");
            Node lost = sandbox.cp().nodes().list(cluster.id()).get(2);
            sandbox.cloud().loseNode(lost.machineId());
            sandbox.reconcile();
            NodeState lostState = sandbox.nodesById(cluster.id()).get(lost.id()).state();
            sandbox.printNodes(cluster.id());
            sandbox.printContainers(app.id());
            List<Container> web = sandbox.containersOf(app.id(), "web");
            Set<HealthStatus> apiStayed = sandbox.containersOf(app.id(), "api").stream()
                    .filter(c -> c.nodeId().equals(lost.id())).map(Container::health).collect(Collectors.toSet());

            sandbox.step("web_1 crashes and its engine does not restart it; the next pass does");
            Container crashing = web.get(0);
            sandbox.cloud().failContainer(crashing.runtimeId(), 137);
            ContainerState crashed = sandbox.engineStates(cluster.id()).get(crashing.name());
            sandbox.say("on its engine %s is %s", crashing.name(), crashed);
            sandbox.reconcile();
            ContainerState healed = sandbox.engineStates(cluster.id()).get(crashing.name());
            sandbox.say("after the pass %s is %s", crashing.name(), healed);

            sandbox.step("A new node joins; the next pass extends the global agent to it");
            sandbox.await(sandbox.cp().clusters().expand(cluster.id(), Expansion.of(1)));
            sandbox.reconcile();
            sandbox.printContainers(app.id());
            Map<String, Node> nodes = sandbox.nodesById(cluster.id());
            int agentNodes = (int) sandbox.containersOf(app.id(), "agent").stream()
                    .filter(c -> nodes.get(c.nodeId()).state() == NodeState.NORMAL)
                    .map(Container::nodeId).distinct().count();

            return new Result(lostState, web.stream().filter(c -> c.nodeId().equals(lost.id())).count(),
                    web.stream().filter(c -> c.state() == ContainerState.RUNNING).count(), apiStayed, crashed, healed,
                    agentNodes, (int) nodes.values().stream().filter(n -> n.state() == NodeState.NORMAL).count());
        }
    }
}
