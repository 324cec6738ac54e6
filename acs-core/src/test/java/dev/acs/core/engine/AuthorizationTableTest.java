package dev.acs.core.engine;

import dev.acs.core.access.AccessControl;
import dev.acs.core.access.AccessLevel;
import dev.acs.core.access.CsAction;
import dev.acs.core.access.Policy;
import dev.acs.core.api.AppDeletion;
import dev.acs.core.api.Applications;
import dev.acs.core.api.Clusters;
import dev.acs.core.api.DeployOptions;
import dev.acs.core.api.Expansion;
import dev.acs.core.api.NodeRemoval;
import dev.acs.core.api.NodeReset;
import dev.acs.core.api.Nodes;
import dev.acs.core.api.Operations;
import dev.acs.core.api.RebalanceOptions;
import dev.acs.core.api.ServiceStop;
import dev.acs.core.api.TriggerSpec;
import dev.acs.core.api.Triggers;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.AttachMode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.routing.Routes;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The §23 semantics as a table: every public method of the API ({@link Clusters}, {@link Nodes}, {@link Applications},
 * {@link Operations}, {@link Routes}, {@link Triggers}) × {no grant, read-only, read-write, policy allow, policy deny}, each row on a
 * fresh control plane with two tenants' clusters. The methods come from the interfaces by reflection: a method without
 * a row fails {@link #everyMethodOfTheApiHasARow()}, so a new operation cannot be added unchecked.
 */
class AuthorizationTableTest {
    private static final String TENANT = "tenant";

    /** How a refusal shows. */
    enum Refusal {
        /** {@code UNAUTHORIZED} naming the action. */
        THROWS,
        /** An empty answer: the entity reads as unknown (Optional, list). */
        EMPTY,
        /** {@code NOT_FOUND}, as for an unknown id. */
        NOT_FOUND,
        /** Not checked: the method touches no resource. */
        NONE
    }

    enum Grant { NO_GRANT, READ_ONLY, READ_WRITE, POLICY_ALLOW, POLICY_DENY }

    /** One row: the action a method needs, how a refusal shows, and a call of it on a target cluster's entities. */
    record Row(String signature, CsAction action, Refusal refusal, Call call) {
        /** Whether the call names an application or operation (not a cluster): a refusal must not name its cluster. */
        boolean namesNoCluster() {
            return signature.startsWith("Operations.") || signature.startsWith("Routes.application")
                    || signature.startsWith("Applications.") && !signature.startsWith("Applications.deploy")
                    && !signature.startsWith("Applications.list");
        }
    }

    @FunctionalInterface
    interface Call {
        Object invoke(PrincipalView v, Target t);
    }

    /** The entities a call names: a cluster, its node, its application and an operation on it. */
    record Target(String clusterId, String nodeId, String appId, String operationId, String triggerId) {
    }

    private static final Map<String, Row> ROWS = new LinkedHashMap<>();

    private static void row(String signature, CsAction action, Refusal refusal, Call call) {
        ROWS.put(signature, new Row(signature, action, refusal, call));
    }

    static {
        AppSpec spec = AppSpec.builder("other").service(ServiceSpec.builder("web").image("nginx").build()).build();
        row("Clusters.create(ClusterSpec)", CsAction.CREATE_CLUSTER, Refusal.THROWS,
                (v, t) -> v.clusters().create(ClusterSpec.zeroNode("newone", Zone.of("cn-hangzhou-e"))));
        row("Clusters.createOrchestrated(ClusterSpec,int)", CsAction.CREATE_CLUSTER, Refusal.THROWS,
                (v, t) -> v.clusters().createOrchestrated(
                        ClusterSpec.classic("swarmone", Zone.of("cn-hangzhou-e"), 1, "ecs.n4.large"), 1));
        row("Clusters.expand(String,Expansion)", CsAction.EXPAND_CLUSTER, Refusal.THROWS,
                (v, t) -> v.clusters().expand(t.clusterId(), Expansion.of(1)));
        row("Clusters.delete(String)", CsAction.DELETE_CLUSTER, Refusal.THROWS, (v, t) -> v.clusters().delete(t.clusterId()));
        row("Clusters.rename(String,String)", CsAction.UPDATE_CLUSTER, Refusal.THROWS,
                (v, t) -> v.clusters().rename(t.clusterId(), "renamed"));
        row("Clusters.rebalance(String,RebalanceOptions)", CsAction.REBALANCE_CLUSTER, Refusal.THROWS,
                (v, t) -> v.clusters().rebalance(t.clusterId(), RebalanceOptions.allApplications()));
        row("Clusters.get(String)", CsAction.GET_CLUSTER, Refusal.EMPTY, (v, t) -> v.clusters().get(t.clusterId()));
        row("Clusters.require(String)", CsAction.GET_CLUSTER, Refusal.THROWS, (v, t) -> v.clusters().require(t.clusterId()));
        row("Clusters.list()", CsAction.DESCRIBE_CLUSTERS, Refusal.EMPTY, (v, t) -> v.clusters().list().stream()
                .filter(c -> c.id().equals(t.clusterId())).toList());
        row("Clusters.search(String)", CsAction.DESCRIBE_CLUSTERS, Refusal.EMPTY, (v, t) -> v.clusters().search("")
                .stream().filter(c -> c.id().equals(t.clusterId())).toList());
        row("Clusters.events(String)", CsAction.DESCRIBE_CLUSTER_EVENTS, Refusal.THROWS,
                (v, t) -> v.clusters().events(t.clusterId()));

        row("Nodes.list(String)", CsAction.DESCRIBE_NODES, Refusal.THROWS, (v, t) -> v.nodes().list(t.clusterId()));
        row("Nodes.require(String,String)", CsAction.DESCRIBE_NODES, Refusal.THROWS,
                (v, t) -> v.nodes().require(t.clusterId(), t.nodeId()));
        row("Nodes.setLabels(String,String,Map)", CsAction.UPDATE_NODE_LABELS, Refusal.THROWS,
                (v, t) -> v.nodes().setLabels(t.clusterId(), t.nodeId(), Map.of("disk", "ssd")));
        row("Nodes.attachableMachines(String)", CsAction.DESCRIBE_ATTACHABLE_INSTANCES, Refusal.THROWS,
                (v, t) -> v.nodes().attachableMachines(t.clusterId()));
        row("Nodes.addExisting(String,Collection,AttachMode)", CsAction.ATTACH_INSTANCES, Refusal.THROWS,
                (v, t) -> v.nodes().addExisting(t.clusterId(), List.of("i-none"), AttachMode.MANUAL));
        row("Nodes.remove(String,String,NodeRemoval)", CsAction.REMOVE_NODE, Refusal.THROWS,
                (v, t) -> v.nodes().remove(t.clusterId(), t.nodeId(), NodeRemoval.withoutMigration()));
        row("Nodes.reset(String,String,NodeReset)", CsAction.RESET_NODE, Refusal.THROWS,
                (v, t) -> v.nodes().reset(t.clusterId(), t.nodeId(), NodeReset.withoutMigration()));

        row("Applications.deploy(String,AppSpec)", CsAction.CREATE_APPLICATION, Refusal.THROWS,
                (v, t) -> v.applications().deploy(t.clusterId(), spec));
        row("Applications.deploy(String,AppSpec,DeployOptions)", CsAction.CREATE_APPLICATION, Refusal.THROWS,
                (v, t) -> v.applications().deploy(t.clusterId(), spec, DeployOptions.image()));
        row("Applications.scale(String,String,int)", CsAction.SCALE_SERVICE, Refusal.THROWS,
                (v, t) -> v.applications().scale(t.appId(), "web", 2));
        row("Applications.stop(String)", CsAction.STOP_APPLICATION, Refusal.THROWS, (v, t) -> v.applications().stop(t.appId()));
        row("Applications.stopService(String,String,ServiceStop)", CsAction.STOP_SERVICE, Refusal.THROWS,
                (v, t) -> v.applications().stopService(t.appId(), "web", ServiceStop.forced()));
        row("Applications.startService(String,String)", CsAction.START_SERVICE, Refusal.THROWS,
                (v, t) -> v.applications().startService(t.appId(), "web"));
        row("Applications.forceStop(String)", CsAction.FORCE_STOP_APPLICATION, Refusal.THROWS,
                (v, t) -> v.applications().forceStop(t.appId()));
        row("Applications.start(String)", CsAction.START_APPLICATION, Refusal.THROWS, (v, t) -> v.applications().start(t.appId()));
        row("Applications.redeploy(String)", CsAction.REDEPLOY_APPLICATION, Refusal.THROWS,
                (v, t) -> v.applications().redeploy(t.appId()));
        row("Applications.update(String,AppSpec,UpdateOptions)", CsAction.UPDATE_APPLICATION, Refusal.THROWS,
                (v, t) -> v.applications().update(t.appId(), spec.toBuilder().version("9").build(), UpdateOptions.standard()));
        row("Applications.updateAndRedeploy(String,AppSpec,UpdateOptions)", CsAction.UPDATE_APPLICATION, Refusal.THROWS,
                (v, t) -> v.applications().updateAndRedeploy(t.appId(), spec.toBuilder().version("9").build(),
                        UpdateOptions.standard()));
        row("Applications.delete(String)", CsAction.DELETE_APPLICATION, Refusal.THROWS, (v, t) -> v.applications().delete(t.appId()));
        row("Applications.delete(String,AppDeletion)", CsAction.DELETE_APPLICATION, Refusal.THROWS,
                (v, t) -> v.applications().delete(t.appId(), AppDeletion.withVolumes()));
        row("Applications.setServiceWeight(String,String,int)", CsAction.SET_SERVICE_WEIGHT, Refusal.THROWS,
                (v, t) -> v.applications().setServiceWeight(t.appId(), "web", 50));
        row("Applications.confirmRelease(String)", CsAction.CONFIRM_RELEASE, Refusal.THROWS,
                (v, t) -> v.applications().confirmRelease(t.appId()));
        row("Applications.rollbackRelease(String)", CsAction.ROLLBACK_RELEASE, Refusal.THROWS,
                (v, t) -> v.applications().rollbackRelease(t.appId()));
        row("Applications.get(String)", CsAction.DESCRIBE_APPLICATION, Refusal.EMPTY, (v, t) -> v.applications().get(t.appId()));
        row("Applications.job(String)", CsAction.DESCRIBE_JOB, Refusal.THROWS, (v, t) -> v.applications().job(t.appId()));
        row("Applications.runJob(String)", CsAction.RUN_JOB, Refusal.THROWS, (v, t) -> v.applications().runJob(t.appId()));
        row("Applications.cancelJobRun(String)", CsAction.CANCEL_JOB_RUN, Refusal.THROWS,
                (v, t) -> v.applications().cancelJobRun(t.appId()));
        row("Applications.require(String)", CsAction.DESCRIBE_APPLICATION, Refusal.THROWS,
                (v, t) -> v.applications().require(t.appId()));
        row("Applications.list(String)", CsAction.DESCRIBE_APPLICATIONS, Refusal.THROWS,
                (v, t) -> v.applications().list(t.clusterId()));
        row("Applications.containers(String)", CsAction.DESCRIBE_CONTAINERS, Refusal.THROWS,
                (v, t) -> v.applications().containers(t.appId()));
        row("Applications.events(String)", CsAction.DESCRIBE_APPLICATION_EVENTS, Refusal.THROWS,
                (v, t) -> v.applications().events(t.appId()));

        row("Operations.log(String)", CsAction.DESCRIBE_OPERATIONS, Refusal.EMPTY, (v, t) -> v.operations().log(t.appId()));
        row("Operations.audit(String)", CsAction.DESCRIBE_OPERATIONS, Refusal.EMPTY, (v, t) -> v.operations().audit(t.appId()));
        row("Operations.running(String)", CsAction.DESCRIBE_OPERATIONS, Refusal.EMPTY,
                (v, t) -> v.operations().running(t.operationId()));
        row("Operations.running()", CsAction.DESCRIBE_OPERATIONS, Refusal.EMPTY, (v, t) -> v.operations().running()
                .stream().filter(op -> op.id().equals(t.operationId())).toList());
        row("Operations.await(String,Duration)", CsAction.DESCRIBE_OPERATIONS, Refusal.NOT_FOUND,
                (v, t) -> v.operations().await(t.operationId(), Duration.ZERO));

        row("Triggers.create(String,TriggerSpec)", CsAction.CREATE_TRIGGER, Refusal.THROWS,
                (v, t) -> v.triggers().create(t.appId(), TriggerSpec.scale("web", 1, true)));
        row("Triggers.list(String)", CsAction.DESCRIBE_TRIGGERS, Refusal.THROWS, (v, t) -> v.triggers().list(t.appId()));
        row("Triggers.delete(String,String)", CsAction.DELETE_TRIGGER, Refusal.THROWS,
                (v, t) -> { v.triggers().delete(t.appId(), t.triggerId()); return null; });
        row("Triggers.history(String,String)", CsAction.DESCRIBE_TRIGGERS, Refusal.THROWS,
                (v, t) -> v.triggers().history(t.appId(), t.triggerId()));

        row("Routes.cluster(String)", CsAction.DESCRIBE_CLUSTERS, Refusal.THROWS, (v, t) -> v.routes().cluster(t.clusterId()));
        row("Routes.application(String)", CsAction.DESCRIBE_APPLICATION, Refusal.THROWS,
                (v, t) -> v.routes().application(t.appId()));
        row("Routes.settings()", null, Refusal.NONE, (v, t) -> v.routes().settings());
    }

    /** Whether a grant lets the tenant do an action on its own cluster (§23; policies as set up in {@link World}). */
    static boolean allowed(Grant grant, CsAction action) {
        return switch (grant) {
            case NO_GRANT, POLICY_DENY -> false;
            case READ_ONLY -> AccessLevel.READ_ONLY.covers(action);
            case READ_WRITE -> AccessLevel.READ_WRITE.covers(action);
            case POLICY_ALLOW -> action.scope() != CsAction.Scope.ACCOUNT; // the policy names the cluster, not cluster/*
        };
    }

    @Test
    void everyMethodOfTheApiHasARow() {
        TreeSet<String> methods = new TreeSet<>();
        for (Class<?> api : List.of(Clusters.class, Nodes.class, Applications.class, Operations.class, Routes.class,
                Triggers.class)) {
            for (Method m : api.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic()) {
                    methods.add(signature(m));
                }
            }
        }
        assertThat(ROWS.keySet()).as("every public API method needs a row in this table (and no row is stale)")
                .containsExactlyInAnyOrderElementsOf(methods);
    }

    private static String signature(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName() + "(" + Arrays.stream(m.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(",")) + ")";
    }

    @TestFactory
    List<DynamicTest> everyMethodUnderEveryGrant() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Row> r : ROWS.entrySet()) {
            for (Grant grant : Grant.values()) {
                tests.add(DynamicTest.dynamicTest(r.getKey() + " with " + grant, () -> check(r.getValue(), grant)));
            }
        }
        return tests;
    }

    private static void check(Row row, Grant grant) {
        try (World w = new World(grant)) {
            boolean expectAllowed = row.refusal() == Refusal.NONE || allowed(grant, row.action());
            String before = w.snapshot();
            outcome(row, grant, w, w.mine, expectAllowed);
            if (!expectAllowed) {
                assertThat(w.snapshot()).as("a refused call changes nothing").isEqualTo(before);
            }
            // the other tenant's cluster: never reachable, and a refusal never names its cluster
            if (row.refusal() != Refusal.NONE) {
                String otherBefore = w.snapshot();
                Object answer = outcome(row, grant, w, w.others, false);
                assertThat(w.snapshot()).isEqualTo(otherBefore);
                if (row.namesNoCluster()) {
                    assertThat(String.valueOf(answer)).doesNotContain(w.others.clusterId());
                }
            }
        }
    }

    /** Calls and checks; returns the refusal's message or the answer. */
    private static Object outcome(Row row, Grant grant, World w, Target target, boolean expectAllowed) {
        Object answer;
        try {
            answer = row.call().invoke(w.tenant, target);
        } catch (AcsException e) {
            if (expectAllowed) {
                assertThat(e.code()).as("allowed under " + grant + ", failed for another reason: " + e.getMessage())
                        .isNotEqualTo(ErrorCode.UNAUTHORIZED);
                return e.getMessage();
            }
            if (row.refusal() == Refusal.NOT_FOUND) {
                assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            } else {
                assertThat(row.refusal()).as("refused with an exception: " + e.getMessage()).isEqualTo(Refusal.THROWS);
                assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.UNAUTHORIZED);
                assertThat(e.getMessage()).contains(TENANT).containsIgnoringCase(
                        row.action() == CsAction.DESCRIBE_CLUSTERS || row.action() == CsAction.DESCRIBE_APPLICATION
                                ? "cs:" : row.action().ramName()); // routes check the reads they make
            }
            return e.getMessage();
        }
        if (!expectAllowed) {
            if (row.refusal() != Refusal.EMPTY) {
                fail("expected a refusal (" + row.refusal() + ") under " + grant + ", got " + answer);
            }
            assertThat(isEmpty(answer)).as("answer under " + grant + ": " + answer).isTrue();
        } else if (row.refusal() == Refusal.EMPTY && !isRunningListing(row)) {
            assertThat(isEmpty(answer)).as("allowed under " + grant + " but the answer is empty").isFalse();
        }
        return answer;
    }

    private static boolean isRunningListing(Row row) {
        return row == ROWS.get("Operations.running()") || row == ROWS.get("Operations.running(String)");
    }

    private static boolean isEmpty(Object answer) {
        if (answer instanceof Optional<?> o) {
            return o.isEmpty();
        }
        return answer instanceof Collection<?> c && c.isEmpty();
    }

    /** A control plane with the host's cluster and the tenant's, an application and an operation on each. */
    static final class World implements AutoCloseable {
        final ManualClock clock = new ManualClock();
        final ControlPlane cp;
        final PrincipalView tenant;
        final Target mine;
        final Target others;

        World(Grant grant) {
            AccessControl access = AccessControl.create().administrator("host");
            cp = ControlPlane.builder().infrastructure(new ScriptedCloud(clock)).runtime(new ScriptedRuntime())
                    .scheduler(new FirstFitScheduler()).clock(clock).executor(Runnable::run).authorizer(access)
                    .healthTimeout(Duration.ofMinutes(1)).reconcileEvery(null).build();
            mine = target("tenants");
            others = target("hosts");
            String arn = CsAction.clusterArn(mine.clusterId());
            switch (grant) {
                case NO_GRANT -> { }
                case READ_ONLY -> access.grant(TENANT, mine.clusterId(), AccessLevel.READ_ONLY);
                case READ_WRITE -> access.grant(TENANT, mine.clusterId(), AccessLevel.READ_WRITE);
                case POLICY_ALLOW -> access.attach(TENANT, Policy.parse("allow", "{\"Version\":\"1\",\"Statement\":["
                        + "{\"Action\":\"cs:*\",\"Effect\":\"Allow\",\"Resource\":\"" + arn + "\"}]}"));
                case POLICY_DENY -> access.grant(TENANT, mine.clusterId(), AccessLevel.READ_WRITE)
                        .attach(TENANT, Policy.parse("deny", "{\"Statement\":[{\"Action\":\"cs:*\","
                                + "\"Effect\":\"Deny\",\"Resource\":[\"" + arn + "\"]}]}"));
            }
            tenant = cp.as(TENANT);
        }

        private Target target(String name) {
            var creating = cp.clusters().create(ClusterSpec.classic(name, Zone.of("cn-hangzhou-e"), 1, "ecs.n4.large"));
            clock.advance(Duration.ofMinutes(1));
            Cluster c = creating.await(Duration.ZERO);
            var deploying = cp.applications().deploy(c.id(), AppSpec.builder("app" + name)
                    .service(ServiceSpec.builder("web").image("nginx").build()).build());
            for (int i = 0; i < 30 && !deploying.state().isDone(); i++) {
                clock.advance(Duration.ofSeconds(2));
            }
            Application app = deploying.await(Duration.ZERO);
            String trigger = cp.triggers().create(app.id(), TriggerSpec.redeploy()).trigger().id();
            return new Target(c.id(), cp.nodes().list(c.id()).get(0).id(), app.id(), deploying.id(), trigger);
        }

        /** Everything a call could change, as the host sees it. */
        String snapshot() {
            StringBuilder b = new StringBuilder();
            for (Cluster c : cp.clusters().list()) {
                b.append(c).append(cp.nodes().list(c.id()));
                for (Application a : cp.applications().list(c.id())) {
                    b.append(a).append(cp.applications().containers(a.id()));
                }
            }
            return b.toString();
        }

        @Override
        public void close() {
            cp.close();
        }
    }
}
