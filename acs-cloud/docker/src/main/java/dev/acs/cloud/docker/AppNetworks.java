package dev.acs.cloud.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;

import java.util.List;
import java.util.Map;

/**
 * One user-defined bridge network per application on each engine ({@code acs-<app>}, labelled with the application),
 * for services that ask for it ({@link dev.acs.core.model.ContainerSettings#appNetwork()}): on it the engine's DNS
 * resolves every service by its name and aliases, as on the default network of docker compose. The network is made
 * with the application's first container on an engine and removed with its last.
 */
final class AppNetworks {
    private AppNetworks() {
    }

    /** The network's name for an application. */
    static String name(String app) {
        return "acs-" + app;
    }

    /** Creates the application's network unless the engine has it. */
    static void ensure(DockerClient client, String app) {
        String name = name(app);
        if (find(client, name) != null) {
            return;
        }
        try {
            client.createNetworkCmd().withName(name).withDriver("bridge").withCheckDuplicate(true)
                    .withLabels(Map.of(DockerLabels.APP, app)).exec();
        } catch (ConflictException raced) {
            // made by a concurrent create of the same application
        }
    }

    /** Removes the application's network when no container is on it any more. */
    static void removeIfUnused(DockerClient client, String app) {
        Network n = find(client, name(app));
        if (n == null || n.getLabels() == null || !app.equals(n.getLabels().get(DockerLabels.APP))) {
            return;
        }
        try {
            Network inspected = client.inspectNetworkCmd().withNetworkId(n.getId()).exec();
            if (inspected.getContainers() == null || inspected.getContainers().isEmpty()) {
                client.removeNetworkCmd(n.getId()).exec();
            }
        } catch (NotFoundException | ConflictException stillUsedOrGone) {
            // another container joined, or another removal won
        }
    }

    private static Network find(DockerClient client, String name) {
        List<Network> found = client.listNetworksCmd().withNameFilter(name).exec();
        return found.stream().filter(n -> name.equals(n.getName())).findFirst().orElse(null);
    }
}
