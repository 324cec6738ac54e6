/**
 * The cluster certificate authority: a CA key and certificate per cluster, server certificates for the nodes'
 * Docker Engines (with subject alternative names for host names and IP addresses), and client bundles
 * ({@code ca.pem}, {@code cert.pem}, {@code key.pem}, zipped as the product's {@code certFile.zip} download) that let
 * a user or the control plane talk to an engine started with {@code --tlsverify}.
 *
 * <p>Everything is read and written as PEM. Certificates and keys are handed out as JDK types
 * ({@link java.security.cert.X509Certificate}, {@link java.security.PrivateKey}) and PEM text; BouncyCastle is used
 * inside to build certificates but never appears in a public signature, and no security provider is registered.
 *
 * <p>Entry points: {@link dev.acs.cloud.tls.CertificateAuthority#builder()} to create a CA,
 * {@link dev.acs.cloud.tls.CertificateAuthority#fromPem} to load one, and {@link dev.acs.cloud.tls.ClientBundle}.
 */
package dev.acs.cloud.tls;
