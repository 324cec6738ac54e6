package dev.acs.core.scaling;

import dev.acs.core.error.AcsException;
import dev.acs.core.metrics.Metrics;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.spi.Controller;
import dev.acs.core.spi.ControllerContext;
import dev.acs.core.spi.ControllerSlot;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.core.spi.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The controller of the {@link ControllerSlot#SCALING} slot: container auto-scaling of services and node
 * auto-scaling of clusters ({@code spec/lifecycle.md} §17), from the closed periods of a {@link Metrics} (the
 * {@link dev.acs.core.metrics.MetricsController} of the same control plane, which runs just before it in a pass).
 *
 * <p><b>Rules.</b> A service is scaled by the {@link AutoScalingPolicy} set here ({@link #setPolicy}), else by its
 * {@code aliyun.auto_scaling.*} labels; a cluster by the {@link NodeScalingPolicy} set here
 * ({@link #setNodePolicy}). Each closed period is counted once; three consecutive periods beyond a bound make one
 * decision and start the count again; a period missing in between, or an application busy with another change,
 * starts it again too. Decisions are operations of the application or cluster ({@code ControllerContext.scale},
 * {@code expand}, {@code removeNode}); the run does not wait for them.
 *
 * <p><b>Events.</b> Of the application: {@code SCALING_PENDING} (a period counted toward a decision),
 * {@code SCALING_OUT}, {@code SCALING_IN}, {@code SCALING_AT_MAX}, {@code SCALING_AT_MIN} (no action at a bound),
 * {@code SCALING_FAILED}, {@code SCALING_POLICY_WARNING} (CPU and memory rules together),
 * {@code SCALING_POLICY_INVALID} (labels that break the ranges). Of the cluster: the same with a {@code NODE_} prefix,
 * plus {@code NODE_SCALING_NO_CANDIDATE} and {@code NODE_RELEASED}.
 *
 * <p><b>Restarts.</b> With {@link Builder#stateStore(StateStore)} (the control plane's store) the policies set here
 * and the period counts are kept under {@code scaling/}, so a restarted control plane continues a count where it was.
 */
public final class ScalingController implements Controller {
    /** Default interval: decisions are made on closed periods, so a few runs per period suffice. */
    public static final Duration INTERVAL = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(ScalingController.class);

    private final Duration interval;
    private final ScalingStore store;
    private final ServiceScaler services;
    private final NodeScaler nodes;

    private ScalingController(Builder b) {
        this.interval = b.interval;
        this.store = new ScalingStore(b.store);
        this.services = new ServiceScaler(b.metrics, store, this::policy);
        this.nodes = b.infrastructure == null ? null
                : new NodeScaler(b.metrics, store, b.infrastructure, b.callTimeout);
    }

    /** A builder deciding from {@code metrics}. */
    public static Builder builder(Metrics metrics) {
        return new Builder(metrics);
    }

    @Override
    public String name() {
        return ControllerSlot.SCALING.controllerName();
    }

    @Override
    public Duration interval() {
        return interval;
    }

    /**
     * Sets the auto-scaling policy of a service, in place of its labels' (the product's console rule). Checked when
     * built ({@code INVALID_SCALING_POLICY}); applied from the next closed period.
     */
    public void setPolicy(String appId, String service, AutoScalingPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        store.put(ScalingStore.SERVICE_POLICY + key(appId, service), PolicyCodec.encode(policy));
    }

    /** Removes the policy set through {@link #setPolicy}; the service's labels apply again. */
    public void clearPolicy(String appId, String service) {
        store.delete(ScalingStore.SERVICE_POLICY + key(appId, service));
    }

    /** The policy set through {@link #setPolicy}, if any (the labels' policy applies otherwise). */
    public Optional<AutoScalingPolicy> policy(String appId, String service) {
        return store.get(ScalingStore.SERVICE_POLICY + key(appId, service)).map(PolicyCodec::decodeService);
    }

    /**
     * Sets the node auto-scaling policy of a cluster.
     *
     * @throws AcsException {@code INVALID_STATE} when the controller was built without an infrastructure provider
     */
    public void setNodePolicy(String clusterId, NodeScalingPolicy policy) {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(policy, "policy");
        if (nodes == null) {
            throw new AcsException(dev.acs.core.error.ErrorCode.INVALID_STATE, "node auto-scaling needs the "
                    + "infrastructure provider: build the scaling controller with infrastructure(provider)");
        }
        store.put(ScalingStore.CLUSTER_POLICY + clusterId, PolicyCodec.encode(policy));
    }

    /** Removes a cluster's node auto-scaling policy. */
    public void clearNodePolicy(String clusterId) {
        store.delete(ScalingStore.CLUSTER_POLICY + Objects.requireNonNull(clusterId, "clusterId"));
    }

    /** A cluster's node auto-scaling policy, if one is set. */
    public Optional<NodeScalingPolicy> nodePolicy(String clusterId) {
        return store.get(ScalingStore.CLUSTER_POLICY + clusterId).map(PolicyCodec::decodeCluster);
    }

    @Override
    public CompletionStage<Void> reconcile(ControllerContext context) {
        for (Cluster cluster : context.clusters()) {
            for (Application app : context.applications(cluster.id())) {
                try {
                    services.scale(context, app);
                } catch (RuntimeException e) {
                    LOG.warn("auto-scaling {} failed: {}", app.describe(), e.toString());
                }
            }
            Optional<NodeScalingPolicy> policy = nodes == null ? Optional.empty() : nodePolicy(cluster.id());
            if (policy.isPresent()) {
                nodes.scale(context, cluster, policy.get());
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private static String key(String appId, String service) {
        return Objects.requireNonNull(appId, "appId") + "/" + Objects.requireNonNull(service, "service");
    }

    @Override
    public String toString() {
        return "controller " + name();
    }

    /** Builder of {@link ScalingController}. */
    public static final class Builder {
        private final Metrics metrics;
        private Duration interval = INTERVAL;
        private StateStore store;
        private InfrastructureProvider infrastructure;
        private Duration callTimeout = Duration.ofSeconds(30);

        private Builder(Metrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
        }

        /** Time between runs; default 15 s. */
        public Builder interval(Duration v) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw AcsException.invalidArgument("interval must be a positive duration, got " + v);
            }
            interval = v;
            return this;
        }

        /** Where policies and period counts are kept across restarts (the control plane's store); default memory. */
        public Builder stateStore(StateStore v) { store = Objects.requireNonNull(v, "store"); return this; }

        /** The provider whose machines node scale-in releases; without it there is no node auto-scaling. */
        public Builder infrastructure(InfrastructureProvider v) {
            infrastructure = Objects.requireNonNull(v, "infrastructure");
            return this;
        }

        /** Timeout of a machine release; default 30 s. */
        public Builder callTimeout(Duration v) { callTimeout = Objects.requireNonNull(v, "callTimeout"); return this; }

        /** The controller. */
        public ScalingController build() {
            return new ScalingController(this);
        }
    }
}
