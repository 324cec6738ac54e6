package dev.acs.cloud.tls;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * PEM text in and out for certificates and private keys, with JDK types only.
 *
 * <p>Reading accepts certificates ({@code CERTIFICATE}) and unencrypted private keys in PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC 1 ({@code EC PRIVATE KEY}) form; other blocks in
 * the text are ignored. Writing produces {@code CERTIFICATE} and PKCS#8 {@code PRIVATE KEY} blocks, which Docker
 * Engine, OpenSSL and the JDK all read.
 */
public final class Pem {
    private Pem() {
    }

    /** Every certificate in the PEM text, in order; fails with {@code INVALID_ARGUMENT} when there is none. */
    public static List<X509Certificate> readCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object o : objects(pem, "certificate")) {
            if (o instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw AcsException.invalidArgument("a PEM certificate cannot be decoded: " + e.getMessage());
                }
            }
        }
        if (certificates.isEmpty()) {
            throw AcsException.invalidArgument("the PEM text holds no CERTIFICATE block");
        }
        return List.copyOf(certificates);
    }

    /** The first certificate in the PEM text. */
    public static X509Certificate readCertificate(String pem) {
        return readCertificates(pem).get(0);
    }

    /**
     * The first private key in the PEM text; fails with {@code INVALID_ARGUMENT} when there is none or it is
     * encrypted (decrypt it first, e.g. with {@code openssl pkey}).
     */
    public static PrivateKey readPrivateKey(String pem) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object o : objects(pem, "private key")) {
            try {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            } catch (IOException e) {
                throw AcsException.invalidArgument("a PEM private key cannot be decoded: " + e.getMessage());
            }
            if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw AcsException.invalidArgument("the PEM private key is encrypted: pass an unencrypted key "
                        + "(for example from 'openssl pkey -in key.pem')");
            }
        }
        throw AcsException.invalidArgument("the PEM text holds no PRIVATE KEY block");
    }

    /** The certificates as PEM text, one {@code CERTIFICATE} block each. */
    public static String write(List<X509Certificate> certificates) {
        return writeObjects(List.copyOf(certificates));
    }

    /** One certificate as PEM text. */
    public static String write(X509Certificate certificate) {
        return writeObjects(List.of(certificate));
    }

    /** A private key as an unencrypted PKCS#8 {@code PRIVATE KEY} block. */
    public static String write(PrivateKey key) {
        return writeObjects(List.of(new PemObject("PRIVATE KEY", key.getEncoded())));
    }

    private static String writeObjects(List<Object> objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new AcsException(ErrorCode.INTERNAL, "writing PEM failed: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static List<Object> objects(String pem, String what) {
        if (pem == null || pem.isBlank()) {
            throw AcsException.invalidArgument("the PEM text for the " + what + " is empty");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw AcsException.invalidArgument("the PEM text for the " + what + " is malformed: " + e.getMessage());
        }
        return objects;
    }
}
