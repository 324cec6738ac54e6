package dev.acs.examples.guide;

import dev.acs.compose.ConfigSet;
import dev.acs.core.api.OperationState;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Activation;
import dev.acs.core.model.AppState;
import dev.acs.core.model.BlueGreenRelease;
import dev.acs.core.model.ClusterState;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.JobState;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.spi.MachineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Runs every guide example and checks what it observed (one test per example). */
class GuideExamplesTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void highAvailability() throws InterruptedException {
        HighAvailabilityExample.Result r = HighAvailabilityExample.run(out);
        assertThat(r.firstLeader()).isEqualTo("host-a");
        assertThat(r.refusalCode()).isEqualTo("NOT_LEADER");
        assertThat(r.refusalNames()).isEqualTo("host-a");
        assertThat(r.readOnFollower()).isEqualTo(2);
        assertThat(r.secondLeader()).isEqualTo("host-b");
        assertThat(r.failover()).isLessThan(Duration.ofSeconds(30));
        assertThat(r.runningAfter()).isEqualTo(2);
        assertThat(r.runningScaled()).isEqualTo(4);
        assertThat(output()).contains("host-b took over after").contains("host-b scaled shop to 4 containers");
    }

    @Test
    void clusters() {
        ClustersExample.Result r = ClustersExample.run(out);
        assertThat(r.stateWhileCreating()).isEqualTo(ClusterState.INITIAL);
        assertThat(r.stateCreated()).isEqualTo(ClusterState.RUNNING);
        assertThat(r.nodesCreated()).isEqualTo(2);
        assertThat(r.zeroNodeState()).isEqualTo(ClusterState.RUNNING);
        assertThat(r.zeroNodeActivation()).isEqualTo(Activation.WAITING_ACTIVATION);
        assertThat(r.nodesExpanded()).isEqualTo(3);
        assertThat(r.zones()).containsExactlyInAnyOrder("cn-hangzhou-e", "cn-hangzhou-f");
        assertThat(r.renamedTo()).isEqualTo("shop-production");
        assertThat(r.labelsOfNode1()).isEqualTo(Map.of("group", "ssd"));
        assertThat(r.searchHits()).containsExactly("shop-production");
        assertThat(r.eventTypes()).contains("CREATED", "NODE_ADDED", "SCALING", "NODE_LABELS_CHANGED")
                .filteredOn("NODE_ADDED"::equals).hasSize(3);
        assertThat(r.deletedState()).isEqualTo(ClusterState.DELETED);
        assertThat(r.visibleAfterDelete()).containsExactly("shop-production");
        assertThat(output()).contains("search 'PROD' finds [shop-production]");
    }

    @Test
    void templateValidation() {
        TemplateValidationExample.Result r = TemplateValidationExample.run(out);
        assertThat(r.brokenValid()).isFalse();
        assertThat(r.brokenErrors()).containsExactly("LBL-001@4", "LBL-006@5");
        assertThat(r.variables()).containsExactly("WEB_TAG", "DB_PASSWORD", "REPLICAS");
        assertThat(r.missingValueErrors()).containsExactly("TPL-004");
        assertThat(r.stagingImage()).isEqualTo("wordpress:4.7-rc1");
        assertThat(r.productionImage()).isEqualTo("wordpress:4.6");
        assertThat(r.comparison()).extracting(ConfigSet.Comparison::name, ConfigSet.Comparison::status)
                .containsExactly(tuple("WEB_TAG", ConfigSet.Status.SAME), tuple("DB_PASSWORD", ConfigSet.Status.DIFFERENT),
                        tuple("REPLICAS", ConfigSet.Status.MISSING));
        assertThat(r.stagingReplicas()).isEqualTo(2);
        assertThat(output()).contains("warning LBL-013 agent.labels.aliyun.scale");
    }

    @Test
    void deployFromTemplate() {
        DeployFromTemplateExample.Result r = DeployFromTemplateExample.run(out);
        assertThat(r.state()).isEqualTo(AppState.READY);
        assertThat(r.serviceReadyOrder()).containsExactly("db", "web", "logagent");
        assertThat(r.nodes()).isEqualTo(4);
        assertThat(r.containersByService()).isEqualTo(Map.of("db", 1L, "web", 3L, "logagent", 4L));
        assertThat(r.webZones()).hasSize(3);
        assertThat(r.logagentNodes()).isEqualTo(4);
        assertThat(r.webStartedAfterDb()).isTrue();
        assertThat(r.allRunning()).isTrue();
    }

    @Test
    void scaleStopStart() {
        ScaleStopStartExample.Result r = ScaleStopStartExample.run(out);
        assertThat(r.scaledUp()).containsExactly("site_web_1", "site_web_2", "site_web_3", "site_web_4");
        assertThat(r.scaledDown()).containsExactly("site_web_1");
        assertThat(r.stoppedApp()).isEqualTo(AppState.STOPPED);
        assertThat(r.stoppedContainers()).hasSize(3).containsOnly(ContainerState.STOPPED);
        assertThat(r.startedApp()).isEqualTo(AppState.READY);
        assertThat(r.startedContainers()).hasSize(3).containsOnly(ContainerState.RUNNING);
        assertThat(r.redeployedApp()).isEqualTo(AppState.READY);
        assertThat(r.enginesAfter()).isEqualTo(Map.of("site_web_1", ContainerState.RUNNING,
                "site_web_2", ContainerState.RUNNING, "site_web_3", ContainerState.RUNNING));
    }

    @Test
    void rollingUpdate() {
        RollingUpdateExample.Result r = RollingUpdateExample.run(out);
        assertThat(r.sameVersionError()).isEqualTo(ErrorCode.VERSION_NOT_CHANGED);
        assertThat(r.batches()).isEqualTo(2);
        assertThat(r.webImages()).containsExactly("nginx:1.26");
        assertThat(r.cacheUntouched()).isTrue();
        assertThat(r.goodState()).isEqualTo(AppState.READY);
        assertThat(r.badError()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(r.badMessage()).contains("rolled back", "did not become healthy", "GET /ready");
        assertThat(r.badEventTypes()).contains("UPDATING", "ROLLBACK", "OPERATION_FAILED").doesNotContain("BATCH_DONE");
        assertThat(r.imagesAfterBad()).containsExactly("nginx:1.26");
        assertThat(r.versionAfterBad()).as("the whole application rolls back, version included").isEqualTo("2");
        assertThat(r.stateAfterBad()).as("the old version serves again").isEqualTo(AppState.READY);
    }

    @Test
    void placementExplained() {
        PlacementExplainedExample.Result r = PlacementExplainedExample.run(out);
        assertThat(r.deployError()).isEqualTo(ErrorCode.PLACEMENT_UNSATISFIABLE);
        assertThat(r.deployMessage()).contains("0/2 nodes");
        assertThat(r.deployDetails()).containsEntry("task", "training/trainer#1").containsKey("reasons");
        assertThat(r.failedState()).isEqualTo(AppState.FAILED);
        assertThat(r.dryRunReasons()).containsExactlyInAnyOrder("1 not matching constraint:group==gpu",
                "1 insufficient memory (asked 8 GiB, most free 4 GiB)");
        assertThat(r.fixedState()).isEqualTo(AppState.READY);
        assertThat(r.fixedNodeIndex()).isEqualTo(r.labelledIndex()).isEqualTo(1);
    }

    @Test
    void maintenanceDrain() {
        MaintenanceDrainExample.Result r = MaintenanceDrainExample.run(out);
        assertThat(r.nodesBefore()).isEqualTo(4);
        assertThat(r.nodesAfter()).isEqualTo(3);
        assertThat(r.drainedNodeGone()).isTrue();
        assertThat(r.webOnDrainedNode()).isZero();
        assertThat(r.webHealthy()).isEqualTo(4);
        assertThat(r.controllerEvents()).containsExactly("NODE_DRAINING");
        assertThat(r.nodesAfterSecond()).isEqualTo(3);
    }

    @Test
    void rebalance() {
        RebalanceExample.Result r = RebalanceExample.run(out);
        assertThat(r.perNodeBefore()).containsExactly(6, 0, 0);
        assertThat(r.routesBefore()).containsExactly("node1");
        assertThat(r.moved()).hasSize(6).allSatisfy(line -> assertThat(line).startsWith("shop/web#"));
        assertThat(r.perNodeAfter()).containsExactly(0, 3, 3);
        assertThat(r.webHealthy()).isEqualTo(6);
        assertThat(r.routesAfter()).as("the routing slot saw the moved containers").containsExactly("node2", "node3");
        assertThat(r.movedSecond()).isEmpty();
        assertThat(r.controllerOrder()).as("built-ins, then the filled slots (the engine fills jobs), then the host's")
                .containsExactly("orphan-machines", "node-health", "rescheduling", "convergence", "global-services",
                        "jobs", "routing");
        assertThat(r.logKinds()).startsWith("RebalanceCluster", "RebalanceCluster", "ExpandCluster");
        assertThat(output()).contains("moved shop/web#");
    }

    @Test
    void selfHealing() {
        SelfHealingExample.Result r = SelfHealingExample.run(out);
        assertThat(r.lostNodeState()).isEqualTo(NodeState.UNREACHABLE);
        assertThat(r.webOnLostNode()).isZero();
        assertThat(r.webRunning()).isEqualTo(3);
        assertThat(r.apiOnLostNode()).containsExactly(HealthStatus.UNKNOWN);
        assertThat(r.crashedOnEngine()).isEqualTo(ContainerState.EXITED);
        assertThat(r.afterCrashOnEngine()).isEqualTo(ContainerState.RUNNING);
        assertThat(r.reachableNodes()).isEqualTo(3);
        assertThat(r.agentNodes()).isEqualTo(3);
    }

    @Test
    void durableState(@TempDir Path dir) throws Exception {
        DurableStateExample.Result r = DurableStateExample.run(out, dir);
        assertThat(r.clustersAfterRestart()).containsExactly("durable");
        assertThat(r.appsAfterRestart()).containsExactly("site=READY", "blog=READY");
        assertThat(r.sameContainers()).isTrue();
        assertThat(r.halfDoneState()).isEqualTo(AppState.READY);
        assertThat(r.halfDoneContainers()).isEqualTo(3);
        assertThat(r.enginesBefore()).hasSize(6);
        assertThat(r.enginesAfter()).hasSize(6).containsOnlyKeys(r.enginesBefore().keySet())
                .allSatisfy((name, state) -> assertThat(state).isEqualTo(ContainerState.RUNNING));
        assertThat(r.engineContainers()).as("no container was created twice").isEqualTo(6);
        assertThat(output()).contains("blog is DEPLOYING");
        try (var files = Files.list(dir)) {
            assertThat(files).isNotEmpty();
        }
    }

    @Test
    void durableStateInATemporaryDirectoryDeletesIt() {
        DurableStateExample.Result r = DurableStateExample.run(out);
        assertThat(r.appsAfterRestart()).containsExactly("site=READY", "blog=READY");
        assertThat(r.directory()).doesNotExist();
    }

    @Test
    void quotaAndErrors() {
        QuotaAndErrorsExample.Result r = QuotaAndErrorsExample.run(out);
        assertThat(r.outcomes()).extracting(QuotaAndErrorsExample.Outcome::code, QuotaAndErrorsExample.Outcome::atOnce)
                .containsExactly(
                        tuple(ErrorCode.INVALID_NAME, true),
                        tuple(ErrorCode.NAME_CONFLICT, true),
                        tuple(ErrorCode.QUOTA_EXCEEDED, true),
                        tuple(ErrorCode.QUOTA_EXCEEDED, false),
                        tuple(ErrorCode.RESOURCE_OUT_OF_STOCK, false),
                        tuple(ErrorCode.INVALID_ARGUMENT, true),
                        tuple(ErrorCode.INVALID_STATE, true),
                        tuple(ErrorCode.INVALID_NAME, true),
                        tuple(ErrorCode.NOT_FOUND, true));
        assertThat(r.outcomes()).allSatisfy(o -> assertThat(o.message()).startsWith(o.code().name() + ": "));
        assertThat(r.overQuotaState()).isEqualTo(ClusterState.FAILED);
        assertThat(r.machinesInUse()).isEqualTo(2);
        assertThat(r.afterStockOutState()).isEqualTo(ClusterState.RUNNING);
        assertThat(r.afterStockOutNodes()).isEqualTo(2);
    }

    @Test
    void operations() {
        OperationsExample.Result r = OperationsExample.run(out);
        assertThat(r.stateRightAfterCall()).isEqualTo(OperationState.RUNNING);
        assertThat(r.earlyAwaitError()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(r.progressSeen()).hasSizeGreaterThanOrEqualTo(2).isSorted().last().isEqualTo(100);
        assertThat(r.progressSeen().get(0)).isLessThan(100);
        assertThat(r.deployEventTypes()).containsExactly("DEPLOYING", "SERVICE_READY", "SERVICE_READY");
        assertThat(r.completionOrder()).containsExactly("ScaleService", "StopApplication", "StartApplication");
        assertThat(r.finalState()).isEqualTo(AppState.READY);
        assertThat(r.listenedByType()).containsEntry("NODE_ADDED", 2).containsEntry("CONTAINER_STOPPED", 4)
                .containsKeys("STATE_CHANGED", "SERVICE_READY");
    }

    @Test
    void nodeOperations() {
        NodeOperationsExample.Result r = NodeOperationsExample.run(out);
        assertThat(r.attachable()).containsExactly(r.ownMachineId()).doesNotContain(r.vpcMachineId());
        assertThat(r.refusals()).containsExactly(ErrorCode.NETWORK_MISMATCH, ErrorCode.INVALID_ARGUMENT);
        assertThat(r.nodesAfterAdd()).isEqualTo(3);
        assertThat(r.addedOrigin()).isEqualTo(NodeOrigin.ADDED_EXISTING);
        assertThat(r.addedState()).isEqualTo(NodeState.NORMAL);
        assertThat(r.removedState()).isEqualTo(NodeState.REMOVED);
        assertThat(r.webOnRemovedNode()).isZero();
        assertThat(r.webHealthyAfterMove()).isEqualTo(3);
        assertThat(r.migrationEvents()).containsSubsequence("MIGRATION_STARTED", "CONTAINERS_MIGRATED", "NODE_REMOVED");
        assertThat(r.removedMachine()).isEqualTo(MachineState.RUNNING);
        assertThat(r.resetStateAtOnce()).isEqualTo(NodeState.INITIALIZING);
        assertThat(r.engineAfterReset()).isZero();
        assertThat(r.resetState()).isEqualTo(NodeState.NORMAL);
        assertThat(r.engineAfterPass()).as("the pass recreated web_3 on the reset node").isEqualTo(1);
        assertThat(r.webHealthyAfterPass()).isEqualTo(3);
        assertThat(r.migrationError()).isEqualTo(ErrorCode.MIGRATION_FAILED);
        assertThat(r.migrationMessage()).contains("heavy/trainer");
        assertThat(r.nodeAfterFailure()).isEqualTo(NodeState.NORMAL);
        assertThat(r.heavyKept()).isTrue();
        assertThat(output()).contains("NETWORK_MISMATCH: ");
    }

    @Test
    void blueGreenRelease() {
        BlueGreenReleaseExample.Result r = BlueGreenReleaseExample.run(out);
        assertThat(r.stateWhileReleasing()).isEqualTo(AppState.BLUE_GREEN_RELEASING);
        assertThat(r.pendingState()).isEqualTo(AppState.BLUE_GREEN_PENDING_CONFIRM);
        assertThat(r.runningWhilePending()).isEqualTo(Map.of("nginx-v1", 2L, "nginx-v2", 2L, "redis", 1L));
        assertThat(r.redisRole()).isEqualTo(BlueGreenRelease.Role.UNCHANGED);
        assertThat(r.weightsAtStart()).containsExactly(Map.entry("nginx-v1", 100), Map.entry("nginx-v2", 0));
        assertThat(r.sameRoute()).isTrue();
        assertThat(r.guardError()).isEqualTo(ErrorCode.RELEASE_PENDING_CONFIRMATION);
        assertThat(r.weightsShifted()).containsExactly(Map.entry("nginx-v1", 0), Map.entry("nginx-v2", 100));
        assertThat(r.weightEvents()).isEqualTo(4);
        assertThat(r.confirmedState()).isEqualTo(AppState.READY);
        assertThat(r.servicesConfirmed()).containsExactly("nginx-v2", "redis");
        assertThat(r.v1Left()).isZero();
        assertThat(r.redisKept()).isTrue();
        assertThat(r.rolledBackState()).isEqualTo(AppState.READY);
        assertThat(r.rolledBackVersion()).isEqualTo("2.0");
        assertThat(r.servicesRolledBack()).containsExactly("nginx-v2", "redis");
        assertThat(r.v3Left()).isZero();
        // the update refused while the release waited is in the audit trail as a failed attempt
        assertThat(r.operationKinds()).containsExactly("RollbackBlueGreenRelease", "BlueGreenRelease",
                "ConfirmBlueGreenRelease", "UpdateApplication", "BlueGreenRelease", "DeployApplication");
    }

    @Test
    void batchJob() {
        BatchJobExample.Result r = BatchJobExample.run(out);
        assertThat(r.stateAfterDeploy()).containsExactly(Map.entry("extract", JobState.RUNNING),
                Map.entry("transform", JobState.WAITING), Map.entry("load", JobState.WAITING));
        assertThat(r.stateMidway()).containsExactly(Map.entry("extract", JobState.FINISHED),
                Map.entry("transform", JobState.RUNNING), Map.entry("load", JobState.WAITING));
        assertThat(r.jobState()).isEqualTo(JobState.FINISHED);
        assertThat(r.exitCodes()).containsExactly(Map.entry("extract-1", List.of(0)),
                Map.entry("transform-1", List.of(0)), Map.entry("transform-2", List.of(1, 0)),
                Map.entry("transform-3", List.of(0)), Map.entry("load-1", List.of(0)));
        assertThat(r.leftContainers()).containsExactly("etl_load_1 EXITED");
        assertThat(r.unchangedLater()).isTrue();
        assertThat(r.scheduledBetweenRuns()).isEqualTo(JobState.WAITING);
        assertThat(r.scheduledRuns()).isEqualTo(4);
        assertThat(output()).contains("job etl is FINISHED");
    }

    @Test
    void forceStop() {
        ForceStopExample.Result r = ForceStopExample.run(out);
        assertThat(r.stuckState()).isEqualTo(OperationState.RUNNING);
        assertThat(r.deployError()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(r.deployMessage()).contains("superseded by force stop");
        assertThat(r.queuedError()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(r.forceStopState()).as("done at once, without waiting for the stuck deployment")
                .isEqualTo(OperationState.SUCCEEDED);
        assertThat(r.appState()).isEqualTo(AppState.STOPPED);
        assertThat(r.enginesAfterStop()).hasSize(3).containsOnlyKeys("shop_db_1", "shop_web_1", "shop_web_2")
                .allSatisfy((name, state) -> assertThat(state).isEqualTo(ContainerState.STOPPED));
        assertThat(r.laterState()).isEqualTo(AppState.STOPPED);
        assertThat(r.webScale()).as("the cancelled scale never ran").isEqualTo(2);
        assertThat(r.startedState()).isEqualTo(AppState.READY);
        assertThat(r.stoppedService()).containsExactly("web");
        assertThat(r.appWhileOneStops()).isEqualTo(AppState.READY);
        assertThat(r.enginesOneStopped()).isEqualTo(Map.of("shop_db_1", ContainerState.RUNNING,
                "shop_web_1", ContainerState.STOPPED, "shop_web_2", ContainerState.STOPPED));
        assertThat(r.startedService()).isEmpty();
        assertThat(r.enginesAtEnd()).hasSize(3).allSatisfy((name, state) -> assertThat(state).isEqualTo(ContainerState.RUNNING));
    }

    @Test
    void operationLog(@TempDir Path dir) {
        OperationLogExample.Result r = OperationLogExample.run(out, dir);
        assertThat(r.clusterLog()).containsExactly("ExpandCluster SUCCEEDED", "ExpandCluster FAILED RESOURCE_OUT_OF_STOCK",
                "CreateCluster SUCCEEDED");
        assertThat(r.appLog()).containsExactly("ScaleService RUNNING", "StartApplication FAILED INVALID_STATE",
                "ScaleService SUCCEEDED", "DeployApplication SUCCEEDED");
        assertThat(r.startRefusal()).startsWith("INVALID_STATE: ").contains("READY");
        assertThat(r.clusterLogAfter()).isEqualTo(r.clusterLog());
        assertThat(r.appLogAfter()).containsSubsequence("ScaleService FAILED CANCELLED",
                "StartApplication FAILED INVALID_STATE", "ScaleService SUCCEEDED", "DeployApplication SUCCEEDED")
                .doesNotContain("ScaleService RUNNING");
        assertThat(r.interruptedMessage()).contains("ScaleService was interrupted by a stop of the control plane");
        assertThat(r.appLogHealed()).containsExactly("HealApplication SUCCEEDED", "ScaleService FAILED CANCELLED",
                "StartApplication FAILED INVALID_STATE", "ScaleService SUCCEEDED", "DeployApplication SUCCEEDED");
        assertThat(r.stateAfter()).isEqualTo(AppState.READY);
        assertThat(r.containersAfter()).isEqualTo(5);
    }

    @Test
    void operationLogInATemporaryDirectory() {
        assertThat(OperationLogExample.run(out).appLogHealed()).first().isEqualTo("HealApplication SUCCEEDED");
    }

    @Test
    void everyExampleHasAMainAndARunAndIsListedInTheReadme() throws Exception {
        // surefire runs in the module directory
        String readme = Files.readString(Path.of("README.md"));
        List<String> examples;
        try (var files = Files.list(Path.of("src/main/java/dev/acs/examples/guide"))) {
            examples = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("Example.java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).sorted().toList();
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(10);
        for (String name : examples) {
            Class<?> example = Class.forName("dev.acs.examples.guide." + name);
            assertThat(Modifier.isStatic(example.getMethod("main", String[].class).getModifiers())).isTrue();
            assertThat(example.getMethod("run", PrintStream.class).getReturnType().isRecord()).as(name).isTrue();
            assertThat(readme).as("examples/README.md lists " + name).contains("dev.acs.examples.guide." + name);
        }
    }
}
