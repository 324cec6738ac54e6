package dev.acs.cloud.swarm;

import com.github.dockerjava.api.model.ContainerSpecConfig;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.FileMount;
import dev.acs.core.model.ServiceSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An application's secrets and configs from files as Swarm secrets and configs. Each file is read here (where the
 * template is) and becomes one Swarm object named {@code <app>_<name>_<first 12 hex digits of its SHA-256>}: Swarm
 * objects cannot change, so a changed file is a new object, and an update creates the ones that are new. Each service
 * mounts them where Compose mounts them ({@code /run/secrets/<name>} for a secret, {@code /<name>} for a config,
 * or the declared target), read-only, mode 0444. A secret must be text in the JVM's default charset: docker-java
 * takes a secret's content as a string and encodes it with that charset (configs take bytes).
 */
final class SwarmFiles {
    /** One Swarm secret or config to create. */
    record SwarmFile(FileMount.Kind kind, String swarmName, byte[] data) {
    }

    private static final long MODE = 0444;
    private static final String SECRETS = "/run/secrets/";

    private final Map<String, SwarmFile> files;
    private final Map<String, List<FileMount>> mountsByService;
    private final Map<String, String> swarmNames;

    private SwarmFiles(Map<String, SwarmFile> files, Map<String, List<FileMount>> mountsByService,
                       Map<String, String> swarmNames) {
        this.files = files;
        this.mountsByService = mountsByService;
        this.swarmNames = swarmNames;
    }

    /** Reads every secret and config file of {@code app}; a file that cannot be read is a problem of its service. */
    static SwarmFiles of(AppSpec app, List<SwarmProblem> problems) {
        Map<String, SwarmFile> files = new LinkedHashMap<>();
        Map<String, List<FileMount>> mounts = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (ServiceSpec s : app.services()) {
            for (FileMount m : s.container().files()) {
                String key = key(m);
                if (!names.containsKey(key)) {
                    byte[] data;
                    try {
                        data = Files.readAllBytes(Path.of(m.source()));
                    } catch (IOException | RuntimeException e) {
                        problems.add(new SwarmProblem(s.name(), kind(m) + "s." + m.name(), "the file " + m.source()
                                + " cannot be read here (" + e.getMessage() + "): Swarm takes the " + kind(m)
                                + " from this machine; make the file readable"));
                        continue;
                    }
                    if (m.kind() == FileMount.Kind.SECRET && !isText(data)) {
                        problems.add(new SwarmProblem(s.name(), "secrets." + m.name(), "the file " + m.source()
                                + " is not text in this JVM's charset (" + Charset.defaultCharset() + "), and this "
                                + "runtime hands secrets to Swarm as text: store the secret as text (base64 for binary)"));
                        continue;
                    }
                    String swarmName = app.name() + "_" + m.name() + "_" + digest(data);
                    names.put(key, swarmName);
                    files.put(swarmName, new SwarmFile(m.kind(), swarmName, data));
                }
                mounts.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(m);
            }
        }
        return new SwarmFiles(files, mounts, names);
    }

    /** The Swarm secrets and configs to create, each once. */
    List<SwarmFile> files() {
        return List.copyOf(files.values());
    }

    /** The secrets a service mounts. */
    List<ContainerSpecSecret> secrets(String service) {
        return mounts(service, FileMount.Kind.SECRET).stream().map(m -> new ContainerSpecSecret()
                .withSecretName(swarmNames.get(key(m))).withFile(file(m))).toList();
    }

    /** The configs a service mounts. */
    List<ContainerSpecConfig> configs(String service) {
        return mounts(service, FileMount.Kind.CONFIG).stream().map(m -> new ContainerSpecConfig()
                .withConfigName(swarmNames.get(key(m))).withFile(file(m))).toList();
    }

    /**
     * Sets the Swarm ids of the secrets and configs {@code spec} mounts (Swarm wants the id beside the name), from the
     * ids by name of the objects on the swarm.
     */
    static void bind(com.github.dockerjava.api.model.ServiceSpec spec, Map<String, String> ids) {
        var container = spec.getTaskTemplate().getContainerSpec();
        if (container.getSecrets() != null) {
            container.getSecrets().forEach(s -> s.withSecretId(ids.get(s.getSecretName())));
        }
        if (container.getConfigs() != null) {
            container.getConfigs().forEach(c -> c.withConfigID(ids.get(c.getConfigName())));
        }
    }

    private List<FileMount> mounts(String service, FileMount.Kind kind) {
        return mountsByService.getOrDefault(service, List.of()).stream()
                .filter(m -> m.kind() == kind && swarmNames.containsKey(key(m))).toList();
    }

    /** The file as Swarm names it: a secret under {@value #SECRETS} by its name there, anything else by its path. */
    private static ContainerSpecFile file(FileMount m) {
        String target = m.kind() == FileMount.Kind.SECRET && m.target().startsWith(SECRETS)
                ? m.target().substring(SECRETS.length()) : m.target();
        return new ContainerSpecFile().withName(target).withUid("0").withGid("0").withMode(MODE);
    }

    private static String key(FileMount m) {
        return m.kind() + "/" + m.name();
    }

    private static String kind(FileMount m) {
        return m.kind() == FileMount.Kind.SECRET ? "secret" : "config";
    }

    /** Whether {@code data} decodes in the default charset, the one docker-java encodes a secret's text with. */
    private static boolean isText(byte[] data) {
        try {
            Charset.defaultCharset().newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String digest(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
