package dev.acs.core.engine;

import dev.acs.core.access.AccessControl;
import dev.acs.core.access.AccessLevel;
import dev.acs.core.access.CsAction;
import dev.acs.core.api.AuditRecord;
import dev.acs.core.api.Expansion;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.api.OperationState;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.StoredEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Principals end to end: the operation log as an audit trail (§22: principal, action, resource ARN, parameter
 * digest, result, error code) per cluster and per application, and refusals that give nothing away.
 */
class AccessAuditTest extends EngineFixture {
    private final AccessControl access = AccessControl.create().administrator("host");

    @Override
    ControlPlane build() {
        return ControlPlane.builder().infrastructure(cloud).runtime(runtime).scheduler(new FirstFitScheduler())
                .clock(clock).executor(r -> steps.execute(r)).stateStore(store).listener(events::add)
                .authorizer(access).healthTimeout(Duration.ofMinutes(1)).reconcileEvery(null).build();
    }

    private static AppSpec app(String name, String password) {
        return AppSpec.builder(name).service(service("web", "nginx").env("DB_PASSWORD", password).build()).build();
    }

    @Test
    void theOperationLogRecordsWhoDidWhatWhereWithADigestAndNoSecret() {
        access.grant("alice", cluster.id(), AccessLevel.READ_ONLY);
        PrincipalView alice = cp.as("alice");
        Application a = settle(alice.applications().deploy(cluster.id(), app("shop", "hunter2-secret")));
        settle(alice.applications().scale(a.id(), "web", 2));
        settle(alice.applications().scale(a.id(), "web", 2));
        settle(alice.applications().scale(a.id(), "web", 3));
        assertThat(failure(alice.applications().startService(a.id(), "web")).code()).isEqualTo(ErrorCode.INVALID_STATE);

        List<AuditRecord> log = alice.operations().audit(a.id());
        assertThat(log).extracting(AuditRecord::principal).containsOnly("alice");
        assertThat(log).extracting(AuditRecord::resource).containsOnly(CsAction.clusterArn(cluster.id()));
        assertThat(log).extracting(AuditRecord::action).containsExactly("cs:StartService", "cs:ScaleService",
                "cs:ScaleService", "cs:ScaleService", "cs:CreateApplication");
        assertThat(log).allSatisfy(r -> assertThat(r.paramsDigest()).matches("sha256:[0-9a-f]{64}"));
        assertThat(log.get(2).paramsDigest()).isEqualTo(log.get(3).paramsDigest()); // scale web 2, twice
        assertThat(log.get(1).paramsDigest()).isNotEqualTo(log.get(2).paramsDigest());
        assertThat(log.get(0).operation().state()).isEqualTo(OperationState.FAILED);
        assertThat(log.get(0).operation().errorCode()).isEqualTo(ErrorCode.INVALID_STATE);
        assertThat(log.get(1).operation().state()).isEqualTo(OperationState.SUCCEEDED);
        for (StoredEntry e : cp.stateStore().list("oplog/")) {
            assertThat(new String(e.value(), StandardCharsets.UTF_8)).doesNotContain("hunter2-secret");
        }
        assertThat(cp.operations().audit(a.id())).isEqualTo(log); // the host reads the same trail
        assertThat(alice.operations().log(a.id())).isEqualTo(log.stream().map(AuditRecord::operation).toList());
    }

    @Test
    void aFloodOfRefusedAttemptsIsKeptBoundedAndNeverEvictsTheOperations() {
        cp.close();
        cp = ControlPlane.builder().infrastructure(cloud).runtime(runtime).scheduler(new FirstFitScheduler())
                .clock(clock).executor(r -> steps.execute(r)).stateStore(store).listener(events::add)
                .authorizer(access).healthTimeout(Duration.ofMinutes(1)).reconcileEvery(null)
                .operationsPerEntity(3).build();
        Application a = settle(cp.applications().deploy(cluster.id(), app("shop", "x")));
        settle(cp.applications().scale(a.id(), "web", 2));
        List<OperationRecord> operations = cp.operations().log(a.id());
        for (int i = 0; i < 10; i++) {
            refusal(() -> cp.as("mallory").applications().stop(a.id()));
        }

        assertThat(cp.operations().log(a.id())).isEqualTo(operations).hasSize(2);
        List<AuditRecord> trail = cp.operations().audit(a.id());
        assertThat(trail).hasSize(5);
        assertThat(trail.subList(0, 3)).allSatisfy(r -> {
            assertThat(r.principal()).isEqualTo("mallory");
            assertThat(r.operation().errorCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
        });
        assertThat(trail.subList(3, 5)).extracting(AuditRecord::operation).isEqualTo(operations);
    }

    @Test
    void refusedReadsAreAuditedToo() {
        Application a = settle(cp.applications().deploy(cluster.id(), app("shop", "x")));
        refusal(() -> cp.as("mallory").applications().containers(a.id()));
        refusal(() -> cp.as("mallory").clusters().require(cluster.id()));

        assertThat(cp.operations().audit(a.id()).get(0)).satisfies(r -> {
            assertThat(r.principal()).isEqualTo("mallory");
            assertThat(r.action()).isEqualTo("cs:DescribeContainers");
            assertThat(r.operation().errorCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
        });
        assertThat(cp.operations().audit(cluster.id()).get(0).action()).isEqualTo("cs:GetClusterById");
        assertThat(cp.operations().log(a.id())).extracting(OperationRecord::kind).containsExactly("DeployApplication");
    }

    @Test
    void theClusterLogRecordsClusterOperationsAndTheHostIsTheDefaultPrincipal() {
        access.grant("ops", cluster.id(), AccessLevel.READ_WRITE);
        settle(cp.as("ops").clusters().expand(cluster.id(), Expansion.of(1)));
        List<AuditRecord> log = cp.operations().audit(cluster.id());
        assertThat(log.get(0).principal()).isEqualTo("ops");
        assertThat(log.get(0).action()).isEqualTo("cs:UpdateClusterSizeById");
        assertThat(log.get(log.size() - 1).principal()).isEqualTo("host"); // the fixture's create, through cp.clusters()
        assertThat(log.get(log.size() - 1).action()).isEqualTo("cs:CreateCluster");
        assertThat(log.get(log.size() - 1).resource()).isEqualTo(CsAction.ALL_CLUSTERS);
        assertThat(cp.as("nobody").operations().log(cluster.id())).isEmpty();
        assertThat(cp.as("nobody").operations().running()).isEmpty();
    }

    @Test
    void anotherTenantsApplicationReadsExactlyLikeAnUnknownOne() {
        Application theirs = settle(cp.applications().deploy(cluster.id(), app("theirs", "x")));
        Cluster mine = settle(cp.clusters().create(ClusterSpec.zeroNode("mine", Zone.of("cn-hangzhou-e"))));
        access.grant("mallory", mine.id(), AccessLevel.READ_WRITE);
        PrincipalView mallory = cp.as("mallory");
        String known = refusal(() -> mallory.applications().delete(theirs.id()));
        String unknown = refusal(() -> mallory.applications().delete("a0000000000000000"));
        assertThat(known.replace(theirs.id(), "ID")).isEqualTo(unknown.replace("a0000000000000000", "ID"));
        assertThat(known).contains("cs:DeleteApplication", theirs.id()).doesNotContain(cluster.id());
        assertThat(mallory.applications().get(theirs.id())).isEmpty();
        assertThat(mallory.clusters().list()).extracting(Cluster::id).containsExactly(mine.id());
        String opId = cp.operations().log(theirs.id()).get(0).id();
        assertThatThrownBy(() -> mallory.operations().await(opId, Duration.ZERO))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(cp.applications().require(theirs.id()).state()).isEqualTo(theirs.state());
        // the host, allowed everywhere, still learns that an unknown id is unknown
        assertThatThrownBy(() -> cp.applications().delete("a0000000000000000"))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void refusedAndAtOnceFailedCallsAreRecordedAsAttempts() {
        Application a = settle(cp.applications().deploy(cluster.id(), app("shop", "x")));
        refusal(() -> cp.as("mallory").clusters().delete(cluster.id()));
        refusal(() -> cp.as("mallory").applications().stop(a.id()));
        refusal(() -> cp.as("mallory").applications().stop("a0000000000000000")); // unknown: nothing to record
        assertThatThrownBy(() -> cp.applications().scale(a.id(), "web", -1)).isInstanceOf(AcsException.class);

        AuditRecord deleting = cp.operations().audit(cluster.id()).get(0);
        assertThat(deleting.principal()).isEqualTo("mallory");
        assertThat(deleting.action()).isEqualTo("cs:DeleteCluster");
        assertThat(deleting.operation().state()).isEqualTo(OperationState.FAILED);
        assertThat(deleting.operation().errorCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
        List<AuditRecord> appLog = cp.operations().audit(a.id());
        assertThat(appLog).extracting(AuditRecord::principal, AuditRecord::action, r -> r.operation().errorCode())
                .startsWith(org.assertj.core.groups.Tuple.tuple("host", "cs:ScaleService", ErrorCode.INVALID_ARGUMENT),
                        org.assertj.core.groups.Tuple.tuple("mallory", "cs:StopApplication", ErrorCode.UNAUTHORIZED));
        assertThat(cp.operations().log("a0000000000000000")).isEmpty();
        assertThat(cp.as("mallory").operations().log(a.id())).isEmpty();
        assertThat(cp.applications().require(a.id()).state()).isEqualTo(a.state());
    }

    @Test
    void aPrincipalMustBeNamed() {
        assertThatThrownBy(() -> cp.as(" ")).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    private static String refusal(Runnable call) {
        try {
            call.run();
        } catch (AcsException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            return e.getMessage();
        }
        throw new AssertionError("expected a refusal");
    }
}
