package dev.acs.cloud.tls;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateAuthorityTest {
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final CertificateAuthority CA = CertificateAuthority.builder().commonName("prod-cluster CA")
            .clock(CLOCK).build();

    @Test
    void theCaCertificateIsASelfSignedCaValidForTenYears() throws Exception {
        X509Certificate ca = CA.certificate();
        assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
        assertThat(ca.getSubjectX500Principal().getName()).contains("CN=prod-cluster CA").contains("O=ACS");
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19");
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        ca.verify(ca.getPublicKey());
        assertThat(ca.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(1)));
        assertThat(ca.getNotAfter().toInstant()).isEqualTo(NOW.plus(CertificateAuthority.DEFAULT_CA_VALIDITY));
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void aServerCertificateChainsToTheCaAndCarriesItsNamesAndAddresses() throws Exception {
        CertificateBundle server = CA.issueServer("node-1",
                List.of("node-1.cluster.local", "*.nodes.example.com", "127.0.0.1", "10.0.3.7", "::1", "[fe80::1]"));
        X509Certificate cert = server.certificate();
        validate(cert, CA.certificate(), NOW.plusSeconds(60));

        assertThat(sans(cert, 2)).containsExactly("node-1.cluster.local", "*.nodes.example.com");
        List<InetAddress> ips = new ArrayList<>();
        for (String ip : sans(cert, 7)) {
            ips.add(InetAddress.getByName(ip));
        }
        assertThat(ips).containsExactly(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("10.0.3.7"),
                InetAddress.getByName("::1"), InetAddress.getByName("fe80::1"));
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=node-1,O=ACS");
        assertThat(server.caCertificate()).isEqualTo(CA.certificate());
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(CertificateAuthority.DEFAULT_CERTIFICATE_VALIDITY));
    }

    @Test
    void aClientCertificateChainsToTheCaForClientAuthentication() throws Exception {
        CertificateBundle client = CA.issueClient("alice", Duration.ofDays(30));
        validate(client.certificate(), CA.certificate(), NOW.plus(Duration.ofDays(29)));
        assertThat(client.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(client.certificate().getSubjectAlternativeNames()).isNull();
        assertThat(client.certificate().getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertThatThrownBy(() -> validate(client.certificate(), CA.certificate(), NOW.plus(Duration.ofDays(31))))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void aCertificateOfAnotherCaDoesNotValidate() {
        CertificateAuthority other = CertificateAuthority.builder().clock(CLOCK).build();
        CertificateBundle foreign = other.issueClient("mallory");
        assertThatThrownBy(() -> validate(foreign.certificate(), CA.certificate(), NOW))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void serialNumbersAreRandomAndPositive() {
        X509Certificate a = CA.issueClient("a").certificate();
        X509Certificate b = CA.issueClient("b").certificate();
        assertThat(a.getSerialNumber().signum()).isPositive();
        assertThat(a.getSerialNumber()).isNotEqualTo(b.getSerialNumber());
    }

    @Test
    void aCaLoadedFromPemIssuesCertificatesTheOriginalCaValidates() throws Exception {
        CertificateAuthority loaded = CertificateAuthority.fromPem(CA.certificatePem(), CA.privateKeyPem(),
                KeyAlgorithm.EC_P256, CLOCK);
        assertThat(loaded.certificate()).isEqualTo(CA.certificate());
        validate(loaded.issueServer("n", List.of("localhost")).certificate(), CA.certificate(), NOW);
        assertThat(CA.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(CA.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void loadingRefusesAKeyOfAnotherCertificateOrACertificateThatIsNoCa() {
        CertificateAuthority other = CertificateAuthority.builder().build();
        assertThatThrownBy(() -> CertificateAuthority.fromPem(CA.certificatePem(), other.privateKeyPem()))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("does not belong");
        CertificateBundle leaf = CA.issueClient("leaf");
        assertThatThrownBy(() -> CertificateAuthority.fromPem(leaf.certPem(), leaf.keyPem()))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("not a CA certificate");
        assertThatThrownBy(() -> CertificateAuthority.fromPem("", CA.privateKeyPem()))
                .isInstanceOf(AcsException.class).hasMessageContaining("empty");
    }

    @Test
    void rsaKeysWorkToo() throws Exception {
        CertificateAuthority rsa = CertificateAuthority.builder().keyAlgorithm(KeyAlgorithm.RSA_2048).clock(CLOCK)
                .build();
        CertificateBundle server = rsa.issueServer("node", List.of("127.0.0.1"));
        assertThat(server.certificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(server.certificate().getSigAlgName()).isEqualToIgnoringCase("SHA256withRSA");
        assertThat(server.certificate().getKeyUsage()[2]).as("keyEncipherment").isTrue();
        validate(server.certificate(), rsa.certificate(), NOW);
    }

    @Test
    void issuedCertificatesNeverOutliveTheCa() {
        CertificateAuthority shortLived = CertificateAuthority.builder().validity(Duration.ofDays(10)).clock(CLOCK)
                .build();
        X509Certificate leaf = shortLived.issueClient("c", Duration.ofDays(365)).certificate();
        assertThat(leaf.getNotAfter()).isEqualTo(shortLived.certificate().getNotAfter());
        CertificateAuthority later = CertificateAuthority.fromPem(shortLived.certificatePem(),
                shortLived.privateKeyPem(), KeyAlgorithm.EC_P256, Clock.offset(CLOCK, Duration.ofDays(11)));
        assertThatThrownBy(() -> later.issueClient("c")).isInstanceOf(AcsException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void badNamesAndValiditiesAreRefusedWithTheValueNamed() {
        assertInvalid(() -> CA.issueServer("n", List.of()), "at least one subject alternative name");
        assertInvalid(() -> CA.issueServer("n", List.of("bad name")), "'bad name'");
        assertInvalid(() -> CA.issueServer("n", List.of("-leading.example")), "'-leading.example'");
        assertInvalid(() -> CA.issueServer("n", List.of("a".repeat(64) + ".example")), "neither an IP");
        assertInvalid(() -> CA.issueServer("n", List.of(" ")), "empty");
        assertInvalid(() -> CA.issueClient(" "), "common name is empty");
        assertInvalid(() -> CA.issueClient("x".repeat(65)), "longer than 64");
        assertInvalid(() -> CA.issueClient("c", Duration.ZERO), "positive");
        assertInvalid(() -> CA.issueClient("c", Duration.ofDays(-1)), "positive");
        assertInvalid(() -> CertificateAuthority.builder().validity(null).build(), "positive");
    }

    @Test
    void duplicateNamesAreListedOnce() throws Exception {
        X509Certificate cert = CA.issueServer("n", List.of("Node.Example", "node.example", "127.0.0.1", "127.0.0.1"))
                .certificate();
        assertThat(sans(cert, 2)).containsExactly("node.example");
        assertThat(sans(cert, 7)).hasSize(1);
    }

    @Test
    void toStringShowsNoKey() {
        assertThat(CA.toString()).contains("prod-cluster CA").doesNotContain("PRIVATE");
        assertThat(CA.issueClient("c").toString()).contains("CN=c").doesNotContain("PRIVATE");
    }

    private static void assertInvalid(Runnable call, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining(messagePart);
    }

    static void validate(X509Certificate leaf, X509Certificate ca, Instant at) throws Exception {
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(path, params);
    }

    private static List<String> sans(X509Certificate cert, int type) throws Exception {
        List<String> out = new ArrayList<>();
        Collection<List<?>> all = cert.getSubjectAlternativeNames();
        for (List<?> san : all) {
            if ((Integer) san.get(0) == type) {
                out.add((String) san.get(1));
            }
        }
        return out;
    }
}
