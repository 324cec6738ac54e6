package dev.acs.examples.cli;

import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code --cluster NAME} option of the commands that work on what {@code acs deploy --state} kept
 * ({@code logs}, {@code routes}, {@code serve}, {@code triggers}), and the lookups by that name.
 */
final class ClusterOption {
    @Option(names = "--cluster", paramLabel = "NAME", defaultValue = "local",
            description = "Cluster name (default: ${DEFAULT-VALUE}).")
    String name;

    /** The cluster of that name in the plane's state, if there is one. */
    Optional<Cluster> cluster(ControlPlane plane) {
        return plane.clusters().list().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The application {@code app} of the cluster of that name, if there is one. */
    Optional<Application> application(ControlPlane plane, String app) {
        return plane.clusters().list().stream().filter(c -> c.name().equals(name))
                .flatMap(c -> plane.applications().list(c.id()).stream()).filter(a -> a.name().equals(app))
                .findFirst();
    }

    /**
     * The application {@code app} of the cluster of that name.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} naming the application, the cluster and the state directory
     */
    Application requireApplication(ControlPlane plane, String app, Path state) {
        return application(plane, app).orElseThrow(() -> AcsException.invalidArgument(noApplication(app, state)));
    }

    /** {@code no application 'APP' in cluster 'NAME' of STATE}. */
    String noApplication(String app, Path state) {
        return "no application '" + app + "' in cluster '" + name + "' of " + state;
    }
}
