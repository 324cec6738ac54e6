package dev.acs.cloud.swarm;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Config;
import com.github.dockerjava.api.model.Secret;
import com.github.dockerjava.api.model.SecretSpec;
import dev.acs.core.model.FileMount;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates and removes the Swarm secrets and configs of applications ({@link SwarmFiles}), labelled with the
 * application like its services, so that removing the application removes them too.
 */
final class SwarmFileObjects {
    /** A secret or config this class created, by id. */
    record Made(FileMount.Kind kind, String id) {
    }

    private final ManagerConnection managers;

    SwarmFileObjects(ManagerConnection managers) {
        this.managers = managers;
    }

    /**
     * Creates the secrets and configs of {@code files} that do not exist yet (an update keeps those whose content did
     * not change: their name holds a digest of it); returns what it created. When one creation fails, what it created
     * before is removed again and the failure is thrown.
     */
    List<Made> create(String app, SwarmFiles files, Duration timeout) {
        Set<String> existing = ids(app, timeout).keySet();
        List<Made> made = new ArrayList<>();
        Map<String, String> labels = Map.of(SwarmLabels.APP, app, SwarmLabels.ORCHESTRATOR, "swarm");
        try {
            for (SwarmFiles.SwarmFile f : files.files()) {
                if (existing.contains(f.swarmName())) {
                    continue;
                }
                if (f.kind() == FileMount.Kind.SECRET) {
                    made.add(new Made(f.kind(), managers.call("creating secret " + f.swarmName(), timeout,
                            c -> c.createSecretCmd(new SecretSpec().withName(f.swarmName()).withLabels(labels)
                                    .withData(new String(f.data(), Charset.defaultCharset()))).exec().getId())));
                } else {
                    made.add(new Made(f.kind(), managers.call("creating config " + f.swarmName(), timeout,
                            c -> c.createConfigCmd().withName(f.swarmName()).withLabels(labels).withData(f.data())
                                    .exec().getId())));
                }
            }
        } catch (RuntimeException e) {
            remove(made, timeout, e);
            throw e;
        }
        return made;
    }

    /** Removes every secret and config of the application. */
    void removeAll(String app, Duration timeout) {
        for (Secret s : secrets(app, timeout)) {
            removeSecret(s.getId(), timeout);
        }
        for (Config c : configs(app, timeout)) {
            removeConfig(c.getId(), timeout);
        }
    }

    /** Removes what {@link #create} made, adding failures to {@code cause}. */
    void remove(List<Made> made, Duration timeout, RuntimeException cause) {
        for (Made m : made) {
            try {
                if (m.kind() == FileMount.Kind.SECRET) {
                    removeSecret(m.id(), timeout);
                } else {
                    removeConfig(m.id(), timeout);
                }
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** The ids by name of the application's secrets and configs on the swarm. */
    Map<String, String> ids(String app, Duration timeout) {
        Map<String, String> ids = new HashMap<>();
        secrets(app, timeout).forEach(s -> ids.put(s.getSpec().getName(), s.getId()));
        configs(app, timeout).forEach(c -> ids.put(c.getSpec().getName(), c.getId()));
        return ids;
    }

    private List<Secret> secrets(String app, Duration timeout) {
        return managers.call("listing secrets of " + app, timeout, c -> c.listSecretsCmd()
                .withLabelFilter(Map.of(SwarmLabels.APP, app, SwarmLabels.ORCHESTRATOR, "swarm")).exec());
    }

    private List<Config> configs(String app, Duration timeout) {
        return managers.call("listing configs of " + app, timeout, c -> c.listConfigsCmd()
                .withFilters(Map.of("label", List.of(SwarmLabels.APP + "=" + app,
                        SwarmLabels.ORCHESTRATOR + "=swarm"))).exec());
    }

    private void removeSecret(String id, Duration timeout) {
        managers.call("removing secret " + id, timeout, c -> {
            try {
                c.removeSecretCmd(id).exec();
            } catch (NotFoundException e) {
                // already gone
            }
            return null;
        });
    }

    private void removeConfig(String id, Duration timeout) {
        managers.call("removing config " + id, timeout, c -> {
            try {
                c.removeConfigCmd(id).exec();
            } catch (NotFoundException e) {
                // already gone
            }
            return null;
        });
    }
}
