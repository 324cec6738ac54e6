package dev.acs.examples.cli;

import dev.acs.cloud.docker.DockerHostPool;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.StateStore;

/**
 * A control plane over the state of {@code acs deploy --state} that does not manage anything: no scheduler (so no
 * adoption pass) and no reconcile passes, for the commands that read that state ({@code logs}, {@code routes},
 * {@code triggers}).
 */
final class StatePlane {
    private StatePlane() {
    }

    /** A plane that only reads and writes the state: no runtime, so no engine is ever called. */
    static ControlPlane stateOnly(StateStore store) {
        return builder(store).build();
    }

    /** A plane that reaches the nodes' engines through {@code runtime}, at the addresses kept in the state. */
    static ControlPlane reading(StateStore store, ContainerRuntime runtime) {
        return builder(store).runtime(runtime).build();
    }

    private static ControlPlane.Builder builder(StateStore store) {
        // a placeholder machine pool: the plane needs one, these commands never create machines
        DockerHostPool pool = DockerHostPool.builder(Zone.of("local"))
                .host("state-only", "unix:///dev/null", new Resources(100, 1L << 30, 0)).build();
        return ControlPlane.builder().infrastructure(pool).stateStore(store).reconcileEvery(null);
    }
}
