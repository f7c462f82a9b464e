package io.kafkaload.operator.testing;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.test.TestSslUtils;

/**
 * A private certificate authority made in the test (Kafka's test utilities, BouncyCastle
 * underneath), and the localhost server certificates it signs: what a cluster with its own CA
 * (cert-manager, an internal PKI) presents. Nothing is written to disk.
 */
public final class TestCa {

  private final String dn;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestCa(String dn, KeyPair keys, X509Certificate certificate) {
    this.dn = dn;
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A new self-signed CA (basic constraints CA=true), valid from yesterday for a week. */
  public static TestCa create(String name) {
    try {
      KeyPair caKeys = TestSslUtils.generateKeyPair("RSA");
      String dn = "CN=" + name + ", O=kafkaload-test";
      X509Certificate ca =
          new TestSslUtils.CertificateBuilder(7, "SHA256withRSA")
              .generateSignedCertificate(dn, caKeys, 1, 7, dn, caKeys, true, false, false);
      return new TestCa(dn, caKeys, ca);
    } catch (Exception e) {
      throw new IllegalStateException("could not make a test CA", e);
    }
  }

  /** The CA certificate as PEM: what a {@code ca.crt} Secret key holds. */
  public String certificatePem() {
    return TestCertificate.pem(certificate);
  }

  /** A server certificate for DNS name localhost and IP 127.0.0.1, signed by this CA. */
  public Issued issueLocalhost() {
    try {
      KeyPair leafKeys = TestSslUtils.generateKeyPair("RSA");
      X509Certificate leaf =
          new TestSslUtils.CertificateBuilder(7, "SHA256withRSA")
              .sanDnsNames("localhost")
              .sanIpAddress(InetAddress.getByName("127.0.0.1"))
              .generateSignedCertificate(
                  "CN=localhost, O=kafkaload-test",
                  leafKeys,
                  1,
                  7,
                  // The same string as the CA's subject, so both encode to the same name.
                  dn,
                  keys,
                  false,
                  true,
                  false);
      return new Issued(leafKeys, leaf, certificate);
    } catch (Exception e) {
      throw new IllegalStateException("could not issue a test certificate", e);
    }
  }

  /**
   * A certificate this CA signed, with its key.
   *
   * @param keys the key pair of the certificate
   * @param certificate the leaf certificate
   * @param issuer the CA certificate
   */
  public record Issued(KeyPair keys, X509Certificate certificate, X509Certificate issuer) {

    /** The chain (leaf, then CA) and the PKCS#8 key as PEM, as a Kafka PEM keystore takes them. */
    public TestCertificate pem() {
      return new TestCertificate(
          TestCertificate.pem(certificate) + TestCertificate.pem(issuer),
          TestCertificate.pem(keys.getPrivate()));
    }

    /** A server-side TLS context presenting this certificate (for an HTTPS server). */
    public SSLContext serverContext() {
      try {
        char[] password = "test".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(
            "server", keys.getPrivate(), password, new X509Certificate[] {certificate, issuer});
        KeyManagerFactory factory =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
      } catch (Exception e) {
        throw new IllegalStateException("could not build a server TLS context", e);
      }
    }
  }
}
