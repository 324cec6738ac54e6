package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.logs.LogCollector;
import dev.acs.core.metrics.Metrics;
import dev.acs.core.metrics.MetricsController;
import dev.acs.core.scaling.ScalingController;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerSlot;
import dev.acs.core.spi.LogSink;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What {@code metrics(...)}, {@code autoScaling(...)} and {@code logStores(...)} of {@link ControlPlane.Builder} asked
 * for, and the controllers they make when the control plane is built: each made over the control plane's runtime,
 * executor, state store, infrastructure and call timeout first, then set up further by the host's settings.
 */
final class ObservabilityWiring {
    private Consumer<MetricsController.Builder> metrics;
    private Consumer<ScalingController.Builder> scaling;
    private LogSink logSink;
    private Consumer<LogCollector.Builder> logSettings;

    void metrics(Consumer<MetricsController.Builder> settings) {
        metrics = Objects.requireNonNull(settings, "settings");
    }

    void scaling(Consumer<ScalingController.Builder> settings) {
        scaling = Objects.requireNonNull(settings, "settings");
    }

    void logStores(LogSink sink, Consumer<LogCollector.Builder> settings) {
        logSink = Objects.requireNonNull(sink, "sink");
        logSettings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The controllers made, in their slots or (the log collector) as a host controller.
     *
     * @param metrics the metrics the {@code METRICS} slot holds (made here or the host's own), or {@code null}
     * @param scaling the scaling controller the {@code SCALING} slot holds (made here or the host's own), or {@code null}
     * @param logs    the log collector made here, or {@code null}
     */
    record Built(Map<ControllerSlot, Controller> slots, List<Controller> others, Metrics metrics,
                 ScalingController scaling, LogCollector logs) {
    }

    /** Makes the controllers asked for; the ones that need closing join {@code owned}. */
    Built build(ControlPlane.Builder b, EngineContext ctx, List<AutoCloseable> owned) {
        Map<ControllerSlot, Controller> slots = new EnumMap<>(ControllerSlot.class);
        List<Controller> others = new ArrayList<>();
        Controller hostMetrics = b.slots.get(ControllerSlot.METRICS);
        Metrics measured = hostMetrics instanceof Metrics m ? m : null;
        if (metrics != null || (scaling != null && measured == null)) {
            requireFree(b, ControllerSlot.METRICS, scaling != null && metrics == null
                    ? "autoScaling(...) needs metrics: put a MetricsController in the slot, or call metrics(...)"
                    : "metrics(...) fills it");
            MetricsController.Builder mb = MetricsController.builder(ctx.requireRuntime())
                    .executor(ctx.executor()).callTimeout(ctx.callTimeout());
            (metrics == null ? (Consumer<MetricsController.Builder>) x -> { } : metrics).accept(mb);
            MetricsController made = mb.build();
            slots.put(ControllerSlot.METRICS, made);
            measured = made;
        }
        ScalingController scaler = b.slots.get(ControllerSlot.SCALING) instanceof ScalingController s ? s : null;
        if (scaling != null) {
            requireFree(b, ControllerSlot.SCALING, "autoScaling(...) fills it");
            ScalingController.Builder sb = ScalingController.builder(measured).stateStore(ctx.store())
                    .infrastructure(ctx.infrastructure()).callTimeout(ctx.callTimeout());
            scaling.accept(sb);
            scaler = sb.build();
            slots.put(ControllerSlot.SCALING, scaler);
        }
        LogCollector logs = null;
        if (logSink != null) {
            LogCollector.Builder lb = LogCollector.builder(ctx.requireRuntime(), logSink).stateStore(ctx.store())
                    .callTimeout(ctx.callTimeout());
            logSettings.accept(lb);
            logs = lb.build();
            owned.add(logs);
            others.add(logs);
        }
        return new Built(slots, others, measured, scaler, logs);
    }

    private static void requireFree(ControlPlane.Builder b, ControllerSlot slot, String why) {
        if (b.slots.containsKey(slot)) {
            throw AcsException.invalidArgument("controller slot " + slot + " is filled already by controller("
                    + "ControllerSlot." + slot + ", ...): " + why + "; use one or the other");
        }
    }
}
