package dev.acs.core.engine;

import dev.acs.core.model.AppKind;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.ServiceSpec;

/**
 * Who asks an application to match its declaration, which decides what convergence may do to containers that do
 * not run, by workload kind:
 * <ul>
 *   <li>an online service's exited container is started again by an operation the user asked for (deploy, start,
 *       redeploy, scale, change of configuration); a reconcile pass, an adoption or a restart of the host start it
 *       again only when its {@link dev.acs.core.model.RestartPolicy restart policy} says so (a declared
 *       {@code restart: "no"} means no);</li>
 *   <li>a batch or scheduled job's container that finished (exited with code 0, or with no code known) is never
 *       started again; one that failed is started again only by an operation the user asked for (retries of jobs
 *       are theirs to decide).</li>
 * </ul>
 * A container that was created but never started is started in every case.
 */
enum Convergence {
    /** An operation the user asked for: every service, missing containers of global services included. */
    REQUESTED,
    /** The convergence controller: restarts by policy, recreates missing replicas; global services keep their nodes. */
    HEAL,
    /** The global-services controller: places global services on the nodes that have none yet. */
    GLOBAL;

    /** Whether missing containers of a global service are placed (on nodes that have none). */
    boolean extendsGlobalServices() {
        return this != HEAL;
    }

    /**
     * Whether a running container's probe is run again before its service counts as converged: always for an
     * operation the user asked for; for the controllers only when the container is not known to be healthy (a pass
     * with nothing to do probes nothing and writes nothing).
     */
    boolean probesAgain(Container c) {
        return this == REQUESTED || c.health() != HealthStatus.HEALTHY;
    }

    /** Whether {@code c}, which does not run, is started again. */
    boolean startsAgain(AppSpec app, ServiceSpec service, Container c) {
        if (c.state() == ContainerState.CREATED) {
            return true;
        }
        boolean job = app.kind() == AppKind.BATCH || app.kind() == AppKind.SCHEDULED;
        if (job && c.state() == ContainerState.EXITED && (c.exitCode() == null || c.exitCode() == 0)) {
            return false;
        }
        if (this == REQUESTED) {
            return true;
        }
        if (job) {
            return false;
        }
        return service.restart().restartsAfterExit(c.state() == ContainerState.EXITED ? c.exitCode() : null);
    }
}
