package dev.acs.cloud.tls;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/**
 * The key pair type of the certificates a {@link CertificateAuthority} makes. Both are understood by Docker Engine
 * and by the JDK's TLS stack.
 */
public enum KeyAlgorithm {
    /** ECDSA on the NIST P-256 curve (fast to generate; the default). */
    EC_P256,
    /** RSA with a 2048-bit modulus (for peers that do not accept ECDSA). */
    RSA_2048;

    /** Generates a fresh key pair of this type with the JDK's providers. */
    KeyPair generate() {
        try {
            if (this == EC_P256) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AcsException(ErrorCode.INTERNAL, "the JDK cannot generate a " + this + " key pair: "
                    + e.getMessage(), e);
        }
    }

    /** The SHA-256 signature algorithm for a signing key of type EC or RSA. */
    static String signatureAlgorithmFor(PrivateKey key) {
        return switch (key.getAlgorithm().toUpperCase(java.util.Locale.ROOT)) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw AcsException.invalidArgument("unsupported key algorithm '" + key.getAlgorithm()
                    + "': use an EC or RSA key");
        };
    }

    /** Whether a private key belongs to a public key (a test signature verifies). */
    static boolean keyMatches(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equalsIgnoreCase(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            byte[] probe = "acs-key-check".getBytes(StandardCharsets.US_ASCII);
            String algorithm = signatureAlgorithmFor(key);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
