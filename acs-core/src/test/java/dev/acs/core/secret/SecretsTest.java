package dev.acs.core.secret;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.event.Event;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.BlueGreenRelease;
import dev.acs.core.model.CreationMode;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.ServiceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class SecretsTest {
    private static final String PASSWORD = "Hunter2-very-secret";
    private static final String TOKEN = "tok-8f3a9c";

    private final SecretPolicy before = Secrets.policy();

    @AfterEach
    void restorePolicy() {
        Secrets.use(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MYSQL_ROOT_PASSWORD", "db.password", "Db-Password", "passwd", "GITHUB_TOKEN",
            "token", "AWS_SECRET_ACCESS_KEY", "client_secret", "ALIYUN_ACCESS_KEY_ID", "accessKey", "STRIPE_API_KEY",
            "apikey", "GOOGLE_CREDENTIALS", "SSH_PRIVATE_KEY", "gpg_passphrase"})
    void namesLikeSecretsAreSecretsWhateverTheirCase(String name) {
        assertThat(SecretPolicy.defaults().isSecretName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PATH", "HOME", "PWD", "JAVA_OPTS", "constraint:zone==a", "aliyun.scale", "KEYBOARD", ""})
    void ordinaryNamesAreNotSecrets(String name) {
        assertThat(SecretPolicy.defaults().isSecretName(name)).isFalse();
    }

    @Test
    void hostPatternsAndMarkedNamesWidenThePolicyWithoutChangingTheOriginal() {
        SecretPolicy wide = SecretPolicy.defaults().withNamePatterns(List.of("*_pwd", "mysql_?ser"))
                .withSecretNames(List.of("db_url"));
        assertThat(wide.isSecretName("ROOT_PWD")).isTrue();
        assertThat(wide.isSecretName("MYSQL_USER")).isTrue();
        assertThat(wide.isSecretName("db_url")).isTrue();
        assertThat(wide.isSecretName("DB_URL")).as("marked names match exactly").isFalse();
        assertThat(wide.isSecretName("ROOT_PWD_FILE")).as("globs match the whole name").isFalse();
        assertThat(SecretPolicy.defaults().isSecretName("ROOT_PWD")).isFalse();
        assertThat(wide.toString()).contains("*_pwd").doesNotContain(PASSWORD);
    }

    @ParameterizedTest
    @CsvSource({"*, ''", "*, ANY", "?, A", "A?C, ABC", "A*C, AC", "A*C, ABBBC", "*A*A*B, AXAYB", "**X, X",
            "*PASSWORD*, DB_PASSWORD_FILE"})
    void globsMatchTheWholeName(String glob, String name) {
        assertThat(SecretPolicy.globMatches(glob, name)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"?, ''", "?, AB", "A?C, AC", "A*C, ACB", "*A*A*B, AAA", "X, ''", "*PASSWORD*, PASSWOR"})
    void globsRefuseWhatTheyDoNotCover(String glob, String name) {
        assertThat(SecretPolicy.globMatches(glob, name)).isFalse();
    }

    @Test
    void aHostPatternWithManyStarsDoesNotBacktrackForever() {
        // As a regular expression, (.*A){6}.*B against 3,000 A's backtracks for hours.
        SecretPolicy policy = SecretPolicy.defaults().withNamePatterns(List.of("*A*A*A*A*A*A*B"));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThat(policy.isSecretName("A".repeat(3_000))).isFalse();
            assertThat(policy.isSecretName("A".repeat(3_000) + "B")).isTrue();
        });
    }

    @Test
    void markedValuesAreRedactedInTextLongestFirstAndShortOnesOnlyAsWholeValues() {
        SecretPolicy p = SecretPolicy.none().withSecretValues(List.of("abc", PASSWORD, "Hunter2"));
        assertThat(p.redact("'" + PASSWORD + "' is not a byte size")).isEqualTo("'******' is not a byte size");
        assertThat(p.redact("abc and Hunter2")).isEqualTo("abc and ******");
        assertThat(p.mask("X", "abc")).isEqualTo(Secrets.MASK);
        assertThat(p.redact(null)).isNull();
        assertThat(p.toString()).doesNotContain("Hunter2").contains("3 marked");
    }

    @Test
    void variablesNamedLikeSecretsMarkTheirValues() {
        SecretPolicy p = SecretPolicy.defaults().withSecretValuesOf(Map.of("DB_PASSWORD", PASSWORD, "SIZE", "1g"));
        assertThat(p.redact("memory: " + PASSWORD + "; size 1g")).isEqualTo("memory: ******; size 1g");
        assertThat(SecretPolicy.defaults().withSecretValuesOf(Map.of("SIZE", "1g")))
                .isSameAs(SecretPolicy.defaults());
    }

    @Test
    void maskKeepsOrderAndReturnsTheSameMapWhenNothingIsSecret() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("B", "1");
        env.put("API_TOKEN", TOKEN);
        env.put("A", "2");
        assertThat(SecretPolicy.defaults().mask(env)).containsExactly(Map.entry("B", "1"),
                Map.entry("API_TOKEN", Secrets.MASK), Map.entry("A", "2"));
        Map<String, String> plain = Map.of("A", "1");
        assertThat(SecretPolicy.defaults().mask(plain)).isSameAs(plain);
    }

    @Test
    void toStringOfSpecsAndApplicationsMasksSecretEnvironmentValuesAndTemplates() {
        ServiceSpec web = ServiceSpec.builder("web").image(ImageRef.parse("nginx"))
                .env("MYSQL_PASSWORD", PASSWORD).env("API_TOKEN", TOKEN).env("MODE", "prod")
                .build();
        AppSpec spec = AppSpec.builder("shop").service(web).build();
        String template = "web:\n  environment:\n    MYSQL_PASSWORD: " + PASSWORD + "\n";
        Application app = Application.builder().id("a-1").clusterId("c-1").spec(spec).mode(CreationMode.TEMPLATE)
                .template(template).state(AppState.READY).createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH).build();

        for (Object o : List.of(web, spec, app)) {
            assertThat(o.toString()).doesNotContain(PASSWORD).doesNotContain(TOKEN)
                    .contains("MYSQL_PASSWORD=******").contains("MODE=prod");
        }
        assertThat(web.toString()).startsWith("ServiceSpec[name=web, image=").contains("scale=1");
        assertThat(app.toString()).contains("template=<" + template.length() + " characters>");
    }

    @Test
    void blueGreenReleasesPrintTemplatesAsLengths() {
        AppSpec v1 = AppSpec.builder("shop").service(ServiceSpec.builder("web").image(ImageRef.parse("nginx:1"))
                .env("DB_PASSWORD", PASSWORD).build()).build();
        AppSpec v2 = AppSpec.builder("shop").service(ServiceSpec.builder("web2").image(ImageRef.parse("nginx:2"))
                .env("DB_PASSWORD", PASSWORD).build()).build();
        BlueGreenRelease r = new BlueGreenRelease(v1, "a: " + PASSWORD, v2, null, List.of("web"), List.of("web2"),
                Map.of("web", 100, "web2", 0), Instant.EPOCH);
        assertThat(r.toString()).doesNotContain(PASSWORD).contains("oldTemplate=<").contains("newTemplate=null");
    }

    @Test
    void hostMarkedValuesNeverReachExceptionsOrEvents() {
        Secrets.use(SecretPolicy.defaults().withSecretValues(List.of(PASSWORD)));
        AcsException e = new AcsException(ErrorCode.INVALID_ARGUMENT, "'" + PASSWORD + "' is not a byte size",
                Map.of("value", PASSWORD, "api_token", TOKEN), null);
        assertThat(e.getMessage()).isEqualTo("INVALID_ARGUMENT: '******' is not a byte size");
        assertThat(e.reason()).doesNotContain(PASSWORD);
        assertThat(e.details()).containsEntry("value", Secrets.MASK).containsEntry("api_token", Secrets.MASK);

        Event ev = new Event(Instant.EPOCH, "application", "a-1", "PROGRESS", "set password " + PASSWORD,
                Map.of("SECRET_KEY", "x", "from", "RUNNING"));
        assertThat(ev.message()).isEqualTo("set password ******");
        assertThat(ev.attributes()).containsEntry("SECRET_KEY", Secrets.MASK).containsEntry("from", "RUNNING");
    }

    @Test
    void aHostPolicyAppliesToToString() {
        ServiceSpec s = ServiceSpec.builder("web").image(ImageRef.parse("nginx")).env("DB_URL", "mysql://u:p@db")
                .build();
        assertThat(s.toString()).contains("mysql://u:p@db");
        Secrets.use(Secrets.policy().withSecretNames(List.of("DB_URL")));
        assertThat(s.toString()).doesNotContain("mysql://u:p@db").contains("DB_URL=******");
    }
}
