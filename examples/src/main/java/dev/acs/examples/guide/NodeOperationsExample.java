package dev.acs.examples.guide;

import dev.acs.core.api.NodeRemoval;
import dev.acs.core.api.NodeReset;
import dev.acs.core.api.Operation;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.Application;
import dev.acs.core.model.AttachMode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.NetworkType;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineProfile;
import dev.acs.core.spi.MachineState;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The node operations of a cluster (节点管理): add machines the user already has (添加已有节点) after the checks that
 * must pass first, remove a node with container migration (移除节点 + 迁移容器: the containers run and pass their probe
 * on other nodes before the old ones go, and the machine is kept), reset a node without migration (重置节点: a new
 * system disk; the reconciler recreates what it lost once the node is back), and a migration that finds no room,
 * which fails with {@code MIGRATION_FAILED} and leaves the node in service.
 *
 * <p>Run: {@code java -cp examples/target/acs.jar dev.acs.examples.guide.NodeOperationsExample}
 */
public final class NodeOperationsExample {
    /** Web in 3 probed containers, rescheduled when its node fails. */
    static final String SHOP = """
            web:
              image: nginx:1.25
              environment:
                - reschedule:on-node-failure
              labels:
                aliyun.scale: "3"
                aliyun.probe.url: http://container/
            """;

    /** Two containers reserving 3 GB each: on nodes of 4 GiB, one per node and no room to move either. */
    static final String HEAVY = """
            trainer:
              image: tensorflow:1.0
              mem_limit: 3000000000
              labels:
                aliyun.scale: "2"
            """;

    private NodeOperationsExample() {
    }

    /**
     * What the example observed.
     *
     * @param attachable          the ids of the machines the cluster can take (only the classic-network one)
     * @param ownMachineId        that machine's id
     * @param vpcMachineId        the id of the user's machine in a VPC
     * @param refusals            the codes of the refused additions, in order (VPC machine, two in manual mode)
     * @param nodesAfterAdd       the cluster's node count after the addition
     * @param addedOrigin         the added node's origin
     * @param addedState          the added node's state
     * @param removedState        the state the removal's operation returned for the node
     * @param webOnRemovedNode    how many web containers are recorded on the removed node afterwards (0)
     * @param webHealthyAfterMove how many web containers run and are healthy after the removal
     * @param migrationEvents     the cluster's migration and removal event types, in order
     * @param removedMachine      the removed node's machine state on the cloud (it is kept)
     * @param resetStateAtOnce    the reset node's state right after the reset was asked
     * @param engineAfterReset    how many containers the reset node's engine holds once it is back
     * @param resetState          the reset node's state at the end of the reset
     * @param engineAfterPass     how many containers that engine holds after the reconcile pass
     * @param webHealthyAfterPass how many web containers run and are healthy after the reconcile pass
     * @param migrationError      the code of the migration that found no room
     * @param migrationMessage    its message
     * @param nodeAfterFailure    that node's state afterwards
     * @param heavyKept           whether the heavy application kept exactly its containers
     */
    public record Result(List<String> attachable, String ownMachineId, String vpcMachineId, List<ErrorCode> refusals,
                         int nodesAfterAdd, NodeOrigin addedOrigin, NodeState addedState, NodeState removedState,
                         long webOnRemovedNode, long webHealthyAfterMove, List<String> migrationEvents,
                         MachineState removedMachine, NodeState resetStateAtOnce, int engineAfterReset,
                         NodeState resetState, int engineAfterPass, long webHealthyAfterPass, ErrorCode migrationError,
                         String migrationMessage, NodeState nodeAfterFailure, boolean heavyKept) {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}, and returns what it observed. */
    public static Result run(PrintStream out) {
        try (Sandbox sandbox = Sandbox.open(out)) {
            var clusters = sandbox.cp().clusters();
            Cluster cluster = sandbox.cluster("ops", 2, Sandbox.ZONE_E);

            sandbox.step("Two machines of the user's own, one of them in a VPC; the cluster can take only the other");
            List<Machine> own = sandbox.ownMachines(Sandbox.ZONE_E, 2, "own-machines");
            String classic = own.get(0).id();
            String vpc = own.get(1).id();
            sandbox.cloud().describeMachineAs(classic, new MachineProfile(NetworkType.CLASSIC, null, true,
                    "4.4.0-93-generic", false));
            sandbox.cloud().describeMachineAs(vpc, new MachineProfile(NetworkType.VPC, "vpc-shop", true, null, null));
            List<String> attachable = sandbox.cp().nodes().attachableMachines(cluster.id()).stream().map(Machine::id).toList();
            sandbox.say("attachable: %s", attachable);

            sandbox.step("Checks that fail at once and change nothing");
            List<ErrorCode> refusals = new ArrayList<>();
            refusals.add(refusal(sandbox,
                    () -> sandbox.cp().nodes().addExisting(cluster.id(), List.of(vpc), AttachMode.AUTOMATIC)));
            refusals.add(refusal(sandbox,
                    () -> sandbox.cp().nodes().addExisting(cluster.id(), List.of(classic, vpc), AttachMode.MANUAL)));

            sandbox.step("Add the classic machine in automatic mode (it is re-imaged, then joins)");
            sandbox.await(sandbox.cp().nodes().addExisting(cluster.id(), List.of(classic), AttachMode.AUTOMATIC));
            sandbox.printNodes(cluster.id());
            List<Node> nodes = sandbox.cp().nodes().list(cluster.id());
            Node added = nodes.stream().filter(n -> classic.equals(n.machineId())).findFirst().orElseThrow();
            Application shop = sandbox.deploy(cluster.id(), "shop", SHOP);

            sandbox.step("Remove node 1 with migration: its web container moves and passes its probe first");
            Node leaving = nodes.get(0);
            Node removed = sandbox.await(sandbox.cp().nodes().remove(cluster.id(), leaving.id(), NodeRemoval.migrating()));
            sandbox.printNodes(cluster.id());
            sandbox.printContainers(shop.id());
            List<String> migrationEvents = clusters.events(cluster.id()).stream().map(Event::type)
                    .filter(t -> t.startsWith("MIGRATION") || t.equals("CONTAINERS_MIGRATED")
                            || t.equals("NODE_REMOVED"))
                    .toList();
            sandbox.say("events: %s", migrationEvents);
            MachineState kept = sandbox.cloud().machines().stream().filter(m -> m.id().equals(leaving.machineId()))
                    .map(Machine::state).findFirst().orElseThrow();
            sandbox.say("machine %s is still %s: it can join a cluster again", leaving.machineId(), kept);
            long webOnRemoved = sandbox.containersOf(shop.id(), "web").stream()
                    .filter(c -> c.nodeId().equals(leaving.id())).count();
            long healthyAfterMove = healthyWeb(sandbox, shop.id());

            sandbox.step("Reset the added node without migration: a new system disk, its containers are gone");
            Operation<Node> reset = sandbox.cp().nodes().reset(cluster.id(), added.id(), NodeReset.withoutMigration());
            NodeState atOnce = sandbox.cp().nodes().require(cluster.id(), added.id()).state();
            Node back = sandbox.await(reset);
            int engineAfterReset = sandbox.cloud().containersOn(added.machineId()).size();
            sandbox.say("the node was %s at once, is %s again; its engine holds %d containers", atOnce, back.state(),
                    engineAfterReset);
            sandbox.reconcile();
            int engineAfterPass = sandbox.cloud().containersOn(added.machineId()).size();
            sandbox.say("after a reconcile pass its engine holds %d:", engineAfterPass);
            sandbox.printContainers(shop.id());
            long healthyAfterPass = healthyWeb(sandbox, shop.id());

            Application heavy = sandbox.deploy(cluster.id(), "heavy", HEAVY);
            sandbox.step("Removing a node whose container fits nowhere else fails, and the node stays in service");
            List<String> heavyBefore = ids(sandbox.cp().applications().containers(heavy.id()));
            Node full = sandbox.cp().nodes().list(cluster.id()).get(0);
            Operation<Node> noRoom = sandbox.settle(sandbox.cp().nodes().remove(cluster.id(), full.id(), NodeRemoval.migrating()));
            AcsException error = noRoom.error()
                    .orElseThrow(() -> new IllegalStateException("the migration should fail"));
            sandbox.say("%s", error.getMessage());
            NodeState afterFailure = sandbox.cp().nodes().require(cluster.id(), full.id()).state();
            sandbox.printNodes(cluster.id());
            boolean heavyKept = ids(sandbox.cp().applications().containers(heavy.id())).equals(heavyBefore);

            return new Result(attachable, classic, vpc, refusals, nodes.size(), added.origin(), added.state(),
                    removed.state(), webOnRemoved, healthyAfterMove, migrationEvents, kept, atOnce, engineAfterReset,
                    back.state(), engineAfterPass, healthyAfterPass, error.code(), error.getMessage(),
                    afterFailure, heavyKept);
        }
    }

    private static ErrorCode refusal(Sandbox sandbox, Supplier<Operation<Cluster>> call) {
        try {
            call.get();
            throw new IllegalStateException("the addition should be refused");
        } catch (AcsException e) {
            sandbox.say("%s", e.getMessage());
            return e.code();
        }
    }

    private static long healthyWeb(Sandbox sandbox, String appId) {
        return sandbox.containersOf(appId, "web").stream()
                .filter(c -> c.state() == ContainerState.RUNNING && c.health() == HealthStatus.HEALTHY).count();
    }

    private static List<String> ids(List<Container> containers) {
        return containers.stream().map(Container::id).sorted().toList();
    }
}
