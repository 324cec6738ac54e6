package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.Orchestrator;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clusters of a control plane whose tasks an {@link Orchestrator} places (Swarm mode), registered through
 * {@code ControlPlane.Builder.orchestratedCluster} or created by {@code Clusters.createOrchestrated}: which orchestrator backs a cluster or an application. The
 * controllers leave such clusters alone ({@link ClusterRecords#markOrchestrated}).
 */
final class OrchestratedClusters {
    /** One registration of the builder. */
    record Registration(String name, Zone zone, Orchestrator orchestrator) {
    }

    private final Map<String, Orchestrator> byCluster = new ConcurrentHashMap<>();
    private final AppRecords apps;

    private final ClusterRecords records;

    OrchestratedClusters(ClusterRecords records, AppRecords apps) {
        this.records = records;
        this.apps = apps;
    }

    /**
     * Binds each registration to its cluster: the cluster of that name, or a new zero-node cluster of that name and
     * zone (made through {@code clusters}, with its naming rules and quota).
     *
     * @throws AcsException {@code INVALID_ARGUMENT} when the cluster of that name has nodes of the control plane's own
     */
    void bind(List<Registration> registrations, ClusterCommands clusters) {
        for (Registration r : registrations) {
            Optional<Cluster> named = clusters.list().stream().filter(c -> c.name().equals(r.name())).findFirst();
            if (named.isPresent() && named.get().nodeCount() > 0) {
                throw AcsException.invalidArgument(named.get().describe() + " has " + named.get().nodeCount()
                        + " nodes whose containers the control plane places: name another cluster for "
                        + r.orchestrator().scheduler());
            }
            String id = named.map(Cluster::id)
                    .orElseGet(() -> clusters.create(ClusterSpec.zeroNode(r.name(), r.zone())).result()
                            .orElseThrow().id());
            register(id, r.orchestrator());
        }
    }

    /** Makes {@code orchestrator} the one that places the tasks of a cluster; the controllers leave it alone. */
    void register(String clusterId, Orchestrator orchestrator) {
        records.markOrchestrated(clusterId);
        byCluster.put(clusterId, orchestrator);
    }

    /** The orchestrator of a cluster, if it has one. */
    Optional<Orchestrator> ofCluster(String clusterId) {
        return Optional.ofNullable(byCluster.get(clusterId));
    }

    /** The orchestrator of an application's cluster, if it has one (none for an unknown application). */
    Optional<Orchestrator> ofApp(String appId) {
        return apps.get(appId).map(Application::clusterId).flatMap(this::ofCluster);
    }
}
