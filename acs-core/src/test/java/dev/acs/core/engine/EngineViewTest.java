package dev.acs.core.engine;

import dev.acs.core.api.AppDeletion;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Node;
import dev.acs.core.model.Probe;
import dev.acs.core.model.RollingUpdate;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;
import dev.acs.core.store.InMemoryStateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's in-memory view ({@link Entities}, {@link ClusterIndex}) agrees with its store after every kind of
 * change and after a restart, and a reconcile pass with nothing to do writes, inspects and probes nothing.
 */
class EngineViewTest extends EngineFixture {
    private final CountingStore counting = new CountingStore(new InMemoryStateStore());

    {
        store = counting;
    }

    private static AppSpec web(String name, String version, String image) {
        return AppSpec.builder(name).version(version)
                .service(service("web", image).scale(2).probe(Probe.http(80, "/")).rollingUpdate(RollingUpdate.of(1))
                        .build())
                .service(service("worker", "busybox").scale(2).build())
                .build();
    }

    private void pass() {
        CompletableFuture<Void> pass = cp.reconcile().toCompletableFuture();
        for (int i = 0; i < 100 && !pass.isDone(); i++) {
            clock.advance(Duration.ofSeconds(2));
        }
        pass.join();
    }

    @Test
    void aPassWithNothingToDoWritesNothingInspectsNothingAndProbesNothing() {
        deploy(web("shop", "1", "nginx:1"));
        deploy(web("blog", "1", "nginx:1"));
        pass();
        long commits = counting.commits.get();
        int inspects = runtime.inspects.get();
        int probes = runtime.probes.get();
        int lists = runtime.lists.get();

        pass();
        pass();

        assertThat(counting.commits.get()).as("commits of two passes with nothing to do").isEqualTo(commits);
        assertThat(runtime.inspects.get()).as("containers inspected").isEqualTo(inspects);
        assertThat(runtime.probes.get()).as("probes").isEqualTo(probes);
        assertThat(runtime.lists.get() - lists).as("engine listings: one per node and pass")
                .isLessThanOrEqualTo(2 * cp.nodes().list(cluster.id()).size());
    }

    @Test
    void aPassStillSeesAContainerThatExitedBehindItsBack() {
        Application app = deploy(web("shop", "1", "nginx:1"));
        pass();
        Container worker = containers(app.id(), "worker").get(0);
        runtime.exit(worker.name(), 1);

        pass();

        Container after = cp.applications().containers(app.id()).stream()
                .filter(c -> c.id().equals(worker.id())).findFirst().orElseThrow();
        assertThat(after.state()).as("restarted by its restart policy").isEqualTo(ContainerState.RUNNING);
        assertThat(runtime.containers.values()).filteredOn(e -> e.request().containerId().equals(worker.id()))
                .extracting(ScriptedRuntime.Entry::state).containsExactly(ContainerState.RUNNING);
    }

    @Test
    void theViewAgreesWithTheStoreAfterMixedOperationsAndAfterARestart() {
        Application shop = deploy(web("shop", "1", "nginx:1"));
        Application blog = deploy(web("blog", "1", "nginx:1"));
        settle(cp.applications().scale(shop.id(), "worker", 3));
        settle(cp.applications().stop(blog.id()));
        settle(cp.applications().start(blog.id()));
        settle(cp.applications().update(shop.id(), web("shop", "2", "nginx:2"), UpdateOptions.DEFAULTS));
        cp.nodes().setLabels(cluster.id(), cp.nodes().list(cluster.id()).get(0).id(), Map.of("tier", "db"));
        Application gone = deploy(web("gone", "1", "nginx:1"));
        settle(cp.applications().delete(gone.id(), AppDeletion.withVolumes()));
        settle(cp.applications().forceStop(blog.id()));
        pass();

        Map<String, Object> seen = state(cp);
        assertThat(seen).as("what the control plane shows is what its store holds").isEqualTo(stored());
        assertThat(cp.applications().list(cluster.id())).extracting(Application::name).containsExactly("shop", "blog");
        assertThat(cp.applications().require(blog.id()).state()).isEqualTo(AppState.STOPPED);
        assertThat(containers(shop.id(), "worker")).as("version 2 declares 2 again").hasSize(2);
        assertThat(containers(shop.id(), "web")).extracting(c -> c.image().toString()).containsOnly("nginx:2");

        cp.close();
        cp = build();
        assertThat(state(cp)).as("a control plane restarted over the store sees the same").isEqualTo(seen);
        Application more = deploy(web("more", "1", "nginx:1"));
        assertThat(cp.applications().containers(more.id())).hasSize(4);
        assertThat(state(cp)).isEqualTo(stored());
    }

    /** Everything the control plane shows of its clusters, nodes, applications and containers, by key. */
    private static Map<String, Object> state(ControlPlane plane) {
        Map<String, Object> out = new TreeMap<>();
        for (Cluster c : plane.clusters().list()) {
            out.put(Entities.CLUSTERS + c.id(), c);
            for (Node n : plane.nodes().list(c.id())) {
                out.put(Entities.NODES + c.id() + "/" + n.id(), n);
            }
            for (Application a : plane.applications().list(c.id())) {
                out.put(Entities.APPS + a.id(), a);
                for (Container k : plane.applications().containers(a.id())) {
                    out.put(ContainerLauncher.key(a.id(), k.id()), k);
                }
            }
        }
        return out;
    }

    /** The same, decoded afresh from the store. */
    private Map<String, Object> stored() {
        Map<String, Object> out = new TreeMap<>();
        Entities fresh = new Entities(counting.inner);
        for (String prefix : List.of(Entities.CLUSTERS, Entities.NODES, Entities.APPS, Entities.CONTAINERS)) {
            for (Entities.Versioned<Object> v : fresh.under(prefix)) {
                out.put(v.key(), v.value());
            }
        }
        return out;
    }

    /** Counts the commits made to an in-memory store. */
    private static final class CountingStore implements StateStore {
        final StateStore inner;
        final AtomicLong commits = new AtomicLong();

        CountingStore(StateStore inner) {
            this.inner = inner;
        }

        @Override
        public Optional<StoredEntry> get(String key) {
            return inner.get(key);
        }

        @Override
        public List<StoredEntry> list(String prefix) {
            return inner.list(prefix);
        }

        @Override
        public List<StoredEntry> commit(List<StoreChange> changes) {
            commits.incrementAndGet();
            return inner.commit(changes);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
