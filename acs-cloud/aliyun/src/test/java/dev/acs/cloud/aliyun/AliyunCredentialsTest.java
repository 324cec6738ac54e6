package dev.acs.cloud.aliyun;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AliyunCredentialsTest {
    private static final String PROFILES = """
            {"current": "work", "profiles": [
              {"name": "default", "mode": "AK", "access_key_id": "LTAIdefault000", "access_key_secret": "default-secret",
               "region_id": "cn-hangzhou"},
              {"name": "work", "mode": "AK", "access_key_id": "LTAIwork000111", "access_key_secret": "work-secret"},
              {"name": "sts", "mode": "StsToken", "access_key_id": "STS.key", "access_key_secret": "sts-secret",
               "sts_token": "token-value"},
              {"name": "role", "mode": "EcsRamRole", "ram_role_name": "r"}
            ]}""";

    @TempDir
    Path home;

    @Test
    void explicitValuesAreKeptAndTheSecretNeverShows() {
        AliyunCredentials c = AliyunCredentials.of("LTAI5tExampleKey", "very-secret-value");
        assertThat(c.accessKeyId()).isEqualTo("LTAI5tExampleKey");
        assertThat(c.accessKeySecret()).isEqualTo("very-secret-value");
        assertThat(c.securityToken()).isEmpty();
        assertThat(c.toString()).doesNotContain("very-secret-value").doesNotContain("ExampleKey").contains("LTA****Key");
        AliyunCredentials sts = AliyunCredentials.of("id", "secret-x", "token-x");
        assertThat(sts.toString()).doesNotContain("secret-x").doesNotContain("token-x");
    }

    @Test
    void missingPartsAreRefused() {
        assertThatThrownBy(() -> AliyunCredentials.of("id", " "))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        assertThatThrownBy(() -> AliyunCredentials.of(null, "s")).isInstanceOf(AcsException.class);
    }

    @Test
    void environmentVariablesAreRead() {
        assertThat(AliyunCredentials.fromEnvironment(Map.of())).isEmpty();
        assertThat(AliyunCredentials.fromEnvironment(Map.of(AliyunCredentials.ENV_ACCESS_KEY_ID, "id"))).isEmpty();
        AliyunCredentials c = AliyunCredentials.fromEnvironment(Map.of(AliyunCredentials.ENV_ACCESS_KEY_ID, "id",
                AliyunCredentials.ENV_ACCESS_KEY_SECRET, "secret", AliyunCredentials.ENV_SECURITY_TOKEN, "tok"))
                .orElseThrow();
        assertThat(c).isEqualTo(AliyunCredentials.of("id", "secret", "tok"));
    }

    @Test
    void profileFilesAreReadByNameOrCurrentProfile() throws IOException {
        Path file = write(PROFILES);
        assertThat(AliyunCredentials.fromProfileFile(file, null).accessKeyId()).isEqualTo("LTAIwork000111");
        assertThat(AliyunCredentials.fromProfileFile(file, "default").accessKeySecret()).isEqualTo("default-secret");
        assertThat(AliyunCredentials.fromProfileFile(file, "sts").securityToken()).contains("token-value");
    }

    @Test
    void badProfilesSayWhatToChange() throws IOException {
        Path file = write(PROFILES);
        assertThatThrownBy(() -> AliyunCredentials.fromProfileFile(file, "nope"))
                .hasMessageContaining("no profile named 'nope'");
        assertThatThrownBy(() -> AliyunCredentials.fromProfileFile(file, "role"))
                .hasMessageContaining("mode 'EcsRamRole'");
        Path broken = write("{not json");
        assertThatThrownBy(() -> AliyunCredentials.fromProfileFile(broken, null))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED))
                .hasMessageContaining("valid JSON");
    }

    @Test
    void resolvePrefersTheEnvironmentThenTheProfileFile() throws IOException {
        assertThatThrownBy(() -> AliyunCredentials.resolve(Map.of(), home))
                .hasMessageContaining(AliyunCredentials.ENV_ACCESS_KEY_ID);
        write(PROFILES);
        assertThat(AliyunCredentials.resolve(Map.of(), home).accessKeyId()).isEqualTo("LTAIwork000111");
        assertThat(AliyunCredentials.resolve(Map.of(AliyunCredentials.ENV_ACCESS_KEY_ID, "env-id",
                AliyunCredentials.ENV_ACCESS_KEY_SECRET, "env-secret"), home).accessKeyId()).isEqualTo("env-id");
    }

    private Path write(String content) throws IOException {
        Path dir = Files.createDirectories(home.resolve(".aliyun"));
        return Files.writeString(dir.resolve("config.json"), content);
    }
}
