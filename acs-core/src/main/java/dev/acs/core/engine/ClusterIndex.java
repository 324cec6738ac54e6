package dev.acs.core.engine;

import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.placement.ClusterSnapshot;
import dev.acs.core.placement.PlacedContainer;
import dev.acs.core.placement.PlacementLedger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Per-cluster indexes over the {@link Entities} view, kept up to date from every change the view takes (so they
 * always agree with it): the applications of each cluster and their names, the cluster's nodes in index order, and
 * the placed containers the scheduler's snapshots are made of ({@link PlacementLedger}), so a snapshot shares the
 * cluster's placements instead of reading every application and container (or copying the placements).
 *
 * <p>The placed containers of a cluster keep their order (a container placed later comes later; a change of state or
 * health moves nothing), so a snapshot extends the previous one while containers are only added, which a scheduler
 * can use to avoid counting the whole cluster again.
 *
 * <p>A placed container is the container's record seen with its application's current declaration of its service
 * (as the scheduler must see it); containers of a service the declaration no longer has, or of an application not
 * (or no longer) recorded, are not placed. Every method is atomic with respect to the others.
 */
final class ClusterIndex {
    private final Entities entities;
    private final Map<String, Map<String, Application>> appsByCluster = new HashMap<>();
    /**
     * Per cluster: where its applications come in a listing, oldest first, kept in order as they are created and
     * deleted (a listing sorts nothing; a change of state leaves the order alone).
     */
    private final Map<String, TreeSet<AppOrder>> orderedApps = new HashMap<>();
    /** Per cluster: {@link #orderedApps} as a list, made when asked for and dropped when an application changes. */
    private final Map<String, List<Application>> appLists = new HashMap<>();
    private final Map<String, String> appIdsByName = new HashMap<>();
    private final Map<String, Map<String, Node>> nodesByCluster = new HashMap<>();
    private final Map<String, List<Node>> sortedNodes = new HashMap<>();
    private final Map<String, Map<String, Node>> nodeMaps = new HashMap<>();
    /** Per cluster: container key to its placement. */
    private final Map<String, PlacementLedger<String>> placedByCluster = new HashMap<>();
    /** Container key to the cluster it is placed in. */
    private final Map<String, String> clusterOfContainer = new HashMap<>();
    /** Counts container records as they first appear in the view (see {@link #sequence()}). */
    private long sequence;
    /** Per placement key ({@link #key(PlacedContainer)}): the {@link #sequence} of the newest record placed so. */
    private final Map<String, Long> createdAt = new HashMap<>();

    ClusterIndex(Entities entities) {
        this.entities = entities;
    }

    /** Takes the change of one viewed key ({@code null} before: created; {@code null} after: deleted). */
    synchronized void changed(String key, Object before, Object after) {
        Object any = after != null ? after : before;
        if (any instanceof Container) {
            if (after instanceof Container c && placedAlike(key, c)) {
                return; // a change of state or health: the placement and its place in the order stay
            }
            PlacedContainer gone = unplace(key);
            if (after == null && gone != null) {
                createdAt.remove(key(gone)); // a reservation it might have matched counts again (only more cautious)
            }
            if (after instanceof Container c) {
                PlacedContainer p = place(key, c);
                if (before == null && p != null) {
                    createdAt.put(key(p), ++sequence);
                }
            }
        } else if (any instanceof Application) {
            applicationChanged((Application) before, (Application) after);
        } else if (any instanceof Node) {
            Node n = (Node) any;
            Map<String, Node> nodes = nodesByCluster.computeIfAbsent(n.clusterId(), k -> new HashMap<>());
            if (after == null) {
                nodes.remove(n.id());
            } else {
                nodes.put(n.id(), (Node) after);
            }
            sortedNodes.remove(n.clusterId());
            nodeMaps.remove(n.clusterId());
        }
    }

    private void applicationChanged(Application before, Application after) {
        Application any = after != null ? after : before;
        Map<String, Application> apps = appsByCluster.computeIfAbsent(any.clusterId(), k -> new HashMap<>());
        TreeSet<AppOrder> ordered = orderedApps.computeIfAbsent(any.clusterId(), k -> new TreeSet<>());
        appLists.remove(any.clusterId());
        boolean reordered = before == null || after == null || !before.createdAt().equals(after.createdAt());
        if (before != null) {
            appIdsByName.remove(nameKey(before.clusterId(), before.name()));
            if (reordered) {
                ordered.remove(AppOrder.of(before));
            }
        }
        if (after == null) {
            apps.remove(any.id());
        } else {
            apps.put(after.id(), after);
            if (reordered) {
                ordered.add(AppOrder.of(after));
            }
            appIdsByName.put(nameKey(after.clusterId(), after.name()), after.id());
        }
        if (before == null || after == null || before.spec() != after.spec() || !before.name().equals(after.name())) {
            for (Entities.Versioned<Object> v : entities.under(ContainerLauncher.prefix(any.id()))) {
                unplace(v.key());
                if (after != null) {
                    place(v.key(), (Container) v.value());
                }
            }
        }
    }

    /** Whether the container is placed already as it would be placed now (same node, index and declaration). */
    private boolean placedAlike(String key, Container c) {
        String clusterId = clusterOfContainer.get(key);
        if (clusterId == null) {
            return false;
        }
        PlacedContainer p = placedByCluster.get(clusterId).get(key);
        Application app = (Application) entities.value(Entities.APPS + c.appId());
        return app != null && p.nodeId().equals(c.nodeId()) && p.index() == c.index() && p.app().equals(app.name())
                && app.spec().service(c.service()).map(s -> s == p.service()).orElse(false);
    }

    private PlacedContainer place(String key, Container c) {
        Application app = (Application) entities.value(Entities.APPS + c.appId());
        if (app == null) {
            return null;
        }
        Optional<ServiceSpec> service = app.spec().service(c.service());
        if (service.isEmpty()) {
            return null;
        }
        PlacedContainer p = new PlacedContainer(app.name(), service.get(), c.index(), c.nodeId());
        placedByCluster.computeIfAbsent(app.clusterId(), k -> new PlacementLedger<>()).add(key, p);
        clusterOfContainer.put(key, app.clusterId());
        return p;
    }

    private PlacedContainer unplace(String key) {
        String clusterId = clusterOfContainer.remove(key);
        if (clusterId == null) {
            return null;
        }
        return placedByCluster.get(clusterId).remove(key);
    }

    /** The applications of a cluster, oldest first (unmodifiable). */
    synchronized List<Application> applications(String clusterId) {
        return appLists.computeIfAbsent(clusterId, id -> {
            TreeSet<AppOrder> ordered = orderedApps.get(id);
            if (ordered == null) {
                return List.of();
            }
            Map<String, Application> apps = appsByCluster.get(id);
            List<Application> out = new ArrayList<>(ordered.size());
            for (AppOrder o : ordered) {
                out.add(apps.get(o.id()));
            }
            return Collections.unmodifiableList(out);
        });
    }

    /** Where an application comes in its cluster's listing: by creation, then by id. */
    private record AppOrder(Instant createdAt, String id) implements Comparable<AppOrder> {
        static AppOrder of(Application app) {
            return new AppOrder(app.createdAt(), app.id());
        }

        @Override
        public int compareTo(AppOrder o) {
            int c = createdAt.compareTo(o.createdAt);
            return c != 0 ? c : id.compareTo(o.id);
        }
    }

    /** The application of a cluster with that name, if any. */
    synchronized Optional<Application> application(String clusterId, String name) {
        String id = appIdsByName.get(nameKey(clusterId, name));
        return id == null ? Optional.empty() : Optional.ofNullable(appsByCluster.get(clusterId).get(id));
    }

    /** The nodes of a cluster in index order. */
    synchronized List<Node> nodes(String clusterId) {
        return sortedNodes.computeIfAbsent(clusterId, id -> {
            List<Node> out = new ArrayList<>(nodesByCluster.getOrDefault(id, Map.of()).values());
            out.sort(Comparator.comparingInt(Node::index));
            return List.copyOf(out);
        });
    }

    /** The nodes of a cluster by id (an unmodifiable map, rebuilt only when a node of the cluster changes). */
    synchronized Map<String, Node> nodesById(String clusterId) {
        return nodeMaps.computeIfAbsent(clusterId, id -> Map.copyOf(nodesByCluster.getOrDefault(id, Map.of())));
    }

    /**
     * How many container records have appeared in the view so far: a reservation made at sequence {@code s} is
     * written once a record of its application, service, index and node appeared after {@code s}.
     */
    synchronized long sequence() {
        return sequence;
    }

    /**
     * The cluster as the scheduler sees it: {@code nodes}, every recorded container, and the {@code reserved} ones
     * (see {@link Placements}) except those whose record appeared since they were made, and a reservation for a
     * container replaced in place while the record it replaces is there and covers it: same node, at least its
     * resources and its host ports.
     */
    synchronized ClusterSnapshot snapshot(String clusterId, List<Node> nodes, List<Placements.Reserved> reserved) {
        PlacementLedger<String> placed = placedByCluster.get(clusterId);
        List<PlacedContainer> pending = new ArrayList<>();
        for (Placements.Reserved r : reserved) {
            if (r.replaces() == null) {
                if (createdAt.getOrDefault(key(r.container()), Long.MIN_VALUE) <= r.after()) {
                    pending.add(r.container());
                }
                continue;
            }
            PlacedContainer old = placed == null ? null : placed.get(r.replaces());
            if (old == null || !covers(old, r.container())) {
                pending.add(r.container());
            }
        }
        List<PlacedContainer> recorded = placed == null ? List.of() : placed.view();
        if (pending.isEmpty()) {
            return new ClusterSnapshot(nodes, recorded); // the ledger's view: shared, not copied
        }
        List<PlacedContainer> all = new ArrayList<>(recorded.size() + pending.size());
        all.addAll(recorded);
        all.addAll(pending);
        return new ClusterSnapshot(nodes, all);
    }

    /** Whether {@code old} takes at least the room {@code replacement} needs, where it is. */
    private static boolean covers(PlacedContainer old, PlacedContainer replacement) {
        return old.nodeId().equals(replacement.nodeId())
                && Placements.coversInPlace(old.service(), replacement.service());
    }

    private static String nameKey(String clusterId, String name) {
        return clusterId + '\u0000' + name;
    }

    private static String key(PlacedContainer c) {
        return c.app() + '\u0000' + c.service().name() + '\u0000' + c.index() + '\u0000' + c.nodeId();
    }
}
