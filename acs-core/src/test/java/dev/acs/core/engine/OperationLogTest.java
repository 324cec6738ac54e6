package dev.acs.core.engine;

import dev.acs.core.api.Operation;
import dev.acs.core.api.OperationRecord;
import dev.acs.core.api.OperationState;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Application;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The operation log of clusters and applications: every operation, newest first, bounded. */
class OperationLogTest extends EngineFixture {

    @Test
    void listsEveryOperationOfAClusterAndAnApplicationNewestFirst() {
        assertThat(cp.operations().log(cluster.id())).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("CreateCluster");
            assertThat(r.state()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(r.progress()).isEqualTo(100);
            assertThat(r.finishedAt()).isAfterOrEqualTo(r.startedAt());
            assertThat(r.errorCode()).isNull();
        });
        Application app = deploy(AppSpec.builder("blog").service(service("web", "nginx").build()).build());
        Operation<Application> scale = cp.applications().scale(app.id(), "web", 2);
        settle(scale);
        Operation<Application> start = cp.applications().start(app.id());
        clock.advance(Duration.ofSeconds(1));
        Operation<Application> stop = cp.applications().stop(app.id());

        assertThat(cp.operations().log(app.id())).extracting(OperationRecord::kind)
                .containsExactly("StopApplication", "StartApplication", "ScaleService", "DeployApplication");
        OperationRecord running = cp.operations().log(app.id()).get(0);
        assertThat(running.id()).isEqualTo(stop.id());
        assertThat(running.targetId()).isEqualTo(app.id());
        settle(stop);
        assertThat(cp.operations().log(app.id())).satisfies(log -> {
            assertThat(log.get(0).state()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(log.get(1).id()).isEqualTo(start.id());
            assertThat(log.get(1).state()).isEqualTo(OperationState.FAILED);
            assertThat(log.get(1).errorCode()).isEqualTo(ErrorCode.INVALID_STATE);
            assertThat(log.get(1).errorMessage()).contains("READY");
            assertThat(log.get(2).id()).isEqualTo(scale.id());
        });
        assertThat(cp.operations().log("a-unknown")).isEmpty();
    }

    @Test
    void keepsOnlyTheLatestOperationsPerEntity() {
        cp.close();
        cp = ControlPlane.builder().infrastructure(cloud).runtime(runtime).scheduler(new FirstFitScheduler())
                .clock(clock).executor(Runnable::run).stateStore(store).reconcileEvery(null).operationsPerEntity(3).build();
        Application app = deploy(AppSpec.builder("blog").service(service("web", "nginx").build()).build());
        for (int i = 2; i <= 5; i++) {
            settle(cp.applications().scale(app.id(), "web", i));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(cp.operations().log(app.id())).hasSize(3)
                .allSatisfy(r -> assertThat(r.kind()).isEqualTo("ScaleService"));
        assertCode(() -> ControlPlane.builder().operationsPerEntity(0), ErrorCode.INVALID_ARGUMENT, "operationsPerEntity");
    }

    @Test
    void reconcilerHealsAreListedOnlyWhenTheyFinishInterruptedWork() {
        Application app = deploy(AppSpec.builder("blog").service(service("web", "nginx").build()).build());
        cp.reconcile();
        clock.advance(Duration.ofSeconds(5));
        assertThat(cp.operations().log(app.id())).extracting(OperationRecord::kind)
                .containsExactly("DeployApplication");
    }

    @Test
    void runningOperationsAreListedUntilDoneAndAwaitedById() {
        Application app = deploy(AppSpec.builder("blog").service(service("web", "nginx")
                .probe(dev.acs.core.model.Probe.http(80, "/")).build()).build());
        Operation<Application> scale = cp.applications().scale(app.id(), "web", 3);
        assertThat(cp.operations().running()).extracting(Operation::id).contains(scale.id());
        assertThat(cp.operations().running(scale.id())).containsSame(scale);
        assertCode(() -> cp.operations().await(scale.id(), Duration.ZERO), ErrorCode.TIMEOUT, scale.id());

        clock.advance(Duration.ofMinutes(1));
        OperationRecord done = cp.operations().await(scale.id(), Duration.ZERO);
        assertThat(done.state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(done.kind()).isEqualTo("ScaleService");
        assertThat(cp.operations().running(scale.id())).isEmpty();
        assertThat(cp.operations().running()).extracting(Operation::id).doesNotContain(scale.id());

        Operation<Application> refused = cp.applications().start(app.id());
        clock.advance(Duration.ofSeconds(1));
        assertThat(cp.operations().await(refused.id(), Duration.ZERO)).as("a failure is returned, not thrown")
                .satisfies(r -> {
                    assertThat(r.state()).isEqualTo(OperationState.FAILED);
                    assertThat(r.errorCode()).isEqualTo(ErrorCode.INVALID_STATE);
                });
        assertCode(() -> cp.operations().await("op-unknown", Duration.ZERO), ErrorCode.NOT_FOUND, "op-unknown");
    }

    @Test
    void theFinalEntryIsWrittenBeforeTheWaitersAreReleased() {
        OperationLog log = new OperationLog(store, clock, e -> { }, 10, false);
        for (boolean succeeds : new boolean[] {true, false}) {
            TrackedOperation<String> op = log.start("DeployApplication", "a-final-" + succeeds);
            List<String> seen = new ArrayList<>();
            op.onChange(() -> seen.add(log.operations(op.targetId()).get(0).operation().state() + " while the operation"
                    + " is " + op.state() + (op.toCompletionStage().toCompletableFuture().isDone() ? ", released"
                    : ", not released")));
            if (succeeds) {
                op.succeed("done");
            } else {
                op.fail(new AcsException(ErrorCode.INTERNAL, "broken"));
            }
            String logged = succeeds ? "SUCCEEDED" : "FAILED";
            assertThat(seen).containsExactly(logged + " while the operation is RUNNING, not released");
            assertThat(op.state().name()).isEqualTo(logged);
            assertThat(log.operations(op.targetId())).singleElement().satisfies(r -> {
                assertThat(r.operation().state().name()).isEqualTo(logged);
                assertThat(r.operation().progress()).isEqualTo(100);
                assertThat(r.operation().finishedAt()).isNotNull();
                assertThat(r.operation().errorCode()).isEqualTo(succeeds ? null : ErrorCode.INTERNAL);
            });
        }
    }

    @Test
    void anOperationAwaitedOnAnotherThreadIsLoggedDoneAndTheStoreCanCloseAtOnce() throws InterruptedException {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "acs-engine-test");
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
            return t;
        });
        try {
            steps = pool;
            for (int i = 0; i < 20; i++) {
                Operation<Application> deploy = cp.applications().deploy(cluster.id(), AppSpec.builder("app" + i)
                        .service(service("web", "nginx").build()).build());
                Application app = deploy.await(Duration.ofMinutes(1));
                assertThat(cp.operations().log(app.id())).as("the log when the waiter is released")
                        .singleElement().satisfies(r -> {
                            assertThat(r.id()).isEqualTo(deploy.id());
                            assertThat(r.state()).isEqualTo(OperationState.SUCCEEDED);
                        });
            }
            cp.close();
            store.close();
            pool.shutdown();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            assertThat(uncaught).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
