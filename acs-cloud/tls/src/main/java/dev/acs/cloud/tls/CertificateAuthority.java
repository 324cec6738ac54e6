package dev.acs.cloud.tls;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A cluster's certificate authority: a CA key pair and self-signed CA certificate that sign the nodes' Docker Engine
 * server certificates and the users' client certificates. An engine started with {@code --tlsverify} and a server
 * bundle of this CA accepts exactly the clients holding a client bundle of the same CA.
 *
 * <p>Certificates are X.509 v3 with SHA-256 signatures: the CA certificate has {@code basicConstraints CA:true}
 * (critical) and key usage {@code keyCertSign, cRLSign}; server certificates carry the subject alternative names they
 * were issued for (DNS names and IP addresses) and extended key usage {@code serverAuth}; client certificates carry
 * {@code clientAuth}. Every certificate starts being valid one minute before it is issued (to tolerate clock skew
 * between machines) and never outlives the CA certificate. Serial numbers are random 128-bit positive numbers.
 *
 * <p>Create one with {@link #builder()}, keep it with {@link #certificatePem()} and {@link #privateKeyPem()} (the
 * latter is the cluster's most sensitive secret), and load it again with {@link #fromPem(String, String)}.
 * Instances are immutable and safe for concurrent use.
 */
public final class CertificateAuthority {
    /** Default validity of a CA certificate: ten years. */
    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
    /** Default validity of server and client certificates: three years. */
    public static final Duration DEFAULT_CERTIFICATE_VALIDITY = Duration.ofDays(1095);

    private static final Duration BACKDATE = Duration.ofMinutes(1);
    private static final int MAX_DNS_NAME = 253;
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final KeyAlgorithm keyAlgorithm;
    private final Clock clock;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, KeyAlgorithm keyAlgorithm,
                                 Clock clock) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.keyAlgorithm = keyAlgorithm;
        this.clock = clock;
    }

    /** A builder for a new CA with a fresh key pair. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads an existing CA from its certificate and private key, issuing new certificates with keys of
     * {@link KeyAlgorithm#EC_P256} on the system clock.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} when the PEM is bad, the certificate is not a CA certificate, or
     *                      the key does not belong to the certificate
     */
    public static CertificateAuthority fromPem(String certificatePem, String privateKeyPem) {
        return fromPem(certificatePem, privateKeyPem, KeyAlgorithm.EC_P256, Clock.systemUTC());
    }

    /**
     * Loads an existing CA, choosing the key type of the certificates it issues and its clock.
     *
     * @see #fromPem(String, String)
     */
    public static CertificateAuthority fromPem(String certificatePem, String privateKeyPem, KeyAlgorithm issuedKeys,
                                               Clock clock) {
        X509Certificate cert = Pem.readCertificate(certificatePem);
        PrivateKey key = Pem.readPrivateKey(privateKeyPem);
        if (cert.getBasicConstraints() < 0) {
            throw AcsException.invalidArgument("the certificate '" + cert.getSubjectX500Principal().getName()
                    + "' is not a CA certificate (it lacks basicConstraints CA:true)");
        }
        if (!KeyAlgorithm.keyMatches(key, cert.getPublicKey())) {
            throw AcsException.invalidArgument("the private key does not belong to the CA certificate '"
                    + cert.getSubjectX500Principal().getName() + "'");
        }
        return new CertificateAuthority(cert, key, Objects.requireNonNull(issuedKeys, "issuedKeys"),
                Objects.requireNonNull(clock, "clock"));
    }

    /** The CA certificate (the {@code ca.pem} of every bundle). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA certificate as PEM. */
    public String certificatePem() {
        return Pem.write(certificate);
    }

    /** The CA private key as unencrypted PKCS#8 PEM: keep it secret. */
    public String privateKeyPem() {
        return Pem.write(privateKey);
    }

    /** Issues a server certificate valid for {@link #DEFAULT_CERTIFICATE_VALIDITY}. */
    public CertificateBundle issueServer(String commonName, Collection<String> subjectAltNames) {
        return issueServer(commonName, subjectAltNames, DEFAULT_CERTIFICATE_VALIDITY);
    }

    /**
     * Issues a server certificate for a node's engine.
     *
     * @param commonName      the subject's common name, e.g. the node name
     * @param subjectAltNames the names clients use to reach the server: DNS names (a leading {@code *.} wildcard is
     *                        allowed) and IPv4 or IPv6 addresses such as {@code 127.0.0.1}; at least one
     * @param validity        how long the certificate is valid (cut at the CA's end of validity)
     * @throws AcsException {@code INVALID_ARGUMENT} naming a bad name, address or validity
     */
    public CertificateBundle issueServer(String commonName, Collection<String> subjectAltNames, Duration validity) {
        Objects.requireNonNull(subjectAltNames, "subjectAltNames");
        if (subjectAltNames.isEmpty()) {
            throw AcsException.invalidArgument("a server certificate needs at least one subject alternative name "
                    + "(a DNS name or IP address clients use to reach the server)");
        }
        GeneralNames sans = new GeneralNames(subjectAltNames(subjectAltNames));
        return issue(commonName, validity, KeyPurposeId.id_kp_serverAuth, sans);
    }

    /** Issues a client certificate valid for {@link #DEFAULT_CERTIFICATE_VALIDITY}. */
    public CertificateBundle issueClient(String commonName) {
        return issueClient(commonName, DEFAULT_CERTIFICATE_VALIDITY);
    }

    /**
     * Issues a client bundle: what a user downloads as {@link CertificateBundle#ZIP_NAME} to reach the cluster's
     * engines.
     *
     * @param commonName the subject's common name, e.g. the user or the control plane
     * @param validity   how long the certificate is valid (cut at the CA's end of validity)
     * @throws AcsException {@code INVALID_ARGUMENT} for a blank name or a validity that is not positive
     */
    public CertificateBundle issueClient(String commonName, Duration validity) {
        return issue(commonName, validity, KeyPurposeId.id_kp_clientAuth, null);
    }

    /** Shows the CA's subject and end of validity, never the key. */
    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + ", valid until "
                + certificate.getNotAfter().toInstant() + "]";
    }

    private CertificateBundle issue(String commonName, Duration validity, KeyPurposeId purpose, GeneralNames sans) {
        requireName(commonName);
        requirePositive(validity);
        Instant now = clock.instant();
        Instant notAfter = now.plus(validity);
        Instant caEnd = certificate.getNotAfter().toInstant();
        if (notAfter.isAfter(caEnd)) {
            notAfter = caEnd;
        }
        if (!notAfter.isAfter(now)) {
            throw AcsException.invalidArgument("the CA certificate expired at " + caEnd
                    + ": create a new CA and new bundles");
        }
        KeyPair keys = keyAlgorithm.generate();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject(commonName, certificate), keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int usage = KeyUsage.digitalSignature
                    | ("RSA".equals(keys.getPublic().getAlgorithm()) ? KeyUsage.keyEncipherment : 0);
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            if (sans != null) {
                b.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            X509Certificate cert = sign(b, privateKey);
            return new CertificateBundle(certificate, cert, keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new AcsException(ErrorCode.INTERNAL, "issuing a certificate for '" + commonName + "' failed: "
                    + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws CertificateException {
        try {
            JcaContentSignerBuilder contentSigner =
                    new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithmFor(signer));
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner.build(signer)));
        } catch (OperatorCreationException e) {
            throw new AcsException(ErrorCode.INTERNAL, "the JDK cannot sign with a " + signer.getAlgorithm()
                    + " key: " + e.getMessage(), e);
        }
    }

    private static X500Name subject(String commonName, X509Certificate issuer) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        X500Name issuerName = X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        for (var rdn : issuerName.getRDNs(BCStyle.O)) {
            name.addRDN(rdn.getFirst());
        }
        return name.addRDN(BCStyle.CN, commonName).build();
    }

    private static GeneralName[] subjectAltNames(Collection<String> values) {
        Set<String> seen = new LinkedHashSet<>();
        List<GeneralName> names = new ArrayList<>();
        for (String raw : values) {
            if (raw == null || raw.isBlank()) {
                throw AcsException.invalidArgument("a subject alternative name is empty: give a DNS name or an IP "
                        + "address");
            }
            String value = raw.strip();
            if (!seen.add(value.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String unbracketed = value.startsWith("[") && value.endsWith("]")
                    ? value.substring(1, value.length() - 1) : value;
            if (IPAddress.isValid(unbracketed)) {
                names.add(new GeneralName(GeneralName.iPAddress, unbracketed));
            } else if (value.length() <= MAX_DNS_NAME && DNS_NAME.matcher(value).matches()) {
                names.add(new GeneralName(GeneralName.dNSName, value.toLowerCase(Locale.ROOT)));
            } else {
                throw AcsException.invalidArgument("'" + value + "' is neither an IP address nor a DNS name "
                        + "(letters, digits and '-' in dot-separated labels of at most 63 characters, "
                        + "an optional leading '*.')");
            }
        }
        return names.toArray(GeneralName[]::new);
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).setBit(127);
    }

    private static void requireName(String commonName) {
        if (commonName == null || commonName.isBlank()) {
            throw AcsException.invalidArgument("the certificate's common name is empty: give a name such as the "
                    + "node or user name");
        }
        if (commonName.length() > 64) {
            throw AcsException.invalidArgument("the common name '" + commonName + "' is longer than 64 characters");
        }
    }

    private static void requirePositive(Duration validity) {
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw AcsException.invalidArgument("the validity must be a positive duration, got " + validity);
        }
    }

    /** Builds a new CA with a fresh key pair. */
    public static final class Builder {
        private String commonName = "acs-cluster-ca";
        private String organization = "ACS";
        private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC_P256;
        private Duration validity = DEFAULT_CA_VALIDITY;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The CA's common name, e.g. {@code "<cluster> CA"} (default {@code acs-cluster-ca}). */
        public Builder commonName(String commonName) {
            this.commonName = commonName;
            return this;
        }

        /** The organization in the CA's and every issued certificate's subject (default {@code ACS}). */
        public Builder organization(String organization) {
            this.organization = organization;
            return this;
        }

        /** The key type of the CA and of the certificates it issues (default {@link KeyAlgorithm#EC_P256}). */
        public Builder keyAlgorithm(KeyAlgorithm keyAlgorithm) {
            this.keyAlgorithm = Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
            return this;
        }

        /** How long the CA certificate is valid (default {@link #DEFAULT_CA_VALIDITY}). */
        public Builder validity(Duration validity) {
            this.validity = validity;
            return this;
        }

        /** The clock that dates certificates (default the system clock in UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Generates the CA key pair and self-signed certificate.
         *
         * @throws AcsException {@code INVALID_ARGUMENT} for a blank name or a validity that is not positive
         */
        public CertificateAuthority build() {
            requireName(commonName);
            requirePositive(validity);
            KeyPair keys = keyAlgorithm.generate();
            X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
            if (organization != null && !organization.isBlank()) {
                name.addRDN(BCStyle.O, organization);
            }
            X500Name subject = name.addRDN(BCStyle.CN, commonName).build();
            Instant now = clock.instant();
            try {
                JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
                        Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, keys.getPublic());
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                b.addExtension(Extension.subjectKeyIdentifier, false,
                        ext.createSubjectKeyIdentifier(keys.getPublic()));
                X509Certificate cert = sign(b, keys.getPrivate());
                return new CertificateAuthority(cert, keys.getPrivate(), keyAlgorithm, clock);
            } catch (GeneralSecurityException | CertIOException e) {
                throw new AcsException(ErrorCode.INTERNAL, "creating the CA certificate failed: " + e.getMessage(), e);
            }
        }
    }
}
