package dev.acs.compose;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Diagnostics never echo the value of a variable or environment entry whose name looks secret. */
class SecretMaskingTest {

    @Test
    void aSubstitutedSecretIsMasked() {
        ParseResult r = Templates.parse("web:\n  image: nginx\n  mem_limit: ${DB_PASSWORD}\n",
                ParseOptions.builder().variable("DB_PASSWORD", "Hunter2-very-secret").build());
        assertThat(r.withCode(DiagnosticCode.KEY_009)).singleElement().satisfies(d -> {
            assertThat(d.message()).doesNotContain("Hunter2").contains("******");
            assertThat(d.line()).isEqualTo(3);
        });
    }

    @Test
    void everySecretLookingNameIsCovered() {
        for (String name : new String[] {"DB_PASSWORD", "app_secret", "GITHUB_TOKEN", "API_KEY", "aws_credentials",
                "ssh_private_key", "mysql_passwd", "GPG_PASSPHRASE", "ACCESSKEY_ID"}) {
            ParseResult r = Templates.parse("web:\n  image: nginx\n  labels:\n    aliyun.scale: ${" + name + ":-x}\n",
                    ParseOptions.builder().variable(name, "s3cr3t-value").build());
            assertThat(r.diagnostics()).as(name).isNotEmpty()
                    .allSatisfy(d -> assertThat(d.message()).doesNotContain("s3cr3t-value"));
        }
    }

    @Test
    void dashedAndDottedNamesCountToo() {
        ParseResult r = Templates.parse("""
                web:
                  image: nginx
                  mem_limit: open-sesame
                  environment:
                    db.password: open-sesame
                """);
        assertThat(r.withCode(DiagnosticCode.KEY_009)).singleElement()
                .satisfies(d -> assertThat(d.message()).doesNotContain("open-sesame"));
    }

    @Test
    void aSecretContainingAnotherIsMaskedWhole() {
        ParseResult r = Templates.parse("web:\n  image: nginx\n  mem_limit: ${A_TOKEN}\n  cpu_shares: ${B_TOKEN}\n",
                ParseOptions.builder().variable("A_TOKEN", "abcd").variable("B_TOKEN", "abcdefgh").build());
        assertThat(r.errors()).hasSize(2).allSatisfy(d -> assertThat(d.message()).doesNotContain("abcd", "efgh"));
    }

    @Test
    void anOrdinaryVariableIsShown() {
        ParseResult r = Templates.parse("web:\n  image: nginx\n  mem_limit: ${SIZE}\n",
                ParseOptions.builder().variable("SIZE", "lots-of-memory").build());
        assertThat(r.withCode(DiagnosticCode.KEY_009)).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("lots-of-memory"));
    }

    @Test
    void aSecretEnvironmentValueIsMaskedWhereverItIsEchoed() {
        ParseResult r = Templates.parse("""
                web:
                  image: nginx
                  mem_limit: correct-horse-battery
                  environment:
                    ADMIN_PASSWORD: correct-horse-battery
                """);
        assertThat(r.withCode(DiagnosticCode.KEY_009)).singleElement()
                .satisfies(d -> assertThat(d.message()).doesNotContain("correct-horse"));
    }

    @Test
    void aSecretIsMaskedEvenInAShortenedMessage() {
        String secret = "S".repeat(2_000);
        ParseResult r = Templates.parse("web:\n  image: nginx\n  mem_limit: ${TOKEN}\n",
                ParseOptions.builder().variable("TOKEN", secret).build());
        assertThat(r.withCode(DiagnosticCode.KEY_009)).singleElement()
                .satisfies(d -> assertThat(d.message()).doesNotContain("SSSS"));
    }
}
