package dev.acs.cloud.aliyun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An AccessKey pair (and optional STS security token) for signing ECS requests. The secret never appears in
 * {@link #toString()}, so a credentials object may be logged safely.
 *
 * <p>Sources: explicit values ({@link #of}), the environment variables {@value #ENV_ACCESS_KEY_ID},
 * {@value #ENV_ACCESS_KEY_SECRET} and optionally {@value #ENV_SECURITY_TOKEN} ({@link #fromEnvironment}), or a
 * profile file in the format of the Alibaba Cloud CLI, {@code ~/.aliyun/config.json} ({@link #fromProfileFile}).
 * {@link #resolve} tries the environment, then the default profile file.
 */
public final class AliyunCredentials {
    /** Environment variable holding the AccessKey ID. */
    public static final String ENV_ACCESS_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID";
    /** Environment variable holding the AccessKey secret. */
    public static final String ENV_ACCESS_KEY_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
    /** Environment variable holding an STS security token (optional). */
    public static final String ENV_SECURITY_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN";

    private final String accessKeyId;
    private final String accessKeySecret;
    private final String securityToken;

    private AliyunCredentials(String accessKeyId, String accessKeySecret, String securityToken) {
        if (accessKeyId == null || accessKeyId.isBlank() || accessKeySecret == null || accessKeySecret.isBlank()) {
            throw new AcsException(ErrorCode.UNAUTHORIZED,
                    "Alibaba Cloud credentials need both an AccessKey ID and an AccessKey secret");
        }
        this.accessKeyId = accessKeyId.trim();
        this.accessKeySecret = accessKeySecret.trim();
        this.securityToken = securityToken == null || securityToken.isBlank() ? null : securityToken.trim();
    }

    /** Credentials from explicit values. */
    public static AliyunCredentials of(String accessKeyId, String accessKeySecret) {
        return new AliyunCredentials(accessKeyId, accessKeySecret, null);
    }

    /** STS credentials: an AccessKey pair with its security token. */
    public static AliyunCredentials of(String accessKeyId, String accessKeySecret, String securityToken) {
        return new AliyunCredentials(accessKeyId, accessKeySecret, securityToken);
    }

    /**
     * Credentials from environment variables ({@code System.getenv()} or a map given by the host).
     *
     * @return empty when {@value #ENV_ACCESS_KEY_ID} or {@value #ENV_ACCESS_KEY_SECRET} is unset
     */
    public static Optional<AliyunCredentials> fromEnvironment(Map<String, String> environment) {
        String id = environment.get(ENV_ACCESS_KEY_ID);
        String secret = environment.get(ENV_ACCESS_KEY_SECRET);
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new AliyunCredentials(id, secret, environment.get(ENV_SECURITY_TOKEN)));
    }

    /**
     * Credentials from a CLI profile file: {@code {"current":"default","profiles":[{"name":"default","mode":"AK",
     * "access_key_id":"...","access_key_secret":"..."}]}}. Modes {@code AK} and {@code StsToken} (with
     * {@code sts_token}) are read; other modes (RAM role, ECS instance role) need a live service and are refused.
     *
     * @param file    the profile file
     * @param profile the profile name, or {@code null} for the file's {@code current} profile
     */
    public static AliyunCredentials fromProfileFile(Path file, String profile) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new AcsException(ErrorCode.UNAUTHORIZED, "cannot read the Alibaba Cloud profile file " + file
                    + ": " + e.getMessage() + "; check that it exists and is valid JSON", e);
        }
        String wanted = profile != null ? profile : root.path("current").asText("default");
        if (wanted.isEmpty()) {
            wanted = "default";
        }
        for (JsonNode p : root.path("profiles")) {
            if (!wanted.equals(p.path("name").asText())) {
                continue;
            }
            String mode = p.path("mode").asText("AK");
            if (!mode.equals("AK") && !mode.equals("StsToken")) {
                throw new AcsException(ErrorCode.UNAUTHORIZED, "profile '" + wanted + "' in " + file + " has mode '"
                        + mode + "'; only AK and StsToken profiles are supported: configure an AccessKey profile");
            }
            return new AliyunCredentials(p.path("access_key_id").asText(null), p.path("access_key_secret").asText(null),
                    mode.equals("StsToken") ? p.path("sts_token").asText(null) : null);
        }
        throw new AcsException(ErrorCode.UNAUTHORIZED, "the profile file " + file + " has no profile named '"
                + wanted + "': name an existing profile");
    }

    /**
     * The first credentials found in: the environment, then {@code ~/.aliyun/config.json} (its current profile).
     *
     * @param environment the environment variables (usually {@code System.getenv()})
     * @param userHome    the user's home directory (usually {@code System.getProperty("user.home")})
     */
    public static AliyunCredentials resolve(Map<String, String> environment, Path userHome) {
        Optional<AliyunCredentials> env = fromEnvironment(environment);
        if (env.isPresent()) {
            return env.get();
        }
        Path file = userHome.resolve(".aliyun").resolve("config.json");
        if (Files.isRegularFile(file)) {
            return fromProfileFile(file, null);
        }
        throw new AcsException(ErrorCode.UNAUTHORIZED, "no Alibaba Cloud credentials found: set "
                + ENV_ACCESS_KEY_ID + " and " + ENV_ACCESS_KEY_SECRET + ", create " + file
                + ", or pass credentials explicitly");
    }

    /** The AccessKey ID (not secret; it names the key). */
    public String accessKeyId() {
        return accessKeyId;
    }

    /** The AccessKey secret; never log it. */
    public String accessKeySecret() {
        return accessKeySecret;
    }

    /** The STS security token, if these are STS credentials. */
    public Optional<String> securityToken() {
        return Optional.ofNullable(securityToken);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AliyunCredentials c && c.accessKeyId.equals(accessKeyId)
                && c.accessKeySecret.equals(accessKeySecret) && Objects.equals(c.securityToken, securityToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accessKeyId, accessKeySecret, securityToken);
    }

    /** Shows the key id with its middle masked, and never the secret or token. */
    @Override
    public String toString() {
        String id = accessKeyId.length() <= 6 ? "****"
                : accessKeyId.substring(0, 3) + "****" + accessKeyId.substring(accessKeyId.length() - 3);
        return "AliyunCredentials[accessKeyId=" + id + ", accessKeySecret=****"
                + (securityToken != null ? ", securityToken=****" : "") + "]";
    }
}
