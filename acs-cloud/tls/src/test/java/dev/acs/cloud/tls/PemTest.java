package dev.acs.cloud.tls;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PemTest {
    private static final CertificateAuthority CA = CertificateAuthority.builder().build();

    @Test
    void certificatesRoundTripInOrder() {
        CertificateBundle leaf = CA.issueClient("c");
        String chain = Pem.write(List.of(leaf.certificate(), CA.certificate()));
        assertThat(Pem.readCertificates(chain)).containsExactly(leaf.certificate(), CA.certificate());
        assertThat(Pem.readCertificate(chain)).isEqualTo(leaf.certificate());
    }

    @Test
    void openSslKeysAreReadInTraditionalAndPkcs8Form() throws Exception {
        ECPrivateKey sec1 = (ECPrivateKey) Pem.readPrivateKey(resource("ec-sec1.pem"));
        ECPrivateKey ecPkcs8 = (ECPrivateKey) Pem.readPrivateKey(resource("ec-pkcs8.pem"));
        assertThat(sec1.getS()).isEqualTo(ecPkcs8.getS());
        RSAPrivateKey pkcs1 = (RSAPrivateKey) Pem.readPrivateKey(resource("rsa-pkcs1.pem"));
        RSAPrivateKey rsaPkcs8 = (RSAPrivateKey) Pem.readPrivateKey(resource("rsa-pkcs8.pem"));
        assertThat(pkcs1.getModulus()).isEqualTo(rsaPkcs8.getModulus());
        assertThat(pkcs1.getPrivateExponent()).isEqualTo(rsaPkcs8.getPrivateExponent());
        for (PrivateKey key : List.of(sec1, pkcs1)) {
            assertThat(Pem.write(key)).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(Pem.readPrivateKey(Pem.write(key)).getEncoded()).isEqualTo(key.getEncoded());
        }
    }

    @Test
    void otherBlocksAroundAKeyAreSkipped() {
        CertificateBundle leaf = CA.issueClient("c");
        String mixed = leaf.certPem() + leaf.keyPem();
        assertThat(Pem.readPrivateKey(mixed)).isEqualTo(leaf.privateKey());
        assertThat(Pem.readCertificate(mixed)).isEqualTo(leaf.certificate());
    }

    @Test
    void encryptedKeysAreRefusedWithAHint() throws Exception {
        for (String file : List.of("ec-pkcs8-encrypted.pem", "ec-sec1-encrypted.pem")) {
            String pem = resource(file);
            assertThatThrownBy(() -> Pem.readPrivateKey(pem)).as(file).isInstanceOfSatisfying(AcsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining("encrypted");
        }
    }

    @Test
    void missingOrMalformedBlocksAreInvalidArguments() {
        assertInvalid(() -> Pem.readCertificate(CA.privateKeyPem()), "no CERTIFICATE");
        assertInvalid(() -> Pem.readPrivateKey(CA.certificatePem()), "no PRIVATE KEY");
        assertInvalid(() -> Pem.readCertificate(null), "empty");
        assertInvalid(() -> Pem.readCertificate("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"),
                "malformed");
        assertInvalid(() -> Pem.readPrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA"), "malformed");
    }

    private static void assertInvalid(Runnable call, String part) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining(part);
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = PemTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
