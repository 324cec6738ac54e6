package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerContext;
import dev.acs.core.spi.ControllerSlot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Host controllers: registration, passes, intervals on the executor, failures and budgets as events. */
class ControllersTest extends EngineFixture {
    private final List<String> seen = new ArrayList<>();
    private final ThreadLocal<Boolean> onExecutor = ThreadLocal.withInitial(() -> false);
    private final List<Boolean> ranOnExecutor = new ArrayList<>();
    private CompletableFuture<Void> slow = CompletableFuture.completedFuture(null);

    private Controller controller(String name, Function<ControllerContext, CompletionStage<Void>> run) {
        return Controller.of(name, Duration.ofSeconds(20), Duration.ofMinutes(1), run);
    }

    private final Controller census = controller("census", ctx -> {
        ranOnExecutor.add(onExecutor.get());
        ctx.clusters().forEach(c -> seen.add(c.name() + ":" + ctx.nodes(c.id()).size()));
        ctx.publish("controller", "census", "COUNTED", "counted " + seen.size(), Map.of());
        return CompletableFuture.completedFuture(null);
    });

    @Override
    ControlPlane build() {
        return ControlPlane.builder().infrastructure(cloud).runtime(runtime).scheduler(new FirstFitScheduler())
                .clock(clock).executor(r -> {
                    onExecutor.set(true);
                    try {
                        r.run();
                    } finally {
                        onExecutor.set(false);
                    }
                }).stateStore(store).listener(events::add).reconcileEvery(null)
                .controller(census)
                .controller(controller("broken", ctx -> {
                    throw new IllegalStateException("no luck");
                }))
                .controller(controller("slow", ctx -> slow))
                .build();
    }

    @Test
    void hostControllersRunInEveryPassOnTheExecutorAndSeeTheState() {
        seen.clear();
        ranOnExecutor.clear();
        cp.reconcile();
        assertThat(seen).containsExactly("prod:3");
        assertThat(ranOnExecutor).containsExactly(true);
        assertThat(cp.controllerEvents("census")).extracting(Event::type).containsExactly("COUNTED", "COUNTED");
    }

    @Test
    void aFailedRunAndARunOverItsBudgetAreEvents() {
        cp.reconcile();
        assertThat(cp.controllerEvents("broken")).extracting(Event::type).contains("CONTROLLER_FAILED");
        assertThat(cp.controllerEvents("broken").get(0).message()).contains("no luck");

        slow = new CompletableFuture<>();
        CompletableFuture<Void> pass = cp.reconcile().toCompletableFuture();
        clock.advance(Duration.ofSeconds(59));
        assertThat(cp.controllerEvents("slow")).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(pass).isNotDone();
        assertThat(cp.controllerEvents("slow")).extracting(Event::type).containsExactly("CONTROLLER_OVER_BUDGET");
        slow.complete(null);
        assertThat(pass).isDone();
    }

    @Test
    void automaticRunsStartOnTheExecutorNotOnTheClock() {
        ControlPlane timed = ControlPlane.builder().infrastructure(cloud).runtime(runtime).scheduler(new FirstFitScheduler())
                .clock(clock).executor(r -> {
                    onExecutor.set(true);
                    try {
                        r.run();
                    } finally {
                        onExecutor.set(false);
                    }
                }).stateStore(store).reconcileEvery(Duration.ofMinutes(5)).controller(census)
                .controllerTiming("census", Duration.ofSeconds(10), Duration.ofSeconds(5)).build();
        try {
            ranOnExecutor.clear();
            clock.advance(Duration.ofSeconds(35));
            assertThat(ranOnExecutor).as("three runs 10 s apart").hasSize(3).containsOnly(true);
        } finally {
            timed.close();
        }
        int runs = ranOnExecutor.size();
        clock.advance(Duration.ofMinutes(1));
        assertThat(ranOnExecutor).as("none after close").hasSize(runs);
    }

    @Test
    void namesAreUniqueAndTimingsNameAController() {
        assertThatThrownBy(() -> ControlPlane.builder().infrastructure(cloud).controller(census)
                .controller(controller("census", ctx -> CompletableFuture.completedFuture(null))).build())
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("census");
        assertThatThrownBy(() -> ControlPlane.builder().infrastructure(cloud).controller(controller("convergence",
                ctx -> CompletableFuture.completedFuture(null))).build())
                .hasMessageContaining("two controllers are named 'convergence'");
        assertThatThrownBy(() -> ControlPlane.builder().infrastructure(cloud)
                .controllerTiming("nope", Duration.ofSeconds(1), Duration.ofSeconds(1)).build())
                .hasMessageContaining("nope").hasMessageContaining("node-health");
    }

    private final List<String> order = new ArrayList<>();

    private Controller recording(String name, Duration interval) {
        return Controller.of(name, interval, interval, ctx -> {
            order.add(name);
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void filledSlotsRunAfterTheBuiltInOnesInSlotOrderAndBeforeTheHostsOwn() {
        ControlPlane slotted = ControlPlane.builder().infrastructure(cloud).runtime(runtime)
                .scheduler(new FirstFitScheduler()).clock(clock).executor(Runnable::run).stateStore(store)
                .reconcileEvery(null)
                .controller(recording("audit", Duration.ofSeconds(20)))
                .controller(ControllerSlot.ROUTING, recording("routing", Duration.ofSeconds(20)))
                .controller(ControllerSlot.JOBS, recording("jobs", Duration.ofSeconds(20)))
                .build();
        try {
            assertThat(slotted.controllerNames()).containsExactly("orphan-machines", "node-health", "rescheduling",
                    "convergence", "global-services", "jobs", "routing", "audit");
            order.clear();
            slotted.reconcile();
            assertThat(order).containsExactly("jobs", "routing", "audit");
        } finally {
            slotted.close();
        }
    }

    @Test
    void aSlotRunsOnItsOwnIntervalWhichTheBuilderCanOverride() {
        ControlPlane slotted = ControlPlane.builder().infrastructure(cloud).runtime(runtime)
                .scheduler(new FirstFitScheduler()).clock(clock).executor(Runnable::run).stateStore(store)
                .reconcileEvery(Duration.ofMinutes(5))
                .controller(ControllerSlot.METRICS, recording("metrics", Duration.ofSeconds(10)))
                .controller(ControllerSlot.SCALING, recording("scaling", Duration.ofSeconds(10)))
                .controllerTiming(ControllerSlot.SCALING, Duration.ofSeconds(30), Duration.ofSeconds(5))
                .build();
        try {
            order.clear();
            clock.advance(Duration.ofSeconds(31));
            assertThat(order).filteredOn("metrics"::equals).as("every 10 s").hasSize(3);
            assertThat(order).filteredOn("scaling"::equals).as("every 30 s, as overridden").hasSize(1);
        } finally {
            slotted.close();
        }
    }

    @Test
    void aSlotTakesOneControllerOfItsWellKnownName() {
        Controller routing = recording("routing", Duration.ofSeconds(20));
        assertThatThrownBy(() -> ControlPlane.builder().controller(ControllerSlot.TRIGGERS, routing))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("must be named 'triggers'");
        assertThatThrownBy(() -> ControlPlane.builder().controller(ControllerSlot.ROUTING, routing)
                .controller(ControllerSlot.ROUTING, recording("routing", Duration.ofSeconds(5))))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("filled already");
        assertThatThrownBy(() -> ControlPlane.builder().controller(routing))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("controller(ControllerSlot.ROUTING, controller)");
        assertThat(ControllerSlot.named("scaling")).contains(ControllerSlot.SCALING);
        assertThat(ControllerSlot.named("convergence")).isEmpty();
    }
}
