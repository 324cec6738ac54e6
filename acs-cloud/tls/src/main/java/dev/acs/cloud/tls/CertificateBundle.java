package dev.acs.cloud.tls;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A certificate, its private key and the CA certificate that signed it, as the three PEM files Docker uses:
 * {@value #CA_FILE}, {@value #CERT_FILE} and {@value #KEY_FILE}.
 *
 * <p>A <em>client bundle</em> is what the product's "download certificates" gives a user ({@value #ZIP_NAME}): with it,
 * {@code docker --tlsverify --tlscacert ca.pem --tlscert cert.pem --tlskey key.pem -H tcp://node:2376} reaches an
 * engine of the cluster. A <em>server bundle</em> is a node engine's identity
 * ({@code dockerd --tlsverify --tlscacert ca.pem --tlscert cert.pem --tlskey key.pem}). Both come from a
 * {@link CertificateAuthority}, or from files with {@link #read(Path)} and {@link #fromZip(byte[])}.
 *
 * <p>Instances are immutable. The private key is secret: {@link #toString()} does not show it.
 */
public final class CertificateBundle {
    /** File name of the CA certificate. */
    public static final String CA_FILE = "ca.pem";
    /** File name of the certificate. */
    public static final String CERT_FILE = "cert.pem";
    /** File name of the private key. */
    public static final String KEY_FILE = "key.pem";
    /** File name of the zipped client bundle, as the product's console offered it. */
    public static final String ZIP_NAME = "certFile.zip";

    private static final int MAX_ENTRY_BYTES = 1 << 20;
    private static final char[] NO_PASSWORD = new char[0];

    private final X509Certificate caCertificate;
    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    /**
     * A bundle of JDK objects.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} when a part is missing, the certificate was not signed by the CA
     *                      certificate, or the key does not belong to the certificate
     */
    public CertificateBundle(X509Certificate caCertificate, X509Certificate certificate, PrivateKey privateKey) {
        if (caCertificate == null || certificate == null || privateKey == null) {
            throw AcsException.invalidArgument("a certificate bundle needs the CA certificate, the certificate and "
                    + "its private key");
        }
        try {
            certificate.verify(caCertificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw AcsException.invalidArgument("the certificate '" + certificate.getSubjectX500Principal().getName()
                    + "' was not issued by the CA '" + caCertificate.getSubjectX500Principal().getName()
                    + "': put the CA certificate that signed it into " + CA_FILE);
        }
        if (!KeyAlgorithm.keyMatches(privateKey, certificate.getPublicKey())) {
            throw AcsException.invalidArgument("the private key does not belong to the certificate '"
                    + certificate.getSubjectX500Principal().getName() + "': " + KEY_FILE + " and " + CERT_FILE
                    + " must be a pair");
        }
        this.caCertificate = caCertificate;
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /** A bundle from the text of the three PEM files. */
    public static CertificateBundle fromPem(String caPem, String certPem, String keyPem) {
        return new CertificateBundle(Pem.readCertificate(caPem), Pem.readCertificate(certPem),
                Pem.readPrivateKey(keyPem));
    }

    /**
     * Reads {@value #CA_FILE}, {@value #CERT_FILE} and {@value #KEY_FILE} from a directory.
     *
     * @throws AcsException {@code NOT_FOUND} naming a missing file, {@code INVALID_ARGUMENT} for bad PEM
     */
    public static CertificateBundle read(Path directory) {
        return fromPem(readFile(directory.resolve(CA_FILE)), readFile(directory.resolve(CERT_FILE)),
                readFile(directory.resolve(KEY_FILE)));
    }

    /**
     * Reads a zipped bundle such as {@value #ZIP_NAME}: the three files at its top level (or in one folder).
     *
     * @throws AcsException {@code INVALID_ARGUMENT} when the archive is not a zip, misses a file or holds a file
     *                      larger than 1 MiB
     */
    public static CertificateBundle fromZip(byte[] zip) {
        Map<String, String> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String base = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                if (!e.isDirectory() && List.of(CA_FILE, CERT_FILE, KEY_FILE).contains(base)) {
                    files.put(base, new String(readLimited(in, e.getName()), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw AcsException.invalidArgument("the certificate archive is not a readable zip: " + e.getMessage());
        }
        for (String name : List.of(CA_FILE, CERT_FILE, KEY_FILE)) {
            if (!files.containsKey(name)) {
                throw AcsException.invalidArgument("the certificate archive has no " + name + " (it needs "
                        + CA_FILE + ", " + CERT_FILE + " and " + KEY_FILE + ")");
            }
        }
        return fromPem(files.get(CA_FILE), files.get(CERT_FILE), files.get(KEY_FILE));
    }

    /** The certificate of the CA that signed {@link #certificate()}. */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The bundle's own certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The private key of {@link #certificate()}. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** Text of {@value #CA_FILE}. */
    public String caPem() {
        return Pem.write(caCertificate);
    }

    /** Text of {@value #CERT_FILE}. */
    public String certPem() {
        return Pem.write(certificate);
    }

    /** Text of {@value #KEY_FILE} (PKCS#8, unencrypted). */
    public String keyPem() {
        return Pem.write(privateKey);
    }

    /**
     * The bundle zipped as the product's {@value #ZIP_NAME}: {@value #CA_FILE}, {@value #CERT_FILE} and
     * {@value #KEY_FILE} at the top level. The same bundle always zips to the same bytes.
     */
    public byte[] toZip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files().entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setTime(0L);
                zip.putNextEntry(entry);
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new AcsException(ErrorCode.INTERNAL, "zipping the certificate bundle failed: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes {@value #CA_FILE}, {@value #CERT_FILE} and {@value #KEY_FILE} into a directory (created when missing),
     * replacing older files. On file systems with POSIX permissions the key file is readable by its owner only.
     *
     * @return the directory
     */
    public Path writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, String> file : files().entrySet()) {
                Path target = directory.resolve(file.getKey());
                Path temp = Files.createTempFile(directory, "." + file.getKey(), ".tmp");
                if (file.getKey().equals(KEY_FILE)) {
                    restrictToOwner(temp);
                }
                Files.writeString(temp, file.getValue(), StandardCharsets.UTF_8);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (FileAlreadyExistsException e) {
            throw AcsException.invalidArgument("cannot write the certificate bundle: " + e.getFile()
                    + " exists and is not a directory");
        } catch (IOException e) {
            throw new AcsException(ErrorCode.INVALID_ARGUMENT, "cannot write the certificate bundle to " + directory
                    + ": " + e.getMessage(), e);
        }
        return directory;
    }

    /**
     * A TLS context that presents this bundle's certificate and trusts only its CA: a client's context for an engine
     * with {@code --tlsverify}, or a server's context.
     */
    public SSLContext sslContext() {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("key", privateKey, NO_PASSWORD, new X509Certificate[]{certificate, caCertificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, NO_PASSWORD);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", caCertificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw AcsException.invalidArgument("the certificate bundle cannot be used for TLS: " + e.getMessage());
        }
    }

    /** Shows the certificate's subject and issuer, never the key. */
    @Override
    public String toString() {
        return "CertificateBundle[subject=" + certificate.getSubjectX500Principal().getName() + ", issuer="
                + caCertificate.getSubjectX500Principal().getName() + "]";
    }

    private Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(CA_FILE, caPem());
        files.put(CERT_FILE, certPem());
        files.put(KEY_FILE, keyPem());
        return files;
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static String readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw AcsException.notFound("certificate file", file.toString());
        }
        try {
            if (Files.size(file) > MAX_ENTRY_BYTES) {
                throw AcsException.invalidArgument(file + " is larger than 1 MiB: it is not a PEM certificate or key");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AcsException(ErrorCode.INVALID_ARGUMENT, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readLimited(InputStream in, String name) throws IOException {
        byte[] data = in.readNBytes(MAX_ENTRY_BYTES + 1);
        if (data.length > MAX_ENTRY_BYTES) {
            throw AcsException.invalidArgument("the certificate archive's " + name + " is larger than 1 MiB");
        }
        return data;
    }
}
