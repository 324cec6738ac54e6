package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Application;
import dev.acs.core.model.Container;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.Node;
import dev.acs.core.spi.RuntimeContainer;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one step of a job sees, read once per step: its application, the nodes of its cluster (shared by the steps
 * of one controller pass) and its containers.
 */
final class JobScene {
    private final EngineContext ctx;
    private final ContainerLauncher launcher;
    private final Application app;
    private final Map<String, Node> nodes;
    private List<Container> containers;

    JobScene(EngineContext ctx, ContainerLauncher launcher, Application app, Map<String, Node> nodes) {
        this.ctx = ctx;
        this.launcher = launcher;
        this.app = app;
        this.nodes = nodes;
        this.containers = launcher.containers(app.id());
    }

    Application app() {
        return app;
    }

    /** The container of a task's replica {@code index}, as recorded. */
    Optional<Container> container(String task, int index) {
        return containers.stream().filter(c -> c.index() == index && c.service().equals(task)).findFirst();
    }

    /** The node a container is on, if the cluster still has it. */
    Optional<Node> node(Container c) {
        return Optional.ofNullable(nodes.get(c.nodeId()));
    }

    /**
     * Reads what the engines say of the containers recorded as running (a run that ended, a container removed
     * behind the control plane's back, a node gone) into their records. A record a launch cut short left without
     * an engine id is left to {@link Healing#syncWithEngines}, which adopts or forgets it.
     *
     * @return whether such a record was found
     */
    boolean syncRunning() {
        boolean unsettled = false;
        for (Container c : containers) {
            if (c.runtimeId() == null) {
                unsettled = true;
                continue;
            }
            if (c.state() != ContainerState.RUNNING) {
                continue; // exited, stopped or created: the engine changes none of these by itself
            }
            Node node = nodes.get(c.nodeId());
            if (node == null) {
                launcher.destroy(null, c, false, false); // its node is gone: the run is lost
            } else if (node.state().runsContainers()) {
                try {
                    RuntimeContainer rc = ctx.requireRuntime().inspect(node, c.runtimeId(), ctx.callTimeout());
                    if (rc.state() != c.state()) {
                        launcher.adopt(c, rc);
                    }
                } catch (AcsException e) {
                    if (e.code() != ErrorCode.NOT_FOUND) {
                        throw e;
                    }
                    launcher.destroy(node, c, false, false);
                }
            }
        }
        reload();
        return unsettled;
    }

    /** Reads the containers' records again. */
    void reload() {
        containers = launcher.containers(app.id());
    }
}
